import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import type { ChangeFeed } from '../../platform/changes.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requirePartner } from '../partners/partners.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { assignUnit, readYearAssignments, type YearAssignments } from './coverage.js';
import {
  US_STATES,
  describeUnit,
  isStateCode,
  locateZip,
  normalizeZip,
  parseRegionUnit,
  unitsServing,
  type StateCode,
} from './geography.js';
import * as repo from './regions.repository.js';
import { regionInputSchema, type LookupPartner, type LookupResponse } from './regions.schemas.js';
import { regionError } from './regions.errors.js';

interface Deps {
  db: Db;
  changes: ChangeFeed;
}

/**
 * Every lookup reads the year's assignments from memory: a few thousand rows, loaded once per year and dropped
 * whenever a region, partner or year changes (in any process, through the change feed).
 */
export class RegionIndex {
  private readonly years = new Map<string, Promise<YearAssignments>>();
  /** Program years by the name a request gave ('' for "the current one"); failures are not kept. */
  private readonly resolvedYears = new Map<string, Promise<ProgramYear>>();

  constructor(
    private readonly db: Kysely<Database>,
    changes: ChangeFeed,
  ) {
    changes.subscribe('regions', () => {
      this.years.clear();
      this.resolvedYears.clear();
    });
  }

  /** resolveProgramYear, without a query per request: which year is current changes only through the feed. */
  resolveYear(name: string | undefined): Promise<ProgramYear> {
    const key = name?.trim() ?? '';
    let year = this.resolvedYears.get(key);
    if (!year) {
      year = resolveProgramYear(this.db, name);
      this.resolvedYears.set(key, year);
      year.catch(() => this.resolvedYears.delete(key));
    }
    return year;
  }

  forYear(programYearId: string): Promise<YearAssignments> {
    let year = this.years.get(programYearId);
    if (!year) {
      year = this.load(programYearId);
      this.years.set(programYearId, year);
      year.catch(() => this.years.delete(programYearId));
    }
    return year;
  }

  private load(programYearId: string): Promise<YearAssignments> {
    return readYearAssignments(this.db, programYearId);
  }
}

/**
 * Who serves a ZIP code or a state in a program year (the current one by default). The finest assigned unit
 * wins: the ZIP, then its county, then its state.
 */
export async function lookupRegion(
  deps: { db: Kysely<Database>; regionIndex: RegionIndex },
  query: { zip?: string | undefined; state?: string | undefined; year?: string | undefined },
): Promise<LookupResponse> {
  const location = locate(query);
  const year = await deps.regionIndex.resolveYear(query.year);
  const assignments = await deps.regionIndex.forYear(year.id);
  for (const unit of unitsServing(location)) {
    const match = assignments.byUnit.get(unit);
    if (match) return { programYear: year.name, location, partner: match.partner, matchedBy: match.kind };
  }
  return { programYear: year.name, location, partner: null, matchedBy: null };
}

function locate(query: { zip?: string | undefined; state?: string | undefined }) {
  if (query.zip !== undefined && query.zip.trim() !== '') {
    const zip = normalizeZip(query.zip);
    if (!zip) {
      throw new AppError('INVALID_INPUT', 'That is not a ZIP code.', [
        {
          path: 'zip',
          message: 'Enter a 5-digit ZIP code, like 98101 (ZIP+4 such as 98101-1234 is fine too).',
        },
      ]);
    }
    const location = locateZip(zip);
    if (!location)
      throw regionError(
        'ZIP_NOT_FOUND',
        `We do not know the ZIP code ${zip}. Check it, or choose your state.`,
      );
    // The place in words; its coordinates are for measuring distances, not part of the answer.
    const { coordinates: _coordinates, ...place } = location;
    return place;
  }
  if (query.state !== undefined && query.state.trim() !== '') {
    const state = query.state.trim().toUpperCase();
    if (!isStateCode(state)) {
      throw new AppError('INVALID_INPUT', 'That is not a US state.', [
        { path: 'state', message: 'Choose a US state or territory by its two-letter code, like WA.' },
      ]);
    }
    return { zip: null, city: null, county: null, state };
  }
  throw new AppError('INVALID_INPUT', 'Give a ZIP code or a state.', [
    { path: 'zip', message: 'Enter a ZIP code, or choose a state.' },
  ]);
}

export type StateCoverage = 'served' | 'partly' | 'none';

export interface StateSummary {
  state: StateCode;
  name: string;
  coverage: StateCoverage;
  /** The partner holding the whole state, if one does. */
  statePartner: LookupPartner | null;
  /** Partners holding counties or ZIP codes in it. */
  otherPartners: LookupPartner[];
}

/** For the map and its table: how each state is served in a year. */
export async function summarizeStates(
  deps: { db: Kysely<Database>; regionIndex: RegionIndex },
  year: ProgramYear,
): Promise<StateSummary[]> {
  const assignments = await deps.regionIndex.forYear(year.id);
  return (Object.keys(US_STATES) as StateCode[]).map((state) => {
    const held = assignments.byState.get(state) ?? [];
    const statePartner = held.find((a) => a.kind === 'state')?.partner ?? null;
    const others = new Map(held.filter((a) => a.kind !== 'state').map((a) => [a.partner.id, a.partner]));
    if (statePartner) others.delete(statePartner.id);
    return {
      state,
      name: US_STATES[state],
      coverage: statePartner ? 'served' : held.length > 0 ? 'partly' : 'none',
      statePartner,
      otherPartners: [...others.values()],
    };
  });
}

/** Assigns a unit to a partner for the partner's year; a unit another partner holds is refused, by name. */
export async function assignRegion(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
) {
  requireStaff(options.actor);
  const { region } = parseInput(regionInputSchema, options.input);
  const db = deps.db.kysely;
  const partner = await requirePartner(db, options.partnerId);
  const parsed = parseRegionUnit(region);
  if ('error' in parsed)
    throw new AppError('INVALID_INPUT', parsed.error, [{ path: 'region', message: parsed.error }]);
  const year = await resolveProgramYear(db, partner.programYear);
  await db.transaction().execute((trx) =>
    assignUnit(trx, {
      programYearId: year.id,
      yearName: year.name,
      partnerId: partner.id,
      unit: parsed.unit,
    }),
  );
  await deps.changes.publish('regions');
  return parsed.unit;
}

/** Every unit held in a year, by any partner (an import checks its lines against them all at once). */
export function listYearHolders(db: Kysely<Database>, programYearId: string) {
  return repo.listYearHolders(db, programYearId);
}

export async function removeRegion(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; unit: string },
) {
  requireStaff(options.actor);
  await requirePartner(deps.db.kysely, options.partnerId);
  if (!(await repo.deleteAssignment(deps.db.kysely, options.partnerId, options.unit))) {
    throw regionError('REGION_NOT_FOUND', `This partner does not hold ${describeUnit(options.unit)}.`);
  }
  await deps.changes.publish('regions');
}
