import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A change to an FAQ question's text keeps the text it replaced, so that staff can restore an earlier version
 * from the history; the question is named by its id, as an anchor may be given to another question later.
 * Only added, nullable columns: changes recorded before this migration simply cannot be restored.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('faq_changes').addColumn('question_id', 'text').execute();
  await db.schema.alterTable('faq_changes').addColumn('previous_question', 'text').execute();
  await db.schema.alterTable('faq_changes').addColumn('previous_answer_markdown', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('faq_changes').dropColumn('previous_answer_markdown').execute();
  await db.schema.alterTable('faq_changes').dropColumn('previous_question').execute();
  await db.schema.alterTable('faq_changes').dropColumn('question_id').execute();
}
