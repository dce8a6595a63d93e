import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Principal approval of teacher applications: whether a partner asks for it, the principal a teacher names,
 * and the request emailed to that principal with its one answer.
 */
export async function up(db: AnyDb): Promise<void> {
  // A partner without a row does not ask for approval: every partner that existed before keeps working as it did.
  await db.schema
    .createTable('teacher_application_settings')
    .addColumn('partner_id', 'text', (c) => c.primaryKey().references('partners.id').onDelete('cascade'))
    .addColumn('principal_approval_required', 'integer', (c) =>
      c.notNull().check(sql`principal_approval_required in (0, 1)`),
    )
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Nullable: applications made before, and those to partners that do not ask, name no principal.
  await db.schema.alterTable('teacher_applications').addColumn('principal_name', 'text').execute();
  await db.schema.alterTable('teacher_applications').addColumn('principal_email', 'text').execute();

  await db.schema
    .createTable('principal_approvals')
    .addColumn('application_id', 'text', (c) =>
      c.primaryKey().references('teacher_applications.id').onDelete('cascade'),
    )
    // Only the hash: the emailed link carries the token itself. A resend replaces it, so older links stop working.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'declined')`))
    .addColumn('comment', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addCheckConstraint('principal_approvals_answered', sql`(status = 'pending') = (answered_at is null)`)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('principal_approvals').execute();
  await db.schema.alterTable('teacher_applications').dropColumn('principal_email').execute();
  await db.schema.alterTable('teacher_applications').dropColumn('principal_name').execute();
  await db.schema.dropTable('teacher_application_settings').execute();
}
