import type { Kysely } from 'kysely';
import type { CoreDeps } from '../../platform/deps.js';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import * as repo from './program-years.repository.js';
import {
  programYearCreateSchema,
  programYearNameSchema,
  programYearSettingsSchema,
  type ProgramYear,
} from './program-years.schemas.js';
import { programYearError } from './program-years.errors.js';

type Deps = Pick<CoreDeps, 'db' | 'changes'>;

/** Program years are public knowledge (the finder names them); anyone may list them. */
export function listProgramYears(db: Kysely<Database>): Promise<ProgramYear[]> {
  return repo.listYears(db);
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
    const created = await repo.insertYear(trx, input);
    if (input.makeCurrent) await repo.makeCurrent(trx, created.id);
    return { ...created, isCurrent: input.makeCurrent };
  });
  // The finder and the lookup default to the current year.
  if (input.makeCurrent) await deps.changes.publish('regions');
  return year;
}

/** Used by imports: a year that a file names and that does not exist yet is created. */
export async function ensureProgramYear(db: Kysely<Database>, name: string): Promise<ProgramYear> {
  return (await repo.findYearByName(db, name)) ?? repo.insertYear(db, { name, pmFte: 0.5 });
}

export async function makeProgramYearCurrent(deps: Deps, options: { actor: Actor | null; name: string }) {
  requireStaff(options.actor);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const year = await resolveProgramYear(trx, options.name);
    await repo.makeCurrent(trx, year.id);
  });
  // The finder and the lookup default to the current year.
  await deps.changes.publish('regions');
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
