import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { RegionUnit } from './geography.js';

export async function findHolder(db: Kysely<Database>, programYearId: string, unit: string) {
  return db
    .selectFrom('regionAssignments')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select(['partners.id', 'partners.name'])
    .where('regionAssignments.programYearId', '=', programYearId)
    .where('regionAssignments.unit', '=', unit)
    .executeTakeFirst();
}

export async function insertAssignment(
  db: Kysely<Database>,
  assignment: { programYearId: string; partnerId: string; unit: RegionUnit },
): Promise<void> {
  await db
    .insertInto('regionAssignments')
    .values({
      id: newId(),
      programYearId: assignment.programYearId,
      partnerId: assignment.partnerId,
      unitKind: assignment.unit.kind,
      unit: assignment.unit.unit,
      state: assignment.unit.state,
      createdAt: nowIso(),
    })
    .execute();
}

export async function deleteAssignment(
  db: Kysely<Database>,
  partnerId: string,
  unit: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('regionAssignments')
    .where('partnerId', '=', partnerId)
    .where('unit', '=', unit)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every assignment of a year with what the lookup shows of its partner (active partners only). */
export async function listYearAssignments(db: Kysely<Database>, programYearId: string) {
  return db
    .selectFrom('regionAssignments')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select([
      'regionAssignments.unit',
      'regionAssignments.unitKind',
      'regionAssignments.state',
      'partners.id as partnerId',
      'partners.name',
      'partners.contactName',
      'partners.contactEmail',
      'partners.website',
      'partners.coursesOffered',
    ])
    .where('regionAssignments.programYearId', '=', programYearId)
    .where('partners.active', '=', 1)
    .execute();
}

/** Every unit held in a year, by any partner (active or not: the database refuses a second holder either way). */
export async function listYearHolders(db: Kysely<Database>, programYearId: string) {
  return db
    .selectFrom('regionAssignments')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select(['regionAssignments.unit', 'partners.id as partnerId', 'partners.name as partnerName'])
    .where('regionAssignments.programYearId', '=', programYearId)
    .execute();
}
