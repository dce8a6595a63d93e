import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import type { Actor } from '../../platform/actor.js';
import { createPartner } from '../partners/partners.service.js';
import { createProgramYear } from '../program-years/program-years.service.js';
import type { Resource } from './resources.schemas.js';

let test: TestPortal;
let staff: TestUser;
let programManager: TestUser;
let facilitator: TestUser;
let participant: TestUser;

const JOB_DESCRIPTION_URL =
  'https://docs.google.com/document/d/1RTNpMGhGRdeeqB47vmEOw6xBy-UOFMigqt-pGKRHrZI/view';
const SESSION_OVERVIEW_URL =
  'https://docs.google.com/document/d/1cRCVJSqDT3VLA5u17osE914WYTtIijxyKx5Z_uSYe3Y/edit?usp=sharing';

const seeder: Actor = {
  id: 'seed',
  email: 'seed@example.org',
  name: 'Seed',
  roles: ['staff'],
  partnerIds: [],
};

beforeAll(async () => {
  test = await startTestPortal();
  await createProgramYear(test.deps, { actor: seeder, input: { name: '2027-28', makeCurrent: true } });
  const partner = await createPartner(test.deps, {
    actor: seeder,
    input: {
      programYear: '2027-28',
      name: 'Cascade Computing Partners',
      contactName: 'Contact',
      contactEmail: 'cascade@example.org',
      organizations: [{ name: 'Cascade Computing Partners', role: 'professional learning' }],
    },
  });
  staff = await signedInUser(test, 'staff');
  programManager = await signedInUser(test, 'program_manager', partner.id);
  facilitator = await signedInUser(test, 'facilitator');
  participant = await signedInUser(test, 'participant');
});
afterAll(async () => {
  await test.close();
});

async function listAs(user?: TestUser): Promise<Resource[]> {
  const response = await fetch(
    `${test.url}/api/v1/resources`,
    jsonRequest(test, 'GET', undefined, user?.cookie),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { resources: Resource[] }).resources;
}

/** As staff unless told otherwise (null: anonymously). */
async function create(body: unknown, user: TestUser | null = staff): Promise<Response> {
  return fetch(`${test.url}/api/v1/resources`, jsonRequest(test, 'POST', body, user?.cookie));
}

describe('the seeded resources', () => {
  it('are the two documents the FAQ links to', async () => {
    const resources = await listAs(staff);
    expect(resources.map((r) => [r.audience, r.url])).toEqual([
      ['applicants', JOB_DESCRIPTION_URL],
      ['public', SESSION_OVERVIEW_URL],
    ]);
  });
});

describe('who sees what', () => {
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    for (const audience of ['partners', 'facilitators'] as const) {
      const response = await create({
        title: `Handbook for ${audience}`,
        audience,
        url: `https://example.org/${audience}.pdf`,
      });
      expect(response.status).toBe(201);
      titles[audience] = ((await response.json()) as Resource).title;
    }
  });

  it('gives each role its audiences', async () => {
    const audiences = async (user?: TestUser) => (await listAs(user)).map((r) => r.audience).sort();
    expect(await audiences()).toEqual(['public']);
    expect(await audiences(participant)).toEqual(['applicants', 'public']);
    expect(await audiences(facilitator)).toEqual(['applicants', 'facilitators', 'public']);
    expect(await audiences(programManager)).toEqual(['applicants', 'partners', 'public']);
    expect(await audiences(staff)).toEqual(['applicants', 'facilitators', 'partners', 'public']);
  });

  it('shows the same on the resources page', async () => {
    const page = async (user?: TestUser) =>
      (await fetch(`${test.url}/resources`, { headers: user ? { cookie: user.cookie } : {} })).text();
    const anonymous = await page();
    expect(anonymous).toContain(SESSION_OVERVIEW_URL.replace('&', '&amp;'));
    expect(anonymous).not.toContain(JOB_DESCRIPTION_URL);
    const manager = await page(programManager);
    expect(manager).toContain(JOB_DESCRIPTION_URL);
    expect(manager).toContain(titles.partners);
    expect(manager).not.toContain(titles.facilitators);
  });
});

