import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * An import checks up to 10,000 lines against the database: each year's partners and assignments are read once,
 * rather than one query per line.
 */
export async function listYearPartners(db: Kysely<Database>, programYearId: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'contactName', 'contactEmail'])
    .where('programYearId', '=', programYearId)
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
