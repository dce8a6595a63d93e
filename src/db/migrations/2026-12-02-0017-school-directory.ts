import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../column-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The school directory: districts and schools from the NCES Common Core of Data, ids kept as the published
 * strings (7-digit district LEAID, 12-digit school NCESSCH, leading zeros and all), plus schools staff add by
 * hand (no NCES id yet). A closed school is marked, not deleted: applications and pipelines may name it.
 * `name_key` is the name lower-cased with its spaces collapsed, so that a prefix search is an index range.
 */
export async function up(db: AnyDb): Promise<void> {
  // A prefix search is `key >= q and key < q || U+FFFF`, which holds only where keys compare by code point: SQLite's
  // default (BINARY) does; PostgreSQL's default collation may be a language's (en_US ignores spaces), so the keys
  // and their indexes use "C" there.
  const keyType = isPostgres(db) ? sql`text collate "C"` : 'text';
  await db.schema
    .createTable('districts')
    .addColumn('nces_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', keyType, (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('zip', 'text')
    .addColumn('county', 'text')
    .addColumn('district_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('districts_name').on('districts').columns(['name_key']).execute();

  await db.schema
    .createTable('schools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // NCESSCH for directory schools; null for one staff added by hand.
    .addColumn('nces_id', 'text', (c) => c.unique())
    // LEAID as published; no foreign key, since a school file may be imported before its district file.
    .addColumn('district_nces_id', 'text')
    .addColumn('district_name', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', keyType, (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('city', 'text')
    .addColumn('city_key', keyType)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('zip', 'text', (c) => c.notNull())
    .addColumn('county', 'text')
    .addColumn('grade_low', 'text')
    .addColumn('grade_high', 'text')
    .addColumn('school_type', 'text')
    .addColumn('charter', 'integer', (c) => c.check(sql`charter in (0, 1)`))
    .addColumn('closed', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`closed in (0, 1)`),
    )
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('nces', 'staff', 'demo')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schools_name').on('schools').columns(['name_key']).execute();
  await db.schema.createIndex('schools_city').on('schools').columns(['city_key']).execute();
  await db.schema.createIndex('schools_zip').on('schools').columns(['zip']).execute();
  await db.schema.createIndex('schools_district').on('schools').columns(['district_nces_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('schools').execute();
  await db.schema.dropTable('districts').execute();
}
