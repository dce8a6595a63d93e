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
