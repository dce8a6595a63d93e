import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import { invalidInput, type FieldError } from '../../platform/errors.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { currentProgramYear, resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { listCriteria } from './applications.config.repository.js';
import { applicationError } from './applications.errors.js';
import {
  STAFF_MOVES,
  canMove,
  isReviewable,
  statusWords,
  type ApplicationStatus,
  type StaffMove,
} from './applications.lifecycle.js';
import {
  defaultDecisionEmail,
  defaultInterviewEmail,
  interviewMail,
  type DraftEmail,
} from './applications.mail.js';
import { onboard } from './applications.onboarding.js';
import type { ApplicationRow, StatusChangeFields } from './applications.repository.js';
import * as repo from './applications.repository.js';
import * as reviews from './applications.review.repository.js';
import {
  noteInputSchema,
  scoresInputSchema,
  transitionInputSchema,
  type QueueQuery,
  type Review,
  type TransitionInput,
} from './applications.review.schemas.js';
import type { Application, ApplicationSummary } from './applications.schemas.js';
import {
  getApplication,
  requireStaffApplication,
  toApplication,
  type ApplicationDeps,
} from './applications.service.js';

/* Staff's side: the queue, the rubric scores and notes, and the moves along the lifecycle with their emails. */

/** One page of a year's queue (the current year unless named); drafts are never in it. */
export async function listQueue(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: QueueQuery },
): Promise<{ year: ProgramYear; page: Paged<ApplicationSummary> }> {
  requireStaff(options.actor);
  const { query } = options;
  const year = await resolveProgramYear(db, query.year);
  const page = await reviews.listQueue(
    db,
    { programYearId: year.id, status: query.status, state: query.state },
    query.table,
  );
  return { year, page };
}

/**
 * How many of the current year's applications wait in each status of the queue (staff's dashboard links each
 * count to the queue filtered by it); nothing waits while no year is current.
 */
