import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireSignedIn, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { newId, nowIso } from '../../platform/ids.js';
import { formatDate } from '../../platform/ui/date.js';
import { wallTimeInZone } from '../../platform/zoned-time.js';
import { requirePartner } from '../partners/partners.service.js';
import * as repo from './workshops.certificates.repository.js';
import { hoursInWords, type Certificate } from './workshops.certificates.schemas.js';
import * as enrollments from './workshops.enrollments.repository.js';
import { emailKeyOf } from './workshops.enrollments.schemas.js';
import { getEnrollment, listWorkshopEnrollments } from './workshops.enrollments.service.js';
import { certificateError, workshopError } from './workshops.errors.js';
import { findWorkshop, type WorkshopRow } from './workshops.repository.js';

type ReadDeps = Pick<CoreDeps, 'db' | 'config'>;

function toCertificate(deps: ReadDeps, row: repo.CertificateRow): Certificate {
  return {
    id: row.id,
    participantName: row.participantName,
    workshopTitle: row.workshopTitle,
    partnerName: row.partnerName,
    dates: row.dates,
    minutesAttended: row.minutesAttended,
    hoursAttended: hoursInWords(row.minutesAttended),
    issuedAt: row.issuedAt,
    verificationUrl: `${deps.config.baseUrl}/certificates/${row.id}`,
  };
}

/** The public verification: the facts of a certificate, for anyone who has its identifier. */
export async function getCertificate(deps: ReadDeps, options: { id: string }): Promise<Certificate> {
  const row = await repo.findCertificate(deps.db.kysely, options.id);
  if (!row) {
    throw certificateError(
      'CERTIFICATE_NOT_FOUND',
      'There is no certificate with this identifier. Check it against the one printed on the certificate.',
    );
  }
  return toCertificate(deps, row);
}

/** Why a workshop gives no certificates (yet), in words, or undefined once it does. */
function workshopRefusal(workshop: WorkshopRow, now: string): string | undefined {
  if (workshop.status === 'cancelled') return 'This workshop was cancelled, so it gives no certificates.';
  if (workshop.endsAt > now) {
    return `Certificates are issued once the workshop has ended, after its last session on ${formatDate(
      wallTimeInZone(workshop.endsAt, workshop.timeZone).date,
    )}.`;
  }
  return undefined;
}

/** Why this enrollment earns no certificate, in words, or undefined when it earns one. */
function refusal(
  workshop: WorkshopRow,
  enrollment: enrollments.EnrollmentRow,
  attended: readonly repo.AttendedSession[],
  now: string,
): string | undefined {
  const closed = workshopRefusal(workshop, now);
  if (closed) return closed;
  if (enrollment.status !== 'enrolled' || enrollment.notCompletedAt !== null) {
    return 'This enrollment is cancelled or marked as not completed, so it has no certificate.';
  }
  if (attended.length === 0) {
    return 'No session of this workshop is recorded as attended for this enrollment, so it has no certificate.';
  }
  return undefined;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "a", "a and b", "a, b and c". */
function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The days of the attended sessions as the workshop's place saw them (an evening session in Seattle is the
 * next day in UTC): "July 13, 14 and 16, 2027"; "July 30 and August 2, 2027"; "December 30, 2027 and
 * January 3, 2028".
 */
export function datesInWords(sessions: readonly { startsAt: string }[], timeZone: string): string {
  const days = [
    ...new Set(sessions.map((session) => wallTimeInZone(session.startsAt, timeZone).date)),
  ].sort();
  const years = new Map<string, Map<string, string[]>>();
  for (const day of days) {
    const [year = '', month = '', date = ''] = day.split('-');
    const months = years.get(year) ?? new Map<string, string[]>();
    months.set(month, [...(months.get(month) ?? []), String(Number(date))]);
    years.set(year, months);
  }
  return listInWords(
    [...years].map(([year, months]) => {
      const several = months.size > 1;
      const parts = [...months].map(
        ([month, dates]) => `${MONTHS[Number(month) - 1]} ${several ? dates.join(', ') : listInWords(dates)}`,
      );
      return `${listInWords(parts)}, ${year}`;
    }),
  );
}

/** Minutes actually attended: the attended sessions' lengths, never the scheduled total. */
function minutesOf(sessions: readonly repo.AttendedSession[]): number {
  return sessions.reduce(
    (sum, session) => sum + Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000),
    0,
  );
}

/** Issues the certificate with the facts as they are now; they are then kept as they were. */
function issue(
  db: Kysely<Database>,
  workshop: WorkshopRow,
  partnerName: string,
  enrollment: enrollments.EnrollmentRow,
  attended: readonly repo.AttendedSession[],
): Promise<repo.CertificateRow> {
  return repo.insertCertificate(db, {
    id: newId(),
    enrollmentId: enrollment.id,
    participantName: enrollment.name,
    workshopTitle: workshop.title,
    partnerName,
    dates: datesInWords(attended, workshop.timeZone),
    minutesAttended: minutesOf(attended),
    issuedAt: nowIso(),
  });
}