describe('staff managing resources', () => {
  it('adds one through the form, with validation', async () => {
    const bad = await fetch(
      `${test.url}/staff/resources`,
      formRequest(test, { title: 'Bad', audience: 'everyone', url: 'ftp://example.org/x' }, staff.cookie),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Choose who may see it');
    expect(html).toContain('Enter a web address starting with https://');

    const ok = await fetch(
      `${test.url}/staff/resources`,
      formRequest(
        test,
        {
          title: 'Workshop checklist',
          audience: 'public',
          url: 'https://example.org/checklist',
          description: '',
        },
        staff.cookie,
      ),
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/staff/resources?notice=resource-added');
    expect((await listAs()).map((r) => r.title)).toContain('Workshop checklist');
    const stored = await test.deps.db.kysely
      .withTables<{ resources: { title: string; createdBy: string | null } }>()
      .selectFrom('resources')
      .select('createdBy')
      .where('title', '=', 'Workshop checklist')
      .executeTakeFirst();
    expect(stored?.createdBy).toBeTruthy();
  });

  it('removes one after a confirmation page, and through the API', async () => {
    const added = (await (
      await create({ title: 'To remove', audience: 'public', url: 'https://example.org/old' })
    ).json()) as Resource;
    const confirm = await fetch(`${test.url}/staff/resources/${added.id}/remove`, {
      headers: { cookie: staff.cookie },
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Remove this resource?');
    const removed = await fetch(
      `${test.url}/staff/resources/${added.id}/remove`,
      formRequest(test, {}, staff.cookie),
    );
    expect(removed.status).toBe(303);
    expect((await listAs()).map((r) => r.id)).not.toContain(added.id);

    const again = (await (
      await create({ title: 'Via API', audience: 'applicants', url: 'http://example.org/api' })
    ).json()) as Resource;
    const deleted = await fetch(
      `${test.url}/api/v1/resources/${again.id}`,
      jsonRequest(test, 'DELETE', undefined, staff.cookie),
    );
    expect(deleted.status).toBe(204);
    const missing = await fetch(
      `${test.url}/api/v1/resources/${again.id}`,
      jsonRequest(test, 'DELETE', undefined, staff.cookie),
    );
    expect(missing.status).toBe(404);
  });

  it('answers bad API input with 400', async () => {
    const response = await create({ title: '', audience: 'public', url: 'javascript:alert(1)' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['title', 'url']);
  });
});

describe('staff routes refuse everyone else', () => {
  it('for every role, before looking at the input', async () => {
    const seeded = (await listAs()).find((r) => r.audience === 'public');
    const id = seeded?.id ?? '';
    const roles: [string, TestUser | undefined, number][] = [
      ['anonymous', undefined, 401],
      ['participant', participant, 403],
      ['facilitator', facilitator, 403],
      ['program manager', programManager, 403],
    ];
    for (const [label, user, status] of roles) {
      const cookie = user?.cookie;
      const attempts: [string, Promise<Response>][] = [
        ['POST api', create({ nonsense: true }, user ?? null)],
        [
          'DELETE api',
          fetch(`${test.url}/api/v1/resources/${id}`, jsonRequest(test, 'DELETE', undefined, cookie)),
        ],
        ['POST form', fetch(`${test.url}/staff/resources`, formRequest(test, { title: 'x' }, cookie))],
        ['POST remove', fetch(`${test.url}/staff/resources/${id}/remove`, formRequest(test, {}, cookie))],
      ];
      for (const [what, attempt] of attempts) {
        const response = await attempt;
        expect(response.status, `${label} ${what} ${await response.text()}`).toBe(status);
      }
      for (const path of ['/staff/resources', `/staff/resources/${id}/remove`]) {
        const response = await fetch(`${test.url}${path}`, {
          redirect: 'manual',
          headers: cookie ? { cookie } : {},
        });
        // Anonymous visitors are sent to sign in; signed-in ones are refused.
        expect(response.status, `${label} GET ${path}`).toBe(user ? 403 : 303);
      }
    }
    expect((await listAs(staff)).map((r) => r.id)).toContain(id);
  });
});
