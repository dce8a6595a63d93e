import { afterAll, beforeAll, expect } from 'vitest';
import {
  callApi,
  signedInUser,
  startTestPortal,
  type ApiResponse,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Partner } from '../partners/partners.schemas.js';
import { OPERATOR } from '../../platform/actor.js';
import { ccdSchool, ccdSchoolFile } from '../schools/schools.fixture.js';
import { importSchoolDirectory } from '../schools/schools.import.js';

/*
 * What the teacher-application test files share: a portal with the 2027-28 year, partner A serving Washington
 * except Spokane County, which partner B holds along with Oregon; a user of each role; schools in Seattle,
 * Spokane and Dallas (which no partner serves); CS Principles open to applications with two questions.
 * Each file that calls `useTeacherApplicationPortal()` gets its own portal and database.
 */
export let test: TestPortal;
export let partnerA: Partner;
export let partnerB: Partner;
export let staff: TestUser;
export let pmA: TestUser;
export let pmB: TestUser;
export let participant: TestUser;
export let facilitator: TestUser;
export let questionIds: { why: string; experience: string };

export const SEATTLE_SCHOOL = '530423000670';
export const SPOKANE_SCHOOL = '530825001400';
export const DALLAS_SCHOOL = '481623000001';
export const CLOSED_SCHOOL = '530423009999';

export type Who = 'anonymous' | 'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff';
export const EVERYONE: readonly Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];

export function userOf(who: Who | TestUser): TestUser | undefined {
  if (typeof who !== 'string') return who;
  return { anonymous: undefined, participant, facilitator, pmA, pmB, staff }[who];
}

/** The one place tests put schools in the directory: through its import, as a directory file would. */
export async function addSchool(school: {
  ncesId: string;
  name: string;
  city: string;
  state: string;
  zip: string;
  closed?: boolean;
}): Promise<void> {
  const row = ccdSchool(0, {
    NCESSCH: school.ncesId,
    LEAID: school.ncesId.slice(0, 7),
    SCH_NAME: school.name,
    LCITY: school.city,
    LSTATE: school.state,
    LZIP: school.zip,
    SY_STATUS_TEXT: school.closed ? 'Closed' : 'Open',
  });
  await importSchoolDirectory(test.deps, { actor: OPERATOR, input: { text: ccdSchoolFile([row]) } });
}

export function useTeacherApplicationPortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    await seedYears(test, ['2027-28'], '2027-28');
    partnerA = await seedPartner(test, {
      year: '2027-28',
      name: 'Cascade Computing Partners',
      regions: ['WA'],
    });
    partnerB = await seedPartner(test, {
      year: '2027-28',
      name: 'Columbia Basin CS Alliance',
      regions: ['OR', 'WA:Spokane'],
    });
    [staff, pmA, pmB, participant, facilitator] = await Promise.all([
      signedInUser(test, 'staff'),
      signedInUser(test, 'program_manager', partnerA.id),
      signedInUser(test, 'program_manager', partnerB.id),
      signedInUser(test, 'participant'),
      signedInUser(test, 'facilitator'),
    ]);
    await addSchool({
      ncesId: SEATTLE_SCHOOL,
      name: 'Garfield High School',
      city: 'Seattle',
      state: 'WA',
      zip: '98101',
    });
    await addSchool({
      ncesId: SPOKANE_SCHOOL,
      name: 'Lewis and Clark High School',
      city: 'Spokane',
      state: 'WA',
      zip: '99201',
    });
    await addSchool({
      ncesId: DALLAS_SCHOOL,
      name: 'Booker T. Washington HS',
      city: 'Dallas',
      state: 'TX',
      zip: '75201',
    });
    await addSchool({
      ncesId: CLOSED_SCHOOL,
      name: 'Old Garfield Annex',
      city: 'Seattle',
      state: 'WA',
      zip: '98101',
      closed: true,
    });
    const form = await api('PUT', '/api/v1/teacher-application-forms/2027-28/csp', 'staff', {
      questions: [
        { prompt: 'Why do you want to teach CS Principles?', required: true },
        { prompt: 'Have you taught computer science before?', required: false },
      ],
    });
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    const [why, experience] = (form.body.questions as { id: string }[]).map((question) => question.id);
    questionIds = { why: why ?? '', experience: experience ?? '' };
  });
  afterAll(async () => {
    await test.close();
  });
}

export function api(method: string, path: string, who: Who | TestUser, body?: unknown): Promise<ApiResponse> {
  return callApi(test, method, path, userOf(who), body);
}

/** A valid application for CS Principles 2027-28 from the Seattle school. */
export function application(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    programYear: '2027-28',
    courseId: 'csp',
    school: { ncesId: SEATTLE_SCHOOL },
    answers: { [questionIds.why]: 'My students ask for it every year.' },
    ...overrides,
  };
}

/** A new teacher (participant account) who applies; their user and the application's id. */
export async function applyAsNewTeacher(
  overrides: Record<string, unknown> = {},
): Promise<{ teacher: TestUser; id: string; body: Record<string, unknown> }> {
  const teacher = await signedInUser(test, 'participant');
  const response = await api('POST', '/api/v1/teacher-applications', teacher, application(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { teacher, id: response.body.id as string, body: response.body };
}

const APPLICATION_TABLES = [
  'teacherApplications',
  'teacherApplicationEvents',
  'cohortCapacities',
  'enrollments',
  'mailOutbox',
] as const;

/** Rows in every table an application writes to (and any named): none may change when one is refused. */
export async function writes(
  extra: readonly ('principalApprovals' | 'teacherApplicationSettings')[] = [],
): Promise<number[]> {
  const db = test.deps.db.kysely;
  return Promise.all(
    [...APPLICATION_TABLES, ...extra].map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
}

/** A published CS Principles workshop of partner A (or as given), a month from now. */
export async function publishedWorkshop(overrides: Record<string, unknown> = {}): Promise<string> {
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const created = await api('POST', '/api/v1/workshops', 'pmA', {
    partnerId: partnerA.id,
    programYear: '2027-28',
    kind: 'course',
    courseId: 'csp',
    subject: '5-day Summer',
    title: 'CS Principles summer workshop',
    description: 'Five days of CS Principles.',
    audience: ['teachers'],
    capacity: 30,
    timeZone: 'America/Los_Angeles',
    location: {
      mode: 'in_person',
      venue: 'Seattle Central Library',
      address: '1000 4th Ave, Seattle',
      zip: '98104',
    },
    visibility: 'public',
    sessions: [{ date: day(30), start: '09:00', end: '16:00' }],
    ...overrides,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const published = await api('POST', `/api/v1/workshops/${id}/publish`, 'pmA');
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return id;
}

export async function mailsTo(address: string): Promise<{ subject: string; textBody: string }[]> {
  return test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['subject', 'textBody'])
    .where('toAddress', '=', address)
    .orderBy('createdAt')
    .execute();
}
