import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The interview an application moves to can carry its instant (ISO text, UTC), the time zone it is shown in
 * and staff's notes. Nullable columns only: earlier rows and earlier code are unaffected. One column per
 * statement, as SQLite adds them.
 */
export async function up(db: AnyDb): Promise<void> {
  for (const column of ['interview_starts_at', 'interview_time_zone', 'interview_notes']) {
    await db.schema.alterTable('partner_applications').addColumn(column, 'text').execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['interview_notes', 'interview_time_zone', 'interview_starts_at']) {
    await db.schema.alterTable('partner_applications').dropColumn(column).execute();
  }
}
