import type { OutboxMessage } from '../../platform/mail/outbox.js';
import { Layout, type PageContext } from '../../platform/page.js';

export function StaffHomePage({ ctx, mailDelivered }: { ctx: PageContext; mailDelivered: boolean }) {
  return (
    <Layout ctx={ctx} title="Staff">
      <h1>Program staff</h1>
      <ul class="link-list">
        <li>
          <a href="/staff/partners">Partners and their regions</a>
        </li>
        <li>
          <a href="/staff/applications">Partner applications to review</a>
        </li>
        <li>
          <a href="/staff/years">Program years</a>
        </li>
        <li>
          <a href="/staff/imports">Import partners or regions (CSV)</a>
        </li>
        <li>
          <a href="/inbox">Inquiries</a>
        </li>
        <li>
          <a href="/staff/press-releases">Press releases to review</a>
        </li>
        <li>
          <a href="/staff/resources">Resources</a>
        </li>
        <li>
          <a href="/staff/faq">Edit the FAQ</a>
        </li>
        <li>
          <a href="/staff/outbox">Outbox</a> —{' '}
          {mailDelivered
            ? 'mail sent by the portal and its delivery status'
            : 'mail is kept here; no SMTP server is configured'}
        </li>
      </ul>
    </Layout>
  );
}

const STATUS_LABEL: Record<OutboxMessage['status'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  held: 'Kept in the outbox',
};

export function OutboxPage({
  ctx,
  messages,
  mailDelivered,
}: {
  ctx: PageContext;
  messages: OutboxMessage[];
  mailDelivered: boolean;
}) {
  return (
    <Layout ctx={ctx} title="Outbox">
      <h1>Outbox</h1>
      <p>
        {mailDelivered
          ? 'Every email the portal sends, newest first, with its delivery status.'
          : 'No SMTP server is configured (SMTP_URL), so email is not delivered: every message the portal would have sent is kept here, newest first.'}
      </p>
      {messages.length === 0 ? (
        <p>No email has been sent yet.</p>
      ) : (
        <ul class="outbox">
          {messages.map((message) => (
            <li key={message.id}>
              <details>
                <summary>
                  <span class="subject">{message.subject}</span> — to {message.toAddress} ·{' '}
                  <time dateTime={message.createdAt}>{message.createdAt.replace('T', ' ').slice(0, 16)}</time>{' '}
                  · <span class={`status status-${message.status}`}>{STATUS_LABEL[message.status]}</span>
                </summary>
                {message.lastError && <p class="error">Last error: {message.lastError}</p>}
                <pre class="mail-body">{message.textBody}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
