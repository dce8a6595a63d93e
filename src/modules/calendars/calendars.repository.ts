import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../platform/ids.js';

/** The version of a person's feed, if they ever asked for its address. */
export async function findFeedVersion(db: Kysely<Database>, userId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('calendarFeeds')
    .select('version')
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row?.version;
}

/**
 * The version of a person's feed, made (at 1) on first use. Two first uses at once are decided by the primary
 * key: the second insert does nothing, and both read the one row.
 */
export async function ensureFeed(db: Kysely<Database>, userId: string): Promise<number> {
  await db
    .insertInto('calendarFeeds')
    .values({ userId, version: 1, resetAt: nowIso() })
    .onConflict((conflict) => conflict.column('userId').doNothing())
    .execute();
  const version = await findFeedVersion(db, userId);
  if (version === undefined) throw new Error(`calendar feed of ${userId} vanished`);
  return version;
}

/**
 * Raises the version, so that every address made from the old one stops working. One statement on both
 * databases (an upsert, with the table named as both accept), so two resets at once both count.
 */
export async function raiseFeedVersion(db: Kysely<Database>, userId: string): Promise<number> {
  const resetAt = nowIso();
  const row = await db
    .insertInto('calendarFeeds')
    // Nobody was given an address of version 1 without a row; 2 says this one was reset.
    .values({ userId, version: 2, resetAt })
    .onConflict((conflict) =>
      conflict.column('userId').doUpdateSet((eb) => ({
        version: eb('calendarFeeds.version', '+', 1),
        resetAt,
      })),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}
