import type { Kysely } from 'kysely';
import type { Database, MailStatus } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import * as repo from './outbox.repository.js';
import type { OutboxQuery } from './outbox.schemas.js';

/** Every message the portal sent or keeps, a page at a time: staff only, as bodies may be anyone's mail. */
export async function listOutbox(db: Kysely<Database>, options: { actor: Actor | null; query: OutboxQuery }) {
  requireStaff(options.actor);
  return repo.listMail(db, { status: options.query.status }, options.query.table);
}

/** How many messages are in each state (for the staff dashboard: failed ones need looking at). */
export async function countOutbox(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<Record<MailStatus, number>> {
  requireStaff(options.actor);
  const counts = await repo.countByStatus(db);
  const of = (status: MailStatus) => counts.get(status) ?? 0;
  return {
    held: of('held'),
    queued: of('queued'),
    sending: of('sending'),
    sent: of('sent'),
    failed: of('failed'),
  };
}
