import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { ChangeFeed } from '../../platform/changes.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { parseInput } from '../../platform/validation.js';
import { addPartner, issueInvitation } from '../partners/partners.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { assignUnit, readYearAssignments, servedMessage, servingPartners } from '../regions/coverage.js';
import { isStateCode, parseRegionUnit, type RegionUnit } from '../regions/geography.js';
import {
  submittedApplicantMail,
  submittedStaffMail,
  withdrawnApplicantMail,
  withdrawnStaffMail,
  type ApplicationForMail,
} from './applications.mail.js';
import * as repo from './applications.repository.js';
import {
  US_ONLY_REASON,
  createApplicationSchema,
  narrativeStepSchema,
  noteInputSchema,
  organizationsStepSchema,
  queueQuerySchema,
  questionsConfigSchema,
  regionStepSchema,
  scoresInputSchema,
  staffingStepSchema,
  transitionInputSchema,
  type Application,
  type ApplicationStatus,
  type ApplicationStep,
  type ApplicationSummary,
  type Review,
} from './applications.schemas.js';
import { applicationError } from './applications.errors.js';
import { regionError } from '../regions/regions.errors.js';

/** What partner applications need from the portal. */
export interface ApplicationDeps {
  db: Db;
  outbox: Outbox;
  config: Pick<Config, 'baseUrl' | 'programName' | 'programContactEmail'>;
  changes: ChangeFeed;
}
type Deps = ApplicationDeps;

/** Seeded for a year the first time it is used, so that applicants are never asked nothing; staff edit them. */
export const DEFAULT_QUESTIONS = [
  'Why does your organization want to be the Regional Partner for this region, and what computer science education work do you already do there?',
  'How will you recruit districts, schools and teachers for CS Principles and CS Discoveries?',
  'How will you fund and sustain the program manager position and the workshops?',
  'Which facilitators will you work with, and where will you hold in-person workshops?',
];
export const DEFAULT_CRITERIA = [
  { title: 'Commitment to computer science education', maxScore: 5 },
  { title: "Reach into the region's districts and schools", maxScore: 5 },
  { title: 'Capacity and staffing', maxScore: 5 },
  { title: 'Sustainability and funding', maxScore: 5 },
];

/** Staff move an application forward; every other move is refused with 409. */
const STAFF_TRANSITIONS: Record<string, readonly ApplicationStatus[]> = {
  in_review: ['submitted'],
  interview: ['in_review'],
  accepted: ['interview'],
  declined: ['in_review', 'interview'],
};
const WITHDRAWABLE: readonly ApplicationStatus[] = ['draft', 'submitted', 'in_review', 'interview'];

function notFound(): AppError {
  return applicationError('APPLICATION_NOT_FOUND', 'There is no such application.');
}

/**
 * The applicant sees their own applications and staff see all; to anybody else an application does not exist
 * (404), so that ids cannot be probed.
 */
async function requireVisible(db: Kysely<Database>, actor: Actor | null, id: string) {
  const signedIn = requireSignedIn(actor);
  const row = await repo.findApplication(db, id);
  if (!row || (row.applicantId !== signedIn.id && !isStaff(signedIn))) throw notFound();
  return { actor: signedIn, row };
}

/** Only the applicant edits, submits or withdraws; staff may look but not write on an applicant's behalf. */
async function requireOwn(db: Kysely<Database>, actor: Actor | null, id: string) {
  const visible = await requireVisible(db, actor, id);
  if (visible.row.applicantId !== visible.actor.id)
    throw new AppError('FORBIDDEN', 'Only the applicant can change this application.');
  return visible;
}

function requireDraft(row: repo.ApplicationRow) {
  if (row.status !== 'draft') {
    throw applicationError(
      'APPLICATION_LOCKED',
      `This application is ${row.status.replace('_', ' ')} and can no longer be edited.`,
    );
  }
}

/** The year's questions and rubric; a year nobody configured yet gets the defaults, which staff can then edit. */
export async function ensureYearConfig(db: Kysely<Database>, programYearId: string) {
  if (!(await repo.hasAnyConfig(db, programYearId))) {
    await repo.replaceYearConfig(db, programYearId, {
      questions: DEFAULT_QUESTIONS,
      criteria: DEFAULT_CRITERIA,
    });
  }
  const [questions, criteria] = await Promise.all([
    repo.listQuestions(db, programYearId),
    repo.listCriteria(db, programYearId),
  ]);
  return { questions, criteria };
}

