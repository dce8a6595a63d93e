import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { wallTimeInZone } from '../../platform/zoned-time.js';
import { attendanceForWorkshop } from './workshops.attendance.repository.js';
import * as enrollments from './workshops.enrollments.repository.js';
import { ENROLLMENT_LIFECYCLE, ROLE_LABELS } from './workshops.enrollments.schemas.js';
import { listWorkshopEnrollments } from './workshops.enrollments.service.js';
import { workshopError } from './workshops.errors.js';
import { findWorkshop, listSessions, type WorkshopRow } from './workshops.repository.js';

type ReadDeps = Pick<CoreDeps, 'db' | 'config'>;

export type CsvCell = string | number;

/** A spreadsheet to send: its file name, its header and its rows (written out by the route as CSV). */
export interface CsvExport {
  filename: string;
  columns: string[];
  records: CsvCell[][];
}

/** A file name any system takes: the workshop's title in lowercase ASCII letters, digits and dashes. */
function fileNameOf(kind: string, workshop: WorkshopRow): string {
  const slug = workshop.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${kind}-${slug || workshop.id}.csv`;
}

/** An instant as the workshop's place saw it, in a form spreadsheets read as a date and time. */
function localTime(iso: string, timeZone: string): string {
  const wall = wallTimeInZone(iso, timeZone);
  return `${wall.date} ${wall.time}`;
}

/** The roster's rule (its organizers and staff), then the workshop's row for its name and time zone. */
async function requireRoster(deps: ReadDeps, actor: Actor | null, workshopId: string) {
  const roster = await listWorkshopEnrollments(deps, { actor, workshopId });
  const workshop = await findWorkshop(deps.db.kysely, workshopId);
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', 'There is no such workshop.');
  return { roster, workshop };
}

/** Everyone who signed up, in the order they came, as the roster page lists them. */
export async function exportRoster(
  deps: ReadDeps,
  options: { actor: Actor | null; workshopId: string },
): Promise<CsvExport> {
  const { roster, workshop } = await requireRoster(deps, options.actor, options.workshopId);
  // The queue number as stored: one given up and taken again is at the end, so numbers may have gaps.
  const queue = new Map(
    (await enrollments.listForWorkshop(deps.db.kysely, workshop.id)).map((row) => [row.id, row.queueNumber]),
  );
  return {
    filename: fileNameOf('roster', workshop),
    columns: [
      'Queue number',
      'Name',
      'Email',
      'Role',
      'School',
      'Status',
      'Waitlist position',
      `Enrolled at (${workshop.timeZone})`,
    ],
    records: roster.map((enrollment) => [
      queue.get(enrollment.id) ?? '',
      enrollment.name,
      enrollment.email,
      ROLE_LABELS[enrollment.role],
      enrollment.school ?? '',
      ENROLLMENT_LIFECYCLE[enrollment.status].label,
      enrollment.waitlistPosition ?? '',
      localTime(enrollment.createdAt, workshop.timeZone),
    ]),
  };
}

/**
 * One row per person with a seat, a column per session (present, absent, or blank while unmarked) and the
 * minutes they attended: the sum of the sessions marked present.
 */
export async function exportAttendance(
  deps: ReadDeps,
  options: { actor: Actor | null; workshopId: string },
): Promise<CsvExport> {
  const { roster, workshop } = await requireRoster(deps, options.actor, options.workshopId);
  const db = deps.db.kysely;
  const [sessions, marks] = await Promise.all([
    listSessions(db, workshop.id),
    attendanceForWorkshop(db, workshop.id),
  ]);
  const present = new Map(
    marks.map((mark) => [`${mark.sessionId} ${mark.enrollmentId}`, mark.present === 1]),
  );
  return {
    filename: fileNameOf('attendance', workshop),
    columns: [
      'Name',
      'Email',
      ...sessions.map(
        (session) => `${localTime(session.startsAt, workshop.timeZone)} (${workshop.timeZone})`,
      ),
      'Minutes attended',
    ],
    records: roster
      .filter((enrollment) => enrollment.status === 'enrolled')
      .map((enrollment) => {
        const cells = sessions.map((session) => present.get(`${session.id} ${enrollment.id}`));
        const minutes = sessions.reduce(
          (sum, session, index) =>
            cells[index] === true
              ? sum + Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000)
              : sum,
          0,
        );
        return [
          enrollment.name,
          enrollment.email,
          ...cells.map((mark) => (mark === undefined ? '' : mark ? 'present' : 'absent')),
          minutes,
        ];
      }),
  };
}
