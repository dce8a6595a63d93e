import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../tests/helpers/portal.js';
import { seedYears } from '../../tests/helpers/seed.js';
import { describeUniqueViolation } from './errors.js';

// Two requests racing for the same name: the database's unique constraint decides, and the loser is told why
// with a 409, on SQLite and on PostgreSQL alike (PostgreSQL used to answer the loser with a 500).

let test: TestPortal;
let staff: TestUser;
beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
  await seedYears(test, ['2027-28'], '2027-28');
});
afterAll(async () => {
  await test.close();
});

async function race(path: string, body: () => unknown, times = 8): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: times }, () =>
      fetch(`${test.url}${path}`, jsonRequest(test, 'POST', body(), staff.cookie)),
    ),
  );
  const statuses = responses.map((response) => response.status);
  for (const response of responses) {
    if (response.status === 409) {
      const problem = (await response.json()) as { detail: string };
      expect(problem.detail).toMatch(/already (exists|has)/);
    } else await response.body?.cancel();
  }
  return statuses.sort();
}

describe('simultaneous creations of the same record', () => {
  it('create one program year and refuse the rest with a 409', async () => {
    const statuses = await race('/api/v1/program-years', () => ({ name: '2031-32' }));
    expect(statuses).toEqual([201, ...Array<number>(7).fill(409)]);
  });

  it('create one partner of that name and refuse the rest with a 409', async () => {
    const statuses = await race('/api/v1/partners', () => ({
      programYear: '2027-28',
      name: 'Racing Partners',
      contactName: 'Rae Cing',
      contactEmail: 'rae@example.org',
      organizations: [{ name: 'Racing Partners', role: 'professional learning' }],
    }));
    expect(statuses).toEqual([201, ...Array<number>(7).fill(409)]);
  });
});

describe('a unique violation in words', () => {
  it('is read from either database’s error', () => {
    const postgres = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      table: 'partners',
      constraint: 'partners_name_per_year',
      detail: 'Key (program_year_id, name)=(1, Racing Partners) already exists.',
    });
    const sqlite = Object.assign(
      new Error('UNIQUE constraint failed: partners.program_year_id, partners.name'),
      { code: 'SQLITE_CONSTRAINT_UNIQUE' },
    );
    const expected = { path: 'name', message: 'This program year already has a partner with this name.' };
    expect(describeUniqueViolation(postgres)).toEqual(expected);
    expect(describeUniqueViolation(sqlite)).toEqual(expected);
    const expressionIndex = Object.assign(new Error("UNIQUE constraint failed: index 'user_roles_unique'"), {
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(describeUniqueViolation(expressionIndex)?.path).toBe('role');
    expect(describeUniqueViolation(new Error('something else'))).toBeUndefined();
  });
});
