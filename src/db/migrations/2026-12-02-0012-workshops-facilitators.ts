import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The program's courses are reference data: seeded here with fixed ids, so that every portal (and every test
 * database) names them the same; staff add more in the portal.
 */
const COURSES = [
  {
    id: 'csd',
    name: 'CS Discoveries',
    kind: 'course',
    subjects: [
      '5-day Summer',
      'Academic Year Workshop 1',
      'Academic Year Workshop 2',
      'Academic Year Workshop 3',
      'Academic Year Workshop 4',
    ],
  },
  {
    id: 'csp',
    name: 'CS Principles',
    kind: 'course',
    subjects: [
      '5-day Summer',
      'Academic Year Workshop 1',
      'Academic Year Workshop 2',
      'Academic Year Workshop 3',
      'Academic Year Workshop 4',
    ],
  },
  { id: 'csf', name: 'CS Fundamentals', kind: 'course', subjects: ['Intro Workshop', 'Deep Dive Workshop'] },
  {
    id: 'counselor-admin',
    name: 'Counselor and administrator workshop',
    kind: 'counselor_admin',
    subjects: [],
  },
] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // A course's workshops teach it; the one counselor_admin course is what counselor/administrator PD
    // facilitators are qualified for.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('course', 'counselor_admin')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('course_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('course_subjects_name_per_course', ['course_id', 'name'])
    .execute();
  const createdAt = new Date().toISOString();
  for (const [position, course] of COURSES.entries()) {
    await db
      .insertInto('courses')
      .values({ id: course.id, name: course.name, kind: course.kind, position, created_at: createdAt })
      .execute();
    for (const [subjectPosition, subject] of course.subjects.entries()) {
      await db
        .insertInto('course_subjects')
        .values({
          id: `${course.id}-${subjectPosition + 1}`,
          course_id: course.id,
          name: subject,
          position: subjectPosition,
        })
        .execute();
    }
  }

  await db.schema
    .createTable('workshops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('restrict'),
    )
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('course', 'counselor_admin', 'partner_own')`),
    )
    // Set for course and counselor_admin workshops (the course a facilitator must be qualified for).
    .addColumn('course_id', 'text', (c) => c.references('courses.id').onDelete('restrict'))
    .addColumn('subject', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('description_markdown', 'text', (c) => c.notNull().defaultTo(''))
    // Comma-separated, from teachers, counselors, administrators.
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 9999`))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('location_mode', 'text', (c) =>
      c.notNull().check(sql`location_mode in ('in_person', 'virtual')`),
    )
    .addColumn('venue', 'text')
    .addColumn('address', 'text')
    .addColumn('zip', 'text')
    // The ZIP's coordinates from the dataset, kept so that the catalog can measure distances without it.
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('virtual_url', 'text')
    .addColumn('registration_opens_at', 'text')
    .addColumn('registration_closes_at', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'invitation')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'cancelled')`))
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('published_at', 'text')
    // Raised on every change, for the calendars' SEQUENCE.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    // The first session's start and the last one's end, kept with the sessions, for lists and filters.
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workshops_partner').on('workshops').column('partner_id').execute();
  await db.schema.createIndex('workshops_catalog').on('workshops').columns(['status', 'starts_at']).execute();

  await db.schema
    .createTable('workshop_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workshop_sessions_position', ['workshop_id', 'position'])
    .execute();

  await db.schema
    .createTable('facilitators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('home_zip', 'text', (c) => c.notNull())
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('bio', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('facilitator_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facilitator_id', 'text', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('bio', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One decision per course applied for: pending until staff approve or decline it.
  await db.schema
    .createTable('facilitator_application_courses')
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('facilitator_applications.id').onDelete('cascade'),
    )
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('restrict'))
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('pending', 'approved', 'declined')`),
    )
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('facilitator_application_courses_pk', ['application_id', 'course_id'])
    .execute();

  // A qualification for a course, granted by staff; revoked ones are kept with who revoked them and when.
  await db.schema
    .createTable('facilitator_qualifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facilitator_id', 'text', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('restrict'))
    .addColumn('granted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'text')
    .execute();
  // At most one standing qualification per facilitator and course, decided by the database.
  await db.schema
    .createIndex('facilitator_qualifications_standing')
    .on('facilitator_qualifications')
    .columns(['facilitator_id', 'course_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('facilitator_contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('facilitator_id', 'text', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('facilitator_contracts_standing')
    .on('facilitator_contracts')
    .columns(['partner_id', 'facilitator_id', 'program_year_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();

  // Who leads a workshop: an assigned facilitator, or (for a partner's own workshop) a presenter by name.
  await db.schema
    .createTable('workshop_facilitators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('facilitator_id', 'text', (c) => c.references('facilitators.id').onDelete('cascade'))
    .addColumn('presenter_name', 'text')
    .addColumn('assigned_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'workshop_facilitators_one_kind',
      sql`(facilitator_id is null) <> (presenter_name is null)`,
    )
    .addUniqueConstraint('workshop_facilitators_once', ['workshop_id', 'facilitator_id'])
    .execute();

  // A person's calendar feed is reached by a secret made from this version; resetting the link raises it.
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'calendar_feeds',
    'workshop_facilitators',
    'facilitator_contracts',
    'facilitator_qualifications',
    'facilitator_application_courses',
    'facilitator_applications',
    'facilitators',
    'workshop_sessions',
    'workshops',
    'course_subjects',
    'courses',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
