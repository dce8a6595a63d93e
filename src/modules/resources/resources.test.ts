import { beforeAll, describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, type TestUser } from '../../../tests/helpers/portal.js';
import {
  create,
  facilitator,
  JOB_DESCRIPTION_URL,
  listAs,
  participant,
  pdf,
  postMultipart,
  programManager,
  SESSION_OVERVIEW_URL,
  staff,
  test,
  TOKEN,
  uploadFields,
  useResourcePortal,
} from './resources.fixture.js';
import type { Resource } from './resources.schemas.js';

useResourcePortal();

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
    // Sent without the confirmation, the button asks on a page of its own and removes nothing.
    const confirm = await fetch(
      `${test.url}/staff/resources/${added.id}/remove`,
      formRequest(test, {}, staff.cookie),
    );
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Remove this resource?');
    expect((await listAs()).map((r) => r.id)).toContain(added.id);
    const removed = await fetch(
      `${test.url}/staff/resources/${added.id}/remove`,
      formRequest(test, { confirmed: 'yes' }, staff.cookie),
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
        [
          'POST remove',
          fetch(`${test.url}/staff/resources/${id}/remove`, formRequest(test, { confirmed: 'yes' }, cookie)),
        ],
        [
          'POST api upload',
          postMultipart('/api/v1/resources', uploadFields('Refused', pdf()), {
            cookie: cookie ?? '',
            token: TOKEN,
          }),
        ],
        [
          'POST form upload',
          postMultipart('/staff/resources', uploadFields('Refused', pdf()), {
            cookie: cookie ?? '',
            token: TOKEN,
          }),
        ],
      ];
      for (const [what, attempt] of attempts) {
        const response = await attempt;
        expect(response.status, `${label} ${what} ${await response.text()}`).toBe(status);
      }
      const response = await fetch(`${test.url}/staff/resources`, {
        redirect: 'manual',
        headers: cookie ? { cookie } : {},
      });
      // Anonymous visitors are sent to sign in; signed-in ones are refused.
      expect(response.status, `${label} GET /staff/resources`).toBe(user ? 403 : 303);
    }
    expect((await listAs(staff)).map((r) => r.id)).toContain(id);
    expect((await listAs(staff)).map((r) => r.title)).not.toContain('Refused');
  });
});

describe('the resources page', () => {
  it('lists each person’s documents under the audience they are for', async () => {
    const html = async (user?: TestUser) =>
      (await fetch(`${test.url}/resources`, { headers: user ? { cookie: user.cookie } : {} })).text();
    const manager = await html(programManager);
    const headings = [...manager.matchAll(/<h2 id="audience-([a-z]+)">([^<]+)<\/h2>/g)].map((m) => m[2]);
    expect(headings).toEqual([
      'For everyone',
      'For applicants (signed-in users)',
      'For partner program managers',
    ]);
    const partnersSection = manager.slice(manager.indexOf('id="audience-partners"'));
    expect(partnersSection).toContain('Handbook for partners');
    expect(partnersSection).not.toContain(SESSION_OVERVIEW_URL.replace('&', '&amp;'));
    // Only staff are offered to manage them.
    expect(manager).not.toContain('href="/staff/resources"');
    expect(await html(staff)).toContain('href="/staff/resources"');
    expect(await html()).toContain('href="/sign-in?next=%2Fresources"');
  });
});

describe('the staff list of resources', () => {
  it('searches, filters by audience, sorts and pages, by the address and through the API', async () => {
    for (let n = 0; n < 26; n++) {
      const response = await create({
        title: `Paged sheet ${String(n).padStart(2, '0')}`,
        audience: n % 2 === 0 ? 'facilitators' : 'partners',
        url: `https://example.org/sheet-${n}`,
        description: n === 7 ? 'The one with the agenda' : '',
      });
      expect(response.status).toBe(201);
    }
    const page = async (query: string) =>
      (await fetch(`${test.url}/staff/resources${query}`, { headers: { cookie: staff.cookie } })).text();
    const found = await page('?q=agenda');
    expect(found).toContain('Paged sheet 07');
    expect(found).not.toContain('Paged sheet 08');
    const forFacilitators = await page('?audience=facilitators&q=Paged');
    expect(forFacilitators).toContain('Paged sheet 00');
    expect(forFacilitators).not.toContain('Paged sheet 01');
    const sorted = await page('?q=Paged&sort=title&dir=desc');
    expect(sorted.indexOf('Paged sheet 25')).toBeLessThan(sorted.indexOf('Paged sheet 24'));
    expect(sorted).toContain('aria-label="Page 2"');

    const response = await fetch(
      `${test.url}/api/v1/resources?q=Paged&sort=title&dir=asc&page=2`,
      jsonRequest(test, 'GET', undefined, staff.cookie),
    );
    const body = (await response.json()) as {
      resources: Resource[];
      total: number;
      page: number;
      pageCount: number;
      truncated: boolean;
    };
    expect(body).toMatchObject({ total: 26, page: 2, pageCount: 2, truncated: false });
    expect(body.resources.map((r) => r.title)).toEqual(['Paged sheet 25']);
    // A visitor asking for documents that are not theirs gets none, not an error.
    expect(await listAs(undefined, '?audience=partners')).toEqual([]);
    const bad = await fetch(`${test.url}/api/v1/resources?audience=everyone`);
    expect(bad.status).toBe(400);
  });

  it('asks before removing, with a button that carries the question for the dialog', async () => {
    const html = await (
      await fetch(`${test.url}/staff/resources?q=Workshop+checklist`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(html).toContain('data-confirm-title="Remove this resource?"');
    expect(html).toContain('The linked document itself is not deleted.');
  });

  it('keeps what was typed in the add form when it is refused, and names the fields', async () => {
    const refused = await postMultipart(
      '/staff/resources',
      { title: 'Kept title', audience: '', description: 'Kept description', url: '' },
      { cookie: staff.cookie, token: TOKEN },
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('value="Kept title"');
    expect(html).toContain('Kept description');
    expect(html).toContain('id="field-audience-error"');
    expect(html).toContain('href="#field-file"');
    expect(html).toContain('If you had chosen a file, choose it again.');
  });
});
