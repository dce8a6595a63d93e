import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoPath } from 'd3-geo';
import type { Kysely } from 'kysely';
import { renderToString } from 'preact-render-to-string';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Database } from '../../db/schema.js';
import type { ChangeFeed } from '../../platform/changes.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { US_STATES, type StateCode } from './geography.js';
import { summarizeStates, type RegionIndex, type StateSummary } from './regions.service.js';

/** The atlas names states by their FIPS code, the portal by their postal code. */
const POSTAL_BY_FIPS: Record<string, StateCode> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  // Not in us-atlas 3, which draws the 50 states and DC; named here so that an atlas with them would work.
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

/** us-atlas ships its states already projected (Albers USA) to fit this box, so no projection is applied. */
const MAP_WIDTH = 975;
const MAP_HEIGHT = 610;

export interface StateShape {
  state: StateCode;
  /** SVG path data. */
  d: string;
}

let shapes: StateShape[] | undefined;

function loadShapes(): StateShape[] {
  const file = createRequire(import.meta.url).resolve('us-atlas/states-albers-10m.json');
  const atlas = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ states: GeometryCollection }>;
  // A tenth of a unit on a 975-wide map is finer than any screen shows, and it keeps the page a third smaller.
  const path = geoPath(null).digits(1);
  return feature(atlas, atlas.objects.states).features.map((shape) => {
    const state = POSTAL_BY_FIPS[String(shape.id)];
    const d = path(shape);
    if (!state || !d) throw new Error(`us-atlas has a state the map cannot draw: FIPS ${String(shape.id)}`);
    return { state, d };
  });
}

/** The projected outline of every state in the atlas, computed on first use and kept for the process. */
export function stateShapes(): StateShape[] {
  shapes ??= loadShapes();
  return shapes;
}

/** The states and territories the portal knows that the atlas does not draw. */
export function statesOffTheMap(): StateCode[] {
  const drawn = new Set(stateShapes().map((shape) => shape.state));
  return (Object.keys(US_STATES) as StateCode[]).filter((state) => !drawn.has(state));
}

/** The finder's answer for a state; other years than the current one are named, so the link keeps to them. */
export function finderHref(year: ProgramYear, state: StateCode): string {
  return year.isCurrent ? `/find?state=${state}` : `/find?state=${state}&year=${year.name}`;
}

const COVERAGE_CLASS = { served: 'map-served', partly: 'map-partly', none: 'map-none' } as const;

function coverageLabel(summary: StateSummary): string {
  const others = summary.otherPartners.map((partner) => partner.name).join(', ');
  switch (summary.coverage) {
    case 'served':
      return others
        ? `served by ${summary.statePartner?.name ?? ''}; some areas by ${others}`
        : `served by ${summary.statePartner?.name ?? ''}`;
    case 'partly':
      return `partly served, by ${others}`;
    case 'none':
      return 'not served';
  }
}

function UsMap({ year, summaries }: { year: ProgramYear; summaries: Map<StateCode, StateSummary> }) {
  return (
    <svg
      class="us-map"
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      role="group"
      aria-labelledby="us-map-title"
    >
      <title id="us-map-title">Map of the states by Regional Partner coverage, {year.name}</title>
      <defs>
        <pattern
          id="map-hatch"
          width="8"
          height="8"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect class="map-hatch-ground" width="8" height="8" />
          <rect class="map-hatch-stripe" width="3" height="8" />
        </pattern>
      </defs>
      {stateShapes().map(({ state, d }) => {
        const summary = summaries.get(state);
        const label = `${US_STATES[state]}: ${summary ? coverageLabel(summary) : 'not served'}`;
        return (
          <a
            key={state}
            href={finderHref(year, state)}
            class={COVERAGE_CLASS[summary?.coverage ?? 'none']}
            aria-label={label}
          >
            <title>{label}</title>
            <path d={d} />
          </a>
        );
      })}
    </svg>
  );
}

/** The map with its legend, and a caption naming what it cannot show. */
function CoverageMap({ year, summaries }: { year: ProgramYear; summaries: StateSummary[] }) {
  const offTheMap = statesOffTheMap().map((state) => US_STATES[state]);
  return (
    <figure class="coverage-map">
      <UsMap year={year} summaries={new Map(summaries.map((summary) => [summary.state, summary]))} />
      <ul class="map-legend" aria-label="Legend">
        <li>
          <span class="swatch swatch-served" aria-hidden="true" /> Served: one partner serves the whole state
          (solid)
        </li>
        <li>
          <span class="swatch swatch-partly" aria-hidden="true" /> Partly served: partners serve some counties
          or ZIP codes (striped)
        </li>
        <li>
          <span class="swatch swatch-none" aria-hidden="true" /> Not served yet (plain grey)
        </li>
      </ul>
      <figcaption>
        Select a state to see its partner. {offTheMap.join(', ')} {offTheMap.length === 1 ? 'is' : 'are'} not
        drawn on the map: find {offTheMap.length === 1 ? 'it' : 'them'} in the table below and in the state
        picker.
      </figcaption>
    </figure>
  );
}

/**
 * The coloured map changes only when regions do, so its markup is rendered once per program year and kept
 * until the change feed says that regions, partners or the current year changed (in any process).
 */
export class MapCache {
  private readonly markupByYear = new Map<string, string>();
  private generation = 0;

  constructor(
    private readonly deps: { db: Kysely<Database>; regionIndex: RegionIndex },
    changes: ChangeFeed,
  ) {
    changes.subscribe('regions', () => {
      this.markupByYear.clear();
      this.generation += 1;
    });
  }

  async markup(year: ProgramYear): Promise<string> {
    // The links name the year unless it is the current one, so whether it is current is part of the key.
    const key = `${year.id}:${String(year.isCurrent)}`;
    const cached = this.markupByYear.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const markup = renderToString(
      <CoverageMap year={year} summaries={await summarizeStates(this.deps, year)} />,
    );
    // Regions that changed while the summary was read make this markup stale: it serves this request only.
    if (generation === this.generation) this.markupByYear.set(key, markup);
    return markup;
  }
}
