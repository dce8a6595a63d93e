import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import {
  callApi,
  type ApiResponse,
  formRequest,
  signedInUser,
  signIn,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Role } from '../../db/schema.js';
import { createVerifiedAccount } from '../accounts/accounts.service.js';
import type { Partner } from '../partners/partners.schemas.js';

/*
 * What the facilitator test files share: a portal, two partners of 2027-28 (A serves Seattle's ZIP 98101, B
 * serves Multnomah County, Oregon), a user of each role, and helpers that apply, decide and contract through
 * the HTTP API as people would. Each file that calls `useFacilitatorPortal()` gets its own portal and database.
 */
export let test: TestPortal;
export let partnerA: Partner;
export let partnerB: Partner;
export let staff: TestUser;
export let pmA: TestUser;
export let pmB: TestUser;
export let participant: TestUser;
export let facilitator: TestUser;

export const YEAR = '2027-28';

export function useFacilitatorPortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    await seedYears(test, [YEAR, '2028-29'], YEAR);
    partnerA = await seedPartner(test, {
      year: YEAR,
      name: 'Cascade Computing Partners',
      regions: ['98101'],
    });
    partnerB = await seedPartner(test, {
      year: YEAR,
      name: 'Columbia Basin CS Alliance',
      regions: ['OR:Multnomah'],
    });
    staff = await signedInUser(test, 'staff');
    pmA = await signedInUser(test, 'program_manager', partnerA.id);
    pmB = await signedInUser(test, 'program_manager', partnerB.id);
    participant = await signedInUser(test, 'participant');
    facilitator = await signedInUser(test, 'facilitator');
  });
  afterAll(async () => {
    await test.close();
  });
}

export type Who = 'anonymous' | 'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff';
export const EVERYONE: Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];

export function userOf(who: Who): TestUser | undefined {
  return { anonymous: undefined, participant, facilitator, pmA, pmB, staff }[who];
}

export function api(
  method: string,
  path: string,
  user: TestUser | undefined,
  body?: unknown,
): Promise<ApiResponse> {
  return callApi(test, method, path, user, body);
}

export interface PageResponse {
  status: number;
  html: string;
  location: string;
}

export async function page(path: string, user?: TestUser): Promise<PageResponse> {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: user ? { cookie: user.cookie } : {},
  });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location') ?? '',
  };
}

export async function postForm(
  path: string,
  fields: Record<string, string>,
  user?: TestUser,
): Promise<PageResponse> {
  const response = await fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie));
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location') ?? '',
  };
}

/** A signed-in person with a name of their own (messages name people). */
export async function person(name: string, role: Role = 'participant'): Promise<TestUser & { name: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}-${randomBytes(3).toString('hex')}@example.org`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await createVerifiedAccount(test.deps.auth, test.deps.db.kysely, {
    input: { email, password, name },
    role,
  });
  return { name, email, password, cookie: await signIn(test, email, password) };
}

/** Applies as the person, through the API; returns the application's and the facilitator's ids. */
export async function applyAs(
  user: TestUser,
  courseIds: string[],
  homeZip = '98101',
): Promise<{ id: string; facilitatorId: string }> {
  const response = await api('POST', '/api/v1/facilitator-applications', user, {
    courseIds,
    homeZip,
    bio: 'I taught CS for ten years.',
  });
  if (response.status !== 201) throw new Error(`apply: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; facilitatorId: string };
}

export async function decide(applicationId: string, courseId: string, decision: 'approved' | 'declined') {
  const response = await api('POST', `/api/v1/facilitator-applications/${applicationId}/decisions`, staff, {
    courseId,
    decision,
  });
  if (response.status !== 200) throw new Error(`decide: ${response.status} ${JSON.stringify(response.body)}`);
}

/** A new person approved for the courses, living at the ZIP. */
export async function approvedFacilitator(name: string, courseIds: string[], homeZip = '98101') {
  const user = await person(name);
  const application = await applyAs(user, courseIds, homeZip);
  for (const courseId of courseIds) await decide(application.id, courseId, 'approved');
  return { user, name, applicationId: application.id, facilitatorId: application.facilitatorId };
}

export async function contract(
  partnerId: string,
  facilitatorId: string,
  by: TestUser = staff,
): Promise<string> {
  const response = await api('POST', `/api/v1/partners/${partnerId}/facilitator-contracts`, by, {
    facilitatorId,
    programYear: YEAR,
  });
  if (response.status !== 201)
    throw new Error(`contract: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Rows in every table a facilitator action writes to: none may change when one is refused. */
export async function writes(): Promise<number[]> {
  const db = test.deps.db.kysely;
  return Promise.all(
    (
      [
        'facilitators',
        'facilitatorApplications',
        'facilitatorApplicationCourses',
        'facilitatorQualifications',
        'facilitatorContracts',
        'mailOutbox',
        'userRoles',
      ] as const
    ).map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
}

/** The decisions, qualifications and contracts, as their timestamps change: for "nothing was decided". */
export async function decisionState(): Promise<unknown[]> {
  const db = test.deps.db.kysely;
  return Promise.all([
    db
      .selectFrom('facilitatorApplicationCourses')
      .select(['applicationId', 'courseId', 'decision'])
      .orderBy('applicationId')
      .orderBy('courseId')
      .execute(),
    db.selectFrom('facilitatorQualifications').select(['id', 'revokedAt']).orderBy('id').execute(),
    db.selectFrom('facilitatorContracts').select(['id', 'endedAt']).orderBy('id').execute(),
  ]);
}
