import type { Kysely, Selectable } from 'kysely';
import type { Database, EnrollmentsTable, WorkshopsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';

export type EnrollmentRow = Selectable<EnrollmentsTable>;

/**
 * The gate's lock: every path that takes or frees a seat in a workshop first locks its row, inside its
 * transaction. An update that changes nothing does it on both databases with one statement: PostgreSQL locks
 * the row until the transaction ends (across app processes too), and SQLite, which has no row locks, makes the
 * transaction its one writer at once, so a second one waits instead of reading seats the first is taking.
 */
export async function lockWorkshop(trx: Kysely<Database>, workshopId: string) {
  await trx
    .updateTable('workshops')
    .set((eb) => ({ revision: eb.ref('revision') }))
    .where('id', '=', workshopId)
    .execute();
  return trx.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
}

export interface SeatCounts {
  enrolled: number;
  waitlisted: number;
}

export async function seatCounts(db: Kysely<Database>, workshopIds: readonly string[]) {
  const counts = new Map<string, SeatCounts>();
  if (workshopIds.length === 0) return counts;
  const rows = await db
    .selectFrom('enrollments')
    .select(['workshopId', 'status'])
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('workshopId', 'in', workshopIds)
    .where('status', '!=', 'cancelled')
    .groupBy(['workshopId', 'status'])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.workshopId) ?? { enrolled: 0, waitlisted: 0 };
    if (row.status === 'enrolled') entry.enrolled = Number(row.count);
    if (row.status === 'waitlisted') entry.waitlisted = Number(row.count);
    counts.set(row.workshopId, entry);
  }
  return counts;
}

export function findByPerson(
  trx: Kysely<Database>,
  workshopId: string,
  person: { emailKey: string; userId: string | null },
): Promise<EnrollmentRow | undefined> {
  return trx
    .selectFrom('enrollments')
    .selectAll()
    .where('workshopId', '=', workshopId)
    .where((eb) =>
      person.userId
        ? eb.or([eb('emailKey', '=', person.emailKey), eb('userId', '=', person.userId)])
        : eb('emailKey', '=', person.emailKey),
    )
    .executeTakeFirst();
}

export function findEnrollment(db: Kysely<Database>, id: string): Promise<EnrollmentRow | undefined> {
  return db.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
}

async function nextQueueNumber(trx: Kysely<Database>, workshopId: string): Promise<number> {
  const row = await trx
    .selectFrom('enrollments')
    .select((eb) => eb.fn.max<number | string | null>('queueNumber').as('last'))
    .where('workshopId', '=', workshopId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertEnrollment(
  trx: Kysely<Database>,
  enrollment: Pick<
    EnrollmentRow,
    'workshopId' | 'userId' | 'name' | 'email' | 'emailKey' | 'role' | 'school' | 'status'
  >,
): Promise<EnrollmentRow> {
  const now = nowIso();
  const row: EnrollmentRow = {
    ...enrollment,
    id: newId(),
    queueNumber: await nextQueueNumber(trx, enrollment.workshopId),
    notCompletedAt: null,
    promotedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    createdAt: now,
    updatedAt: now,
  };
  await trx.insertInto('enrollments').values(row).execute();
  return row;
}

/**
 * A cancelled enrollment taken up again joins the end of the queue, as a new sign-up would, and counts as
 * made now: a reminder whose time passed before it is not sent to it.
 */
export async function reopenEnrollment(
  trx: Kysely<Database>,
  id: string,
  change: Pick<EnrollmentRow, 'workshopId' | 'status' | 'name' | 'role' | 'school'>,
): Promise<void> {
  const { workshopId, ...rest } = change;
  const now = nowIso();
  await trx
    .updateTable('enrollments')
    .set({
      ...rest,
      queueNumber: await nextQueueNumber(trx, workshopId),
      cancelledAt: null,
      cancelledBy: null,
      promotedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function cancel(trx: Kysely<Database>, id: string, by: string | null): Promise<void> {
  const now = nowIso();
  await trx
    .updateTable('enrollments')
    .set({ status: 'cancelled', cancelledAt: now, cancelledBy: by, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** The first in the queue of those waiting. */
export function firstWaiting(trx: Kysely<Database>, workshopId: string): Promise<EnrollmentRow | undefined> {
  return trx
    .selectFrom('enrollments')
    .selectAll()
    .where('workshopId', '=', workshopId)
    .where('status', '=', 'waitlisted')
    .orderBy('queueNumber')
    .limit(1)
    .executeTakeFirst();
}

export async function promote(trx: Kysely<Database>, id: string): Promise<void> {
  const now = nowIso();
  await trx
    .updateTable('enrollments')
    .set({ status: 'enrolled', promotedAt: now, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

/** 1 for the first person waiting: those waiting who came before, plus one. */
export async function waitlistPosition(db: Kysely<Database>, row: EnrollmentRow): Promise<number> {
  const ahead = await db
    .selectFrom('enrollments')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('workshopId', '=', row.workshopId)
    .where('status', '=', 'waitlisted')
    .where('queueNumber', '<', row.queueNumber)
    .executeTakeFirst();
  return Number(ahead?.count ?? 0) + 1;
}

export function listForWorkshop(db: Kysely<Database>, workshopId: string): Promise<EnrollmentRow[]> {
  return db
    .selectFrom('enrollments')
    .selectAll()
    .where('workshopId', '=', workshopId)
    .orderBy('queueNumber')
    .execute();
}

export function listForPerson(
  db: Kysely<Database>,
  person: { userId: string; emailKey: string },
): Promise<EnrollmentRow[]> {
  return db
    .selectFrom('enrollments')
    .selectAll()
    .where((eb) => eb.or([eb('userId', '=', person.userId), eb('emailKey', '=', person.emailKey)]))
    .orderBy('createdAt', 'desc')
    .execute();
}

export async function hasAttendance(db: Kysely<Database>, enrollmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('attendance')
    .select('sessionId')
    .where('enrollmentId', '=', enrollmentId)
    .where('present', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findIdempotent(db: Kysely<Database>, scope: string, key: string) {
  return db
    .selectFrom('idempotencyKeys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function saveIdempotent(
  trx: Kysely<Database>,
  entry: { scope: string; key: string; fingerprint: string; status: number; body: string },
): Promise<void> {
  await trx
    .insertInto('idempotencyKeys')
    .values({ ...entry, createdAt: nowIso() })
    .execute();
}

/** The published workshops a person has signed up for with their account (enrolled or waiting). */
export function listSignedUpWorkshops(
  db: Kysely<Database>,
  userId: string,
): Promise<Selectable<WorkshopsTable>[]> {
  return db
    .selectFrom('workshops')
    .selectAll('workshops')
    .innerJoin('enrollments', 'enrollments.workshopId', 'workshops.id')
    .where('enrollments.userId', '=', userId)
    .where('enrollments.status', '!=', 'cancelled')
    .where('workshops.status', '!=', 'draft')
    .orderBy('workshops.startsAt')
    .execute();
}
