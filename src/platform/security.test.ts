import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../tests/helpers/portal.js';
import { loadConfig } from '../config.js';
import { redactSecrets } from './security.js';

// What an attack run found at the edge of the portal: bodies that skipped the CSRF token, forwarded addresses
// believed from anyone, secrets in the access log, and NUL characters that PostgreSQL answered with a 500.

let test: TestPortal;
let staff: TestUser;
beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
});
afterAll(async () => {
  await test.close();
});

async function isSignedIn(cookie: string): Promise<boolean> {
  const response = await fetch(`${test.url}/account`, { headers: { cookie }, redirect: 'manual' });
  await response.body?.cancel();
  return response.status === 200;
}

describe('a state-changing request proves it was meant', () => {
  it('refuses a text/plain body to a form route with a 415, and changes nothing', async () => {
    const user = await signedInUser(test, 'participant');
    const response = await fetch(`${test.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'text/plain', cookie: user.cookie },
      body: 'anything',
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toContain('This address takes forms only');
    expect(await isSignedIn(user.cookie)).toBe(true);
  });

  it('refuses a body-less post to a form route as a form without its token', async () => {
    const user = await signedInUser(test, 'participant');
    const response = await fetch(`${test.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(403);
    expect(await isSignedIn(user.cookie)).toBe(true);
  });

  it('refuses a text/plain body to the API with a problem, and changes nothing', async () => {
    const response = await fetch(`${test.url}/api/v1/faq/questions/pm`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain', cookie: staff.cookie },
      body: JSON.stringify({ question: 'Hijacked question?' }),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain('as JSON');
  });

  it('still takes a form with its token and JSON without one', async () => {
    const user = await signedInUser(test, 'participant');
    const form = await fetch(`${test.url}/sign-out`, formRequest(test, {}, user.cookie));
    expect(form.status).toBe(303);
    const json = await fetch(`${test.url}/api/v1/inquiries`, {
      ...jsonRequest(test, 'POST', {
        name: 'Ann Lee',
        email: 'ann@example.org',
        role: 'teacher',
        message: 'Is there a workshop near Seattle?',
      }),
    });
    expect(json.status, await json.clone().text()).toBe(201);
  });
});

async function countInquiries(): Promise<number> {
  // PostgreSQL counts as a bigint, which arrives as a string.
  const row = await test.deps.db.kysely
    .selectFrom('inquiries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('control characters', () => {
  it('are refused with a 400 naming the field, in a path, a query, a JSON body and a form', async () => {
    const before = await countInquiries();

    const path = await fetch(`${test.url}/inbox/abc%00def`, { headers: { cookie: staff.cookie } });
    expect(path.status).toBe(400);
    expect(await path.text()).toContain('control character');

    const query = await fetch(`${test.url}/api/v1/press-releases?q=a%00b`, {
      headers: { cookie: staff.cookie },
    });
    expect(query.status).toBe(400);
    const problem = (await query.json()) as { errors: { path: string; message: string }[] };
    // A list's own query schema refuses it first, with the same kind of message.
    expect(problem.errors.map((error) => error.message).join(' ')).toContain('control character');

    const json = await fetch(
      `${test.url}/api/v1/inquiries`,
      jsonRequest(test, 'POST', {
        name: 'Ann\u0000 Lee',
        email: 'ann@example.org',
        role: 'teacher',
        message: 'Hello',
      }),
    );
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ errors: [{ path: 'name' }] });

    const form = await fetch(
      `${test.url}/contact`,
      formRequest(test, { name: 'Ann Lee', email: 'ann@example.org', role: 'teacher', message: 'Hi\u0001' }),
    );
    expect(form.status).toBe(400);

    expect(await countInquiries()).toBe(before);
  });

  it('allow tabs and line breaks in what people type', async () => {
    const response = await fetch(
      `${test.url}/api/v1/inquiries`,
      jsonRequest(test, 'POST', {
        name: 'Ann Lee',
        email: 'ann.lines@example.org',
        role: 'teacher',
        message: 'First line\r\nSecond line\twith a tab',
      }),
    );
    expect(response.status).toBe(201);
  });
});

describe('addresses fastify cannot route', () => {
  it('get the portal’s error page or problem, with its security headers', async () => {
    const cases = [
      { path: '/inbox/%E0%A4%A', status: 400, type: 'text/html', text: 'not correctly %-encoded' },
      { path: '/api/v1/partners/%E0%A4%A', status: 400, type: 'application/problem+json', text: '%-encoded' },
      { path: `/inbox/${'x'.repeat(300)}`, status: 414, type: 'text/html', text: 'too long' },
      {
        path: `/api/v1/partners/${'x'.repeat(300)}`,
        status: 414,
        type: 'application/problem+json',
        text: 'too long',
      },
    ];
    for (const { path, status, type, text } of cases) {
      const response = await fetch(`${test.url}${path}`);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toContain(type);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(await response.text(), path).toContain(text);
    }
  });
});

describe('forwarded client addresses', () => {
  it('are believed from the configured number of proxies only, so a client cannot escape the limits', async () => {
    const behindProxy = await startTestPortal({
      BASE_URL: 'https://portal.example',
      SIGN_IN_RATE_LIMIT: '3',
    });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        // The client claims a new address each time; the proxy appends the address it really came from.
        const response = await fetch(`${behindProxy.url}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: 'https://portal.example',
            'x-forwarded-for': `198.51.100.${attempt + 1}, 203.0.113.7`,
            'x-forwarded-proto': 'https',
            'x-forwarded-host': 'portal.example',
          },
          body: JSON.stringify({ email: 'someone@example.org', password: 'guess number one' }),
        });
        statuses.push(response.status);
        await response.body?.cancel();
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await behindProxy.close();
    }
  });

  it('TRUST_PROXY takes false, a hop count or proxy addresses, and defaults to one hop behind https', () => {
    const base = { NODE_ENV: 'test', AUTH_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, BASE_URL: 'https://portal.example' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, BASE_URL: 'https://portal.example', TRUST_PROXY: 'false' }).trustProxy).toBe(
      false,
    );
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1,10.1.0.0/16' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'yes please' })).toThrow(/Invalid setting TRUST_PROXY/);
  });
});

describe('the access log', () => {
  it('writes no secret that a link carries', () => {
    expect(redactSecrets('/reset-password?token=abc123&x=1')).toBe('/reset-password?token=[redacted]&x=1');
    expect(redactSecrets('/api/auth/verify-email?token=eyJhbGc.x.y&callbackURL=%2Femail-verified')).toBe(
      '/api/auth/verify-email?token=[redacted]&callbackURL=%2Femail-verified',
    );
    expect(redactSecrets('/invitations/Zm9vYmFyYmF6')).toBe('/invitations/[redacted]');
    expect(redactSecrets('/sign-in?next=%2Finvitations%2FZm9vYmFyYmF6')).toBe(
      '/sign-in?next=%2Finvitations%2F[redacted]',
    );
    expect(redactSecrets('/invitations/accepted/42')).toBe('/invitations/accepted/42');
    expect(redactSecrets('/principal-approvals/Zm9vYmFyYmF6')).toBe('/principal-approvals/[redacted]');
    expect(redactSecrets('/calendars/u1.c2VjcmV0LW1hYw.ics')).toBe('/calendars/[redacted]');
    expect(redactSecrets('/calendars/u1.c2VjcmV0LW1hYw.ics?x=1')).toBe('/calendars/[redacted]?x=1');
    expect(redactSecrets('/workshops/w1.ics?invite=c2VjcmV0')).toBe('/workshops/w1.ics?invite=[redacted]');
    expect(redactSecrets('/calendar/reset')).toBe('/calendar/reset');
    expect(redactSecrets('/inbox?status=open')).toBe('/inbox?status=open');
  });
});
