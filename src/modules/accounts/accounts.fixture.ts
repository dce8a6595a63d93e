import { afterAll, beforeAll } from 'vitest';
import { formRequest, startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';

/*
 * What the accounts test files share: a portal with an SMTP sink, and helpers. Each file that calls
 * `useAccountPortal()` gets its own portal and database.
 */
export let sink: SmtpSink;
export let test: TestPortal;

export function useAccountPortal(): void {
  beforeAll(async () => {
    sink = new SmtpSink();
    test = await startTestPortal({ SMTP_URL: await sink.start() });
  });
  afterAll(async () => {
    await test.close();
    await sink.close();
  });
}

export function uniqueEmail(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}@example.org`;
}

export async function signInForm(email: string, password: string, next = '/faq'): Promise<Response> {
  return fetch(`${test.url}/sign-in`, formRequest(test, { email, password, next }));
}

/** The page as the holder of this cookie sees it: signed in or not. */
export async function isSignedIn(cookie: string): Promise<boolean> {
  const html = await (await fetch(`${test.url}/`, { headers: { cookie } })).text();
  return html.includes('Sign out');
}
