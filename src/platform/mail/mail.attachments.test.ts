import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';

describe('attachments', () => {
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

  it('are kept in the outbox and delivered with the message', async () => {
    const calendar = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    await test.deps.outbox.enqueue({
      to: 'cal@example.org',
      subject: 'With a calendar',
      text: 'See the attached file.',
      attachments: [
        { filename: 'workshop.ics', contentType: 'text/calendar; charset=utf-8', content: calendar },
      ],
    });
    const mail = await sink.waitFor((m) => m.subject === 'With a calendar');
    expect(mail.text.trim()).toBe('See the attached file.');
    expect(mail.attachments).toEqual([
      { filename: 'workshop.ics', contentType: 'text/calendar', content: calendar },
    ]);
  });

  it('are none for a message without', async () => {
    await test.deps.outbox.enqueue({ to: 'plain@example.org', subject: 'Plain', text: 'Only text.' });
    expect((await sink.waitFor((m) => m.subject === 'Plain')).attachments).toEqual([]);
    const stored = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select('attachments')
      .where('toAddress', '=', 'plain@example.org')
      .executeTakeFirstOrThrow();
    expect(stored.attachments).toBeNull();
  });
});
