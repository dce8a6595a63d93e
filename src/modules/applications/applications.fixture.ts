import { afterAll, beforeAll, expect } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';
import type { Application } from './applications.schemas.js';

/*
 * What the application test files share: a portal with an SMTP sink and a current year 2027-28, two partners
 * (A holds King County, WA; B holds Vermont's Chittenden County), a user of each role, and helpers. Each file
 * that calls `useApplicationPortal()` gets its own portal and database.
 */
export let sink: SmtpSink;
export let test: TestPortal;
export let staff: TestUser;
export let staff2: TestUser;
export let applicant: TestUser;
export let other: TestUser;
export let facilitator: TestUser;
/** Program managers of partner A and of partner B. */
export let managerA: TestUser;
export let managerB: TestUser;
export let partnerAId = '';

export const API = '/api/v1/partner-applications';
/** The default PROGRAM_CONTACT_EMAIL: program staff. */
export const STAFF_ADDRESS = 'partner@example.org';
export const YEAR = '2027-28';

export interface Problem {
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

export function useApplicationPortal(): void {
  beforeAll(setUp);
  afterAll(async () => {
    await test.close();
    await sink.close();
  });
}

async function setUp() {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await seedYears(test, [YEAR], YEAR);
  const partnerA = await seedPartner(test, {
    year: YEAR,
    name: 'Existing Partner',
    regions: ['WA:King'],
    input: { contactName: 'Eve', contactEmail: 'eve@example.org' },
  });
  const partnerB = await seedPartner(test, {
    year: YEAR,
    name: 'Green Mountain CS',
    regions: ['VT:Chittenden'],
  });
  partnerAId = partnerA.id;
  staff = await signedInUser(test, 'staff');
  staff2 = await signedInUser(test, 'staff');
  applicant = await signedInUser(test, 'participant');
  other = await signedInUser(test, 'participant');
  facilitator = await signedInUser(test, 'facilitator');
  managerA = await signedInUser(test, 'program_manager', partnerA.id);
  managerB = await signedInUser(test, 'program_manager', partnerB.id);
}

// The caller names the body type it expects, as with fetch().json().
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export async function api<T>(method: string, path: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, cookie));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A form post as the page sends it; `location` is where a redirect goes. */
export async function form(path: string, fields: Record<string, string>, cookie: string) {
  const response = await fetch(`${test.url}${path}`, formRequest(test, fields, cookie));
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

export async function page(path: string, cookie?: string) {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

export const organizations = (lead: string, state = 'ID') => [
  { name: `${lead} Foundation`, role: 'funding', country: 'US', state },
  { name: `${lead} University`, role: 'professional learning and outreach', country: 'US', state },
];

/** A complete draft through the JSON API, ready to submit. */
export async function completeDraft(
  cookie: string,
  lead: string,
  regions: string[],
  staffing = [
    { name: 'Pat Manager', email: `pat-${lead.toLowerCase().replace(/\W+/g, '-')}@example.org`, fte: 0.5 },
  ],
) {
  const created = await api<Application>('POST', API, {}, cookie);
  expect(created.status).toBe(201);
  const id = created.body.id;
  const steps: [string, unknown][] = [
    [
      'organizations',
      { contactName: 'Ada Lead', contactEmail: 'ada@example.org', organizations: organizations(lead) },
    ],
    ['region', { regions }],
    ['staffing', { staff: staffing }],
    ['narrative', { answers: Object.fromEntries(created.body.questions.map((q) => [q.id, 'Our answer.'])) }],
  ];
  for (const [step, body] of steps) {
    const saved = await api<Problem>('PUT', `${API}/${id}/${step}`, body, cookie);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  return id;
}

/** A complete draft, submitted. */
export async function submittedApplication(cookie: string, lead: string, regions: string[]) {
  const id = await completeDraft(cookie, lead, regions);
  expect((await api('POST', `${API}/${id}/submit`, undefined, cookie)).status).toBe(200);
  return id;
}

export async function toInterview(id: string) {
  for (const to of ['in_review', 'interview']) {
    expect((await api('POST', `${API}/${id}/transitions`, { to }, staff.cookie)).status).toBe(200);
  }
}

/** The public listing staff confirm on accepting. */
export const LISTING = { contactName: 'Public Desk', contactEmail: 'hello@new-partner.example.org' };

/** Mail enqueued for an application: every message about one links to it, to the applicant or to staff. */
export async function outboxFor(id: string) {
  const rows = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['toAddress', 'subject', 'textBody'])
    .execute();
  return rows.filter((m) => m.textBody.includes(`/applications/${id}`));
}

/** Rows in every table an application's life writes to: a refused action changes none of them. */
export async function writes(): Promise<number[]> {
  const db = test.deps.db.kysely;
  return Promise.all(
    (
      [
        'partnerApplications',
        'applicationOrganizations',
        'applicationRegions',
        'applicationStaff',
        'applicationAnswers',
        'applicationEvents',
        'applicationScores',
        'applicationNotes',
        'partners',
        'regionAssignments',
        'partnerInvitations',
        'mailOutbox',
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

export async function statusOf(id: string) {
  return (await api<Application>('GET', `${API}/${id}`, undefined, staff.cookie)).body.status;
}

/** Polls a condition of the database (not a fixed sleep) until it holds, or fails after a timeout. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The text a page shows beside a field: its error paragraph, by the field's id. */
export function fieldError(html: string, path: string): string | undefined {
  const id = `field-${path}-error`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `<p class="error" id="${id}"><span class="visually-hidden">Error: </span>([^<]*)</p>`,
  ).exec(html);
  return match?.[1]
    ?.replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The value a page's input of that name shows. */
export function inputValue(html: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const input = new RegExp(`<input[^>]* name="${escaped}"[^>]*>`).exec(html)?.[0];
  if (!input) return undefined;
  return /\svalue="([^"]*)"/.exec(input)?.[1] ?? (/\svalue(\s|\/|>)/.test(input) ? '' : undefined);
}
