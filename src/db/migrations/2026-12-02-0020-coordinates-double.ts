import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../column-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Coordinates as 8-byte floats on PostgreSQL too: `real` there is 4 bytes (about 7 digits), so a portal moved
 * from SQLite, where REAL is 8 bytes, would come back with its workshops and facilitators moved by metres.
 */
const COLUMNS = [
  ['workshops', 'latitude'],
  ['workshops', 'longitude'],
  ['facilitators', 'latitude'],
  ['facilitators', 'longitude'],
] as const;

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type double precision`.execute(
      db,
    );
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type real`.execute(db);
  }
}
