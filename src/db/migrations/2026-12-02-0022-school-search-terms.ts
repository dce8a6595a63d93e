import { sql, type Kysely } from 'kysely';
import { schoolSearchTerms } from '../../modules/schools/schools.schemas.js';
import { isPostgres } from '../column-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Schools read, and terms written, per statement while filling the table from the schools already stored. */
const BACKFILL_BATCH = 1000;

/**
 * The words a school is found by (each word of its name and city, its ZIP code, its NCES id), one row each, so
 * that "the start of any word" is an index range over `term` on both databases, as the name prefix was.
 */
export async function up(db: AnyDb): Promise<void> {
  // As the name keys (migration 0017): a range over the index is a prefix only where keys compare by code point.
  const termType = isPostgres(db) ? sql`text collate "C"` : 'text';
  // No foreign key to schools: terms are written only beside their school, in its transaction, and a check would
  // be one more lookup per term of an import. SQLite keeps the rows in the key's own tree (without rowid), one
  // tree fewer to write per term.
  await db.schema
    .createTable('school_search_terms')
    .addColumn('term', termType, (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_search_terms_term', ['term', 'school_id'])
    .$call((table) => (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)))
    .execute();
  // A school's terms are replaced when an import changes it.
  await db.schema
    .createIndex('school_search_terms_school')
    .on('school_search_terms')
    .column('school_id')
    .execute();

  // The terms come from the same function the import and staff's form use, so existing schools match alike.
  let after = '';
  for (;;) {
    const schools = await db
      .selectFrom('schools')
      .select(['id', 'name', 'city', 'zip', 'nces_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .execute();
    if (schools.length === 0) break;
    const rows = schools.flatMap(
      (school: { id: string; name: string; city: string | null; zip: string; nces_id: string | null }) =>
        schoolSearchTerms({ ...school, ncesId: school.nces_id }).map((term) => ({
          term,
          school_id: school.id,
        })),
    );
    for (let start = 0; start < rows.length; start += BACKFILL_BATCH) {
      await db
        .insertInto('school_search_terms')
        .values(rows.slice(start, start + BACKFILL_BATCH))
        .execute();
    }
    after = (schools[schools.length - 1] as { id: string }).id;
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('school_search_terms').execute();
}
