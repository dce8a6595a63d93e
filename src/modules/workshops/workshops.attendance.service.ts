import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import { formatDateTime } from '../../platform/ui/date.js';
import { parseInput } from '../../platform/validation.js';
import { facilitatorOfUser } from '../facilitators/facilitators.service.js';
import * as repo from './workshops.attendance.repository.js';
import {
  checkInCode,
  checkInWindow,
  isCheckInCode,
  type CheckInWindow,
} from './workshops.attendance.check-in.js';
import {
  attendanceMarkSchema,
  checkInInputSchema,
  rosterMarksSchema,
  type Attendance,
  type CheckInResult,
} from './workshops.attendance.schemas.js';
import * as enrollments from './workshops.enrollments.repository.js';
import { holdsCode } from './workshops.enrollments.links.js';
import { emailKeyOf, type Enrollment } from './workshops.enrollments.schemas.js';
import { getEnrollment } from './workshops.enrollments.service.js';
import { attendanceError, enrollmentError } from './workshops.errors.js';
import { isAssigned, listSessions, type SessionRow } from './workshops.repository.js';
import type { Workshop } from './workshops.schemas.js';
import { getWorkshop, requireVisibleWorkshop } from './workshops.service.js';

type Deps = Pick<CoreDeps, 'db' | 'config'>;

function toAttendance(row: repo.AttendanceRow): Attendance {
  return {
    sessionId: row.sessionId,
    enrollmentId: row.enrollmentId,
    present: row.present === 1,
    method: row.method,
    markedBy: row.markedBy,
    markedAt: row.markedAt,
  };
}

async function requireSession(db: Kysely<Database>, sessionId: string): Promise<repo.SessionWithWorkshop> {
  const session = await repo.findSession(db, sessionId);
  if (!session) throw attendanceError('SESSION_NOT_FOUND', 'There is no such session.');
  return session;
}

/** A session of a workshop that was published: a draft's sessions are nobody's to check in to. */
async function requirePublishedSession(db: Kysely<Database>, sessionId: string) {
  const session = await requireSession(db, sessionId);
  if (session.workshopStatus === 'draft')
    throw attendanceError('SESSION_NOT_FOUND', 'There is no such session.');
  return session;
}

/**
 * Who keeps a workshop's attendance: its organizers (staff, its partner's program managers) and the
 * facilitators assigned to lead it. Anyone else who may see the workshop is refused; one who may not is told
 * it does not exist (partner B's manager, an invitation-only workshop).
 */
async function requireKeeper(deps: Deps, actor: Actor | null, workshopId: string) {
  const signedIn = requireSignedIn(actor);
  const { row, viewer } = await requireVisibleWorkshop(deps, { actor: signedIn, id: workshopId });
  if (viewer.organizer) return row;
  const facilitator = await facilitatorOfUser(deps.db.kysely, signedIn.id);
  if (facilitator && (await isAssigned(deps.db.kysely, row.id, facilitator.facilitatorId))) return row;
  throw new AppError(
    'FORBIDDEN',
    'Only this workshop’s organizers and the facilitators leading it keep its attendance.',
  );
}

/**
 * Records marks for a session under the workshop's lock, so that an enrollment cancelled at the same moment
 * is either cancelled before (and refused here) or marked before (and then its cancellation is refused).
 * Only people enrolled in this very workshop are marked; `path` names the field a refusal belongs to.
 */
async function saveMarks(
  deps: Deps,
  actor: Actor,
  session: repo.SessionWithWorkshop,
  marks: readonly { enrollmentId: string; present: boolean }[],
  path: string,
): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    await enrollments.lockWorkshop(trx, session.workshopId);
    for (const mark of marks) {
      const enrollment = await enrollments.findEnrollment(trx, mark.enrollmentId);
      if (!enrollment || enrollment.workshopId !== session.workshopId) {
        const message = 'There is no such enrollment in this workshop.';
        throw enrollmentError('ENROLLMENT_NOT_FOUND', message, [{ path, message }]);
      }
      if (enrollment.status !== 'enrolled') {
        const message = `${enrollment.name} is ${enrollment.status === 'waitlisted' ? 'on the waitlist' : 'cancelled'}, not enrolled: attendance is kept for enrolled people only.`;
        throw attendanceError('NOT_ENROLLED', message, [{ path, message }]);
      }
      await repo.recordAttendance(trx, {
        sessionId: session.id,
        enrollmentId: enrollment.id,
        present: mark.present,
        method: 'roster',
        markedBy: actor.id,
      });
    }
  });
}

