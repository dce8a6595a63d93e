// The data behind the lookup benchmark: 100 partners and 5,000 region assignments in one program year, written
// as the CSV files of the operator's imports, and the ZIP codes that the requests ask about.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allZips, locateZip, parseRegionUnit } from '../src/modules/regions/geography.js';

export const PROGRAM_YEAR = '2027-28';
const PARTNERS = 100;
/** All distinct units, as programs carve them: a few whole states, counties (in any state), mostly ZIPs. */
const UNITS = { states: 20, counties: 300, zips: 4680 };
const LOOKUP_PATH = '/api/v1/regions/lookup';

/** mulberry32: a seeded generator, so that every run loads the same data and asks for the same ZIPs. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items in random order (a partial Fisher–Yates shuffle of a copy). */
function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

const csvLine = (fields: string[]) =>
  fields.map((field) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');

export interface LookupData {
  partnersFile: string;
  regionsFile: string;
  /** A lookup answered with a partner matched by ZIP: the response the bare server sends. */
  sample: string;
  /** Lookups of ZIPs drawn at random from the whole dataset, beforehand, so that the client only cycles. */
  paths: string[];
  /** The mix, for the report. */
  description: string;
}

export function writeLookupData(directory: string, requestCount = 100_000): LookupData {
  const random = seededRandom(2027);
  const zips = allZips();
  const locations = zips.map((zip) => locateZip(zip)).filter((location) => location !== undefined);
  const states = [...new Set(locations.map((location) => location.state))];
  // Only counties that the import accepts: it cannot name the one county that the dataset spells with its
  // suffix, "SD:Oglala Lakota County", as it strips " County" from what it reads.
  const counties = [
    ...new Set(locations.flatMap(({ state, county }) => (county ? [`${state}:${county}`] : []))),
  ].filter((unit) => 'unit' in parseRegionUnit(unit));
  const servedZips = pick(zips, UNITS.zips, random);
  // Shuffled together, then dealt out in turn: every partner gets 50 units of mixed kinds.
  const units = pick(
    [...pick(states, UNITS.states, random), ...pick(counties, UNITS.counties, random), ...servedZips],
    UNITS.states + UNITS.counties + UNITS.zips,
    random,
  );
  const partnerName = (index: number) => `Partner ${String(index + 1).padStart(3, '0')} Education Alliance`;

  const partnersFile = join(directory, 'partners.csv');
  const partnerLines = Array.from({ length: PARTNERS }, (_, index) => {
    const number = String(index + 1).padStart(3, '0');
    return csvLine([
      partnerName(index),
      `Coordinator ${number}`,
      `coordinator@partner${number}.example.org`,
      PROGRAM_YEAR,
    ]);
  });
  writeFileSync(
    partnersFile,
    [csvLine(['name', 'contact_name', 'contact_email', 'program_year']), ...partnerLines, ''].join('\n'),
  );

  const regionsFile = join(directory, 'regions.csv');
  const regionLines = units.map((unit, index) =>
    csvLine([partnerName(index % PARTNERS), PROGRAM_YEAR, unit]),
  );
  writeFileSync(regionsFile, [csvLine(['partner', 'program_year', 'region']), ...regionLines, ''].join('\n'));

  return {
    partnersFile,
    regionsFile,
    sample: `${LOOKUP_PATH}?zip=${servedZips[0] ?? ''}`,
    paths: Array.from(
      { length: requestCount },
      () => `${LOOKUP_PATH}?zip=${zips[Math.floor(random() * zips.length)] ?? ''}`,
    ),
    description:
      `${PARTNERS} partners in ${PROGRAM_YEAR} (made current) with ${integer(units.length)} region ` +
      `assignments (${UNITS.states} states, ${UNITS.counties} counties, ${integer(UNITS.zips)} ZIP codes), ` +
      `loaded by partners:import and regions:import. Requests cycle through ${integer(requestCount)} ` +
      `ZIP codes drawn at random from the dataset's ${integer(zips.length)}.`,
  };
}

const integer = (value: number) => value.toLocaleString('en-US');

/** Asks the portal for some lookups once, before the runs: what they matched, how large the answers were. */
export async function surveyLookups(origin: string, paths: string[]): Promise<string> {
  const outcomes = new Map<string, number>();
  const sizes: number[] = [];
  for (const path of paths) {
    const response = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const body = await response.text();
    let outcome = `status ${response.status}`;
    if (response.status === 200) {
      outcome = `matched by ${(JSON.parse(body) as { matchedBy: string | null }).matchedBy ?? 'nothing'}`;
      sizes.push(Buffer.byteLength(body));
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const counts = [...outcomes]
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${integer(count)} ${outcome}`);
  const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
  const bodies = sizes.length
    ? `; bodies (200 OK) of ${Math.min(...sizes)} to ${Math.max(...sizes)} bytes, ${Math.round(mean)} on average`
    : '';
  return `Of ${integer(paths.length)} of these, asked once before the runs: ${counts.join(', ')}${bodies}.`;
}
