import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPortal, type Portal } from '../../src/app.js';
import type { AppDeps } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/db/schema.js';
import { createVerifiedAccount } from '../../src/modules/accounts/accounts.service.js';
import { createTestDatabase } from './databases.js';

export interface TestPortal {
  /** http://127.0.0.1:PORT, where the real server listens (BASE_URL too, unless overridden). */
  url: string;
  portal: Portal;
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * The real portal on a fresh copy of the migrated template database, listening on a random port.
 * Settings may be overridden per test file (e.g. SMTP_URL for a sink).
 */
export async function startTestPortal(env: Record<string, string> = {}): Promise<TestPortal> {
  const database = await createTestDatabase(inject('templateDatabase'), inject('postgresUrl'));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    MAIL_POLL_MS: '100',
    SIGN_IN_RATE_LIMIT: '1000',
    ...env,
  });
  const portal = await createPortal(config, { mailRetryBaseMs: 50, shutdownGraceMs: 500 });
  await portal.app.listen({ port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${port}`,
    portal,
    deps: portal.deps,
    close: async () => {
      await portal.close();
      await database.drop();
    },
  };
}

/** A port nothing listens on now, for a server a test starts. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface TestUser {
  email: string;
  password: string;
  /** The Cookie header of a signed-in session. */
  cookie: string;
}

/** Creates an account with the role and signs it in through the real HTTP API. */
export async function signedInUser(
  test: TestPortal,
  role: Role,
  partnerId: string | null = null,
): Promise<TestUser> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await createVerifiedAccount(test.deps.auth, test.deps.db.kysely, {
    input: { email, password, name: `Test ${role}` },
    role,
    partnerId,
  });
  return { email, password, cookie: await signIn(test, email, password) };
}

export async function signIn(test: TestPortal, email: string, password: string): Promise<string> {
  const response = await fetch(`${test.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: test.url },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookieHeader(response);
}

/** The Cookie header a browser would send back after this response. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** A same-origin JSON request, as the portal's own pages (or an API client) would send it. */
export function jsonRequest(test: TestPortal, method: string, body: unknown, cookie?: string): RequestInit {
  return {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      origin: test.url,
      ...(cookie ? { cookie } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

export interface ApiResponse {
  status: number;
  /** The Content-Type, to tell problem+json from JSON. */
  type: string;
  body: Record<string, unknown>;
}

/** A JSON API call as `user` (anonymous without one), with the answer's body parsed. */
export async function callApi(
  test: TestPortal,
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
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

/** A JSON API call that must succeed, for a test's set-up: its body, or an error naming what was refused. */
export async function callApiOk(
  test: TestPortal,
  method: string,
  path: string,
  user: TestUser,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, user.cookie));
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Loads the program FAQ from the repository's seed file, as the demo data does. */
export async function loadSeedFaq(test: TestPortal): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const { importFaqSeed } = await import('../../src/modules/faq/faq.import.js');
  const { replaceFaq } = await import('../../src/modules/faq/faq.service.js');
  const { FAQ_SEED_PATH } = await import('../../src/seed/demo.js');
  const { faq } = importFaqSeed(readFileSync(FAQ_SEED_PATH, 'utf8'));
  await replaceFaq(test.deps, { faq, actor: null, source: 'test seed' });
}

/** A form post as a browser sends it from one of the portal's pages: same origin, with the CSRF token. */
export function formRequest(test: TestPortal, fields: Record<string, string>, cookie = ''): RequestInit {
  const token = 'test-csrf-token-0123456789abcdefghij';
  return {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: test.url,
      cookie: [cookie, `portal_csrf=${token}`].filter(Boolean).join('; '),
    },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  };
}

/** A page without the portal's own enhancing script, for tests that no content put a script on it. */
export function withoutPortalScript(html: string): string {
  return html.replace('<script src="/assets/enhance.js" defer></script>', '');
}
