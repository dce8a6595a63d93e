import type { Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database, MailStatus } from '../../db/schema.js';
import { storedAttachments } from '../../platform/mail/outbox.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import type { OutboxMessage } from './outbox.schemas.js';

/** Mail queued before private links were hidden from staff: its body might hold one, so none of it is shown. */
const OLDER_MAIL =
  '(This message was queued before private links were hidden from staff, so its text is not shown.)';

export async function listMail(
  db: Kysely<Database>,
  filter: { status?: MailStatus },
  table: TableQuery<'created' | 'to' | 'status'>,
): Promise<Paged<OutboxMessage>> {
  let query = db
    .selectFrom('mailOutbox')
    .select([
      'id',
      'toAddress',
      'subject',
      'staffTextBody',
      'status',
      'attempts',
      'lastError',
      'createdAt',
      'sentAt',
      'attachments',
    ]);
  if (filter.status) query = query.where('status', '=', filter.status);
  const page = await fetchPage(query, table, {
    sortBy: { created: 'createdAt', to: 'toAddress', status: 'status' },
    search: ['toAddress', 'subject'],
    tieBreaker: 'id',
  });
  return {
    ...page,
    rows: page.rows.map(({ attachments, staffTextBody, ...message }) => ({
      ...message,
      textBody: staffTextBody ?? OLDER_MAIL,
      attachmentNames: storedAttachments(attachments).map((attachment) => attachment.filename),
    })),
  };
}

export async function countByStatus(db: Kysely<Database>): Promise<Map<MailStatus, number>> {
  const rows = await db
    .selectFrom('mailOutbox')
    .select(['status', (eb) => eb.fn.countAll().as('count')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}
