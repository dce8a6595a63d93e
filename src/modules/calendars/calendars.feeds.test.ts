import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';

let test: TestPortal;
let facilitator: TestUser;
let participant: TestUser;

beforeAll(async () => {
  test = await startTestPortal();
  facilitator = await signedInUser(test, 'facilitator');
  participant = await signedInUser(test, 'participant');
});
afterAll(async () => {
  await test.close();
});

async function feedUrl(user: TestUser): Promise<string> {
  const response = await fetch(`${test.url}/api/v1/me/calendar-feed`, { headers: { cookie: user.cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('private, no-store');
  return ((await response.json()) as { url: string }).url;
}

async function resetByApi(user: TestUser): Promise<Response> {
  return fetch(
    `${test.url}/api/v1/me/calendar-feed/reset`,
    jsonRequest(test, 'POST', undefined, user.cookie),
  );
}

/** What a calendar app gets from a feed address: no cookie, no session. */
async function subscribe(url: string) {
  const response = await fetch(url);
  return { response, text: await response.text() };
}

/** The user id and the secret of a feed address. */
function tokenOf(url: string): { userId: string; mac: string } {
  const match = /\/calendars\/([^/]+)\.([A-Za-z0-9_-]+)\.ics$/.exec(url);
  if (!match?.[1] || !match[2]) throw new Error(`not a feed address: ${url}`);
  return { userId: match[1], mac: match[2] };
}

describe('a personal calendar feed', () => {
  it('has a secret address of the portal that stays the same until it is reset', async () => {
    const url = await feedUrl(facilitator);
    expect(url.startsWith(`${test.url}/calendars/`)).toBe(true);
    expect(url).toMatch(/\/calendars\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.ics$/);
    expect(await feedUrl(facilitator)).toBe(url);
    // Another person's address is another one.
    expect(await feedUrl(participant)).not.toBe(url);
  });

  it('answers a calendar app without a session with an iCalendar document that is never cached', async () => {
    const { response, text } = await subscribe(await feedUrl(facilitator));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="my-workshops.ics"');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const calendar = ICAL.Component.fromString(text);
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Regional Partner Program: my workshops');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('answers 404 for a forged, borrowed or malformed token, the same for each', async () => {
    const own = tokenOf(await feedUrl(facilitator));
    const other = tokenOf(await feedUrl(participant));
    const forged = [
      `${own.userId}.${'A'.repeat(43)}`,
      // Someone else's secret with my id, and my secret with theirs.
      `${own.userId}.${other.mac}`,
      `${other.userId}.${own.mac}`,
      // A user without a feed, a truncated secret, no secret at all, and nonsense.
      `nobody-at-all.${own.mac}`,
      `${own.userId}.${own.mac.slice(0, 42)}`,
      own.userId,
      '..',
    ];
    for (const token of forged) {
      const { response, text } = await subscribe(`${test.url}/calendars/${token}.ics`);
      expect(response.status, token).toBe(404);
      expect(text).not.toContain('BEGIN:VCALENDAR');
    }
    // The genuine one still works.
    expect((await subscribe(`${test.url}/calendars/${own.userId}.${own.mac}.ics`)).response.status).toBe(200);
  });

  it('is reset by the API: the old address answers 404 and the new one works', async () => {
    const before = await feedUrl(facilitator);
    const response = await resetByApi(facilitator);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const { url: after } = (await response.json()) as { url: string };
    expect(after).not.toBe(before);
    expect(tokenOf(after).userId).toBe(tokenOf(before).userId);
    expect((await subscribe(before)).response.status).toBe(404);
    expect((await subscribe(after)).response.status).toBe(200);
    expect(await feedUrl(facilitator)).toBe(after);
    // Nobody else's address changed.
    expect((await subscribe(await feedUrl(participant))).response.status).toBe(200);
  });

  it('can be reset by someone who never asked for the address', async () => {
    const newcomer = await signedInUser(test, 'participant');
    const response = await resetByApi(newcomer);
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect((await subscribe(url)).response.status).toBe(200);
    expect(await feedUrl(newcomer)).toBe(url);
  });

  it('is shown on its page with the address to copy and a reset button that asks first', async () => {
    const url = await feedUrl(facilitator);
    const response = await fetch(`${test.url}/calendar`, { headers: { cookie: facilitator.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`value="${url}"`);
    expect(html).toContain(`href="${url.replace(/^http:/, 'webcal:')}"`);
    expect(html).toMatch(
      /<form method="post" action="\/calendar\/reset"[^>]*data-confirm-title="Reset your calendar address\?"/,
    );
  });
});

describe('resetting by the form', () => {
  it('asks first, then resets and says so', async () => {
    const before = await feedUrl(facilitator);
    const asked = await fetch(`${test.url}/calendar/reset`, formRequest(test, {}, facilitator.cookie));
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain('Reset your calendar address?');
    expect(question).toContain('name="confirmed" value="yes"');
    // Asking changed nothing.
    expect(await feedUrl(facilitator)).toBe(before);

    const done = await fetch(
      `${test.url}/calendar/reset`,
      formRequest(test, { confirmed: 'yes' }, facilitator.cookie),
    );
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/calendar?notice=calendar-feed-reset');
    const after = await feedUrl(facilitator);
    expect(after).not.toBe(before);
    expect((await subscribe(before)).response.status).toBe(404);
    expect((await subscribe(after)).response.status).toBe(200);
    const page = await fetch(`${test.url}/calendar?notice=calendar-feed-reset`, {
      headers: { cookie: facilitator.cookie },
    });
    expect(await page.text()).toContain('Your calendar address is reset.');
  });

  it('refuses a form post without its CSRF token, and one from another site', async () => {
    const before = await feedUrl(facilitator);
    const withoutToken = await fetch(`${test.url}/calendar/reset`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: test.url,
        cookie: facilitator.cookie,
      },
      body: new URLSearchParams({ confirmed: 'yes' }).toString(),
    });
    expect(withoutToken.status).toBe(403);
    const request = formRequest(test, { confirmed: 'yes' }, facilitator.cookie);
    const crossSite = await fetch(`${test.url}/calendar/reset`, {
      ...request,
      headers: { ...(request.headers as Record<string, string>), origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await feedUrl(facilitator)).toBe(before);
  });
});

describe('without signing in', () => {
  it('has no feed address, and cannot reset one (401)', async () => {
    const get = await fetch(`${test.url}/api/v1/me/calendar-feed`);
    expect(get.status).toBe(401);
    expect(get.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await resetByApi({ cookie: '' } as TestUser)).status).toBe(401);
    const form = await fetch(`${test.url}/calendar/reset`, formRequest(test, { confirmed: 'yes' }));
    expect(form.status).toBe(401);
    const asked = await fetch(`${test.url}/calendar/reset`, formRequest(test, {}));
    expect(asked.status).toBe(401);
    const page = await fetch(`${test.url}/calendar`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fcalendar');
  });
});

describe('the public feeds', () => {
  it('answer 404 (a page, not a calendar) for a workshop or partner that is not there', async () => {
    for (const path of ['/workshops/no-such-workshop.ics', '/partners/no-such-partner/workshops.ics']) {
      const response = await fetch(`${test.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
    }
  });
});

describe('the API description', () => {
  it('documents the feeds and the feed address under Calendars', async () => {
    const response = await fetch(`${test.url}/api/openapi.json`);
    const spec = (await response.json()) as {
      paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>;
    };
    const documented = [
      ['/workshops/{id}.ics', 'get'],
      ['/partners/{id}/workshops.ics', 'get'],
      ['/calendars/{token}.ics', 'get'],
      ['/api/v1/me/calendar-feed', 'get'],
      ['/api/v1/me/calendar-feed/reset', 'post'],
    ] as const;
    for (const [path, method] of documented) {
      expect(spec.paths[path]?.[method]?.tags, path).toEqual(['Calendars']);
    }
    expect(Object.keys(spec.paths['/api/v1/me/calendar-feed/reset']?.post?.responses ?? {})).toEqual([
      '200',
      '401',
    ]);
    expect(spec.paths['/workshops/{id}.ics']?.get?.responses['200']).toMatchObject({
      content: { 'text/calendar': {} },
    });
    expect(spec.paths['/calendar/reset']).toBeUndefined();
  });
});
