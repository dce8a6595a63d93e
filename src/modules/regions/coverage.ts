import type { Kysely } from 'kysely';
import type { Database, UnitKind } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AppError } from '../../platform/errors.js';
import { countyOfZip, describeUnit, isStateCode, type RegionUnit, type StateCode } from './geography.js';
import * as repo from './regions.repository.js';
import { regionError } from './regions.errors.js';
import type { LookupPartner } from './regions.schemas.js';

/*
 * Who serves what in a program year: the one definition of coverage, which the finder, the eligibility check,
 * partner applications and the imports all use. Only active partners serve.
 */

/** A year's assignments by unit, and by state for the units inside a state. */
export interface YearAssignments {
  byUnit: Map<string, { kind: UnitKind; partner: LookupPartner }>;
  byState: Map<StateCode, { unit: string; kind: UnitKind; partner: LookupPartner }[]>;
}

/** The year's assignments as they are now in the database (inside the caller's transaction, if any). */
export async function readYearAssignments(
  db: Kysely<Database>,
  programYearId: string,
): Promise<YearAssignments> {
  const rows = await repo.listYearAssignments(db, programYearId);
  const byUnit: YearAssignments['byUnit'] = new Map();
  const byState: YearAssignments['byState'] = new Map();
  for (const row of rows) {
    const partner: LookupPartner = {
      id: row.partnerId,
      name: row.name,
      contactName: row.contactName,
      contactEmail: row.contactEmail,
      website: row.website,
      coursesOffered: row.coursesOffered ? row.coursesOffered.split('\n') : [],
    };
    byUnit.set(row.unit, { kind: row.unitKind, partner });
    if (isStateCode(row.state)) {
      byState.set(row.state, [
        ...(byState.get(row.state) ?? []),
        { unit: row.unit, kind: row.unitKind, partner },
      ]);
    }
  }
  return { byUnit, byState };
}

export type Relation = 'same' | 'containing' | 'inside';

export interface ServingPartner {
  partner: { id: string; name: string; contactEmail: string };
  /** The assigned unit that makes the proposed one served. */
  servedUnit: string;
  relation: Relation;
}

/**
 * The partners that make a unit served in a year (FAQ: only regions not already served), one entry per
 * partner (its closest unit): a partner holding the unit itself, a unit containing it (a ZIP's county and
 * state, a county's state), or a unit inside it (any county or ZIP of a state; any ZIP of a county).
 */
export function servingPartners(assignments: YearAssignments, unit: RegionUnit): ServingPartner[] {
  const found: ServingPartner[] = [];
  const add = (servedUnit: string, relation: Relation) => {
    const match = assignments.byUnit.get(servedUnit);
    if (match && !found.some((entry) => entry.partner.id === match.partner.id)) {
      const { id, name, contactEmail } = match.partner;
      found.push({ partner: { id, name, contactEmail }, servedUnit, relation });
    }
  };
  add(unit.unit, 'same');
  if (unit.kind === 'zip') {
    const county = countyOfZip(unit.unit);
    if (county) add(county, 'containing');
  }
  if (unit.kind !== 'state') add(unit.state, 'containing');
  const inState = assignments.byState.get(unit.state) ?? [];
  if (unit.kind === 'state') {
    for (const held of inState) if (held.kind !== 'state') add(held.unit, 'inside');
  } else if (unit.kind === 'county') {
    for (const held of inState) {
      if (held.kind === 'zip' && countyOfZip(held.unit) === unit.unit) add(held.unit, 'inside');
    }
  }
  return found;
}

/** Why a proposed unit is served, in words: "King County, WA is already served by … for 2027-28." */
export function servedMessage(proposedUnit: string, serving: ServingPartner, yearName: string): string {
  const where = describeUnit(serving.servedUnit);
  const proposed = describeUnit(proposedUnit);
  const name = serving.partner.name;
  switch (serving.relation) {
    case 'same':
      return `${where} is already served by ${name} for ${yearName}.`;
    case 'containing':
      return `${proposed} is already served: ${name} serves ${where}, which includes it, for ${yearName}.`;
    case 'inside':
      return `${proposed} is partly served: ${name} serves ${where}, inside it, for ${yearName}.`;
  }
}

/**
 * Assigns a unit to a partner inside the caller's transaction: the one way a unit is assigned (by staff, by an
 * import, by an acceptance). The unique constraint on a unit per year decides between simultaneous writers;
 * a unit another partner holds is refused with its holder's name when it is known.
 */
export async function assignUnit(
  trx: Kysely<Database>,
  assignment: { programYearId: string; yearName: string; partnerId: string; unit: RegionUnit },
): Promise<'created' | 'unchanged'> {
  const holder = await repo.findHolder(trx, assignment.programYearId, assignment.unit.unit);
  if (holder?.id === assignment.partnerId) return 'unchanged';
  if (holder) throw regionTaken(assignment.unit.unit, holder.name, assignment.yearName);
  try {
    await repo.insertAssignment(trx, assignment);
  } catch (error) {
    // Another request assigned the unit between our check and our insert; the constraint decided.
    if (isUniqueViolation(error))
      throw regionTaken(assignment.unit.unit, 'another partner', assignment.yearName);
    throw error;
  }
  return 'created';
}

export function regionTaken(unit: string, holderName: string, yearName: string): AppError {
  const message = `${describeUnit(unit)} is already assigned to ${holderName} for ${yearName}.`;
  return regionError('REGION_ALREADY_ASSIGNED', message, [{ path: 'region', message }]);
}
