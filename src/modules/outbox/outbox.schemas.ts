import { z } from 'zod';
import type { MailStatus } from '../../db/schema.js';
import { defineLifecycle, statusesOf } from '../../platform/ui/badge.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';

/** A message's way out: held (no SMTP server), or queued → sending → sent, failing after its retries. */
export const MAIL_LIFECYCLE = defineLifecycle<MailStatus>({
  held: { label: 'Kept in the outbox', tone: 'neutral' },
  queued: { label: 'Waiting to send', tone: 'info' },
  sending: { label: 'Sending', tone: 'progress' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
});
const MAIL_STATUSES = statusesOf(MAIL_LIFECYCLE) as [MailStatus, ...MailStatus[]];

export const OUTBOX_TABLE = {
  sorts: ['created', 'to', 'status'],
  defaultSort: 'created',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

export const outboxQuerySchema = listQuerySchema(OUTBOX_TABLE, {
  status: z
    .enum(MAIL_STATUSES, { error: `Choose one of: ${MAIL_STATUSES.join(', ')}.` })
    .optional()
    .describe('Only messages in this state.'),
});
export type OutboxQuery = z.output<typeof outboxQuerySchema>;

export interface OutboxMessage {
  id: string;
  toAddress: string;
  subject: string;
  /** The text as staff may read it: private links hidden. */
  textBody: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The names of the files attached (a calendar file), none for most mail. */
  attachmentNames: string[];
}
