import { createHash } from 'node:crypto';
import { isStaff, requireSignedIn, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import { parseInput } from '../../platform/validation.js';
import * as repo from './workshops.enrollments.repository.js';
import { cancelledMail, signUpMail } from './workshops.enrollments.mail.js';
import { emailKeyOf, enrollmentInputSchema, type Enrollment } from './workshops.enrollments.schemas.js';
import { enrollmentError, workshopError } from './workshops.errors.js';
import { holdsCode, manageUrl } from './workshops.enrollments.links.js';
import { fillFreeSeats, seatFor } from './workshops.seats.js';
import { getWorkshop, requireVisibleWorkshop } from './workshops.service.js';
import { registrationState } from './workshops.time.js';
import type { WorkshopRow } from './workshops.repository.js';

type ReadDeps = Pick<CoreDeps, 'db' | 'config'>;
type Deps = ReadDeps & Pick<CoreDeps, 'outbox'>;

/** An enrollment as people read it; a waiting one with its place in the queue (counted unless given). */
async function toEnrollment(
  db: Kysely<Database>,
  row: repo.EnrollmentRow,
  waitlistPosition?: number,
): Promise<Enrollment> {
  return {
    id: row.id,
    workshopId: row.workshopId,
    status: row.status,
    ...(row.status === 'waitlisted'
      ? { waitlistPosition: waitlistPosition ?? (await repo.waitlistPosition(db, row)) }
      : {}),
    name: row.name,
    email: row.email,
    role: row.role,
    school: row.school,
    notCompletedAt: row.notCompletedAt,
    createdAt: row.createdAt,
  };
}

/** Why a workshop takes no sign-up now, in words, or undefined when it does. */
function closedReason(workshop: WorkshopRow, now: string): string | undefined {
  if (workshop.status === 'cancelled') return 'This workshop is cancelled.';
  if (workshop.status !== 'published') return 'This workshop is not open for registration.';
  if (workshop.endsAt <= now) return 'This workshop has ended.';
  const state = registrationState(workshop, now);
  if (state === 'not_open') return 'Registration for this workshop has not opened yet.';
  if (state === 'closed') return 'Registration for this workshop has closed.';
  return undefined;
}

function alreadyEnrolled(row: repo.EnrollmentRow, position: number | undefined): AppError {
  const where =
    row.status === 'enrolled'
      ? 'You are already enrolled in this workshop: your seat is kept.'
      : `You are already on this workshop’s waitlist, number ${position ?? '?'}.`;
  return enrollmentError('ALREADY_ENROLLED', where, [{ path: 'email', message: where }]);
}

export interface SignUp {
  enrollment: Enrollment;
  /** Where the person manages it; also in their confirmation email. */
  manageUrl: string;
}

/**
 * Signs a person up: a seat while one is free, else the waitlist with their number. One enrollment per person
 * per workshop (by account, and by email); a second attempt is told where they stand. The check and the
 * insert happen under the workshop's lock, in one transaction, so capacity holds however many arrive at once.
 */
export async function enroll(
  deps: Deps,
  options: {
    actor: Actor | null;
    workshopId: string;
    input: unknown;
    invite?: string | undefined;
    /** An API client's `Idempotency-Key`: the same key and body answer the same result. */
    idempotencyKey?: string | undefined;
  },
): Promise<{ status: number; result: SignUp }> {
  const actor = options.actor;
  // Visibility first: a draft, or an invitation-only workshop without its link, is not found.
  const { viewer } = await requireVisibleWorkshop(deps, {
    actor,
    id: options.workshopId,
    invite: options.invite,
  });
  const input = parseInput(enrollmentInputSchema, options.input);
  // Its organizers may add someone else by name and email, through the same gate as anyone's sign-up.
  const organizer = viewer.organizer;
  const forThemselves = actor !== null && !(organizer && input.email !== undefined);
  const name = forThemselves ? (input.name ?? actor.name) : input.name;
  const email = forThemselves ? actor.email : input.email;
  const missing = [
    ...(name ? [] : [{ path: 'name', message: 'Enter your name.' }]),
    ...(email ? [] : [{ path: 'email', message: 'Enter your email address.' }]),
  ];
  if (missing.length > 0 || !name || !email) {
    throw new AppError('INVALID_INPUT', 'Some fields need attention.', missing);
  }
  const db = deps.db.kysely;
  const scope = `enroll:${options.workshopId}:${actor?.id ?? 'anonymous'}`;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(options.input ?? null))
    .digest('hex');
  if (options.idempotencyKey) {
    const earlier = await repo.findIdempotent(db, scope, options.idempotencyKey);
    if (earlier) return replay(earlier, fingerprint);
  }
  const person = { emailKey: emailKeyOf(email), userId: forThemselves ? actor.id : null };
  return db.transaction().execute(async (trx) => {
    const locked = await repo.lockWorkshop(trx, options.workshopId);
    if (!locked) throw workshopError('WORKSHOP_NOT_FOUND', 'There is no such workshop.');
    const closed = closedReason(locked, nowIso());
    if (closed) throw enrollmentError('REGISTRATION_NOT_OPEN', closed);
    const counts = (await repo.seatCounts(trx, [locked.id])).get(locked.id) ?? {
      enrolled: 0,
      waitlisted: 0,
    };
    const status = seatFor(locked, counts);
    const existing = await repo.findByPerson(trx, locked.id, person);
    let row: repo.EnrollmentRow;
    if (existing && existing.status !== 'cancelled') {
      throw alreadyEnrolled(
        existing,
        existing.status === 'waitlisted' ? await repo.waitlistPosition(trx, existing) : undefined,
      );
    } else if (existing) {
      await repo.reopenEnrollment(trx, existing.id, {
        workshopId: locked.id,
        status,
        name,
        role: input.role,
        school: input.school ?? null,
      });
      row = (await repo.findEnrollment(trx, existing.id)) ?? existing;
    } else {
      row = await repo.insertEnrollment(trx, {
        workshopId: locked.id,
        userId: person.userId,
        name,
        email,
        emailKey: person.emailKey,
        role: input.role,
        school: input.school ?? null,
        status,
      });
    }
    const enrollment = await toEnrollment(trx, row);
    const url = manageUrl(deps, row.id);
    await deps.outbox.enqueue(
      signUpMail(deps.config, {
        to: email,
        name,
        workshopTitle: locked.title,
        manageUrl: url,
        status: enrollment.status,
        waitlistPosition: enrollment.waitlistPosition,
      }),
      trx,
    );
    const result = { enrollment, manageUrl: url };
    if (options.idempotencyKey) {
      await repo.saveIdempotent(trx, {
        scope,
        key: options.idempotencyKey,
        fingerprint,
        status: 201,
        body: JSON.stringify(result),
      });
    }
    return { status: 201, result };
  });
}

