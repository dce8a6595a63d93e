import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * What staff read of a message in the outbox: its text with every private link (a password reset, an
 * invitation, an enrollment's manage link) hidden, so that reading the outbox never hands a staff member
 * another person's working secret. Empty for mail queued before: staff are not shown its body at all.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('staff_text_body', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('staff_text_body').execute();
}
