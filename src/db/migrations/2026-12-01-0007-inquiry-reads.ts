import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * When each handler last opened each inquiry: an inquiry is unread for a person when something happened to it
 * (it came in, was passed on, was answered by a colleague) since they last looked.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('inquiry_reads')
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inquiry_reads_pk', ['inquiry_id', 'user_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('inquiry_reads').execute();
}
