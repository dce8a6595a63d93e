import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import { parseInput } from '../../platform/validation.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import * as repo from './applications.config.repository.js';
import { questionsConfigSchema } from './applications.config.schemas.js';
import type { ApplicationDeps } from './applications.service.js';

/* A year's narrative questions and review rubric, which staff set. */

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

export async function getYearConfig(db: Kysely<Database>, options: { actor: Actor | null; year?: string }) {
  requireStaff(options.actor);
  const year = await resolveProgramYear(db, options.year);
  const config = await db.transaction().execute((trx) => ensureYearConfig(trx, year.id));
  return { programYear: year.name, ...config };
}

export async function updateYearConfig(
  deps: Pick<ApplicationDeps, 'db'>,
  options: { actor: Actor | null; year?: string; input: unknown },
) {
  requireStaff(options.actor);
  const input = parseInput(questionsConfigSchema, options.input);
  const db = deps.db.kysely;
  const year = await resolveProgramYear(db, options.year);
  await db.transaction().execute((trx) => repo.replaceYearConfig(trx, year.id, input));
  return getYearConfig(db, { actor: options.actor, year: year.name });
}
