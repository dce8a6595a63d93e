import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const STATUSES = `'draft', 'submitted', 'in_review', 'interview', 'accepted', 'declined', 'withdrawn'`;

export async function up(db: AnyDb): Promise<void> {
  // The year's narrative questions and review rubric, configured by staff.
  await db.schema
    .createTable('application_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('cascade'),
    )
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .execute();
  await db.schema
    .createIndex('application_questions_year')
    .on('application_questions')
    .column('program_year_id')
    .execute();

  await db.schema
    .createTable('rubric_criteria')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('max_score', 'integer', (c) => c.notNull().check(sql`max_score between 1 and 100`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .execute();
  await db.schema
    .createIndex('rubric_criteria_year')
    .on('rubric_criteria')
    .column('program_year_id')
    .execute();

  await db.schema
    .createTable('partner_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('restrict'),
    )
    .addColumn('applicant_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${STATUSES})`)))
    // The name the partner would have; defaults to the lead organization's.
    .addColumn('partner_name', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    // The partner it became, once accepted.
    .addColumn('partner_id', 'text', (c) => c.references('partners.id').onDelete('set null'))
    .addColumn('submitted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_applications_applicant')
    .on('partner_applications')
    .column('applicant_id')
    .execute();
  await db.schema
    .createIndex('partner_applications_year_status')
    .on('partner_applications')
    .columns(['program_year_id', 'status'])
    .execute();

  await db.schema
    .createTable('application_organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // Position 0 is the lead organization.
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_organizations_application')
    .on('application_organizations')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('application_regions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('unit_kind', 'text', (c) => c.notNull().check(sql`unit_kind in ('state', 'county', 'zip')`))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_regions_once', ['application_id', 'unit'])
    .execute();

  await db.schema
    .createTable('application_staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // Hundredths of an FTE, as program_years.pm_fte_hundredths: exact on both databases.
    .addColumn('fte_hundredths', 'integer', (c) => c.notNull().check(sql`fte_hundredths between 5 and 100`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_staff_application')
    .on('application_staff')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('application_answers')
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('question_id', 'text', (c) =>
      c.notNull().references('application_questions.id').onDelete('cascade'),
    )
    .addColumn('answer', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_answers_pk', ['application_id', 'question_id'])
    .execute();

  // Every status change, with who and when.
  await db.schema
    .createTable('application_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_events_application')
    .on('application_events')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('application_scores')
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('criterion_id', 'text', (c) =>
      c.notNull().references('rubric_criteria.id').onDelete('cascade'),
    )
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_scores_pk', ['application_id', 'criterion_id', 'reviewer_id'])
    .execute();

  await db.schema
    .createTable('application_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('partner_applications.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_notes_application')
    .on('application_notes')
    .column('application_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'application_notes',
    'application_scores',
    'application_events',
    'application_answers',
    'application_staff',
    'application_regions',
    'application_organizations',
    'partner_applications',
    'rubric_criteria',
    'application_questions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
