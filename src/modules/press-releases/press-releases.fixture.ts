import { afterAll, beforeAll } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SEEDER, seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { SmtpSink, type ReceivedMail } from '../../../tests/helpers/smtp-sink.js';
import type { Partner } from '../partners/partners.schemas.js';
import type { PressReleaseEventKind, PressReleaseStatus } from './press-releases.schemas.js';
import { approvePressRelease, createPressRelease, submitPressRelease } from './press-releases.service.js';

/*
 * What the press-release test files share: a portal with an SMTP sink, two partners (A and B) of one year, a
 * user of each role (two staff), and helpers. Each file that calls `usePressReleasePortal()` gets its own
 * portal and database.
 */
export let sink: SmtpSink;
export let test: TestPortal;
export let partnerA: Partner;
export let partnerB: Partner;
export let staff: TestUser;
export let staff2: TestUser;
export let pmA: TestUser;
export let pmB: TestUser;
export let participant: TestUser;
export let facilitator: TestUser;

export const CONTACT_A = 'press-contact-a@example.org';
export const CONTACT_B = 'press-contact-b@example.org';
/** The default PROGRAM_CONTACT_EMAIL: program staff. */
export const STAFF_ADDRESS = 'partner@example.org';

export function usePressReleasePortal(): void {
  beforeAll(async () => {
    sink = new SmtpSink();
    test = await startTestPortal({ SMTP_URL: await sink.start() });
    await seedYears(test, ['2027-28'], '2027-28');
    partnerA = await seedPartner(test, {
      year: '2027-28',
      name: 'Cascade Computing Partners',
      regions: [],
      input: { contactEmail: CONTACT_A },
    });
    partnerB = await seedPartner(test, {
      year: '2027-28',
      name: 'Columbia Basin CS Alliance',
      regions: [],
      input: { contactEmail: CONTACT_B },
    });
    staff = await signedInUser(test, 'staff');
    staff2 = await signedInUser(test, 'staff');
    pmA = await signedInUser(test, 'program_manager', partnerA.id);
    pmB = await signedInUser(test, 'program_manager', partnerB.id);
    participant = await signedInUser(test, 'participant');
    facilitator = await signedInUser(test, 'facilitator');
  });
  afterAll(async () => {
    await test.close();
    await sink.close();
  });
}

export interface ApiResponse {
  status: number;
  type: string;
  body: unknown;
}

export async function api(
  method: string,
  path: string,
  user: TestUser | undefined,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, user?.cookie));
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
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

/** Rows in every table a press-release action writes to: none may change when one is refused. */
export async function writes(): Promise<number[]> {
  const db = test.deps.db.kysely;
  return Promise.all(
    (['pressReleases', 'pressReleaseVersions', 'pressReleaseEvents', 'mailOutbox'] as const).map(
      async (table) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      },
    ),
  );
}

export async function stored(id: string) {
  return test.deps.db.kysely
    .selectFrom('pressReleases')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function mailTo(address: string, containing: string): Promise<ReceivedMail> {
  return sink.waitFor((mail) => mail.to.includes(address) && mail.text.includes(containing));
}

let counter = 0;
/** A press release of partner A brought to a status through the domain functions, as staff would. */
export async function releaseIn(
  status: PressReleaseStatus,
  partnerId = partnerA.id,
  title = `Release ${++counter}`,
): Promise<string> {
  const deps = test.deps;
  const release = await createPressRelease(deps, {
    actor: SEEDER,
    input: { partnerId, title, bodyMarkdown: `Body of ${title}.` },
  });
  if (status === 'draft') return release.id;
  await submitPressRelease(deps, { actor: SEEDER, id: release.id });
  if (status === 'submitted') return release.id;
  await approvePressRelease(deps, { actor: SEEDER, id: release.id, input: {} });
  if (status === 'approved') return release.id;
  throw new Error(`releaseIn: ${status} not supported`);
}

/** A day as YYYY-MM-DD, `days` from today (negative: in the past). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

/** A publication date safely in the past, as every real one is. */
export const PUBLISHED_ON = dayFromToday(-3);

export type Who = 'anonymous' | 'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff';
export const EVERYONE: Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];

export function userOf(who: Who): TestUser | undefined {
  return { anonymous: undefined, participant, facilitator, pmA, pmB, staff }[who];
}

/** What the database holds for one release: its versions, its events of a kind, and the mail about it. */
export async function recorded(id: string, eventKind: PressReleaseEventKind) {
  const db = test.deps.db.kysely;
  const [versions, events, mail] = await Promise.all([
    db.selectFrom('pressReleaseVersions').select('version').where('pressReleaseId', '=', id).execute(),
    db
      .selectFrom('pressReleaseEvents')
      .select('body')
      .where('pressReleaseId', '=', id)
      .where('kind', '=', eventKind)
      .execute(),
    db
      .selectFrom('mailOutbox')
      .select(['toAddress', 'subject'])
      .where('textBody', 'like', `%/press-releases/${id}`)
      .orderBy('toAddress')
      .execute(),
  ]);
  return { versions: versions.map((row) => row.version), events, mail };
}
