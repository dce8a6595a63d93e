import type { Kysely } from 'kysely';
import type { CoreDeps } from '../../platform/deps.js';
import type { Database } from '../../db/schema.js';
import { requireStaff, requireStaffOrOperator, type Actor, type OPERATOR } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { readYearAssignments } from '../regions/coverage.js';
import * as repo from './program-years.repository.js';
import {
  programYearCreateSchema,
  programYearNameSchema,
  programYearSettingsSchema,
  yearsQuerySchema,
  type ProgramYear,
  type ReminderRule,
  type StaffYear,
  type YearCoverage,
} from './program-years.schemas.js';
import { programYearError } from './program-years.errors.js';

type Deps = Pick<CoreDeps, 'db' | 'changes'>;

/** Program years are public knowledge (the finder names them); anyone may list them. */
export function listProgramYears(db: Kysely<Database>): Promise<ProgramYear[]> {
  return repo.listYears(db);
}

/**
 * The staff list of years, a page at a time, each with what the public would see of it: the confirmation of
 * making a year current says it before anyone clicks.
 */
export async function listStaffYears(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
): Promise<Paged<StaffYear>> {
  requireStaff(options.actor);
  const { table } = parseInput(yearsQuerySchema, options.query);
  const page = await repo.pageYears(db, table);
  const rows = await Promise.all(
    page.rows.map(async (year) => ({
      ...year,
      coverage: await yearCoverage(db, year.id),
      reminderRules: await repo.reminderRulesOf(db, year.id),
    })),
  );
  return { ...page, rows };
}

/** The year of that name, if there is one (an import says which years it would create). */
export function findProgramYear(db: Kysely<Database>, name: string): Promise<ProgramYear | undefined> {
  return repo.findYearByName(db, name);
}

export function currentProgramYear(db: Kysely<Database>): Promise<ProgramYear | undefined> {
  return repo.findCurrentYear(db);
}

/**
 * The year a request names, or the current year when it names none. An unknown or malformed name is a 404 or
 * 400 with a message a person understands.
 */
export async function resolveProgramYear(
  db: Kysely<Database>,
  name: string | undefined,
): Promise<ProgramYear> {
  if (name === undefined || name.trim() === '') {
    const current = await repo.findCurrentYear(db);
    if (!current) throw programYearError('PROGRAM_YEAR_NOT_FOUND', 'No program year is marked current yet.');
    return current;
  }
  const parsed = programYearNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', 'The program year is not valid.', [
      { path: 'year', message: parsed.error.issues[0]?.message ?? 'Write the program year like 2027-28.' },
    ]);
  }
  const year = await repo.findYearByName(db, parsed.data);
  if (!year) throw programYearError('PROGRAM_YEAR_NOT_FOUND', `There is no program year ${parsed.data}.`);
  return year;
}

export async function createProgramYear(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<ProgramYear> {
  requireStaff(options.actor);
  const input = parseInput(programYearCreateSchema, options.input);
  const year = await deps.db.kysely.transaction().execute(async (trx) => {
    if (await repo.findYearByName(trx, input.name)) {
      throw new AppError('CONFLICT', `The program year ${input.name} already exists.`, [
        { path: 'name', message: `${input.name} already exists.` },
      ]);
    }
    return insertYear(trx, input, input.makeCurrent);
  });
  // The finder and the lookup default to the current year.
  if (year.isCurrent) await deps.changes.publish('regions');
  return year;
}

/**
 * Used by imports: a year that a file names and that does not exist yet is created (and becomes current when
 * none is, like any first year).
 */
export async function ensureProgramYear(db: Kysely<Database>, name: string): Promise<ProgramYear> {
  return (await repo.findYearByName(db, name)) ?? insertYear(db, { name, pmFte: 0.5 }, false);
}

/**
 * A new year; when no year is current it becomes the current one, whoever created it: otherwise a new portal's
 * finder would show its imported partners as "not announced yet", with nobody having chosen that.
 */
async function insertYear(
  trx: Kysely<Database>,
  year: { name: string; pmFte: number },
  makeCurrent: boolean,
): Promise<ProgramYear> {
  const created = await repo.insertYear(trx, year);
  const current = makeCurrent || !(await repo.findCurrentYear(trx));
  if (current) await repo.makeCurrent(trx, created.id);
  return { ...created, isCurrent: current };
}

/** Staff on the web, or the operator at the console (`npm run cli -- years:current 2027-28`). */
export async function makeProgramYearCurrent(
  deps: Deps,
  options: { actor: Actor | typeof OPERATOR | null; name: string },
): Promise<ProgramYear> {
  requireStaffOrOperator(options.actor);
  const year = await deps.db.kysely.transaction().execute(async (trx) => {
    const year = await resolveProgramYear(trx, options.name);
    await repo.makeCurrent(trx, year.id);
    return year;
  });
  // The finder and the lookup default to the current year.
  await deps.changes.publish('regions');
  return { ...year, isCurrent: true };
}

/** The year staff would make current, with what the public would then see, for the question asked first. */
export async function previewCurrentYear(
  db: Kysely<Database>,
  options: { actor: Actor | null; name: string },
): Promise<StaffYear> {
  requireStaff(options.actor);
  const year = await resolveProgramYear(db, options.name);
  return {
    ...year,
    coverage: await yearCoverage(db, year.id),
    reminderRules: await repo.reminderRulesOf(db, year.id),
  };
}

/** What the finder and the directory show for a year, by the coverage rule of regions (active partners only). */
async function yearCoverage(db: Kysely<Database>, programYearId: string): Promise<YearCoverage> {
  const assignments = await readYearAssignments(db, programYearId);
  const held = [...assignments.byUnit.values()];
  const count = (kind: string) => held.filter((entry) => entry.kind === kind).length;
  return {
    partners: new Set(held.map((entry) => entry.partner.id)).size,
    states: count('state'),
    counties: count('county'),
    zips: count('zip'),
  };
}

export async function updateProgramYearSettings(
  deps: Deps,
  options: { actor: Actor | null; name: string; input: unknown },
): Promise<ProgramYear> {
  requireStaff(options.actor);
  const { pmFte } = parseInput(programYearSettingsSchema, options.input);
  const year = await resolveProgramYear(deps.db.kysely, options.name);
  await repo.updateFte(deps.db.kysely, year.id, pmFte);
  return { ...year, pmFte };
}

/** A year's reminder rules (for the workshops module, which turns them into each workshop's send times). */
export function reminderRulesOf(db: Kysely<Database>, programYearId: string): Promise<ReminderRule[]> {
  return repo.reminderRulesOf(db, programYearId);
}

/**
 * Replaces a year's rules, inside the caller's transaction: the workshops module's `setReminderRules` checks
 * who asks and recomputes the year's workshops in the same transaction.
 */
export function saveReminderRules(
  trx: Kysely<Database>,
  programYearId: string,
  rules: readonly ReminderRule[],
): Promise<void> {
  return repo.replaceReminderRules(trx, programYearId, rules);
}