/** Marks one enrolled person present or absent at a session (the API); who marked it is recorded. */
export async function markAttendance(
  deps: Deps,
  options: { actor: Actor | null; sessionId: string; input: unknown },
): Promise<Attendance> {
  const actor = requireSignedIn(options.actor);
  const session = await requireSession(deps.db.kysely, options.sessionId);
  await requireKeeper(deps, actor, session.workshopId);
  const mark = parseInput(attendanceMarkSchema, options.input);
  await saveMarks(deps, actor, session, [mark], 'enrollmentId');
  const row = await repo.findAttendance(deps.db.kysely, session.id, mark.enrollmentId);
  if (!row) throw attendanceError('SESSION_NOT_FOUND', 'There is no such session.');
  return toAttendance(row);
}

/** A session's roster form: everyone listed is marked, present if ticked, absent if not, in one transaction. */
export async function markRoster(
  deps: Deps,
  options: { actor: Actor | null; sessionId: string; input: unknown },
): Promise<{ workshopId: string; sessionId: string }> {
  const actor = requireSignedIn(options.actor);
  const session = await requireSession(deps.db.kysely, options.sessionId);
  await requireKeeper(deps, actor, session.workshopId);
  const input = parseInput(rosterMarksSchema, options.input);
  const present = new Set(input.present);
  const marks = [...new Set(input.enrollmentIds)].map((enrollmentId) => ({
    enrollmentId,
    present: present.has(enrollmentId),
  }));
  await saveMarks(deps, actor, session, marks, 'present');
  return { workshopId: session.workshopId, sessionId: session.id };
}

/** Every mark of a workshop's sessions, for those who keep its attendance. */
export async function listAttendance(
  deps: Deps,
  options: { actor: Actor | null; workshopId: string },
): Promise<Attendance[]> {
  const row = await requireKeeper(deps, options.actor, options.workshopId);
  return (await repo.attendanceForWorkshop(deps.db.kysely, row.id)).map(toAttendance);
}

export interface SheetSession {
  id: string;
  /** 1 for the first session. */
  number: number;
  startsAt: string;
  endsAt: string;
  checkInCode: string;
  /** The check-in page with the code filled in: what the QR code says. */
  checkInUrl: string;
  window: CheckInWindow;
}

export interface AttendanceSheet {
  workshop: Workshop;
  sessions: SheetSession[];
  /** Those with a seat, in the order they came: the people attendance is kept for. */
  enrolled: Pick<Enrollment, 'id' | 'name' | 'email' | 'notCompletedAt'>[];
  marks: Attendance[];
  /** Whether the viewer may mark an enrollment as not completed (organizers, not facilitators). */
  organizer: boolean;
}

function checkInUrlOf(deps: Deps, sessionId: string): string {
  return `${deps.config.baseUrl}/sessions/${sessionId}/check-in?code=${checkInCode(deps, sessionId)}`;
}

/** A workshop's attendance page: each session with its check-in code, and each enrolled person's marks. */
export async function getAttendanceSheet(
  deps: Deps,
  options: { actor: Actor | null; workshopId: string },
): Promise<AttendanceSheet> {
  const row = await requireKeeper(deps, options.actor, options.workshopId);
  const db = deps.db.kysely;
  const [workshop, sessions, people, marks] = await Promise.all([
    getWorkshop(deps, { actor: options.actor, id: row.id }),
    listSessions(db, row.id),
    enrollments.listForWorkshop(db, row.id),
    repo.attendanceForWorkshop(db, row.id),
  ]);
  const now = nowIso();
  return {
    workshop,
    sessions: sessions.map((session, index) => ({
      id: session.id,
      number: index + 1,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      checkInCode: checkInCode(deps, session.id),
      checkInUrl: checkInUrlOf(deps, session.id),
      window: checkInWindow(session, now),
    })),
    enrolled: people
      .filter((person) => person.status === 'enrolled')
      .map(({ id, name, email, notCompletedAt }) => ({ id, name, email, notCompletedAt })),
    marks: marks.map(toAttendance),
    organizer: isStaff(options.actor) || (options.actor?.partnerIds.includes(row.partnerId) ?? false),
  };
}

