import type { Kysely, Selectable } from 'kysely';
import type { CertificatesTable, Database } from '../../db/schema.js';

export type CertificateRow = Selectable<CertificatesTable>;

export function findCertificate(db: Kysely<Database>, id: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function certificatesOfEnrollments(
  db: Kysely<Database>,
  enrollmentIds: readonly string[],
): Promise<Map<string, CertificateRow>> {
  if (enrollmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('certificates')
    .selectAll()
    .where('enrollmentId', 'in', enrollmentIds)
    .execute();
  return new Map(rows.map((row) => [row.enrollmentId, row]));
}

/**
 * Issues a certificate unless its enrollment has one: of two requests at the same moment, the database keeps
 * the first insert and ignores the second (one enrollment, one certificate, on both databases), and both then
 * read the one kept.
 */
export async function insertCertificate(db: Kysely<Database>, row: CertificateRow): Promise<CertificateRow> {
  await db
    .insertInto('certificates')
    .values(row)
    .onConflict((conflict) => conflict.column('enrollmentId').doNothing())
    .execute();
  const kept = await db
    .selectFrom('certificates')
    .selectAll()
    .where('enrollmentId', '=', row.enrollmentId)
    .executeTakeFirst();
  if (!kept) throw new Error(`certificate of enrollment ${row.enrollmentId} vanished after its insert`);
  return kept;
}

export interface AttendedSession {
  enrollmentId: string;
  startsAt: string;
  endsAt: string;
}

/** The sessions each of these enrollments attended (marked present), in time order. */
export async function attendedSessions(
  db: Kysely<Database>,
  enrollmentIds: readonly string[],
): Promise<Map<string, AttendedSession[]>> {
  const byEnrollment = new Map<string, AttendedSession[]>();
  if (enrollmentIds.length === 0) return byEnrollment;
  const rows = await db
    .selectFrom('attendance')
    .innerJoin('workshopSessions', 'workshopSessions.id', 'attendance.sessionId')
    .select(['attendance.enrollmentId', 'workshopSessions.startsAt', 'workshopSessions.endsAt'])
    .where('attendance.enrollmentId', 'in', enrollmentIds)
    .where('attendance.present', '=', 1)
    .orderBy('workshopSessions.startsAt')
    .execute();
  for (const row of rows) {
    byEnrollment.set(row.enrollmentId, [...(byEnrollment.get(row.enrollmentId) ?? []), row]);
  }
  return byEnrollment;
}
