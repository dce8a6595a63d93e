import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Database, DistrictsTable, SchoolSource, SchoolsTable } from '../../db/schema.js';
import { fetchPage } from '../../db/paging.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import { schoolSearchTerms, type SchoolSummary, type StaffSchool } from './schools.schemas.js';

/** Above every character a name holds: `key < prefix + PREFIX_END` bounds the keys that start with `prefix`. */
const PREFIX_END = '\uffff';

const SUMMARY_COLUMNS = [
  'schools.id',
  'schools.ncesId',
  'schools.name',
  'schools.districtName',
  'schools.city',
  'schools.state',
  'schools.zip',
  'schools.county',
] as const;

/** A school row as both databases store it; `closed` and `charter` are 0/1. */
export type SchoolRow = Selectable<SchoolsTable>;
export type DistrictRow = Selectable<DistrictsTable>;

/**
 * Schools with a term (see `schoolSearchTerms`) starting with each of `words`: one index range over the terms
 * per word, so that every word narrows the search and none scans the directory.
 */
function matchesWords(
  eb: ExpressionBuilder<Database, 'schools'>,
  words: readonly string[],
): Expression<SqlBool> {
  return eb.and(
    words.map((word) =>
      eb(
        'schools.id',
        'in',
        eb
          .selectFrom('schoolSearchTerms')
          .select('schoolSearchTerms.schoolId')
          .where('schoolSearchTerms.term', '>=', word)
          .where('schoolSearchTerms.term', '<', word + PREFIX_END),
      ),
    ),
  );
}

export interface SchoolSearchFilters {
  /** Search words (see `searchWords`), each the beginning of a word of the name or city, a ZIP code or an NCES id. */
  words: readonly string[];
  zip?: string | undefined;
  state?: string | undefined;
  limit: number;
}

/** Open schools matching every one of `words`, and/or at a ZIP, in name order. */
export async function searchSchools(
  db: Kysely<Database>,
  filters: SchoolSearchFilters,
): Promise<SchoolSummary[]> {
  return schoolSearchQuery(db, filters).execute();
}

/** The search's query, unexecuted: tests read its plan to see that it stays on the indexes. */
export function schoolSearchQuery(db: Kysely<Database>, filters: SchoolSearchFilters) {
  let query = db.selectFrom('schools').select(SUMMARY_COLUMNS).where('schools.closed', '=', 0);
  const { words } = filters;
  if (words.length > 0) query = query.where((eb) => matchesWords(eb, words));
  if (filters.zip) query = query.where('schools.zip', '=', filters.zip);
  if (filters.state) query = query.where('schools.state', '=', filters.state);
  return query.orderBy('schools.nameKey').orderBy('schools.id').limit(filters.limit);
}

/** Staff's list, searched by words as the public search is, filtered and paged. */
export async function pageSchools(
  db: Kysely<Database>,
  table: TableQuery<'name' | 'city' | 'state' | 'updated'>,
  words: readonly string[],
  filters: {
    status?: 'open' | 'closed' | undefined;
    source?: SchoolSource | undefined;
    state?: string | undefined;
  },
): Promise<Paged<StaffSchool>> {
  let query = db
    .selectFrom('schools')
    .select([...SUMMARY_COLUMNS, 'schools.closed', 'schools.source', 'schools.updatedAt']);
  if (words.length > 0) query = query.where((eb) => matchesWords(eb, words));
  if (filters.status) query = query.where('schools.closed', '=', filters.status === 'closed' ? 1 : 0);
  if (filters.source) query = query.where('schools.source', '=', filters.source);
  if (filters.state) query = query.where('schools.state', '=', filters.state);
  const page = await fetchPage(query, table, {
    sortBy: {
      name: 'schools.nameKey',
      city: ['schools.cityKey', 'schools.nameKey'],
      state: ['schools.state', 'schools.nameKey'],
      updated: 'schools.updatedAt',
    },
    tieBreaker: 'schools.id',
  });
  return { ...page, rows: page.rows.map((row) => ({ ...row, closed: row.closed === 1 })) };
}

export async function findSchool(
  db: Kysely<Database>,
  by: { id: string } | { ncesId: string },
): Promise<(SchoolSummary & { closed: boolean }) | undefined> {
  const row = await db
    .selectFrom('schools')
    .select([...SUMMARY_COLUMNS, 'schools.closed'])
    .where((eb) => ('id' in by ? eb('schools.id', '=', by.id) : eb('schools.ncesId', '=', by.ncesId)))
    .executeTakeFirst();
  return row && { ...row, closed: row.closed === 1 };
}

/** A school of the same name at the same ZIP, whatever its source: staff would be adding it twice. */
export async function findSameSchool(db: Kysely<Database>, nameKey: string, zip: string) {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'ncesId'])
    .where('nameKey', '=', nameKey)
    .where('zip', '=', zip)
    .executeTakeFirst();
}

/** A school staff add, with the terms it is found by, at once. */
export async function insertSchool(db: Kysely<Database>, row: SchoolRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('schools').values(row).execute();
    await writeSearchTerms(trx, [row], []);
  });
}