/**
 * An enrollment's certificate, issued on the first request once the workshop has ended, for its person (their
 * account, or the private link's code), the workshop's organizers and staff. Anyone else is told there is no
 * such enrollment; before the end, or without attendance, the answer says why there is none.
 */
export async function issueEnrollmentCertificate(
  deps: ReadDeps,
  options: { actor: Actor | null; enrollmentId: string; token?: string | undefined },
): Promise<Certificate> {
  // The enrollments' own rule of who may see one, so that it is one rule.
  await getEnrollment(deps, { actor: options.actor, id: options.enrollmentId, token: options.token });
  const db = deps.db.kysely;
  const enrollment = await enrollments.findEnrollment(db, options.enrollmentId);
  if (!enrollment) throw certificateError('CERTIFICATE_NOT_AVAILABLE', 'There is no such enrollment.');
  const issued = (await repo.certificatesOfEnrollments(db, [enrollment.id])).get(enrollment.id);
  if (issued) return toCertificate(deps, issued);
  const workshop = await findWorkshop(db, enrollment.workshopId);
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', 'There is no such workshop.');
  const attended = (await repo.attendedSessions(db, [enrollment.id])).get(enrollment.id) ?? [];
  const refused = refusal(workshop, enrollment, attended, nowIso());
  if (refused) throw certificateError('CERTIFICATE_NOT_AVAILABLE', refused);
  const partner = await requirePartner(db, workshop.partnerId);
  return toCertificate(deps, await issue(db, workshop, partner.name, enrollment, attended));
}

/**
 * Every certificate of an ended workshop, in queue order, issuing those not yet asked for: for its organizers
 * and staff (the roster's rule), to print them all at once.
 */
export async function issueWorkshopCertificates(
  deps: ReadDeps,
  options: { actor: Actor | null; workshopId: string },
): Promise<{ workshopTitle: string; certificates: Certificate[] }> {
  await listWorkshopEnrollments(deps, { actor: options.actor, workshopId: options.workshopId });
  const db = deps.db.kysely;
  const workshop = await findWorkshop(db, options.workshopId);
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', 'There is no such workshop.');
  const now = nowIso();
  const closed = workshopRefusal(workshop, now);
  if (closed) throw certificateError('CERTIFICATE_NOT_AVAILABLE', closed);
  const rows = await enrollments.listForWorkshop(db, workshop.id);
  const ids = rows.map((row) => row.id);
  const [issued, attended, partner] = await Promise.all([
    repo.certificatesOfEnrollments(db, ids),
    repo.attendedSessions(db, ids),
    requirePartner(db, workshop.partnerId),
  ]);
  const certificates: Certificate[] = [];
  for (const row of rows) {
    const sessions = attended.get(row.id) ?? [];
    const existing = issued.get(row.id);
    if (existing) certificates.push(toCertificate(deps, existing));
    else if (!refusal(workshop, row, sessions, now)) {
      certificates.push(toCertificate(deps, await issue(db, workshop, partner.name, row, sessions)));
    }
  }
  if (certificates.length === 0) {
    throw certificateError(
      'CERTIFICATE_NOT_AVAILABLE',
      'Nobody is recorded as having attended a session of this workshop, so there are no certificates. Record attendance on the roster first.',
    );
  }
  return { workshopTitle: workshop.title, certificates };
}

/** Which of these enrollments have a certificate to download: issued already, or earned. */
async function certifiedAmong(
  db: Kysely<Database>,
  rows: readonly enrollments.EnrollmentRow[],
): Promise<Set<string>> {
  const ids = rows.map((row) => row.id);
  const [issued, attended, workshops] = await Promise.all([
    repo.certificatesOfEnrollments(db, ids),
    repo.attendedSessions(db, ids),
    Promise.all([...new Set(rows.map((row) => row.workshopId))].map((id) => findWorkshop(db, id))),
  ]);
  const now = nowIso();
  const byId = new Map(workshops.flatMap((workshop) => (workshop ? [[workshop.id, workshop]] : [])));
  return new Set(
    rows
      .filter((row) => {
        const workshop = byId.get(row.workshopId);
        return (
          issued.has(row.id) ||
          (workshop !== undefined && !refusal(workshop, row, attended.get(row.id) ?? [], now))
        );
      })
      .map((row) => row.id),
  );
}

/**
 * Which of the signed-in person's enrollments have a certificate to download (issued already, or earned):
 * "My workshops" links to those.
 */
export async function listMyCertifiedEnrollments(
  deps: ReadDeps,
  options: { actor: Actor | null },
): Promise<Set<string>> {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  const rows = await enrollments.listForPerson(db, { userId: actor.id, emailKey: emailKeyOf(actor.email) });
  return certifiedAmong(db, rows);
}

/**
 * Whether an enrollment has a certificate to download, for its own page (which whoever opened it may see:
 * the person, by account or private link, or the organizer).
 */
export async function hasCertificate(deps: ReadDeps, options: { enrollmentId: string }): Promise<boolean> {
  const row = await enrollments.findEnrollment(deps.db.kysely, options.enrollmentId);
  return row !== undefined && (await certifiedAmong(deps.db.kysely, [row])).has(row.id);
}
