import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Expired windows are deleted once every this many hits, so the table holds about the windows in use. */
const HITS_BETWEEN_SWEEPS = 500;

/**
 * A @fastify/rate-limit store in the database, for PostgreSQL deployments of several app processes: each
 * limiter's budget per client is one row per fixed window, counted by one upsert, so every process draws on the
 * same budget and simultaneous requests cannot both take the last unit. A limiter is named by the `groupId` its
 * `app.rateLimit({...})` call gives (those calls have no route to be named after).
 */
export function sharedRateLimitStore(db: Kysely<Database>): FastifyRateLimitStoreCtor {
  let hitsSinceSweep = 0;

  async function hit(
    scope: string,
    key: string,
    windowMs: number,
  ): Promise<{ current: number; ttl: number }> {
    const now = Date.now();
    const start = Math.floor(now / windowMs) * windowMs;
    const row = await db
      .insertInto('rateLimitHits')
      .values({
        scope,
        key,
        windowStart: new Date(start).toISOString(),
        windowEnd: new Date(start + windowMs).toISOString(),
        hits: 1,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'key', 'windowStart'])
          .doUpdateSet((eb) => ({ hits: eb(eb.ref('rateLimitHits.hits'), '+', 1) })),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    if (++hitsSinceSweep >= HITS_BETWEEN_SWEEPS) {
      hitsSinceSweep = 0;
      await db.deleteFrom('rateLimitHits').where('windowEnd', '<', new Date(now).toISOString()).execute();
    }
    return { current: row.hits, ttl: start + windowMs - now };
  }

  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly scope = 'global',
    ) {}

    // The plugin passes the limiter's window (and maximum) after the callback; its types leave them out.
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      windowMs = 60_000,
    ): void {
      hit(this.scope, key, windowMs).then(
        (result) => {
          callback(null, result);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }

    child(routeOptions: { groupId?: string; method?: unknown; url?: string }): FastifyRateLimitStore {
      const scope = routeOptions.groupId ?? `${String(routeOptions.method)} ${routeOptions.url ?? ''}`;
      return new SharedRateLimitStore(undefined, scope);
    }
  }
  return SharedRateLimitStore;
}