async function toApplication(db: Kysely<Database>, row: repo.ApplicationRow): Promise<Application> {
  const [parts, questions] = await Promise.all([
    repo.applicationParts(db, row.id),
    repo.listQuestions(db, row.programYearId),
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

export async function createApplication(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; input: unknown },
): Promise<Application> {
  const actor = requireSignedIn(options.actor);
  const { programYear } = parseInput(createApplicationSchema, options.input ?? {});
  const db = deps.db.kysely;
  const id = await db.transaction().execute(async (trx) => {
    const year = await resolveProgramYear(trx, programYear);
    await ensureYearConfig(trx, year.id);
    const created = await repo.insertApplication(trx, {
      programYearId: year.id,
      applicantId: actor.id,
      contactName: actor.name,
      contactEmail: actor.email,
    });
    await repo.recordCreated(trx, created, actor);
    return created;
  });
  return getApplication(db, { actor, id });
}

export async function getApplication(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const { row } = await requireVisible(db, options.actor, options.id);
  return toApplication(db, row);
}

/** The signed-in person's own applications. */
export async function listMyApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<ApplicationSummary[]> {
  const actor = requireSignedIn(options.actor);
  return repo.listApplications(db, { applicantId: actor.id });
}

/** Saves one step of a draft; each step checks its own fields, and submit checks that every step is complete. */
export async function saveApplicationStep(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string; step: ApplicationStep; input: unknown },
): Promise<Application> {
  const db = deps.db.kysely;
  const { row } = await requireOwn(db, options.actor, options.id);
  requireDraft(row);
  const year = await resolveProgramYear(db, row.programYear);
  await db.transaction().execute(async (trx) => {
    switch (options.step) {
      case 'organizations': {
        const input = parseInput(organizationsStepSchema, options.input);
        refuseOutsideUs(input.organizations);
        await repo.replaceOrganizations(trx, row.id, input.organizations);
        await repo.touch(trx, row.id, { contactName: input.contactName, contactEmail: input.contactEmail });
        return;
      }
      case 'region': {
        const { regions } = parseInput(regionStepSchema, options.input);
        const units = parseUnits(regions);
        await refuseServed(trx, year, units);
        await repo.replaceRegions(trx, row.id, units);
        break;
      }
      case 'staffing': {
        const { staff } = parseInput(staffingStepSchema, options.input);
        const people = staff.map((s) => ({
          name: s.name,
          email: s.email,
          fteHundredths: Math.round(s.fte * 100),
        }));
        const shortfall = fteShortfall(people, row.pmFteHundredths, year.name);
        if (shortfall) throw new AppError('INVALID_INPUT', shortfall.message, [shortfall]);
        await repo.replaceStaff(trx, row.id, people);
        break;
      }
      case 'narrative': {
        const { answers } = parseInput(narrativeStepSchema, options.input);
        const questions = await repo.listQuestions(trx, row.programYearId);
        await repo.replaceAnswers(trx, row.id, new Map(questions.map((q) => [q.id, answers[q.id] ?? ''])));
        break;
      }
    }
    await repo.touch(trx, row.id);
  });
  return getApplication(db, { actor: options.actor, id: row.id });
}

function refuseOutsideUs(organizations: { country: string; state: string }[]) {
  const errors: FieldError[] = [];
  for (const [index, organization] of organizations.entries()) {
    if (organization.country !== 'US') {
      errors.push({ path: `organizations.${index}.country`, message: US_ONLY_REASON });
    } else if (!isStateCode(organization.state)) {
      errors.push({
        path: `organizations.${index}.state`,
        message: 'Choose the state or territory of its US address.',
      });
    }
  }
  if (errors.some((e) => e.message === US_ONLY_REASON))
    throw applicationError('OUTSIDE_US', US_ONLY_REASON, errors);
  if (errors.length > 0) throw new AppError('INVALID_INPUT', 'Some fields need attention.', errors);
}

function parseUnits(regions: string[]): RegionUnit[] {
  const units = new Map<string, RegionUnit>();
  const problems: string[] = [];
  for (const region of regions) {
    const parsed = parseRegionUnit(region);
    if ('error' in parsed) problems.push(parsed.error);
    else units.set(parsed.unit.unit, parsed.unit);
  }
  if (problems.length > 0) {
    throw new AppError('INVALID_INPUT', 'A proposed region is not known.', [
      { path: 'regions', message: problems.join(' ') },
    ]);
  }
  return [...units.values()];
}

/** The proposed regions as stored, back as units (the state of each was checked when it was saved). */
function regionUnits(regions: { unit: string; unitKind: RegionUnit['kind']; state: string }[]): RegionUnit[] {
  return regions.map((r) => ({ kind: r.unitKind, unit: r.unit, state: r.state as RegionUnit['state'] }));
}

/**
 * The FAQ: only regions not already served. Read from the database inside the caller's transaction, so that
 * saving, submitting and accepting see the assignments as they are at that moment.
 */
async function refuseServed(db: Kysely<Database>, year: ProgramYear, units: RegionUnit[]) {
  const assignments = await readYearAssignments(db, year.id);
  const served = units.flatMap((unit) =>
    servingPartners(assignments, unit).map((serving) => servedMessage(unit.unit, serving, year.name)),
  );
  if (served.length > 0) {
    const message = `${served.join(' ')} We only look for partners where no partner works yet; write to us through the contact form and we will connect you with the partner for your area.`;
    throw regionError('REGION_ALREADY_ASSIGNED', message, [{ path: 'regions', message }]);
  }
}

function fteShortfall(
  staff: { fteHundredths: number }[],
  requiredHundredths: number,
  yearName: string,
): FieldError | undefined {
  const total = staff.reduce((sum, s) => sum + s.fteHundredths, 0);
  if (total >= requiredHundredths) return undefined;
  return {
    path: 'staff',
    message: `The shares add up to ${(total / 100).toFixed(2)} FTE; the program manager position for ${yearName} needs ${(requiredHundredths / 100).toFixed(2)} FTE in total, which one or more people can share.`,
  };
}

/** Checks every step, then locks the application as submitted. An incomplete one is refused field by field. */
export async function submitApplication(
  deps: Pick<Deps, 'db' | 'outbox' | 'config'>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const db = deps.db.kysely;
  const { actor, row } = await requireOwn(db, options.actor, options.id);
  requireDraft(row);
  const year = await resolveProgramYear(db, row.programYear);
  await db.transaction().execute(async (trx) => {
    const parts = await repo.applicationParts(trx, row.id);
    const questions = await repo.listQuestions(trx, row.programYearId);
    const errors: FieldError[] = [];
    if (parts.organizations.length === 0)
      errors.push({ path: 'organizations', message: 'Name the lead organization (step 1).' });
    if (!row.contactName || !row.contactEmail)
      errors.push({ path: 'contactName', message: 'Name the contact person (step 1).' });
    if (parts.regions.length === 0)
      errors.push({ path: 'regions', message: 'Propose at least one region (step 2).' });
    if (parts.staff.length === 0)
      errors.push({ path: 'staff', message: 'Name the program manager or managers (step 3).' });
    else {
      const shortfall = fteShortfall(parts.staff, row.pmFteHundredths, year.name);
      if (shortfall) errors.push(shortfall);
    }
    const answered = new Set(parts.answers.map((a) => a.questionId));
    for (const question of questions) {
      if (!answered.has(question.id))
        errors.push({ path: `answers.${question.id}`, message: `Answer “${question.prompt}” (step 4).` });
    }
    if (errors.length > 0)
      throw applicationError('APPLICATION_INCOMPLETE', 'The application is not complete yet.', errors);
    await refuseServed(trx, year, regionUnits(parts.regions));
    if (!(await repo.changeStatus(trx, { id: row.id, from: ['draft'], to: 'submitted', actor }))) {
      throw applicationError('APPLICATION_LOCKED', 'This application was already submitted.');
    }
    const forMail = mailView(row, parts.organizations);
    await deps.outbox.enqueue(submittedApplicantMail(deps.config, forMail), trx);
    await deps.outbox.enqueue(submittedStaffMail(deps.config, forMail), trx);
  });
  return getApplication(db, { actor, id: row.id });
}

/** The applicant withdraws until a decision; staff hear of it only if they had received it. */
export async function withdrawApplication(
  deps: Pick<Deps, 'db' | 'outbox' | 'config'>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const db = deps.db.kysely;
  const { actor, row } = await requireOwn(db, options.actor, options.id);
  await db.transaction().execute(async (trx) => {
    const from = await repo.changeStatus(trx, { id: row.id, from: WITHDRAWABLE, to: 'withdrawn', actor });
    if (!from) {
      throw applicationError(
        'APPLICATION_TRANSITION_NOT_ALLOWED',
        `An application that is ${row.status.replace('_', ' ')} can no longer be withdrawn.`,
      );
    }
    const { organizations } = await repo.applicationParts(trx, row.id);
    const forMail = mailView(row, organizations);
    await deps.outbox.enqueue(withdrawnApplicantMail(deps.config, forMail), trx);
    if (from !== 'draft') await deps.outbox.enqueue(withdrawnStaffMail(deps.config, forMail, from), trx);
  });
  return getApplication(db, { actor, id: row.id });
}

/** Mail goes to the account that applied: the contact person may be someone else, but the account owns it. */
function mailView(row: repo.ApplicationRow, organizations: { name: string }[]): ApplicationForMail {
  return {
    id: row.id,
    programYear: row.programYear,
    applicantEmail: row.applicantEmail,
    leadOrganization: organizations[0]?.name ?? null,
  };
}

// Review (staff)

export async function listQueue(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
): Promise<{ year: ProgramYear; applications: ApplicationSummary[] }> {
  requireStaff(options.actor);
  const query = queueQuerySchema.parse(options.query ?? {});
  const year = await resolveProgramYear(db, query.year);
  const applications = await repo.listApplications(db, {
    programYearId: year.id,
    ...(query.status ? { status: query.status } : {}),
    ...(query.state ? { state: query.state } : {}),
  });
  return { year, applications };
}

export async function getReview(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Review> {
  requireStaff(options.actor);
  const row = await repo.findApplication(db, options.id);
  if (!row) throw notFound();
  const [criteria, scores, notes] = await Promise.all([
    repo.listCriteria(db, row.programYearId),
    repo.listScores(db, row.id),
    repo.listNotes(db, row.id),
  ]);
  const totals = new Map<string, number>();
  for (const s of scores) totals.set(s.reviewerEmail, (totals.get(s.reviewerEmail) ?? 0) + s.score);
  return {
    criteria,
    scores: scores.map(({ reviewerEmail, criterionId, score }) => ({ reviewerEmail, criterionId, score })),
    reviewerTotals: [...totals.entries()].map(([reviewerEmail, total]) => ({ reviewerEmail, total })),
    averageTotal: repo.averageOfTotals(scores),
    maxTotal: criteria.reduce((sum, c) => sum + c.maxScore, 0),
    notes,
  };
}

/** A reviewer's scores replace their earlier ones; every criterion of the year's rubric needs a score. */
export async function scoreApplication(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Review> {
  const actor = requireStaff(options.actor);
  const { scores } = parseInput(scoresInputSchema, options.input);
  const db = deps.db.kysely;
  const row = await repo.findApplication(db, options.id);
  if (!row) throw notFound();
  if (row.status === 'draft' || row.status === 'withdrawn')
    throw applicationError(
      'APPLICATION_TRANSITION_NOT_ALLOWED',
      `A ${row.status} application is not reviewed.`,
    );
  const criteria = await repo.listCriteria(db, row.programYearId);
  const errors: FieldError[] = [];
  const valid = new Map<string, number>();
  for (const criterion of criteria) {
    const score = scores[criterion.id];
    if (score === undefined)
      errors.push({ path: `scores.${criterion.id}`, message: `Score “${criterion.title}”.` });
    else if (score > criterion.maxScore)
      errors.push({ path: `scores.${criterion.id}`, message: `Score at most ${criterion.maxScore}.` });
    else valid.set(criterion.id, score);
  }
  if (errors.length > 0) throw new AppError('INVALID_INPUT', 'Some scores need attention.', errors);
  await db.transaction().execute((trx) => repo.saveScores(trx, row.id, actor.id, valid));
  return getReview(db, { actor, id: row.id });
}

export async function addNote(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Review> {
  const actor = requireStaff(options.actor);
  const { body } = parseInput(noteInputSchema, options.input);
  const db = deps.db.kysely;
  const row = await repo.findApplication(db, options.id);
  if (!row) throw notFound();
  await repo.insertNote(db, { applicationId: row.id, authorId: actor.id, authorEmail: actor.email, body });
  return getReview(db, { actor, id: row.id });
}

/** The decision email staff see, and may edit, before accepting or declining. */
export function defaultDecisionEmail(
  application: Pick<Application, 'programYear' | 'organizations' | 'contactName'>,
  decision: 'accepted' | 'declined',
  programName: string,
): { subject: string; body: string } {
  const lead = application.organizations[0]?.name ?? 'your organization';
  const greeting = `Hello ${application.contactName ?? ''},`.replace(' ,', ',');
  if (decision === 'accepted') {
    return {
      subject: `Your Regional Partner application for ${application.programYear} is accepted`,
      body: [
        greeting,
        '',
        `We are delighted to tell you that ${lead} is accepted as a Regional Partner of the ${programName} for ${application.programYear}.`,
        '',
        'Each program manager named in the application receives an invitation to the portal by email.',
      ].join('\n'),
    };
  }
  return {
    subject: `Your Regional Partner application for ${application.programYear}`,
    body: [
      greeting,
      '',
      `Thank you for applying to be a Regional Partner of the ${programName}. We are sorry that we cannot accept the application of ${lead} for ${application.programYear}.`,
    ].join('\n'),
  };
}

/**
 * Moves an application along its lifecycle. Accepting creates, in the same transaction, the partner with its
 * organizations, its region assignments (the unique constraint on a unit per year decides between two
 * acceptances at once) and invitations for the named program managers.
 */
export async function transitionApplication(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Application> {
  const actor = requireStaff(options.actor);
  const input = parseInput(transitionInputSchema, options.input);
  const db = deps.db.kysely;
  const existing = await repo.findApplication(db, options.id);
  if (!existing) throw notFound();
  const refused = () =>
    applicationError(
      'APPLICATION_TRANSITION_NOT_ALLOWED',
      `An application that is ${existing.status.replace('_', ' ')} cannot move to ${input.to.replace('_', ' ')}.`,
    );
  const allowedFrom = STAFF_TRANSITIONS[input.to] ?? [];
  if (!allowedFrom.includes(existing.status)) throw refused();
  const application = await toApplication(db, existing);
  await db.transaction().execute(async (trx) => {
    let partnerId: string | undefined;
    if (input.to === 'accepted') partnerId = await onboard(deps, trx, actor, existing, application);
    const moved = await repo.changeStatus(trx, {
      id: existing.id,
      from: allowedFrom,
      to: input.to,
      actor,
      ...(partnerId ? { partnerId } : {}),
    });
    if (!moved) throw refused();
    if (input.to === 'accepted' || input.to === 'declined') {
      const fallback = defaultDecisionEmail(application, input.to, deps.config.programName);
      const to = application.contactEmail ?? application.applicantEmail;
      await deps.outbox.enqueue(
        { to, subject: input.emailSubject || fallback.subject, text: input.emailBody || fallback.body },
        trx,
      );
    }
  });
  if (input.to === 'accepted') await deps.changes.publish('regions');
  return getApplication(db, { actor, id: existing.id });
}

async function onboard(
  deps: Deps,
  trx: Kysely<Database>,
  actor: Actor,
  row: repo.ApplicationRow,
  application: Application,
): Promise<string> {
  const year = await resolveProgramYear(trx, row.programYear);
  const lead = application.organizations[0];
  if (!lead) throw applicationError('APPLICATION_INCOMPLETE', 'The application names no organization.');
  const name = row.partnerName ?? lead.name;
  const units = regionUnits((await repo.applicationParts(trx, row.id)).regions);
  // Checked again now: another partner may have been given a containing or contained unit since submission,
  // or be being given one by an acceptance running at this moment (the lock makes this one wait for it).
  await repo.lockProgramYear(trx, year.id);
  await refuseServed(trx, year, units);
  const partnerId = await addPartner(trx, {
    year,
    input: {
      programYear: year.name,
      name,
      contactName: application.contactName ?? lead.name,
      contactEmail: application.contactEmail ?? application.applicantEmail,
      contactPhone: undefined,
      website: undefined,
      address: undefined,
      coursesOffered: [],
      active: true,
      organizations: application.organizations.map((o) => ({ name: o.name, role: o.role })),
    },
  });
  // The year's lock and the check above decide first; the unique constraint on a unit per year is the backstop,
  // and a refusal rolls back everything this acceptance wrote.
  for (const unit of units)
    await assignUnit(trx, { programYearId: year.id, yearName: year.name, partnerId, unit });
  for (const person of application.staff) {
    await issueInvitation(trx, deps, {
      partnerId,
      partnerName: name,
      email: person.email,
      personName: person.name,
      createdBy: actor.id,
      why: `${name} is accepted as a Regional Partner of the ${deps.config.programName} for ${year.name}, and its application names you as a program manager (${person.fte.toFixed(2)} FTE).`,
    });
  }
  return partnerId;
}

// Configuration (staff)

export async function getYearConfig(db: Kysely<Database>, options: { actor: Actor | null; year?: string }) {
  requireStaff(options.actor);
  const year = await resolveProgramYear(db, options.year);
  const config = await db.transaction().execute((trx) => ensureYearConfig(trx, year.id));
  return { programYear: year.name, ...config };
}

export async function updateYearConfig(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; year?: string; input: unknown },
) {
  requireStaff(options.actor);
  const input = parseInput(questionsConfigSchema, options.input);
  const db = deps.db.kysely;
  const year = await resolveProgramYear(db, options.year);
  await db.transaction().execute((trx) => repo.replaceYearConfig(trx, year.id, input));
  return getYearConfig(db, { actor: options.actor, year: year.name });
}
