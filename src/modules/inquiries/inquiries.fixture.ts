import { randomBytes } from 'node:crypto';
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
import { SmtpSink, type ReceivedMail } from '../../../tests/helpers/smtp-sink.js';
import type { Partner } from '../partners/partners.schemas.js';

/*
 * What the inquiries test files share: a portal with an SMTP sink, two partners (A serves Washington except
 * Spokane County, which B holds along with Oregon), a user of each role, and helpers. Each file that calls
 * `useInquiryPortal()` gets its own portal and database.
 */
export let sink: SmtpSink;
export let test: TestPortal;
export let partnerA: Partner;
export let partnerB: Partner;
export let staff: TestUser;
export let pmA: TestUser;
export let pmB: TestUser;
export let participant: TestUser;
export let facilitator: TestUser;

export const CONTACT_A = 'contact-a@example.org';
export const CONTACT_B = 'contact-b@example.org';
/** The default PROGRAM_CONTACT_EMAIL: where questions for program staff go. */
export const STAFF_ADDRESS = 'partner@example.org';

export function useInquiryPortal(): void {
  beforeAll(setUp);
  afterAll(async () => {
    await test.close();
    await sink.close();
  });
}

export async function setUp() {
  sink = new SmtpSink();
  // The per-address limit gets its own portal below; here it must not get in the way of the other tests.
  test = await startTestPortal({ SMTP_URL: await sink.start(), INQUIRY_RATE_LIMIT: '100000' });
  await seedYears(test, ['2027-28'], '2027-28');
  // A serves Washington except Spokane County, which B holds along with Oregon.
  partnerA = await seedPartner(test, {
    year: '2027-28',
    name: 'Cascade Computing Partners',
    regions: ['WA'],
    input: { contactEmail: CONTACT_A },
  });
  partnerB = await seedPartner(test, {
    year: '2027-28',
    name: 'Columbia Basin CS Alliance',
    regions: ['OR', 'WA:Spokane'],
    input: { contactEmail: CONTACT_B },
  });
  staff = await signedInUser(test, 'staff');
  pmA = await signedInUser(test, 'program_manager', partnerA.id);
  pmB = await signedInUser(test, 'program_manager', partnerB.id);
  participant = await signedInUser(test, 'participant');
  facilitator = await signedInUser(test, 'facilitator');
}

export function uniqueEmail(label = 'sender'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.org`;
}

export function question(overrides: Record<string, string> = {}) {
  return {
    name: 'Nia Okafor',
    email: uniqueEmail(),
    role: 'teacher',
    zip: '98101',
    message: 'How can I join a CS Discoveries workshop this summer?',
    ...overrides,
  };
}

export function send(portal: TestPortal, body: unknown): Promise<Response> {
  return fetch(`${portal.url}/api/v1/inquiries`, jsonRequest(portal, 'POST', body));
}

export async function sendOk(body: unknown): Promise<{ id: string; routedTo: Record<string, unknown> }> {
  const response = await send(test, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; routedTo: Record<string, unknown> };
}

/** Rows in every table a submission writes to: none may change when one is refused. */
export async function writes(portal: TestPortal = test): Promise<number[]> {
  const db = portal.deps.db.kysely;
  return Promise.all(
    (['inquiries', 'inquiryEvents', 'mailOutbox'] as const).map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
}

export function storedInquiry(id: string) {
  return test.deps.db.kysely.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function mailTo(address: string, containing: string): Promise<ReceivedMail> {
  return sink.waitFor((mail) => mail.to.includes(address) && mail.text.includes(containing));
}

export async function getJson(path: string, user?: TestUser): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, 'GET', undefined, user?.cookie));
  return { status: response.status, body: await response.json() };
}

export async function inboxIds(user: TestUser, query = 'status=all'): Promise<string[]> {
  const { status, body } = await getJson(`/api/v1/inquiries?${query}`, user);
  expect(status).toBe(200);
  return (body as { inquiries: { id: string }[] }).inquiries.map((inquiry) => inquiry.id);
}

export function postForm(path: string, fields: Record<string, string>, user?: TestUser): Promise<Response> {
  return fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie));
}
