import type { Kysely, Transaction } from 'kysely';
import type { Database, FaqChangeAction } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { ImportedFaq } from './faq.import.js';

type Queryable = Kysely<Database> | Transaction<Database>;

const PAGE_ID = 'faq';

export interface StoredQuestion {
  id: string;
  sectionId: string;
  anchor: string;
  question: string;
  answerMarkdown: string;
  position: number;
}

export async function findPage(db: Queryable) {
  return db
    .selectFrom('faqPage')
    .select(['title', 'introMarkdown'])
    .where('id', '=', PAGE_ID)
    .executeTakeFirst();
}

export async function listSections(db: Queryable) {
  return db.selectFrom('faqSections').select(['id', 'title', 'position']).orderBy('position').execute();
}

export async function listQuestions(db: Queryable): Promise<StoredQuestion[]> {
  return db
    .selectFrom('faqQuestions')
    .select(['id', 'sectionId', 'anchor', 'question', 'answerMarkdown', 'position'])
    .orderBy('position')
    .execute();
}

export async function findQuestion(db: Queryable, anchor: string): Promise<StoredQuestion | undefined> {
  return db
    .selectFrom('faqQuestions')
    .select(['id', 'sectionId', 'anchor', 'question', 'answerMarkdown', 'position'])
    .where('anchor', '=', anchor)
    .executeTakeFirst();
}

export async function sectionExists(db: Queryable, sectionId: string): Promise<boolean> {
  const row = await db.selectFrom('faqSections').select('id').where('id', '=', sectionId).executeTakeFirst();
  return row !== undefined;
}

export async function nextPosition(db: Queryable, sectionId: string): Promise<number> {
  const row = await db
    .selectFrom('faqQuestions')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('sectionId', '=', sectionId)
    .executeTakeFirst();
  return (row?.max ?? -1) + 1;
}

export async function insertQuestion(db: Queryable, question: Omit<StoredQuestion, 'id'>): Promise<void> {
  await db
    .insertInto('faqQuestions')
    .values({ id: newId(), ...question, updatedAt: nowIso() })
    .execute();
}

export async function updateQuestion(
  db: Queryable,
  anchor: string,
  patch: { question?: string; answerMarkdown?: string },
): Promise<void> {
  await db
    .updateTable('faqQuestions')
    .set({ ...patch, updatedAt: nowIso() })
    .where('anchor', '=', anchor)
    .execute();
}

export async function setPosition(db: Queryable, id: string, position: number): Promise<void> {
  await db.updateTable('faqQuestions').set({ position }).where('id', '=', id).execute();
}

export async function deleteQuestion(db: Queryable, anchor: string): Promise<void> {
  await db.deleteFrom('faqQuestions').where('anchor', '=', anchor).execute();
}

/** Replaces the whole FAQ; the caller runs it in a transaction so that readers never see half of it. */
export async function replaceAll(db: Queryable, faq: ImportedFaq): Promise<void> {
  const now = nowIso();
  await db.deleteFrom('faqQuestions').execute();
  await db.deleteFrom('faqSections').execute();
  await db.deleteFrom('faqPage').execute();
  await db
    .insertInto('faqPage')
    .values({ id: PAGE_ID, title: faq.title, introMarkdown: faq.introMarkdown, updatedAt: now })
    .execute();
  for (const [sectionIndex, section] of faq.sections.entries()) {
    const sectionId = newId();
    await db
      .insertInto('faqSections')
      .values({ id: sectionId, title: section.title, position: sectionIndex })
      .execute();
    for (const [questionIndex, question] of section.questions.entries()) {
      await db
        .insertInto('faqQuestions')
        .values({ id: newId(), sectionId, position: questionIndex, updatedAt: now, ...question })
        .execute();
    }
  }
}

export interface ChangeRecord {
  anchor: string;
  action: FaqChangeAction;
  actorId: string | null;
  actorEmail: string;
  summary: string;
}

export async function recordChange(db: Queryable, change: ChangeRecord): Promise<void> {
  await db
    .insertInto('faqChanges')
    .values({ id: newId(), at: nowIso(), ...change })
    .execute();
}

export async function listChanges(db: Queryable, limit: number) {
  return db
    .selectFrom('faqChanges')
    .select(['anchor', 'action', 'actorEmail', 'summary', 'at'])
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
