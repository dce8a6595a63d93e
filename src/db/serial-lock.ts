import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Makes the transactions that name the same lock run one after another, across app processes: the upsert locks
 * the name's row on PostgreSQL until the transaction ends, and on SQLite a write makes the transaction the
 * database's one writer. For rules that count and then insert (five messages per sender an hour), which two
 * transactions would otherwise both pass at once.
 */
export async function serializeOn(trx: Kysely<Database>, name: string): Promise<void> {
  const takenAt = new Date().toISOString();
  await trx
    .insertInto('serialLocks')
    .values({ name, takenAt })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ takenAt }))
    .execute();
}
