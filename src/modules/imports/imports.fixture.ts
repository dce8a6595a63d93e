import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import type { Role } from '../../db/schema.js';
import type { ImportResult } from './imports.schemas.js';

// What the import tests share: a portal with staff and one person of each other role, and the requests.

export let test: TestPortal;
export let staff: TestUser;
export const others: Partial<Record<Exclude<Role, 'staff'>, TestUser>> = {};

export function useImportPortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    staff = await signedInUser(test, 'staff');
    for (const role of ['participant', 'facilitator', 'program_manager'] as const) {
      others[role] = await signedInUser(test, role, role === 'program_manager' ? 'partner-a' : null);
    }
  });
  afterAll(async () => {
    await test.close();
  });
}

export const PARTNERS_HEADER = 'name,contact_name,contact_email,program_year';
export const REGIONS_HEADER = 'partner,program_year,region';

export interface Problem {
  status: number;
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

export function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export async function apiImport(kind: 'partners' | 'regions', body: unknown, cookie: string = staff.cookie) {
  return fetch(`${test.url}/api/v1/imports/${kind}`, jsonRequest(test, 'POST', body, cookie));
}

export async function imported(
  kind: 'partners' | 'regions',
  text: string,
  dryRun = false,
): Promise<ImportResult> {
  const response = await apiImport(kind, { csv: text, dryRun });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImportResult;
}

export async function refused(kind: 'partners' | 'regions', text: string): Promise<Problem> {
  const response = await apiImport(kind, { csv: text });
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as Problem;
}

export async function partnersIn(year: string) {
  return test.deps.db.kysely
    .selectFrom('partners')
    .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
    .select(['partners.id', 'partners.name', 'partners.contactName', 'partners.contactEmail'])
    .where('programYears.name', '=', year)
    .orderBy('partners.name')
    .execute();
}

export async function assignmentsIn(year: string) {
  const rows = await test.deps.db.kysely
    .selectFrom('regionAssignments')
    .innerJoin('programYears', 'programYears.id', 'regionAssignments.programYearId')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select(['regionAssignments.unit', 'partners.name'])
    .where('programYears.name', '=', year)
    .orderBy('regionAssignments.unit')
    .execute();
  return rows.map((row) => `${row.unit} ${row.name}`);
}

export async function yearExists(name: string): Promise<boolean> {
  const row = await test.deps.db.kysely
    .selectFrom('programYears')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Text as a person reads it on the page (the few entities the renderer writes decoded). */
export function pageText(html: string): string {
  return html
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Polls PostgreSQL until so many sessions of this database wait for a lock. */
export async function waitForLockWaiters(count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database()`.execute(test.deps.db.kysely);
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session started waiting for the lock');
}

/** Two partners in a year, for the region tests. */
export async function givenPartners(year: string, ...names: string[]): Promise<void> {
  const lines = names.map((name, i) => `${name},Contact ${i},c${i}@example.org,${year}`);
  await imported('partners', csv(PARTNERS_HEADER, ...lines));
}
