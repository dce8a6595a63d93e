import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  cookieHeader,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Resource } from './resources.schemas.js';

/*
 * What the resources test files share: a portal with the two seeded documents, a partner, a user of each role,
 * and helpers for the API and for multipart uploads. Each file that calls `useResourcePortal()` gets its own
 * portal and database.
 */
export let test: TestPortal;
export let staff: TestUser;
export let programManager: TestUser;
export let facilitator: TestUser;
export let participant: TestUser;

export const JOB_DESCRIPTION_URL =
  'https://docs.google.com/document/d/1RTNpMGhGRdeeqB47vmEOw6xBy-UOFMigqt-pGKRHrZI/view';
export const SESSION_OVERVIEW_URL =
  'https://docs.google.com/document/d/1cRCVJSqDT3VLA5u17osE914WYTtIijxyKx5Z_uSYe3Y/edit?usp=sharing';

export function useResourcePortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    await seedYears(test, ['2027-28'], '2027-28');
    const partner = await seedPartner(test, {
      year: '2027-28',
      name: 'Cascade Computing Partners',
      regions: [],
    });
    staff = await signedInUser(test, 'staff');
    programManager = await signedInUser(test, 'program_manager', partner.id);
    facilitator = await signedInUser(test, 'facilitator');
    participant = await signedInUser(test, 'participant');
  });
  afterAll(async () => {
    await test.close();
  });
}

export async function listAs(user?: TestUser, query = ''): Promise<Resource[]> {
  const response = await fetch(
    `${test.url}/api/v1/resources${query}`,
    jsonRequest(test, 'GET', undefined, user?.cookie),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { resources: Resource[] }).resources;
}

/** As staff unless told otherwise (null: anonymously). */
export async function create(body: unknown, user: TestUser | null = staff): Promise<Response> {
  return fetch(`${test.url}/api/v1/resources`, jsonRequest(test, 'POST', body, user?.cookie));
}

// Uploads: multipart bodies as a browser (or an API client) sends them.

export const TOKEN = 'test-csrf-token-0123456789abcdefghij';

export interface Upload {
  bytes: Buffer;
  name: string;
  type: string;
}

export function pdf(size = 3000, name = 'handbook.pdf'): Upload {
  return {
    bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size)]),
    name,
    type: 'application/pdf',
  };
}

export function uploadFields(
  title: string,
  file: Upload,
  audience = 'public',
): Record<string, string | Upload> {
  return { title, audience, description: 'Uploaded in a test', file };
}

/** The CSRF token as a browser has it: the cookie the staff form sets and the hidden field it renders. */
export async function formSession(user: TestUser): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${test.url}/staff/resources`, { headers: { cookie: user.cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(token).not.toBe('');
  return { cookie: `${user.cookie}; ${cookieHeader(page)}`, token };
}

/** A multipart/form-data post; `_csrf` is sent unless `token` is null. */
export function postMultipart(
  path: string,
  fields: Record<string, string | Upload>,
  session: { cookie: string; token: string | null },
): Promise<Response> {
  const body = new FormData();
  if (session.token !== null) body.append('_csrf', session.token);
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.name);
  }
  const cookie =
    session.token === TOKEN
      ? [session.cookie, `portal_csrf=${TOKEN}`].filter(Boolean).join('; ')
      : session.cookie;
  return fetch(`${test.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: test.url, ...(cookie ? { cookie } : {}) },
    body,
  });
}

export async function download(id: string, user?: TestUser): Promise<Response> {
  return fetch(`${test.url}/resources/${id}/file`, { headers: user ? { cookie: user.cookie } : {} });
}

export async function storedCounts(): Promise<{ resources: number; files: number }> {
  const db = test.deps.db.kysely;
  const count = async (table: 'resources' | 'resourceFiles') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { resources: await count('resources'), files: await count('resourceFiles') };
}

export async function findByTitle(title: string): Promise<Resource> {
  const resource = (await listAs(staff, `?q=${encodeURIComponent(title)}`)).find((r) => r.title === title);
  if (!resource) throw new Error(`no resource titled ${title}`);
  return resource;
}
