import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../ids.js';
import { storedAttachments, type Outbox } from './outbox.js';

export interface MailWorkerOptions {
  db: Kysely<Database>;
  outbox: Outbox;
  smtpUrl: string;
  from: string;
  pollMs: number;
  /** Delay before the first retry; each later retry waits twice as long, up to an hour. */
  retryBaseMs?: number;
  maxAttempts?: number;
  logError: (message: string) => void;
}

/** How long a claimed message is reserved for one process; after that, a crashed sender's claim expires. */
const CLAIM_MS = 5 * 60_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * Delivers queued mail through SMTP with retries and exponential backoff. Several app processes may run one
 * each: a message is claimed with a conditional update, so only one of them sends it.
 */
export class MailWorker {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: MailWorkerOptions) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
    this.unsubscribe = options.outbox.onEnqueue(() => {
      this.kick();
    });
  }

  start(): void {
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Runs a delivery pass now, or right after the current one ends. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.deliverDue()
      .catch((error: unknown) => {
        this.options.logError(`mail worker: ${describe(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => {
            this.kick();
          }, this.options.pollMs);
        }
      });
  }

  /** Sends every message that is due; resolves when the pass is over. */
  async deliverDue(): Promise<void> {
    const { db } = this.options;
    const now = nowIso();
    const due = await db
      .selectFrom('mailOutbox')
      .select([
        'id',
        'toAddress',
        'subject',
        'textBody',
        'attachments',
        'status',
        'attempts',
        'nextAttemptAt',
      ])
      .where('status', 'in', ['queued', 'sending'])
      .where('nextAttemptAt', '<=', now)
      .orderBy('nextAttemptAt')
      .limit(50)
      .execute();
    for (const message of due) {
      if (this.stopped) return;
      const claimed = await db
        .updateTable('mailOutbox')
        .set({ status: 'sending', attempts: message.attempts + 1, nextAttemptAt: later(CLAIM_MS) })
        .where('id', '=', message.id)
        .where('status', '=', message.status)
        .where('nextAttemptAt', '=', message.nextAttemptAt)
        .executeTakeFirst();
      if (claimed.numUpdatedRows !== 1n) continue;
      await this.send({ ...message, attempts: message.attempts + 1 });
    }
  }

  private async send(message: {
    id: string;
    toAddress: string;
    subject: string;
    textBody: string;
    attachments: string | null;
    attempts: number;
  }) {
    const { db, from } = this.options;
    try {
      await this.transport.sendMail({
        from,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        attachments: storedAttachments(message.attachments),
      });
      await db
        .updateTable('mailOutbox')
        .set({ status: 'sent', sentAt: nowIso(), lastError: null })
        .where('id', '=', message.id)
        .execute();
    } catch (error) {
      const maxAttempts = this.options.maxAttempts ?? 8;
      const gaveUp = message.attempts >= maxAttempts;
      const retryMs = Math.min(
        (this.options.retryBaseMs ?? 30_000) * 2 ** (message.attempts - 1),
        MAX_RETRY_MS,
      );
      await db
        .updateTable('mailOutbox')
        .set({
          status: gaveUp ? 'failed' : 'queued',
          nextAttemptAt: later(retryMs),
          lastError: describe(error).slice(0, 500),
        })
        .where('id', '=', message.id)
        .execute();
      if (!gaveUp) {
        setTimeout(() => {
          this.kick();
        }, retryMs).unref();
      }
    }
  }
}

function later(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