/** A session as its check-in page shows it: with its workshop's title and time zone. */
export type CheckInSession = repo.SessionWithWorkshop;

/** What the check-in page shows anyone holding its address (from the QR code in the room). */
export async function getCheckInSession(
  deps: Deps,
  options: { sessionId: string },
): Promise<{ session: CheckInSession; window: CheckInWindow }> {
  const session = await requirePublishedSession(deps.db.kysely, options.sessionId);
  return { session, window: checkInWindow(session, nowIso()) };
}

/** "Jun 3, 2027, 9:00 AM CDT": an instant as the workshop's people read it. */
function inZone(session: repo.SessionWithWorkshop, iso: string): string {
  return formatDateTime(iso, session.timeZone);
}

/** Why a code is refused: another session's code says which session it belongs to. */
async function codeRefusal(deps: Deps, session: repo.SessionWithWorkshop, code: string): Promise<AppError> {
  const sessions: SessionRow[] = await listSessions(deps.db.kysely, session.workshopId);
  const index = sessions.findIndex((other) => other.id !== session.id && isCheckInCode(deps, other.id, code));
  const other = sessions[index];
  const own = sessions.findIndex((one) => one.id === session.id);
  const message = other
    ? `This is the code of session ${index + 1}, on ${inZone(session, other.startsAt)}; this page checks you in to session ${own + 1}, on ${inZone(session, session.startsAt)}.`
    : 'This is not the code of this session: check the code shown in the room.';
  const errors: FieldError[] = [{ path: 'code', message }];
  return attendanceError('CHECK_IN_CODE_WRONG', message, errors);
}

function windowRefusal(session: repo.SessionWithWorkshop, window: CheckInWindow): AppError | undefined {
  if (window.state === 'early') {
    return attendanceError(
      'CHECK_IN_CLOSED',
      `Check-in for this session opens at ${inZone(session, window.opensAt)}, an hour before it starts.`,
    );
  }
  if (window.state === 'late') {
    return attendanceError(
      'CHECK_IN_CLOSED',
      `Check-in for this session closed at ${inZone(session, window.closesAt)}, two hours after it ended.`,
    );
  }
  return undefined;
}

/** The enrollment checking in: the one the private token opens, or the signed-in person's own. */
async function enrollmentOf(
  deps: Deps,
  workshopId: string,
  actor: Actor | null,
  token: string | undefined,
): Promise<enrollments.EnrollmentRow | undefined> {
  const db = deps.db.kysely;
  if (token !== undefined) {
    // The token is an HMAC of its enrollment's id, so it names one of the workshop's enrollments.
    const found = (await enrollments.listForWorkshop(db, workshopId)).find((row) =>
      holdsCode(deps, row.id, token),
    );
    if (!found) {
      throw enrollmentError(
        'ENROLLMENT_NOT_FOUND',
        'This link is not an enrollment in this workshop: open the link in your confirmation email.',
      );
    }
    return found;
  }
  if (!actor) {
    throw new AppError(
      'UNAUTHENTICATED',
      'Sign in, or open this page from the link in your confirmation email, to check in.',
    );
  }
  return enrollments.findByPerson(db, workshopId, { emailKey: emailKeyOf(actor.email), userId: actor.id });
}

/** The enrollment, if it holds a seat; a walk-in, a cancelled or a waiting one is refused with the reason. */
function requireSeated(enrollment: enrollments.EnrollmentRow | undefined): enrollments.EnrollmentRow {
  if (!enrollment || enrollment.status === 'cancelled') {
    throw attendanceError('NOT_ENROLLED', 'You are not enrolled in this workshop.');
  }
  if (enrollment.status === 'waitlisted') {
    throw attendanceError(
      'NOT_ENROLLED',
      'You are on this workshop’s waitlist, not enrolled, so there is no seat to check in to.',
    );
  }
  return enrollment;
}

