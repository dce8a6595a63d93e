import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, signedInUser, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { startSecondProcess } from '../../tests/helpers/second-process.js';
import { seedPartner, seedYears } from '../../tests/helpers/seed.js';

// A write the portal acknowledged survives the process being killed mid-burst (kill -9, no shutdown at all):
// after a restart every acknowledged sign-up is there, and on SQLite the database file is intact.

const SETTINGS = { ENROLLMENT_RATE_LIMIT: '1000000' };
let test: TestPortal;
let workshopId: string;

beforeAll(async () => {
  test = await startTestPortal(SETTINGS);
  await seedYears(test, ['2027-28'], '2027-28');
  const partner = await seedPartner(test, { year: '2027-28', name: 'Cascade Computing', regions: ['WA'] });
  const manager = await signedInUser(test, 'program_manager', partner.id);
  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const created = await fetch(
    `${test.url}/api/v1/workshops`,
    jsonRequest(
      test,
      'POST',
      {
        partnerId: partner.id,
        kind: 'partner_own',
        title: 'Durability workshop',
        topic: 'Crashes',
        description: 'A workshop whose sign-ups outlive a crash.',
        audience: ['teachers'],
        capacity: 20,
        location: { mode: 'virtual', url: 'https://example.org/meet' },
        visibility: 'public',
        sessions: [{ date: inAMonth, start: '17:00', end: '19:00' }],
      },
      manager.cookie,
    ),
  );
  workshopId = ((await created.json()) as { id: string }).id;
  const published = await fetch(
    `${test.url}/api/v1/workshops/${workshopId}/publish`,
    jsonRequest(test, 'POST', undefined, manager.cookie),
  );
  expect(published.status).toBe(200);
});
afterAll(async () => {
  await test.close();
});

describe('kill -9 during a burst of sign-ups', () => {
  it('loses no acknowledged write', async () => {
    const victim = await startSecondProcess(test, SETTINGS);
    const acknowledged: string[] = [];
    let sent = 0;
    let stopped = false;
    // Eight clients signing people up one after another until the process dies under them.
    const clients = Array.from({ length: 8 }, async (_, lane) => {
      while (!stopped) {
        const index = sent++;
        try {
          const response = await fetch(
            `${victim.url}/api/v1/workshops/${workshopId}/enrollments`,
            jsonRequest(test, 'POST', {
              name: `Crash Teacher ${index}`,
              email: `crash-${lane}-${index}@example.org`,
              role: 'teacher',
            }),
          );
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
          else await response.body?.cancel();
        } catch {
          // The process is gone: this request was never acknowledged.
        }
      }
    });
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    await victim.crash();
    stopped = true;
    await Promise.all(clients);

    // Restarted on the same database: every acknowledged sign-up is there, seated or waiting in order.
    const restarted = await startSecondProcess(test, SETTINGS);
    try {
      const stored = await test.deps.db.kysely
        .selectFrom('enrollments')
        .select(['id', 'status'])
        .where('workshopId', '=', workshopId)
        .execute();
      const ids = new Set(stored.map((row) => row.id));
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      expect(stored.filter((row) => row.status === 'enrolled').length).toBeLessThanOrEqual(20);
      if (test.deps.db.dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
          test.deps.db.raw,
        );
        expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      }
      const answer = await fetch(`${restarted.url}/readyz`);
      expect(answer.status).toBe(200);
    } finally {
      await restarted.close();
    }
  }, 90_000);
});
