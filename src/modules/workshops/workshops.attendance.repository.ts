import type { Kysely, Selectable } from 'kysely';
import type { AttendanceTable, Database } from '../../db/schema.js';
import { nowIso } from '../../platform/ids.js';

export type AttendanceRow = Selectable<AttendanceTable>;

/**
 * Records one person's attendance of one session: a roster mark or a self check-in. The row's key is the
 * session and the enrollment, so marking or checking in twice is still one attendance (the latest mark wins).
 */
export async function recordAttendance(
  trx: Kysely<Database>,
  mark: {
    sessionId: string;
    enrollmentId: string;
    present: boolean;
    method: AttendanceRow['method'];
    markedBy: string | null;
  },
): Promise<void> {
  const values = {
    present: mark.present ? 1 : 0,
    method: mark.method,
    markedBy: mark.markedBy,
    markedAt: nowIso(),
  };
  await trx
    .insertInto('attendance')
    .values({ sessionId: mark.sessionId, enrollmentId: mark.enrollmentId, ...values })
    .onConflict((conflict) => conflict.columns(['sessionId', 'enrollmentId']).doUpdateSet(values))
    .execute();
}

/** Every mark for a workshop's sessions, present or absent. */
export function attendanceForWorkshop(db: Kysely<Database>, workshopId: string): Promise<AttendanceRow[]> {
  return db
    .selectFrom('attendance')
    .innerJoin('workshopSessions', 'workshopSessions.id', 'attendance.sessionId')
    .selectAll('attendance')
    .where('workshopSessions.workshopId', '=', workshopId)
    .execute();
}

/** A session with what check-in and marking decide on: its workshop's partner, status and zone. */
export function findSession(db: Kysely<Database>, sessionId: string) {
  return db
    .selectFrom('workshopSessions')
    .innerJoin('workshops', 'workshops.id', 'workshopSessions.workshopId')
    .select([
      'workshopSessions.id',
      'workshopSessions.workshopId',
      'workshopSessions.startsAt',
      'workshopSessions.endsAt',
      'workshops.partnerId',
      'workshops.status as workshopStatus',
      'workshops.title as workshopTitle',
      'workshops.timeZone',
    ])
    .where('workshopSessions.id', '=', sessionId)
    .executeTakeFirst();
}
export type SessionWithWorkshop = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export function findAttendance(
  db: Kysely<Database>,
  sessionId: string,
  enrollmentId: string,
): Promise<AttendanceRow | undefined> {
  return db
    .selectFrom('attendance')
    .selectAll()
    .where('sessionId', '=', sessionId)
    .where('enrollmentId', '=', enrollmentId)
    .executeTakeFirst();
}

/** Marks an enrollment as not completed, once: the first time it was marked stays. */
export async function markNotCompleted(trx: Kysely<Database>, enrollmentId: string): Promise<void> {
  const now = nowIso();
  await trx
    .updateTable('enrollments')
    .set({ notCompletedAt: now, updatedAt: now })
    .where('id', '=', enrollmentId)
    .where('notCompletedAt', 'is', null)
    .execute();
}
