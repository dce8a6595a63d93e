import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';
import { MailWorker } from './mail-worker.js';
import { Outbox } from './outbox.js';

async function statusOf(test: TestPortal, id: string) {
  return test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['status', 'attempts', 'lastError'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('with an SMTP server', () => {
  let sink: SmtpSink;
  let test: TestPortal;
  beforeAll(async () => {
    sink = new SmtpSink();
    test = await startTestPortal({ SMTP_URL: await sink.start() });
  });
  afterAll(async () => {
    await test.close();
    await sink.close();
  });

  it('delivers queued mail and marks it sent', async () => {
    const id = await test.deps.outbox.enqueue({
      to: 'ada@example.org',
      subject: 'Hello Ada',
      text: 'Line one\nLine two',
    });
    const mail = await sink.waitFor((m) => m.subject === 'Hello Ada');
    expect(mail.to).toBe('ada@example.org');
    expect(mail.text.trim()).toBe('Line one\nLine two');
    await expect.poll(async () => (await statusOf(test, id)).status).toBe('sent');
  });

  it('retries with backoff while the server refuses, then delivers', async () => {
    sink.failing = true;
    const id = await test.deps.outbox.enqueue({ to: 'bo@example.org', subject: 'Retry me', text: 'Body' });
    await expect
      .poll(async () => (await statusOf(test, id)).attempts, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const failed = await statusOf(test, id);
    expect(failed.status).not.toBe('sent');
    expect(failed.lastError).toContain('Mailbox busy');
    sink.failing = false;
    await sink.waitFor((m) => m.subject === 'Retry me');
    await expect.poll(async () => (await statusOf(test, id)).status, { timeout: 10_000 }).toBe('sent');
  });
});

describe('mail queued inside a transaction', () => {
  let sink: SmtpSink;
  let test: TestPortal;
  beforeAll(async () => {
    sink = new SmtpSink();
    // Polling is ten minutes apart: whatever arrives within the test came from the wake-up on commit.
    test = await startTestPortal({ SMTP_URL: await sink.start(), MAIL_POLL_MS: '600000' });
  });
  afterAll(async () => {
    await test.close();
    await sink.close();
  });

  it('goes out as soon as the transaction commits, and not at all if it rolls back', async () => {
    const db = test.deps.db.kysely;
    await expect(
      db.transaction().execute(async (trx) => {
        await test.deps.outbox.enqueue({ to: 'ed@example.org', subject: 'Rolled back', text: 'Body' }, trx);
        throw new Error('the change fails after the mail was queued');
      }),
    ).rejects.toThrow('the change fails');
    const id = await db
      .transaction()
      .execute((trx) =>
        test.deps.outbox.enqueue({ to: 'ed@example.org', subject: 'Committed', text: 'Body' }, trx),
      );
    await sink.waitFor((m) => m.subject === 'Committed');
    await expect.poll(async () => (await statusOf(test, id)).status).toBe('sent');
    expect(sink.messages.map((m) => m.subject)).toEqual(['Committed']);
  });
});

describe('a server that refuses everything', () => {
  it('is given up on after the last attempt, with the reason kept', async () => {
    // A portal without SMTP runs no worker of its own, so the worker under test is the only sender.
    const test = await startTestPortal();
    const refusing = new SmtpSink();
    refusing.failing = true;
    const outbox = new Outbox(test.deps.db.kysely, true);
    const worker = new MailWorker({
      db: test.deps.db.kysely,
      outbox,
      smtpUrl: await refusing.start(),
      from: 'portal@example.org',
      pollMs: 50,
      retryBaseMs: 10,
      maxAttempts: 2,
      logError: () => undefined,
    });
    try {
      const id = await outbox.enqueue({ to: 'cy@example.org', subject: 'Never arrives', text: 'Body' });
      worker.start();
      await expect.poll(async () => (await statusOf(test, id)).status, { timeout: 10_000 }).toBe('failed');
      const message = await statusOf(test, id);
      expect(message.attempts).toBe(2);
      expect(message.lastError).toContain('Mailbox busy');
      expect(refusing.messages).toEqual([]);
    } finally {
      await worker.stop();
      await refusing.close();
      await test.close();
    }
  });
});

describe('without an SMTP server', () => {
  let test: TestPortal;
  beforeAll(async () => {
    test = await startTestPortal();
  });
  afterAll(async () => {
    await test.close();
  });

  it('keeps mail in the outbox, where staff read it', async () => {
    const id = await test.deps.outbox.enqueue({
      to: 'di@example.org',
      subject: 'Kept for staff',
      text: 'Readable body',
    });
    expect((await statusOf(test, id)).status).toBe('held');
    const staff = await signedInUser(test, 'staff');
    const response = await fetch(`${test.url}/staff/outbox`, { headers: { cookie: staff.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Kept for staff');
    expect(html).toContain('Readable body');
    expect(html).toContain('No SMTP server is configured');
  });

  it('shows the outbox to nobody but staff', async () => {
    for (const role of ['participant', 'facilitator', 'program_manager'] as const) {
      const user = await signedInUser(test, role);
      const response = await fetch(`${test.url}/staff/outbox`, { headers: { cookie: user.cookie } });
      expect(response.status, role).toBe(403);
      expect(await response.text()).not.toContain('Kept for staff');
    }
    const anonymous = await fetch(`${test.url}/staff/outbox`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in?next=%2Fstaff%2Foutbox');
  });
});
