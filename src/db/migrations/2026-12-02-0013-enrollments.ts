import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // The email trimmed and lower-cased: one enrollment per person per workshop, however they typed it.
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('teacher', 'counselor', 'administrator')`),
    )
    .addColumn('school', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('enrolled', 'waitlisted', 'cancelled')`),
    )
    // Arrival order in the workshop, given under the workshop's lock: the waitlist is first come, first served.
    .addColumn('queue_number', 'integer', (c) => c.notNull())
    // Set when someone who attended is marked as not having completed (an attended enrollment is not cancelled).
    .addColumn('not_completed_at', 'text')
    .addColumn('promoted_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('enrollments_one_per_person', ['workshop_id', 'email_key'])
    .addUniqueConstraint('enrollments_queue_order', ['workshop_id', 'queue_number'])
    .execute();
  await db.schema.createIndex('enrollments_user').on('enrollments').column('user_id').execute();
  await db.schema
    .createIndex('enrollments_waitlist')
    .on('enrollments')
    .columns(['workshop_id', 'status', 'queue_number'])
    .execute();

  // What an API call with an Idempotency-Key answered, so that the same key and body answer the same again.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  // Per session and enrollment: present or absent, and who marked it (a roster) or that the person checked in.
  await db.schema
    .createTable('attendance')
    .addColumn('session_id', 'text', (c) =>
      c.notNull().references('workshop_sessions.id').onDelete('cascade'),
    )
    .addColumn('enrollment_id', 'text', (c) => c.notNull().references('enrollments.id').onDelete('cascade'))
    .addColumn('present', 'integer', (c) => c.notNull().check(sql`present in (0, 1)`))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('roster', 'check_in')`))
    .addColumn('marked_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_pk', ['session_id', 'enrollment_id'])
    .execute();

  // A certificate states the facts as they were when it was issued; its id is what the verification page takes.
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrollment_id', 'text', (c) =>
      c.notNull().unique().references('enrollments.id').onDelete('cascade'),
    )
    .addColumn('participant_name', 'text', (c) => c.notNull())
    .addColumn('workshop_title', 'text', (c) => c.notNull())
    .addColumn('partner_name', 'text', (c) => c.notNull())
    // The attended sessions' dates, in words, in the workshop's zone.
    .addColumn('dates', 'text', (c) => c.notNull())
    // Minutes actually attended: exact on both databases.
    .addColumn('minutes_attended', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['certificates', 'attendance', 'idempotency_keys', 'enrollments']) {
    await db.schema.dropTable(table).execute();
  }
}
