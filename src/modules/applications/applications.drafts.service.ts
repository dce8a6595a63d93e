import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireSignedIn, type Actor } from '../../platform/actor.js';
import { AppError, invalidInput, type FieldError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { readProposedRegions } from '../eligibility/eligibility.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import { isStateCode } from '../regions/geography.js';
import { listQuestions } from './applications.config.repository.js';
import { ensureYearConfig } from './applications.config.service.js';
import { applicationError } from './applications.errors.js';
import { WITHDRAWABLE, isDeletable, statusWords } from './applications.lifecycle.js';
import {
  submittedApplicantMail,
  submittedStaffMail,
  withdrawnApplicantMail,
  withdrawnStaffMail,
} from './applications.mail.js';
import * as repo from './applications.repository.js';
import {
  STEP_SCHEMAS,
  US_ONLY_REASON,
  createApplicationSchema,
  type Application,
  type ApplicationStep,
  type ApplicationSummary,
} from './applications.schemas.js';
import {
  getApplication,
  mailView,
  refuseServed,
  regionUnits,
  requireOwn,
  type ApplicationDeps,
} from './applications.service.js';

/* The applicant's side: a draft saved step by step, submitted, withdrawn, or deleted while still a draft. */

function requireDraft(row: repo.ApplicationRow) {
  if (row.status !== 'draft') {
    throw applicationError(
      'APPLICATION_LOCKED',
      `This application is ${statusWords(row.status)} and can no longer be edited.`,
    );
  }
}

/** The year a request names, or the current one; refused on the field that named it, `programYear`. */
async function yearNamed(db: Kysely<Database>, name: string | undefined) {
  try {
    return await resolveProgramYear(db, name);
  } catch (error) {
    const named = error instanceof AppError ? error.fieldErrors[0] : undefined;
    if (!(error instanceof AppError) || !named) throw error;
    throw new AppError(
      error.code,
      error.message,
      [{ path: 'programYear', message: named.message }],
      error.status,
    );
  }
}

export async function createApplication(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; input: unknown },
): Promise<Application> {
  const actor = requireSignedIn(options.actor);
  const { programYear } = parseInput(createApplicationSchema, options.input ?? {});
  const db = deps.db.kysely;
  const id = await db.transaction().execute(async (trx) => {
    const year = await yearNamed(trx, programYear);
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

/** The signed-in person's own applications, drafts included. Reviewers' scores are not theirs to see. */
export async function listMyApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<ApplicationSummary[]> {
  const actor = requireSignedIn(options.actor);
  const rows = await repo.listApplicantApplications(db, actor.id);
  return rows.map((row) => ({ ...row, averageTotal: null }));
}

/** Saves one step of a draft; each step checks its own fields, and submit checks that every step is complete. */
export async function saveApplicationStep(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; id: string; step: ApplicationStep; input: unknown },
): Promise<Application> {
  const db = deps.db.kysely;
  const { row } = await requireOwn(db, options.actor, options.id);
  requireDraft(row);
  const year = await resolveProgramYear(db, row.programYear);
  await db.transaction().execute(async (trx) => {
    switch (options.step) {
      case 'organizations': {
        const input = parseInput(STEP_SCHEMAS.organizations, options.input);
        refuseOutsideUs(input.organizations);
        await repo.replaceOrganizations(trx, row.id, input.organizations);
        await repo.touch(trx, row.id, { contactName: input.contactName, contactEmail: input.contactEmail });
        return;
      }
      case 'region': {
        const { regions } = parseInput(STEP_SCHEMAS.region, options.input);
        const units = readProposedRegions(regions);
        await refuseServed(trx, year, units, 'regions');
        await repo.replaceRegions(trx, row.id, units);
        break;
      }
      case 'staffing': {
        const { staff } = parseInput(STEP_SCHEMAS.staffing, options.input);
        const people = staff.map((s) => ({
          name: s.name,
          email: s.email,
          fteHundredths: Math.round(s.fte * 100),
        }));
        const shortfall = fteShortfall(people, row.pmFteHundredths, year.name);
        if (shortfall) throw invalidInput([shortfall], shortfall.message);
        await repo.replaceStaff(trx, row.id, people);
        break;
      }
      case 'narrative': {
        const { answers } = parseInput(STEP_SCHEMAS.narrative, options.input);
        const questions = await listQuestions(trx, row.programYearId);
        await repo.replaceAnswers(trx, row.id, new Map(questions.map((q) => [q.id, answers[q.id] ?? ''])));
        break;
      }
    }
    await repo.touch(trx, row.id);
  });
  return getApplication(db, { actor: options.actor, id: row.id });
}

/** FAQ: US organizations only. Outside the United States the state or province is not asked for. */
function refuseOutsideUs(organizations: { country: string; state: string }[]) {
  const abroad: FieldError[] = [];
  const stateless: FieldError[] = [];
  for (const [index, organization] of organizations.entries()) {
    if (organization.country !== 'US')
      abroad.push({ path: `organizations.${index}.country`, message: US_ONLY_REASON });
    else if (!isStateCode(organization.state))
      stateless.push({
        path: `organizations.${index}.state`,
        message: 'Choose the state or territory of its US address.',
      });
  }
  if (abroad.length > 0) throw applicationError('OUTSIDE_US', US_ONLY_REASON, abroad);
  if (stateless.length > 0) throw invalidInput(stateless);
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
  deps: Pick<ApplicationDeps, 'db' | 'outbox' | 'config'>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const db = deps.db.kysely;
  const { actor, row } = await requireOwn(db, options.actor, options.id);
  requireDraft(row);
  const year = await resolveProgramYear(db, row.programYear);
  await db.transaction().execute(async (trx) => {
    const parts = await repo.applicationParts(trx, row.id);
    const questions = await listQuestions(trx, row.programYearId);
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
    await refuseServed(trx, year, regionUnits(parts.regions), 'regions');
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
/** Refuses anyone but the applicant (staff read an application, but never withdraw or delete it for them). */
export async function requireApplicant(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  await requireOwn(deps.db.kysely, options.actor, options.id);
}

export async function withdrawApplication(
  deps: Pick<ApplicationDeps, 'db' | 'outbox' | 'config'>,
  options: { actor: Actor | null; id: string },
): Promise<Application> {
  const db = deps.db.kysely;
  const { actor, row } = await requireOwn(db, options.actor, options.id);
  await db.transaction().execute(async (trx) => {
    const from = await repo.changeStatus(trx, { id: row.id, from: WITHDRAWABLE, to: 'withdrawn', actor });
    if (!from) {
      throw applicationError(
        'APPLICATION_TRANSITION_NOT_ALLOWED',
        `An application that is ${statusWords(row.status)} can no longer be withdrawn.`,
      );
    }
    const { organizations } = await repo.applicationParts(trx, row.id);
    const forMail = mailView(row, organizations);
    await deps.outbox.enqueue(withdrawnApplicantMail(deps.config, forMail), trx);
    if (from !== 'draft') await deps.outbox.enqueue(withdrawnStaffMail(deps.config, forMail, from), trx);
  });
  return getApplication(db, { actor, id: row.id });
}

/**
 * The applicant deletes a draft with everything in it: nobody else ever saw it, so nothing is kept. A
 * submitted application is not deleted (staff received it); it can be withdrawn.
 */
export async function deleteDraft(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  const db = deps.db.kysely;
  const { row } = await requireOwn(db, options.actor, options.id);
  const refused = () =>
    applicationError(
      'APPLICATION_LOCKED',
      `This application is ${statusWords(row.status)}: only a draft can be deleted. ${WITHDRAWABLE.includes(row.status) ? 'You can withdraw it instead.' : ''}`.trim(),
    );
  if (!isDeletable(row.status)) throw refused();
  if (!(await repo.deleteDraft(db, row.id))) throw refused();
}
