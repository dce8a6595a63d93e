import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ChangeFeed } from '../changes.js';
import { newId, nowIso } from '../ids.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text content (a calendar file); kept as it is in the outbox, so staff can read held mail whole. */
  content: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: readonly MailAttachment[] | undefined;
  /**
   * The links in the text that act for the recipient (a password reset, an invitation, an enrollment's manage
   * link): delivered as they are, shown hidden to staff who read the outbox.
   */
  privateLinks?: readonly string[] | undefined;
}

export const HIDDEN_LINK = '[a private link for the recipient, hidden from staff]';

/** The text as staff may read it: every private link replaced, wherever it appears. */
export function textForStaff(mail: Pick<OutgoingMail, 'text' | 'privateLinks'>): string {
  return (mail.privateLinks ?? []).reduce((text, link) => text.replaceAll(link, HIDDEN_LINK), mail.text);
}

/**
 * Every email goes through this table first, so that a message is never lost to a failing SMTP server and,
 * where no SMTP server is configured, staff can still read what would have been sent.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Kysely<Database>,
    /** Without an SMTP server, mail is held in the outbox for staff to read instead of queued for delivery. */
    private readonly deliverable: boolean,
    /** Wakes workers when a transaction that queued mail commits, rather than at the next poll. */
    private readonly changes?: Pick<ChangeFeed, 'publishWithin' | 'subscribe'>,
  ) {}

  async enqueue(mail: OutgoingMail, db: Kysely<Database> = this.db): Promise<string> {
    const id = newId();
    const now = nowIso();
    await db
      .insertInto('mailOutbox')
      .values({
        id,
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        staffTextBody: textForStaff(mail),
        status: this.deliverable ? 'queued' : 'held',
        nextAttemptAt: now,
        createdAt: now,
        lastError: null,
        sentAt: null,
        attachments: mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
      })
      .execute();
    // Inside a transaction a worker cannot see the row yet (on PostgreSQL it reads on another connection), so
    // the wake-up waits for the commit.
    if (db.isTransaction && this.changes) await this.changes.publishWithin(db, 'mail');
    else for (const listener of this.listeners) listener();
    return id;
  }

  /** How many messages with this subject went into the outbox for this address in the last `withinMs`. */
  async countRecent(to: string, subject: string, withinMs: number): Promise<number> {
    const since = new Date(Date.now() - withinMs).toISOString();
    const row = await this.db
      .selectFrom('mailOutbox')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('toAddress', '=', to)
      .where('subject', '=', subject)
      .where('createdAt', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The worker subscribes so that new mail goes out at once rather than at the next poll. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    const unsubscribe = this.changes?.subscribe('mail', listener);
    return () => {
      this.listeners.delete(listener);
      unsubscribe?.();
    };
  }
}

/** The attachments of a stored message (the `attachments` column), as nodemailer takes them. */
export function storedAttachments(column: string | null): MailAttachment[] {
  return column ? (JSON.parse(column) as MailAttachment[]) : [];
}
