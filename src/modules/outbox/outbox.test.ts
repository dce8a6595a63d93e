import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { HIDDEN_LINK } from '../../platform/mail/outbox.js';

// Without an SMTP server staff read every held message; a message's private link (a password reset, an
// enrollment's manage link) must not be among what they read, or reading the outbox would take over accounts.

let test: TestPortal;
let staff: TestUser;

beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
});
afterAll(async () => {
  await test.close();
});

/** The link a held message carries, as it would be delivered. */
async function deliveredLink(to: string, path: string): Promise<string> {
  const row = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select('textBody')
    .where('toAddress', '=', to)
    .executeTakeFirstOrThrow();
  const link = new RegExp(`https?://\\S+${path}\\S+`).exec(row.textBody)?.[0];
  if (!link) throw new Error(`no ${path} link in the mail to ${to}`);
  return link;
}

async function staffOutbox(search: string): Promise<string> {
  const response = await fetch(`${test.url}/staff/outbox?q=${encodeURIComponent(search)}`, {
    headers: { cookie: staff.cookie },
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe('the outbox as staff read it', () => {
  it('hides a password reset’s link, which still goes out whole', async () => {
    const user = await signedInUser(test, 'participant');
    const asked = await fetch(`${test.url}/forgot-password`, formRequest(test, { email: user.email }));
    expect(asked.status).toBe(200);
    const link = await deliveredLink(user.email, 'reset-password');
    const html = await staffOutbox(user.email);
    expect(html).toContain('Reset your');
    expect(html).toContain(HIDDEN_LINK);
    expect(html).not.toContain(link);
    expect(html).not.toContain(new URL(link).pathname);
  });

  it('hides an enrollment’s manage link', async () => {
    await seedYears(test, ['2027-28'], '2027-28');
    const partner = await seedPartner(test, { year: '2027-28', name: 'Cascade Computing', regions: ['WA'] });
    const manager = await signedInUser(test, 'program_manager', partner.id);
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await fetch(
      `${test.url}/api/v1/workshops`,
      jsonRequest(
        test,
        'POST',
        {
          partnerId: partner.id,
          kind: 'partner_own',
          title: 'Teaching with Pair Programming',
          topic: 'Pair programming',
          description: 'An evening on pair programming.',
          audience: ['teachers'],
          capacity: 10,
          location: { mode: 'virtual', url: 'https://example.org/meet' },
          visibility: 'public',
          sessions: [{ date: inAMonth, start: '17:00', end: '19:00' }],
        },
        manager.cookie,
      ),
    );
    const workshop = (await created.json()) as { id: string };
    await fetch(
      `${test.url}/api/v1/workshops/${workshop.id}/publish`,
      jsonRequest(test, 'POST', undefined, manager.cookie),
    );
    const email = 'lena.teacher@example.org';
    const signUp = await fetch(
      `${test.url}/api/v1/workshops/${workshop.id}/enrollments`,
      jsonRequest(test, 'POST', { name: 'Lena Teacher', email, role: 'teacher' }),
    );
    expect(signUp.status).toBe(201);
    const link = await deliveredLink(email, '/enrollments/');
    expect(link).toContain('token=');
    const html = await staffOutbox(email);
    expect(html).toContain('You are enrolled');
    expect(html).toContain(HIDDEN_LINK);
    expect(html).not.toContain(new URL(link).searchParams.get('token') ?? link);
  });
});
