import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../tests/helpers/databases.js';
import { startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { isDatabaseUnavailable } from './errors.js';

// PostgreSQL ends connections when it restarts or an administrator says so. The portal must outlive that:
// the pool opens new connections, the change feed listens again (and drops every cache, since notifications
// may have been missed), and nothing crashes the process (an unhandled 'error' would end this test worker).

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

describe.skipIf(!onPostgres)('when PostgreSQL ends the portal’s connections', () => {
  let test: TestPortal;
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    test = await startTestPortal();
    const row = await test.deps.db.kysely
      .selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name'))
      .executeTakeFirstOrThrow();
    database = row.name;
    // NOTIFY reaches only listeners of the same database, so the "other process" connects to the portal's.
    admin = new pg.Client({ connectionString: test.deps.config.databaseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await test.close();
  });

  async function endEveryConnection(): Promise<number> {
    const ended = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return ended.rowCount ?? 0;
  }

  it('keeps answering, listens again and drops its caches', async () => {
    // Warm the pool and the cache first, so that there are idle connections to end.
    expect((await fetch(`${test.url}/readyz`)).status).toBe(200);
    let invalidations = 0;
    test.deps.changes.subscribe('faq', () => {
      invalidations++;
    });

    expect(await endEveryConnection()).toBeGreaterThan(0);

    await expect.poll(async () => (await fetch(`${test.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    // Reconnected: every cache was dropped once, and a change another process announces arrives again.
    await expect.poll(() => invalidations, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const before = invalidations;
    await expect
      .poll(
        async () => {
          await admin.query("select pg_notify('portal_changes', 'faq')");
          return invalidations;
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(before);
    expect((await fetch(`${test.url}/faq`)).status).toBe(200);
  });

  it('fails /readyz and answers pages with 503 while the database is away, and recovers after', async () => {
    // Away: no new connection is let in (said from the maintenance database), and the open ones are ended.
    const maintenance = new pg.Client({ connectionString: adminUrl(test.deps.config.databaseUrl) });
    await maintenance.connect();
    await maintenance.query(`alter database ${database} with allow_connections false`);
    try {
      await endEveryConnection();
      await expect
        .poll(async () => (await fetch(`${test.url}/readyz`)).status, { timeout: 10_000 })
        .toBe(503);
      const page = await fetch(`${test.url}/workshops`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('</html>');
    } finally {
      await maintenance.query(`alter database ${database} with allow_connections true`);
      await maintenance.end();
    }
    await expect.poll(async () => (await fetch(`${test.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    expect((await fetch(`${test.url}/workshops`)).status).toBe(200);
  });
});

describe('a database that cannot be reached', () => {
  it('is told apart from the portal’s own failures, to answer 503', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '53300' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });
});
