import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';

// better-auth's HTTP API as the portal offers it: checked bodies, one attempt budget for every state change,
// refusals as problem+json in the portal's words, and nothing else of better-auth's reachable.

let test: TestPortal;
let user: TestUser;

beforeAll(async () => {
  test = await startTestPortal({ SIGN_IN_RATE_LIMIT: '100' });
  user = await signedInUser(test, 'participant');
});
afterAll(async () => {
  await test.close();
});

async function call(path: string, body: unknown, cookie?: string, method = 'POST') {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, cookie));
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : {}) as { detail?: string; errors?: { path: string; message: string }[] },
  };
}

async function storedName(): Promise<string | undefined> {
  const row = await test.deps.db.kysely
    .selectFrom('users')
    .select('name')
    .where('email', '=', user.email)
    .executeTakeFirst();
  return row?.name;
}

describe('the account API', () => {
  it('refuses a null or a 60,000-character name beside the field, and keeps the name', async () => {
    const before = await storedName();
    for (const name of [null, 'x'.repeat(60_000), '   ']) {
      const response = await call('/api/auth/update-user', { name }, user.cookie);
      expect(response.status).toBe(400);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.errors?.[0]?.path).toBe('name');
    }
    expect(await call('/api/auth/update-user', { name: 'Ana', role: 'staff' }, user.cookie)).toMatchObject({
      status: 400,
    });
    expect(await storedName()).toBe(before);
  });

  it('answers a wrong password as problem+json in the portal’s words', async () => {
    const response = await call('/api/auth/sign-in/email', {
      email: user.email,
      password: 'not the password',
    });
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toBe('The email address or the password is not right.');
  });

  it('offers none of better-auth’s other endpoints', async () => {
    for (const [method, path] of [
      ['GET', '/api/auth/list-sessions'],
      ['POST', '/api/auth/verify-password'],
      ['POST', '/api/auth/delete-user'],
      ['POST', '/api/auth/revoke-sessions'],
    ] as const) {
      const response = await call(path, method === 'GET' ? undefined : {}, user.cookie, method);
      expect(response.status, path).toBe(404);
      expect(response.type).toContain('application/problem+json');
    }
  });
});

describe('account mail to one address', () => {
  it('is sent at most three times an hour, however often it is asked for', async () => {
    // A new account, not confirmed yet: signing up sends the first confirmation.
    const email = 'unconfirmed.teacher@example.org';
    const signUp = await call('/api/auth/sign-up/email', {
      name: 'Unconfirmed Teacher',
      email,
      password: 'a long enough password',
    });
    expect(signUp.status).toBe(200);
    const statuses: number[] = [];
    for (let request = 0; request < 5; request++) {
      const response = await call('/api/auth/send-verification-email', { email });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const queued = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select('subject')
      .where('toAddress', '=', email)
      .execute();
    expect(queued.length).toBe(3);
  });
});

describe('the attempt budget', () => {
  it('limits password changes and verification emails like sign-ins, per client address', async () => {
    const limited = await startTestPortal({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      const someone = await signedInUser(limited, 'participant');
      const statuses: number[] = [];
      // The budget of three: the sign-in of signedInUser, then two password guesses.
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await fetch(
          `${limited.url}/api/auth/change-password`,
          jsonRequest(
            limited,
            'POST',
            { currentPassword: `guess ${attempt}`, newPassword: 'a brand new password' },
            someone.cookie,
          ),
        );
        statuses.push(response.status);
        await response.body?.cancel();
      }
      const verification = await fetch(
        `${limited.url}/api/auth/send-verification-email`,
        jsonRequest(limited, 'POST', { email: someone.email }),
      );
      statuses.push(verification.status);
      await verification.body?.cancel();
      expect(statuses).toEqual([400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