/**
 * Self check-in with the session's code, signed in or with the enrollment's private token: only for someone
 * enrolled (a walk-in is refused, not seated), only from an hour before the session until two hours after it,
 * and once (checking in again answers the first check-in).
 */
export async function checkIn(
  deps: Deps,
  options: { actor: Actor | null; sessionId: string; input: unknown },
): Promise<CheckInResult> {
  const db = deps.db.kysely;
  const session = await requirePublishedSession(db, options.sessionId);
  // Who is checking in comes first (signed in, or the enrollment's token), then what they typed.
  const { token } = parseInput(checkInInputSchema.pick({ token: true }), options.input);
  const enrollment = await enrollmentOf(deps, session.workshopId, options.actor, token);
  if (!enrollment) throw new AppError('FORBIDDEN', 'You are not enrolled in this workshop.');
  const { code } = parseInput(checkInInputSchema, options.input);
  if (!isCheckInCode(deps, session.id, code)) throw await codeRefusal(deps, session, code);
  const seated = requireSeated(enrollment);
  if (session.workshopStatus === 'cancelled') {
    throw attendanceError('CHECK_IN_CLOSED', 'This workshop is cancelled: there is nothing to check in to.');
  }
  const closed = windowRefusal(session, checkInWindow(session, nowIso()));
  if (closed) throw closed;
  return db.transaction().execute(async (trx) => {
    // Under the workshop's lock, like a cancellation: the seat is still this person's when the row is written.
    await enrollments.lockWorkshop(trx, session.workshopId);
    requireSeated(await enrollments.findEnrollment(trx, seated.id));
    const earlier = await repo.findAttendance(trx, session.id, seated.id);
    // Already present (checked in, or ticked on the roster): still the one attendance, as first recorded.
    if (earlier?.present === 1) return { ...toAttendance(earlier), alreadyCheckedIn: true };
    await repo.recordAttendance(trx, {
      sessionId: session.id,
      enrollmentId: seated.id,
      present: true,
      method: 'check_in',
      markedBy: token === undefined ? (options.actor?.id ?? null) : null,
    });
    const row = await repo.findAttendance(trx, session.id, seated.id);
    if (!row) throw attendanceError('SESSION_NOT_FOUND', 'There is no such session.');
    return { ...toAttendance(row), alreadyCheckedIn: false };
  });
}

/** The enrollment, for one of its workshop's organizers; its person sees it but is refused, others told it is not there. */
export async function requireEnrollmentOrganizer(
  deps: Deps,
  options: { actor: Actor | null; id: string },
): Promise<Enrollment> {
  const actor = requireSignedIn(options.actor);
  const enrollment = await getEnrollment(deps, { actor, id: options.id });
  const workshop = await requireVisibleWorkshop(deps, { actor, id: enrollment.workshopId });
  if (!workshop.viewer.organizer) {
    throw new AppError('FORBIDDEN', 'Only the workshop’s organizers mark an enrollment as not completed.');
  }
  return enrollment;
}

/**
 * Marks an enrollment as not completed: what its organizers do instead of cancelling once attendance is
 * recorded (a cancellation is refused then). Its person sees it but may not mark it; others are told it
 * does not exist. Marking twice keeps the first time.
 */
export async function markNotCompleted(
  deps: Deps,
  options: { actor: Actor | null; id: string },
): Promise<Enrollment> {
  const actor = requireSignedIn(options.actor);
  const enrollment = await requireEnrollmentOrganizer(deps, { actor, id: options.id });
  await deps.db.kysely.transaction().execute(async (trx) => {
    await enrollments.lockWorkshop(trx, enrollment.workshopId);
    const current = await enrollments.findEnrollment(trx, enrollment.id);
    if (current?.status !== 'enrolled') {
      throw attendanceError(
        'NOT_ENROLLED',
        `Only an enrolled person’s enrollment can be marked as not completed; ${enrollment.name} is ${current?.status === 'waitlisted' ? 'on the waitlist' : 'cancelled'}.`,
      );
    }
    await repo.markNotCompleted(trx, enrollment.id);
  });
  return getEnrollment(deps, { actor, id: enrollment.id });
}