function replay(
  earlier: { fingerprint: string; status: number; body: string },
  fingerprint: string,
): { status: number; result: SignUp } {
  if (earlier.fingerprint !== fingerprint) {
    throw enrollmentError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used with another request body; use a new key for a new request.',
    );
  }
  return { status: earlier.status, result: JSON.parse(earlier.body) as SignUp };
}

/**
 * An enrollment for the person it belongs to (their account, or the private link's code), the workshop's
 * organizers, and staff; for anyone else it does not exist.
 */
async function requireEnrollmentAccess(
  deps: ReadDeps,
  actor: Actor | null,
  id: string,
  token: string | undefined,
): Promise<{ row: repo.EnrollmentRow; organizer: boolean }> {
  const row = await repo.findEnrollment(deps.db.kysely, id);
  const notFound = enrollmentError(
    'ENROLLMENT_NOT_FOUND',
    'There is no such enrollment, or it is not yours.',
  );
  if (!row) throw notFound;
  const workshop = await getWorkshop(deps, { actor, id: row.workshopId }).catch(() => undefined);
  const organizer =
    actor !== null &&
    workshop !== undefined &&
    (isStaff(actor) || actor.partnerIds.includes(workshop.partnerId));
  const own =
    (actor !== null && (row.userId === actor.id || emailKeyOf(actor.email) === row.emailKey)) ||
    holdsCode(deps, row.id, token);
  if (!own && !organizer) throw notFound;
  return { row, organizer };
}

