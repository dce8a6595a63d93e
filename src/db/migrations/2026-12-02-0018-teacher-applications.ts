import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Teachers' applications to a partner's cohort of a course in a program year, their history, the cohorts'
 * capacities, and the questions staff ask per year and course.
 */
export async function up(db: AnyDb): Promise<void> {
  // A year offers a course to applicants once staff have set its questions (an empty list included).
  await db.schema
    .createTable('teacher_application_forms')
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('cascade'),
    )
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('teacher_application_forms_pk', ['program_year_id', 'course_id'])
    .execute();

  await db.schema
    .createTable('teacher_application_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull().check(sql`required in (0, 1)`))
    .addForeignKeyConstraint(
      'teacher_application_questions_form',
      ['program_year_id', 'course_id'],
      'teacher_application_forms',
      ['program_year_id', 'course_id'],
      (c) => c.onDelete('cascade'),
    )
    .addUniqueConstraint('teacher_application_questions_order', ['program_year_id', 'course_id', 'position'])
    .execute();

  await db.schema
    .createTable('teacher_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) => c.notNull().references('program_years.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // A directory school, or else the name and ZIP of one the directory lacks.
    .addColumn('school_id', 'text', (c) => c.references('schools.id'))
    .addColumn('unlisted_school_name', 'text')
    .addColumn('unlisted_school_zip', 'text')
    // Where the school is, as routed: the state and county of its ZIP.
    .addColumn('state', 'text')
    .addColumn('county', 'text')
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('matched_by', 'text', (c) => c.check(sql`matched_by in ('zip', 'county', 'state', 'staff')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('submitted', 'in_review', 'accepted', 'waitlisted', 'declined', 'withdrawn')`),
    )
    // JSON: [{ questionId, prompt, answer }], the prompts as they were asked.
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.references('enrollments.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'teacher_applications_one_school',
      sql`(school_id is not null) <> (unlisted_school_name is not null)`,
    )
    .addUniqueConstraint('teacher_applications_one_per_teacher', ['user_id', 'program_year_id', 'course_id'])
    .execute();
  await db.schema
    .createIndex('teacher_applications_cohort')
    .on('teacher_applications')
    .columns(['partner_id', 'program_year_id', 'course_id', 'status'])
    .execute();

  await db.schema
    .createTable('teacher_application_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('teacher_applications.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_name', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('teacher_application_events_application')
    .on('teacher_application_events')
    .columns(['application_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('cohort_capacities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('program_year_id', 'text', (c) => c.notNull().references('program_years.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    // Bumped by nothing: a no-op update of it is the lock that acceptances into the cohort take turns on.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cohort_capacities_one', ['partner_id', 'program_year_id', 'course_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'cohort_capacities',
    'teacher_application_events',
    'teacher_applications',
    'teacher_application_questions',
    'teacher_application_forms',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
