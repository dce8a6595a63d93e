import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonRequest, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { startSecondProcess, type SecondProcess } from '../../tests/helpers/second-process.js';
import { seedPartner, seedYears } from '../../tests/helpers/seed.js';

// Limits decided by the database: a rule that counts and then inserts takes turns per sender, and on PostgreSQL
// the per-address limits are one budget for every app process.

const LIMITS = { SIGN_IN_RATE_LIMIT: '6', INQUIRY_RATE_LIMIT: '1000' };
let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal(LIMITS);
  await seedYears(test, ['2027-28'], '2027-28');
  await seedPartner(test, { year: '2027-28', name: 'Cascade Computing Partners', regions: ['WA'] });
});
afterAll(async () => {
  await test.close();
});

function inquiry(email: string, index: number) {
  return {
    name: 'Nia Okafor',
    email,
    role: 'teacher',
    zip: '98101',
    message: `Question number ${index} about CS Discoveries workshops.`,
  };
}

async function statusOf(response: Promise<Response>): Promise<number> {
  const answer = await response;
  await answer.body?.cancel();
  return answer.status;
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('one sender’s limit of five messages an hour', () => {
  it('holds when forty arrive at once', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        statusOf(
          fetch(
            `${test.url}/api/v1/inquiries`,
            jsonRequest(test, 'POST', inquiry('one.sender@example.org', index)),
          ),
        ),
      ),
    );
    expect(tally(statuses)).toEqual({ 201: 5, 429: 35 });
    const stored = await test.deps.db.kysely
      .selectFrom('inquiries')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('email', '=', 'one.sender@example.org')
      .executeTakeFirstOrThrow();
    expect(Number(stored.count)).toBe(5);
  });
});

// A deployment of several app processes is a PostgreSQL one; on SQLite one process is the deployment.
describe.runIf(inject('postgresUrl'))('two app processes on PostgreSQL', () => {
  let second: SecondProcess;
  beforeAll(async () => {
    second = await startSecondProcess(test, LIMITS);
  }, 60_000);
  afterAll(async () => {
    await second.close();
  });

  it('share one sign-in budget per client address, even when the attempts arrive at once', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 14 }, (_, index) =>
        statusOf(
          fetch(
            `${index % 2 === 0 ? test.url : second.url}/api/auth/sign-in/email`,
            jsonRequest(test, 'POST', { email: 'someone@example.org', password: `guess ${index}` }),
          ),
        ),
      ),
    );
    expect(tally(statuses)).toEqual({ 401: 6, 429: 8 });
  });

  it('hold one sender to five messages across both', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        statusOf(
          fetch(
            `${index % 2 === 0 ? test.url : second.url}/api/v1/inquiries`,
            jsonRequest(test, 'POST', inquiry('two.processes@example.org', index)),
          ),
        ),
      ),
    );
    expect(tally(statuses)).toEqual({ 201: 5, 429: 15 });
  });
});