export async function getEnrollment(
  deps: ReadDeps,
  options: { actor: Actor | null; id: string; token?: string | undefined },
): Promise<Enrollment> {
  const { row } = await requireEnrollmentAccess(deps, options.actor, options.id, options.token);
  return toEnrollment(deps.db.kysely, row);
}

/**
 * Cancels a seat or leaves the waitlist. A freed seat goes to the first person waiting in the same transaction
 * (with an email); the one who cancelled is out of the queue, so it never comes back to them. An enrollment
 * with attendance is not cancelled: its organizer marks it as not completed instead.
 */
export async function cancelEnrollment(
  deps: Deps,
  options: { actor: Actor | null; id: string; token?: string | undefined },
): Promise<Enrollment> {
  const { row } = await requireEnrollmentAccess(deps, options.actor, options.id, options.token);
  const db = deps.db.kysely;
  const cancelled = await db.transaction().execute(async (trx) => {
    const workshop = await repo.lockWorkshop(trx, row.workshopId);
    const current = await repo.findEnrollment(trx, row.id);
    if (!workshop || !current) throw enrollmentError('ENROLLMENT_NOT_FOUND', 'There is no such enrollment.');
    if (current.status === 'cancelled') return current;
    if (await repo.hasAttendance(trx, current.id)) {
      throw enrollmentError(
        'ENROLLMENT_ATTENDED',
        'This enrollment has attendance recorded, so it cannot be cancelled; the organizer can mark it as not completed.',
      );
    }
    await repo.cancel(trx, current.id, options.actor?.id ?? null);
    await deps.outbox.enqueue(
      cancelledMail(deps.config, {
        to: current.email,
        name: current.name,
        workshopTitle: workshop.title,
        manageUrl: manageUrl(deps, current.id),
      }),
      trx,
    );
    if (current.status === 'enrolled') {
      await fillFreeSeats(deps, trx, workshop, (id) => manageUrl(deps, id));
    }
    return { ...current, status: 'cancelled' as const };
  });
  return toEnrollment(deps.db.kysely, cancelled);
}

/** A workshop's roster, for its organizers and staff: everyone in queue order, with their status. */
export async function listWorkshopEnrollments(
  deps: ReadDeps,
  options: { actor: Actor | null; workshopId: string },
): Promise<Enrollment[]> {
  const actor = requireSignedIn(options.actor);
  const workshop = await getWorkshop(deps, { actor, id: options.workshopId });
  if (!isStaff(actor) && !actor.partnerIds.includes(workshop.partnerId)) {
    throw new AppError('FORBIDDEN', 'Only program staff and this partner’s program managers see its roster.');
  }
  // In queue order already, so each waiting person's place is counted here rather than queried per row.
  const rows = await repo.listForWorkshop(deps.db.kysely, workshop.id);
  let waiting = 0;
  return Promise.all(
    rows.map((row) => toEnrollment(deps.db.kysely, row, row.status === 'waitlisted' ? ++waiting : undefined)),
  );
}

/** The signed-in person's enrollments (by account, or by the email they signed up with before having one). */
export async function listMyEnrollments(
  deps: ReadDeps,
  options: { actor: Actor | null },
): Promise<Enrollment[]> {
  const actor = requireSignedIn(options.actor);
  const rows = await repo.listForPerson(deps.db.kysely, {
    userId: actor.id,
    emailKey: emailKeyOf(actor.email),
  });
  return Promise.all(rows.map((row) => toEnrollment(deps.db.kysely, row)));
}

/** The signed-in person's enrollment in a workshop, if any: the workshop page says where they stand. */
export async function findMyEnrollment(
  deps: ReadDeps,
  options: { actor: Actor | null; workshopId: string },
): Promise<Enrollment | undefined> {
  if (!options.actor) return undefined;
  const row = await repo.findByPerson(deps.db.kysely, options.workshopId, {
    emailKey: emailKeyOf(options.actor.email),
    userId: options.actor.id,
  });
  return row ? toEnrollment(deps.db.kysely, row) : undefined;
}
