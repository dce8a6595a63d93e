import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  cookieHeader,
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
} from '../../../tests/helpers/portal.js';
import { countUsers } from './accounts.repository.js';
import { isSignedIn, signInForm, sink, test, uniqueEmail, useAccountPortal } from './accounts.fixture.js';

useAccountPortal();

describe('sign-up', () => {
  it('creates the account, which its emailed link confirms and signs in with a safe cookie', async () => {
    const email = uniqueEmail('new');
    const response = await fetch(
      `${test.url}/sign-up`,
      formRequest(test, { name: 'Nia New', email, password: 'a long enough password' }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-up/sent');
    expect(response.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);

    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toContain('Confirm your email address');
    const link = /https?:\/\/\S+verify-email\S+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const verified = await fetch(link ?? '', { redirect: 'manual' });
    expect(verified.status).toBe(302);
    const session = verified.headers.getSetCookie().find((c) => c.startsWith('better-auth.session_token='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    expect(await isSignedIn(cookieHeader(verified))).toBe(true);
    const user = await test.deps.db.kysely
      .selectFrom('users')
      .select('emailVerified')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(Boolean(user.emailVerified)).toBe(true);
  });

  it('explains bad input next to each field, keeps what was typed and creates nothing', async () => {
    const before = await countUsers(test.deps.db.kysely);
    const response = await fetch(
      `${test.url}/sign-up`,
      formRequest(test, { name: 'Kept Name', email: 'not-an-email', password: 'short' }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter an email address like name@example.org.');
    expect(html).toContain('Use at least 10 characters.');
    expect(html).toContain('value="Kept Name"');
    expect(html).toContain('value="not-an-email"');
    expect(await countUsers(test.deps.db.kysely)).toBe(before);
  });

  it('answers the same when the address has an account, and tells its owner by mail instead', async () => {
    const email = uniqueEmail('twice');
    const fields = { name: 'Twice', email, password: 'a long enough password' };
    const first = await fetch(`${test.url}/sign-up`, formRequest(test, fields));
    const again = await fetch(`${test.url}/sign-up`, formRequest(test, { ...fields, name: 'Someone Else' }));
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const told = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('You already have'));
    expect(told.text).toContain('/forgot-password');
    const accounts = await test.deps.db.kysely
      .selectFrom('users')
      .select('name')
      .where('email', '=', email)
      .execute();
    expect(accounts).toEqual([{ name: 'Twice' }]);
  });

  it('keeps an unconfirmed account out until its link is opened, sending the link again', async () => {
    const email = uniqueEmail('unconfirmed');
    await fetch(
      `${test.url}/sign-up`,
      formRequest(test, { name: 'Una', email, password: 'a long enough password' }),
    );
    const response = await signInForm(email, 'a long enough password');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Confirm your email address first');
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password and refuses a wrong one inline, keeping the email', async () => {
    const user = await signedInUser(test, 'participant');
    const wrong = await signInForm(user.email, 'not the password');
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('The email address or password is not right.');
    expect(html).toContain(`value="${user.email}"`);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('better-auth.session_token='))).toBe(false);

    const right = await signInForm(user.email, user.password);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/faq');
    expect(await isSignedIn(cookieHeader(right))).toBe(true);
  });

  it('only redirects to paths on this site after sign-in', async () => {
    const user = await signedInUser(test, 'participant');
    const response = await fetch(
      `${test.url}/sign-in`,
      formRequest(test, { email: user.email, password: user.password, next: '//evil.example/x' }),
    );
    expect(response.headers.get('location')).toBe('/');
  });

  it('signs out and revokes the session on the server', async () => {
    const user = await signedInUser(test, 'participant');
    const response = await fetch(`${test.url}/sign-out`, formRequest(test, {}, user.cookie));
    expect(response.status).toBe(303);
    expect(await isSignedIn(user.cookie)).toBe(false);
  });

  it('refuses sign-in requests sent from another site', async () => {
    const user = await signedInUser(test, 'participant');
    for (const path of ['/api/auth/sign-in/email', '/sign-in']) {
      const response = await fetch(`${test.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      expect(response.status, path).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('answers the JSON sign-in API with 401 for a wrong password', async () => {
    const user = await signedInUser(test, 'participant');
    const response = await fetch(
      `${test.url}/api/auth/sign-in/email`,
      jsonRequest(test, 'POST', { email: user.email, password: 'wrong password' }),
    );
    expect(response.status).toBe(401);
  });
});

describe('password reset', () => {
  it('emails a link that lets the owner choose a new password, after which only the new one works', async () => {
    const user = await signedInUser(test, 'participant');
    const request = await fetch(`${test.url}/forgot-password`, formRequest(test, { email: user.email }));
    expect(request.status).toBe(200);
    expect(await request.text()).toContain('we have sent it a link');

    const mail = await sink.waitFor((m) => m.to.includes(user.email) && m.subject.includes('Reset your'));
    const link = /https?:\/\/\S+reset-password\S+/.exec(mail.text)?.[0] ?? '';
    const landing = await fetch(link, { redirect: 'manual' });
    expect(landing.status).toBe(302);
    const token = new URL(landing.headers.get('location') ?? '', test.url).searchParams.get('token') ?? '';
    expect(token).not.toBe('');
    // better-auth's own table, outside the portal's schema types.
    const stored = await sql`select * from verifications`.execute(test.deps.db.raw);
    expect(stored.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const tooShort = await fetch(
      `${test.url}/reset-password`,
      formRequest(test, { token, password: 'short' }),
    );
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('Use at least 10 characters.');

    const reset = await fetch(
      `${test.url}/reset-password`,
      formRequest(test, { token, password: 'my brand new password' }),
    );
    expect(reset.status).toBe(303);
    expect(reset.headers.get('location')).toBe('/sign-in?notice=password-changed');
    expect((await signInForm(user.email, user.password)).status).toBe(400);
    expect((await signInForm(user.email, 'my brand new password')).status).toBe(303);
    expect(await isSignedIn(user.cookie)).toBe(false);

    const reused = await fetch(
      `${test.url}/reset-password`,
      formRequest(test, { token, password: 'another new password' }),
    );
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('This reset link has expired or was already used.');
  });

  it('answers the same for an unknown address, and sends nothing', async () => {
    const email = uniqueEmail('nobody');
    const response = await fetch(`${test.url}/forgot-password`, formRequest(test, { email }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('we have sent it a link');
    const queued = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select('id')
      .where('toAddress', '=', email)
      .execute();
    expect(queued).toEqual([]);
  });
});

describe('rate limiting and HTTPS', () => {
  it('limits sign-in attempts per client address', async () => {
    const limited = await startTestPortal({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await fetch(
          `${limited.url}/api/auth/sign-in/email`,
          jsonRequest(limited, 'POST', { email: 'someone@example.org', password: 'guess number one' }),
        );
        statuses.push(response.status);
        await response.body?.cancel();
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const form = await fetch(
        `${limited.url}/sign-in`,
        formRequest(limited, { email: 'a@example.org', password: 'x' }),
      );
      expect(form.status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('marks the session cookie Secure when the portal is served over HTTPS', async () => {
    const secure = await startTestPortal({ BASE_URL: 'https://portal.example' });
    try {
      const someone = await signedInUser(secure, 'participant');
      const response = await fetch(`${secure.url}/sign-in`, {
        ...formRequest(secure, { email: someone.email, password: someone.password }),
        headers: {
          ...(formRequest(secure, {}).headers as Record<string, string>),
          origin: 'https://portal.example',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'portal.example',
        },
      });
      expect(response.status, await response.clone().text()).toBe(303);
      const session = response.headers.getSetCookie().find((c) => c.includes('session_token='));
      expect(session).toMatch(/^__Secure-better-auth\.session_token=/);
      expect(session).toMatch(/; Secure/i);
    } finally {
      await secure.close();
    }
  });
});

describe('the main navigation', () => {
  async function navLinks(cookie?: string): Promise<string[]> {
    const html = await (await fetch(`${test.url}/faq`, { headers: cookie ? { cookie } : {} })).text();
    const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    return [...nav.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1] ?? '');
  }

  it('gives each role the places it works in', async () => {
    const visitor = await navLinks();
    expect(visitor).toContain('/sign-in');
    expect(visitor).not.toContain('/applications');

    const participant = await navLinks((await signedInUser(test, 'participant')).cookie);
    expect(participant).toContain('/applications');
    expect(participant).not.toContain('/staff');
    expect(participant).not.toContain('/inbox');

    const staff = await navLinks((await signedInUser(test, 'staff')).cookie);
    expect(staff).toEqual(expect.arrayContaining(['/staff', '/inbox']));
    expect(staff).not.toContain('/applications');
    const dashboard = await (
      await fetch(`${test.url}/staff`, { headers: { cookie: (await signedInUser(test, 'staff')).cookie } })
    ).text();
    expect(dashboard).toContain('href="/staff/applications"');
  });
});
