import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Criterion, Question } from './applications.schemas.js';

/* A year's narrative questions and review rubric. */

export async function listQuestions(db: Kysely<Database>, programYearId: string): Promise<Question[]> {
  return db
    .selectFrom('applicationQuestions')
    .select(['id', 'prompt'])
    .where('programYearId', '=', programYearId)
    .where('active', '=', 1)
    .orderBy('position')
    .execute();
}

export async function listCriteria(db: Kysely<Database>, programYearId: string): Promise<Criterion[]> {
  return db
    .selectFrom('rubricCriteria')
    .select(['id', 'title', 'maxScore'])
    .where('programYearId', '=', programYearId)
    .where('active', '=', 1)
    .orderBy('position')
    .execute();
}

/**
 * Replaces a year's questions and criteria. Old rows are retired (inactive), not deleted, so that answers and
 * scores already given keep what they answered; an unchanged prompt or title keeps its row.
 */
export async function replaceYearConfig(
  db: Kysely<Database>,
  programYearId: string,
  config: { questions: string[]; criteria: { title: string; maxScore: number }[] },
) {
  const oldQuestions = await db
    .selectFrom('applicationQuestions')
    .select(['id', 'prompt'])
    .where('programYearId', '=', programYearId)
    .execute();
  await db
    .updateTable('applicationQuestions')
    .set({ active: 0 })
    .where('programYearId', '=', programYearId)
    .execute();
  for (const [position, prompt] of config.questions.entries()) {
    const kept = oldQuestions.find((q) => q.prompt === prompt);
    if (kept) {
      await db
        .updateTable('applicationQuestions')
        .set({ active: 1, position })
        .where('id', '=', kept.id)
        .execute();
    } else {
      await db
        .insertInto('applicationQuestions')
        .values({ id: newId(), programYearId, prompt, position, active: 1 })
        .execute();
    }
  }
  const oldCriteria = await db
    .selectFrom('rubricCriteria')
    .select(['id', 'title', 'maxScore'])
    .where('programYearId', '=', programYearId)
    .execute();
  await db
    .updateTable('rubricCriteria')
    .set({ active: 0 })
    .where('programYearId', '=', programYearId)
    .execute();
  for (const [position, criterion] of config.criteria.entries()) {
    const kept = oldCriteria.find((c) => c.title === criterion.title && c.maxScore === criterion.maxScore);
    if (kept) {
      await db.updateTable('rubricCriteria').set({ active: 1, position }).where('id', '=', kept.id).execute();
    } else {
      await db
        .insertInto('rubricCriteria')
        .values({ id: newId(), programYearId, ...criterion, position, active: 1 })
        .execute();
    }
  }
}

export async function hasAnyConfig(db: Kysely<Database>, programYearId: string): Promise<boolean> {
  const [question, criterion] = await Promise.all([
    db
      .selectFrom('applicationQuestions')
      .select('id')
      .where('programYearId', '=', programYearId)
      .executeTakeFirst(),
    db
      .selectFrom('rubricCriteria')
      .select('id')
      .where('programYearId', '=', programYearId)
      .executeTakeFirst(),
  ]);
  return question !== undefined || criterion !== undefined;
}
