import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { readYearAssignments, servedMessage, servingPartners } from '../regions/coverage.js';
import type { RegionUnit } from '../regions/geography.js';
import { regionError } from '../regions/regions.errors.js';
import { listQuestions } from './applications.config.repository.js';
import { applicationError } from './applications.errors.js';
import type { ApplicationForMail } from './applications.mail.js';
import * as repo from './applications.repository.js';
import type { Application } from './applications.schemas.js';

/*
 * What the applicant's drafts, the staff review and the onboarding share: who may see or change an
 * application, reading one, and the FAQ's "only regions not already served" as of this moment.
 */

/** What partner applications need from the portal. */
export type ApplicationDeps = Pick<CoreDeps, 'db' | 'outbox' | 'config' | 'changes'>;

export function notFound(): AppError {
  return applicationError('APPLICATION_NOT_FOUND', 'There is no such application.');
}

/**
 * The applicant sees their own applications and staff see all; to anybody else an application does not exist
 * (404), so that ids cannot be probed.
 */
export async function requireVisible(db: Kysely<Database>, actor: Actor | null, id: string) {
  const signedIn = requireSignedIn(actor);
  const row = await repo.findApplication(db, id);
  if (!row || (row.applicantId !== signedIn.id && !isStaff(signedIn))) throw notFound();
  return { actor: signedIn, row };
}

/** Only the applicant edits, submits, withdraws or deletes; staff may look but not act on the applicant's behalf. */
export async function requireOwn(db: Kysely<Database>, actor: Actor | null, id: string) {
  const visible = await requireVisible(db, actor, id);
  if (visible.row.applicantId !== visible.actor.id)
    throw new AppError('FORBIDDEN', 'Only the applicant can change this application.');
  return visible;
}

/** Staff only (401, 403 first); then the application, or 404. */
export async function requireStaffApplication(db: Kysely<Database>, actor: Actor | null, id: string) {
  const staff = requireStaff(actor);
  const row = await repo.findApplication(db, id);
  if (!row) throw notFound();
  return { actor: staff, row };
}

export async function toApplication(db: Kysely<Database>, row: repo.ApplicationRow): Promise<Application> {
  const [parts, questions] = await Promise.all([
    repo.applicationParts(db, row.id),
    listQuestions(db, row.programYearId),
  ]);
  return {
    id: row.id,
    programYear: row.programYear,
    pmFte: row.pmFteHundredths / 100,
    status: row.status,
    applicantEmail: row.applicantEmail,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    organizations: parts.organizations,
    regions: parts.regions.map((r) => r.unit),
    staff: parts.staff.map((s) => ({ name: s.name, email: s.email, fte: s.fteHundredths / 100 })),
    answers: Object.fromEntries(parts.answers.map((a) => [a.questionId, a.answer])),
    questions,
    partnerId: row.partnerId,
    submittedAt: row.submittedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    events: parts.events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      actorEmail: e.actorEmail,
      at: e.at,
    })),
  };
}

export async function getApplication(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const { row } = await requireVisible(db, options.actor, options.id);
  return toApplication(db, row);
}

/** Mail goes to the account that applied: the contact person may be someone else, but the account owns it. */
export function mailView(row: repo.ApplicationRow, organizations: { name: string }[]): ApplicationForMail {
  return {
    id: row.id,
    programYear: row.programYear,
    applicantEmail: row.applicantEmail,
    leadOrganization: organizations[0]?.name ?? null,
  };
}

/** The proposed regions as stored, back as units (the state of each was checked when it was saved). */
export function regionUnits(
  regions: { unit: string; unitKind: RegionUnit['kind']; state: string }[],
): RegionUnit[] {
  return regions.map((r) => ({ kind: r.unitKind, unit: r.unit, state: r.state as RegionUnit['state'] }));
}

/**
 * The FAQ: only regions not already served. Read from the database inside the caller's transaction, so that
 * saving, submitting and accepting see the assignments as they are at that moment. `field` names the form
 * field the refusal belongs beside; a form without one (the staff page) shows it above the form.
 */
export async function refuseServed(
  db: Kysely<Database>,
  year: ProgramYear,
  units: RegionUnit[],
  field?: 'regions',
): Promise<void> {
  const assignments = await readYearAssignments(db, year.id);
  const served = units.flatMap((unit) =>
    servingPartners(assignments, unit).map((serving) => servedMessage(unit.unit, serving, year.name)),
  );
  if (served.length === 0) return;
  const message = `${served.join(' ')} We only look for partners where no partner works yet; write to us through the contact form and we will connect you with the partner for your area.`;
  throw regionError('REGION_ALREADY_ASSIGNED', message, field ? [{ path: field, message }] : []);
}
