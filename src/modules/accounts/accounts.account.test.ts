import { describe, expect, it } from 'vitest';
import {
  cookieHeader,
  formRequest,
  signedInUser,
  signIn,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { isSignedIn, signInForm, sink, test, uniqueEmail, useAccountPortal } from './accounts.fixture.js';

useAccountPortal();

async function get(path: string, cookie?: string) {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    html: await response.text(),
  };
}

function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${test.url}${path}`, formRequest(test, fields, cookie));
}

function storedUser(email: string) {
  return test.deps.db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'email', 'emailVerified'])
    .where('email', '=', email)
    .executeTakeFirst();
}

async function sessionCount(userId: string): Promise<number> {
  const rows = await test.deps.db.kysely
    .selectFrom('sessions')
    .select('id')
    .where('userId', '=', userId)
    .execute();
  return rows.length;
}

/** The link in the newest mail to `to` whose text contains `containing`. */
async function linkIn(to: string, containing: string): Promise<string> {
  const mail = await sink.waitFor((m) => m.to.includes(to) && m.text.includes(containing));
  return /https?:\/\/\S+verify-email\S+/.exec(mail.text)?.[0] ?? '';
}

describe('signing in and coming back', () => {
  it('sends someone already signed in from /sign-in to their home page, or where they were going', async () => {
    const cases: [Parameters<typeof signedInUser>[1], string][] = [
      ['staff', '/staff'],
      ['program_manager', '/partner'],
      ['participant', '/'],
      ['facilitator', '/facilitator'],
    ];
    for (const [role, home] of cases) {
      const user = await signedInUser(test, role);
      const page = await get('/sign-in', user.cookie);
      expect(page.status, role).toBe(303);
      expect(page.location, role).toBe(home);
      expect((await get('/sign-in?next=%2Ffaq', user.cookie)).location, role).toBe('/faq');
    }
  });

  it('says a page needs signing in, and goes back to it afterwards, for any page', async () => {
    const user = await signedInUser(test, 'staff');
    for (const path of ['/staff/faq', '/account', '/staff/press-releases?status=submitted']) {
      const refused = await get(path);
      expect(refused.status, path).toBe(303);
      const signInPage = await get(refused.location);
      expect(signInPage.html, path).toContain('Sign in to see that page.');
      expect(signInPage.html, path).toContain(`name="next" value="${path.replaceAll('&', '&amp;')}"`);
      const signedIn = await signInForm(user.email, user.password, path);
      expect(signedIn.status, path).toBe(303);
      expect(signedIn.headers.get('location'), path).toBe(path);
    }
  });

  it('takes the person to their home page without a next page, and only ever to this site', async () => {
    const staff = await signedInUser(test, 'staff');
    const plain = await fetch(
      `${test.url}/sign-in`,
      formRequest(test, { email: staff.email, password: staff.password }),
    );
    expect(plain.headers.get('location')).toBe('/staff');
    for (const next of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      'javascript:alert(1)',
      '/with space',
    ]) {
      const signInPage = await get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(signInPage.html, next).not.toContain('Sign in to see that page.');
      expect(signInPage.html, next).not.toContain('name="next"');
      const response = await signInForm(staff.email, staff.password, next);
      expect(response.headers.get('location'), next).toBe('/staff');
    }
  });

  it('carries the page through creating an account instead', async () => {
    const signInPage = await get('/sign-in?next=%2Fapplications');
    expect(signInPage.html).toContain('href="/sign-up?next=%2Fapplications"');
    const signUpPage = await get('/sign-up?next=%2Fapplications');
    expect(signUpPage.html).toContain('name="next" value="/applications"');
    const email = uniqueEmail('back');
    const created = await post('/sign-up', {
      name: 'Comes Back',
      email,
      password: 'a long enough password',
      next: '/applications',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/sign-up/sent');
    // The emailed link signs the new account in and goes on to the page it was going to.
    const verified = await fetch(await linkIn(email, 'confirm your email address'), { redirect: 'manual' });
    const landing = new URL(verified.headers.get('location') ?? '', test.url);
    const arrived = await fetch(landing, { redirect: 'manual', headers: { cookie: cookieHeader(verified) } });
    expect(arrived.headers.get('location')).toBe('/applications?notice=welcome');
  });
});

describe('confirming an email address', () => {
  it('says "Email confirmed" on the page the link lands on', async () => {
    const email = uniqueEmail('confirm');
    const created = await post('/sign-up', {
      name: 'Cleo Confirm',
      email,
      password: 'a long enough password',
    });
    expect(created.status).toBe(303);
    const link = await linkIn(email, 'confirm your email address');
    // As a browser does: the link, then where it sends, with the cookie it set.
    const verified = await fetch(link, { redirect: 'manual' });
    expect(verified.status).toBe(302);
    expect(verified.headers.get('location')).toMatch(/\/email-verified$/);
    const landing = await get('/email-verified', cookieHeader(verified));
    expect(landing.status).toBe(303);
    expect(landing.location).toBe('/?notice=email-confirmed');
    const home = await get(landing.location, cookieHeader(verified));
    expect(home.html).toContain('Email confirmed: thank you.');
    expect(Boolean((await storedUser(email))?.emailVerified)).toBe(true);
  });

  it('says so when the link does not work', async () => {
    const broken = await fetch(
      `${test.url}/api/auth/verify-email?token=not-a-token&callbackURL=%2Femail-verified`,
      {
        redirect: 'manual',
      },
    );
    expect(broken.status).toBe(302);
    const location = new URL(broken.headers.get('location') ?? '', test.url);
    expect(location.pathname).toBe('/email-verified');
    const landing = await get(`${location.pathname}${location.search}`);
    expect(landing.status).toBe(400);
    expect(landing.html).toContain('This link did not work');
  });
});

describe('the account page', () => {
  it('is each signed-in person’s own, whatever their role; visitors are sent to sign in', async () => {
    const anonymous = await get('/account');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe('/sign-in?next=%2Faccount');
    for (const role of ['participant', 'facilitator', 'program_manager', 'staff'] as const) {
      const user = await signedInUser(test, role);
      const page = await get('/account', user.cookie);
      expect(page.status, role).toBe(200);
      expect(page.html, role).toContain(user.email);
      expect(page.html, role).toContain('data-confirm-title="Sign out everywhere?"');
    }
    for (const path of [
      '/account/name',
      '/account/email',
      '/account/password',
      '/account/sign-out-everywhere',
    ]) {
      const response = await post(path, { name: 'Nobody', newEmail: 'x@example.org', confirmed: 'yes' });
      expect(response.status, path).toBe(401);
    }
  });

  it('changes the name, refusing an empty one beside the field', async () => {
    const user = await signedInUser(test, 'participant');
    const refused = await post('/account/name', { name: '  ' }, user.cookie);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('id="field-name-error"');
    expect(html).toContain('Enter your name.');
    expect((await storedUser(user.email))?.name).toBe('Test participant');

    const saved = await post('/account/name', { name: 'Renamed Person' }, user.cookie);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/account?notice=name-changed');
    expect((await storedUser(user.email))?.name).toBe('Renamed Person');
    // The header's link to the account now says so.
    expect((await get('/faq', user.cookie)).html).toContain('Renamed Person</a>');
  });

  it('changes the email only once the new address is confirmed, keeping the old one until then', async () => {
    const user = await signedInUser(test, 'participant');
    const newEmail = uniqueEmail('moved');
    const asked = await post('/account/email', { newEmail }, user.cookie);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/account?notice=email-change-sent');
    const before = await storedUser(user.email);
    expect(before?.email).toBe(user.email);
    // The old address hears of it; the new one gets the link.
    await sink.waitFor((m) => m.to.includes(user.email) && m.text.includes(newEmail));
    const link = await linkIn(newEmail, 'use this email address');
    expect(await storedUser(newEmail)).toBeUndefined();

    const followed = await fetch(link, { redirect: 'manual', headers: { cookie: user.cookie } });
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe('/email-verified?change=yes');
    const landing = await get('/email-verified?change=yes', user.cookie);
    expect(landing.location).toBe('/account?notice=email-changed');
    expect((await get(landing.location, user.cookie)).html).toContain('Email confirmed');
    expect((await storedUser(newEmail))?.id).toBe(before?.id);
    expect(await storedUser(user.email)).toBeUndefined();
    expect((await signInForm(newEmail, user.password)).status).toBe(303);
  });

  it('refuses the same address or a malformed one beside the field; another account’s gets the same answer', async () => {
    const user = await signedInUser(test, 'participant');
    const same = await post('/account/email', { newEmail: user.email.toUpperCase() }, user.cookie);
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('This is already your email address.');
    const malformed = await post('/account/email', { newEmail: 'not-an-address' }, user.cookie);
    expect(malformed.status).toBe(400);
    const html = await malformed.text();
    expect(html).toContain('id="field-newEmail-error"');
    expect(html).toContain('value="not-an-address"');

    const other = await signedInUser(test, 'participant');
    const taken = await post('/account/email', { newEmail: other.email }, user.cookie);
    expect(taken.status).toBe(303);
    expect((await storedUser(user.email))?.email).toBe(user.email);
    const toOther = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select('id')
      .where('toAddress', '=', other.email)
      .execute();
    expect(toOther).toEqual([]);
  });

  it('changes the password only with the current one, ending the other sessions', async () => {
    const user = await signedInUser(test, 'participant');
    const elsewhere = await signIn(test, user.email, user.password);
    const wrong = await post(
      '/account/password',
      { currentPassword: 'not my password', newPassword: 'a brand new password' },
      user.cookie,
    );
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('id="field-currentPassword-error"');
    expect(html).toContain('That is not your current password.');
    // Neither password is written back into the page.
    expect(html).not.toContain('not my password');
    expect(html).not.toContain('a brand new password');
    expect(await isSignedIn(elsewhere)).toBe(true);

    const short = await post(
      '/account/password',
      { currentPassword: user.password, newPassword: 'short' },
      user.cookie,
    );
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Use at least 10 characters.');

    const changed = await post(
      '/account/password',
      { currentPassword: user.password, newPassword: 'a brand new password' },
      user.cookie,
    );
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/account?notice=password-saved');
    expect(await isSignedIn(cookieHeader(changed))).toBe(true);
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect((await signInForm(user.email, user.password)).status).toBe(400);
    expect((await signInForm(user.email, 'a brand new password')).status).toBe(303);
  });

  it('signs out everywhere after asking: every session of the person ends', async () => {
    const user: TestUser = await signedInUser(test, 'program_manager');
    const elsewhere = await signIn(test, user.email, user.password);
    const id = (await storedUser(user.email))?.id ?? '';
    expect(await sessionCount(id)).toBe(2);

    const asked = await post('/account/sign-out-everywhere', {}, user.cookie);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Sign out everywhere?');
    expect(await sessionCount(id)).toBe(2);

    const done = await post('/account/sign-out-everywhere', { confirmed: 'yes' }, user.cookie);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/?notice=signed-out-everywhere');
    expect(await sessionCount(id)).toBe(0);
    expect(await isSignedIn(user.cookie)).toBe(false);
    expect(await isSignedIn(elsewhere)).toBe(false);
  });
});