export async function countQueue(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<Partial<Record<ApplicationStatus, number>>> {
  requireStaff(options.actor);
  const year = await currentProgramYear(db);
  return year ? reviews.countByStatus(db, year.id) : {};
}

async function reviewOf(db: Kysely<Database>, row: ApplicationRow): Promise<Review> {
  const [criteria, scores, notes, averageTotal] = await Promise.all([
    listCriteria(db, row.programYearId),
    reviews.listScores(db, row.id),
    reviews.listNotes(db, row.id),
    reviews.averageScore(db, row.id),
  ]);
  const totals = new Map<string, number>();
  for (const s of scores) totals.set(s.reviewerEmail, (totals.get(s.reviewerEmail) ?? 0) + s.score);
  return {
    criteria,
    scores,
    reviewerTotals: [...totals.entries()].map(([reviewerEmail, total]) => ({ reviewerEmail, total })),
    averageTotal,
    maxTotal: criteria.reduce((sum, c) => sum + c.maxScore, 0),
    basedOn: {
      reviewers: new Set(scores.map((s) => s.reviewerId)).size,
      criteria: new Set(scores.map((s) => s.criterionId)).size,
    },
    notes,
    interview:
      row.interviewStartsAt || row.interviewNotes
        ? { startsAt: row.interviewStartsAt, timeZone: row.interviewTimeZone, notes: row.interviewNotes }
        : null,
  };
}

export async function getReview(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Review> {
  const { row } = await requireStaffApplication(db, options.actor, options.id);
  return reviewOf(db, row);
}

/** What the staff page shows: the application and its review, read once. */
export async function getStaffApplication(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<{ application: Application; review: Review }> {
  const { row } = await requireStaffApplication(db, options.actor, options.id);
  const [application, review] = await Promise.all([toApplication(db, row), reviewOf(db, row)]);
  return { application, review };
}

/**
 * A reviewer scores some or all of the year's criteria; each score replaces only their own earlier score of
 * that criterion, so a reviewer can score part of the rubric now and the rest later.
 */
export async function scoreApplication(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Review> {
  const db = deps.db.kysely;
  const { actor, row } = await requireStaffApplication(db, options.actor, options.id);
  const { scores } = parseInput(scoresInputSchema, options.input);
  if (!isReviewable(row.status))
    throw applicationError(
      'APPLICATION_TRANSITION_NOT_ALLOWED',
      `A ${statusWords(row.status)} application is not reviewed.`,
    );
  const criteria = await listCriteria(db, row.programYearId);
  const errors: FieldError[] = [];
  const valid = new Map<string, number>();
  for (const [criterionId, score] of Object.entries(scores)) {
    const criterion = criteria.find((c) => c.id === criterionId);
    if (!criterion)
      errors.push({ path: `scores.${criterionId}`, message: 'This criterion is not in the year’s rubric.' });
    else if (score > criterion.maxScore)
      errors.push({ path: `scores.${criterionId}`, message: `Score at most ${criterion.maxScore}.` });
    else valid.set(criterionId, score);
  }
  if (errors.length > 0) throw invalidInput(errors, 'Some scores need attention.');
  if (valid.size === 0)
    throw invalidInput([{ path: 'scores', message: 'Score at least one criterion.' }], 'Nothing to save.');
  await db.transaction().execute((trx) => reviews.saveScores(trx, row.id, actor.id, valid));
  return getReview(db, { actor, id: row.id });
}

export async function addNote(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Review> {
  const db = deps.db.kysely;
  const { actor, row } = await requireStaffApplication(db, options.actor, options.id);
  const { body } = parseInput(noteInputSchema, options.input);
  await reviews.insertNote(db, {
    applicationId: row.id,
    authorId: actor.id,
    authorEmail: actor.email,
    body,
  });
  return getReview(db, { actor, id: row.id });
}

/** The email a move would send by default, which the staff page shows to edit; none for starting the review. */
export function defaultMoveEmail(
  config: ApplicationDeps['config'],
  application: Application,
  to: Exclude<StaffMove, 'in_review'>,
): DraftEmail {
  const forDecision = {
    programYear: application.programYear,
    contactName: application.contactName,
    leadOrganization: application.organizations[0]?.name ?? null,
  };
  return to === 'interview'
    ? defaultInterviewEmail(config, forDecision)
    : defaultDecisionEmail(config, forDecision, to);
}

function moveMail(
  config: ApplicationDeps['config'],
  application: Application,
  input: TransitionInput,
): OutgoingMail | null {
  if (input.to === 'in_review') return null;
  const fallback = defaultMoveEmail(config, application, input.to);
  const email = { subject: input.emailSubject ?? fallback.subject, body: input.emailBody ?? fallback.body };
  const to = application.contactEmail ?? application.applicantEmail;
  if (input.to === 'interview')
    return interviewMail(to, email, input.interview ?? { startsAt: null, timeZone: null });
  return { to, subject: email.subject, text: email.body };
}

/**
 * Moves an application along its lifecycle, as `STAFF_MOVES` allows, recording who and when; the email the
 * move sends (interview, decision) is queued in the same transaction. Accepting onboards the partner.
 */
export async function transitionApplication(
  deps: ApplicationDeps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Application> {
  const db = deps.db.kysely;
  const { actor, row } = await requireStaffApplication(db, options.actor, options.id);
  const input = parseInput(transitionInputSchema, options.input);
  const refused = () =>
    applicationError(
      'APPLICATION_TRANSITION_NOT_ALLOWED',
      `An application that is ${statusWords(row.status)} cannot move to ${statusWords(input.to)}.`,
    );
  if (!canMove(row.status, input.to)) throw refused();
  const application = await toApplication(db, row);
  await db.transaction().execute(async (trx) => {
    const set: StatusChangeFields = {};
    if (input.to === 'accepted')
      set.partnerId = await onboard(deps, trx, { actor, row, application, listing: input.listing });
    if (input.to === 'interview' && input.interview) {
      set.interviewStartsAt = input.interview.startsAt;
      set.interviewTimeZone = input.interview.timeZone;
      set.interviewNotes = input.interview.notes;
    }
    const moved = await repo.changeStatus(trx, {
      id: row.id,
      from: STAFF_MOVES[input.to],
      to: input.to,
      actor,
      set,
    });
    if (!moved) throw refused();
    const mail = moveMail(deps.config, application, input);
    if (mail) await deps.outbox.enqueue(mail, trx);
  });
  if (input.to === 'accepted') await deps.changes.publish('regions');
  return getApplication(db, { actor, id: row.id });
}
