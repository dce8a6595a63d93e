import { sql, type Kysely, type Transaction } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database, FaqChangeAction } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import type { ImportedFaq } from './faq.import.js';
import type { FaqChange } from './faq.schemas.js';

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

export async function findSection(db: Queryable, sectionId: string) {
  return db.selectFrom('faqSections').select(['id', 'title']).where('id', '=', sectionId).executeTakeFirst();
}

export async function findQuestionById(db: Queryable, id: string): Promise<StoredQuestion | undefined> {
  return db
    .selectFrom('faqQuestions')
    .select(['id', 'sectionId', 'anchor', 'question', 'answerMarkdown', 'position'])
    .where('id', '=', id)
    .executeTakeFirst();
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
  patch: { question?: string; answerMarkdown?: string; sectionId?: string; position?: number },
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
  /** For a change of a question's text: the question, and the text the change replaced. */
  replaced?: { questionId: string; question: string; answerMarkdown: string };
}

export async function recordChange(db: Queryable, change: ChangeRecord): Promise<void> {
  const { replaced, ...record } = change;
  await db
    .insertInto('faqChanges')
    .values({
      id: newId(),
      at: nowIso(),
      ...record,
      questionId: replaced?.questionId ?? null,
      previousQuestion: replaced?.question ?? null,
      previousAnswerMarkdown: replaced?.answerMarkdown ?? null,
    })
    .execute();
}

/** One change of the history, with the text it replaced. */
export async function findChange(db: Queryable, id: string) {
  return db
    .selectFrom('faqChanges')
    .select(['id', 'anchor', 'at', 'questionId', 'previousQuestion', 'previousAnswerMarkdown'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** One page of the history, searched in what changed and who changed it. */
export async function pageChanges(
  db: Queryable,
  filter: { anchor?: string },
  table: TableQuery<'when' | 'who'>,
): Promise<Paged<FaqChange>> {
  let query = db
    .selectFrom('faqChanges')
    .leftJoin('faqQuestions', 'faqQuestions.id', 'faqChanges.questionId')
    .select([
      'faqChanges.id',
      'faqChanges.anchor',
      'faqChanges.action',
      'faqChanges.actorEmail',
      'faqChanges.summary',
      'faqChanges.at',
      'faqChanges.previousQuestion',
      sql<number>`case when faq_questions.id is not null
        and faq_changes.previous_question is not null
        and (faq_changes.previous_question <> faq_questions.question
          or faq_changes.previous_answer_markdown <> faq_questions.answer_markdown)
        then 1 else 0 end`.as('restorable'),
    ]);
  if (filter.anchor !== undefined) query = query.where('faqChanges.anchor', '=', filter.anchor);
  const page = await fetchPage(query, table, {
    sortBy: { when: 'faqChanges.at', who: 'faqChanges.actorEmail' },
    search: ['faqChanges.summary', 'faqChanges.anchor', 'faqChanges.actorEmail'],
    tieBreaker: 'faqChanges.id',
  });
  return { ...page, rows: page.rows.map((row) => ({ ...row, restorable: row.restorable === 1 })) };
}
