import type { Kysely, Selectable } from 'kysely';
import type { Database, WorkshopRemindersTable } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';

export type ReminderRow = Selectable<WorkshopRemindersTable>;
export type ReminderTime = Pick<ReminderRow, 'kind' | 'days' | 'timeOfDay' | 'sendAt'>;

export function remindersOf(db: Kysely<Database>, workshopId: string): Promise<ReminderRow[]> {
  return db
    .selectFrom('workshopReminders')
    .selectAll()
    .where('workshopId', '=', workshopId)
    .orderBy('sendAt')
    .execute();
}

export async function insertReminder(
  trx: Kysely<Database>,
  workshopId: string,
  reminder: ReminderTime,
): Promise<void> {
  await trx
    .insertInto('workshopReminders')
    .values({ ...reminder, id: newId(), workshopId, sentAt: null, createdAt: nowIso() })
    .execute();
}

/** Moves a reminder not sent yet; one already claimed keeps its time (it went out at that time). */
export async function moveReminder(trx: Kysely<Database>, id: string, sendAt: string): Promise<void> {
  await trx
    .updateTable('workshopReminders')
    .set({ sendAt })
    .where('id', '=', id)
    .where('sentAt', 'is', null)
    .execute();
}

export async function deletePending(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('workshopReminders').where('id', 'in', ids).where('sentAt', 'is', null).execute();
}

/** Reminders whose time has come and that no process has claimed yet, oldest first. */
export function dueReminders(db: Kysely<Database>, now: string, limit: number): Promise<ReminderRow[]> {
  return db
    .selectFrom('workshopReminders')
    .selectAll()
    .where('sentAt', 'is', null)
    .where('sendAt', '<=', now)
    .orderBy('sendAt')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes a reminder for this transaction. On PostgreSQL a second process's update waits for the first one's
 * transaction and then finds `sent_at` set, so it changes no row; on SQLite transactions run one at a time.
 * Either way exactly one caller sees one row changed; if its transaction rolls back, the claim goes with it.
 */
export async function claimReminder(trx: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('workshopReminders')
    .set({ sentAt: now })
    .where('id', '=', id)
    .where('sentAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Records that the reminder's message to this person was made; false when it already was. */
export async function recordDelivery(
  trx: Kysely<Database>,
  delivery: { reminderId: string; recipient: string; enrollmentId: string | null },
): Promise<boolean> {
  const result = await trx
    .insertInto('reminderDeliveries')
    .values({ ...delivery, createdAt: nowIso() })
    .onConflict((conflict) => conflict.columns(['reminderId', 'recipient']).doNothing())
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

/** Those with a seat who signed up (or signed up again) before `before`: the people a reminder is for. */
export function seatedBefore(trx: Kysely<Database>, workshopId: string, before: string) {
  return trx
    .selectFrom('enrollments')
    .select(['id', 'name', 'email', 'emailKey'])
    .where('workshopId', '=', workshopId)
    .where('status', '=', 'enrolled')
    .where('createdAt', '<', before)
    .orderBy('queueNumber')
    .execute();
}
