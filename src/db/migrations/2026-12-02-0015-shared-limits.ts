import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Limits that hold across app processes. `rate_limit_hits` counts requests per limiter, client key and fixed
 * window (the window's start as an instant), so that every process of a PostgreSQL deployment draws on one
 * budget. `serial_locks` holds one row per name that transactions lock in turn (an upsert locks its row until
 * the transaction ends), where a rule is "count, then insert" and must not be decided twice at once.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_hits_pk', ['scope', 'key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limit_hits_expiry').on('rate_limit_hits').column('window_end').execute();
  await db.schema
    .createTable('serial_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('serial_locks').execute();
  await db.schema.dropTable('rate_limit_hits').execute();
}