/** Terms per statement: two values each, well under both databases' parameter limits. */
const TERMS_PER_STATEMENT = 4000;

/**
 * Writes the terms `rows` are found by, after removing those of the ones in `replacing` (schools stored before,
 * whose name or place may have changed); the caller holds the transaction.
 */
async function writeSearchTerms(
  trx: Kysely<Database>,
  rows: readonly SchoolRow[],
  replacing: readonly SchoolRow[],
): Promise<void> {
  // Only for stored schools: within an import's transaction PostgreSQL plans this delete without statistics of the
  // terms written so far and scans them, which for every batch of a first import cost more than the inserts.
  if (replacing.length > 0) {
    await trx
      .deleteFrom('schoolSearchTerms')
      .where(
        'schoolId',
        'in',
        replacing.map((row) => row.id),
      )
      .execute();
  }
  const terms = rows.flatMap((row) => schoolSearchTerms(row).map((term) => ({ term, schoolId: row.id })));
  for (let start = 0; start < terms.length; start += TERMS_PER_STATEMENT) {
    await trx
      .insertInto('schoolSearchTerms')
      .values(terms.slice(start, start + TERMS_PER_STATEMENT))
      .execute();
  }
}

/** The directory's schools among `ncesIds`, as stored, to tell new rows from changed and unchanged ones. */
export async function schoolsByNcesId(
  db: Kysely<Database>,
  ncesIds: string[],
): Promise<Map<string, SchoolRow>> {
  if (ncesIds.length === 0) return new Map();
  const rows = await db.selectFrom('schools').selectAll().where('ncesId', 'in', ncesIds).execute();
  return new Map(rows.map((row) => [row.ncesId as string, row]));
}

/**
 * Gives a school staff added by hand (no NCES id) the NCES id of a directory row with its name and ZIP code, so
 * that the import updates it in place instead of listing the school twice. Names and ZIPs are compared as keys.
 */
export async function claimStaffSchools(db: Kysely<Database>, rows: SchoolRow[]): Promise<void> {
  if (rows.length === 0) return;
  const unclaimed = await db
    .selectFrom('schools')
    .select(['id', 'nameKey', 'zip'])
    .where('ncesId', 'is', null)
    .where('nameKey', 'in', [...new Set(rows.map((row) => row.nameKey))])
    .execute();
  if (unclaimed.length === 0) return;
  const known = await schoolsByNcesId(
    db,
    rows.map((row) => row.ncesId as string),
  );
  for (const school of unclaimed) {
    const match = rows.find(
      (row) => row.nameKey === school.nameKey && row.zip === school.zip && !known.has(row.ncesId as string),
    );
    if (!match?.ncesId) continue;
    await db.updateTable('schools').set({ ncesId: match.ncesId }).where('id', '=', school.id).execute();
    known.set(match.ncesId, match);
  }
}

/**
 * One multi-row statement: new schools are inserted, known ones (by NCES id) updated in place, keeping their
 * row id and creation time, so that applications and pipelines naming them stay. Their search terms follow in
 * the same transaction (the import's): `changed` are the rows among them already stored, with their stored ids.
 */
export async function upsertSchools(
  db: Kysely<Database>,
  rows: SchoolRow[],
  changed: SchoolRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('schools')
    .values(rows)
    .onConflict((oc) =>
      oc.column('ncesId').doUpdateSet((eb) => ({
        districtNcesId: eb.ref('excluded.districtNcesId'),
        districtName: eb.ref('excluded.districtName'),
        name: eb.ref('excluded.name'),
        nameKey: eb.ref('excluded.nameKey'),
        street: eb.ref('excluded.street'),
        city: eb.ref('excluded.city'),
        cityKey: eb.ref('excluded.cityKey'),
        state: eb.ref('excluded.state'),
        zip: eb.ref('excluded.zip'),
        county: eb.ref('excluded.county'),
        gradeLow: eb.ref('excluded.gradeLow'),
        gradeHigh: eb.ref('excluded.gradeHigh'),
        schoolType: eb.ref('excluded.schoolType'),
        charter: eb.ref('excluded.charter'),
        closed: eb.ref('excluded.closed'),
        source: eb.ref('excluded.source'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute();
  await writeSearchTerms(db, rows, changed);
}

export async function districtsByNcesId(
  db: Kysely<Database>,
  ncesIds: string[],
): Promise<Map<string, DistrictRow>> {
  if (ncesIds.length === 0) return new Map();
  const rows = await db.selectFrom('districts').selectAll().where('ncesId', 'in', ncesIds).execute();
  return new Map(rows.map((row) => [row.ncesId, row]));
}

export async function upsertDistricts(db: Kysely<Database>, rows: DistrictRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('districts')
    .values(rows)
    .onConflict((oc) =>
      oc.column('ncesId').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        nameKey: eb.ref('excluded.nameKey'),
        street: eb.ref('excluded.street'),
        city: eb.ref('excluded.city'),
        state: eb.ref('excluded.state'),
        zip: eb.ref('excluded.zip'),
        county: eb.ref('excluded.county'),
        districtType: eb.ref('excluded.districtType'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute();
}
