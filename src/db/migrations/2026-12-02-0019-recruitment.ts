import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The recruitment pipeline: each partner's districts and schools, per program year and course, moving through
 * stages with a history of who moved them, and the partner's goals for the year and course.
 * A target names a district by its NCES LEAID or a school by its directory id, never both; the directory's rows
 * are not deleted (a closed school is marked), so the references hold.
 */
export async function up(db: AnyDb): Promise<void> {
  // Which courses partners recruit for: CS Principles and CS Discoveries, and any course staff add later (the
  // default), but not CS Fundamentals or the counselor and administrator workshops.
  await db.schema
    .alterTable('courses')
    .addColumn('in_recruitment', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`in_recruitment in (0, 1)`),
    )
    .execute();
  await db
    .updateTable('courses')
    .set({ in_recruitment: 0 })
    .where((eb) => eb.or([eb('id', '=', 'csf'), eb('kind', '<>', 'course')]))
    .execute();

  await db.schema
    .createTable('recruitment_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('program_year_id', 'text', (c) => c.notNull().references('program_years.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('district', 'school')`))
    .addColumn('district_nces_id', 'text', (c) => c.references('districts.nces_id'))
    .addColumn('school_id', 'text', (c) => c.references('schools.id'))
    // One column or the other, as the kind says: the unique key below then names the target exactly.
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(sql`stage in ('prospect', 'contacted', 'interested', 'committed', 'declined')`),
    )
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_step', 'text')
    .addColumn('next_step_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'recruitment_targets_one_target',
      sql`(kind = 'district' and district_nces_id is not null and school_id is null) or (kind = 'school' and school_id is not null and district_nces_id is null)`,
    )
    .addUniqueConstraint('recruitment_targets_once', [
      'partner_id',
      'program_year_id',
      'course_id',
      'target_key',
    ])
    .execute();
  await db.schema
    .createIndex('recruitment_targets_stage')
    .on('recruitment_targets')
    .columns(['partner_id', 'program_year_id', 'course_id', 'stage'])
    .execute();

  // Every change of a target, with who made it and when; the stage columns are set only when the stage moved
  // (from_stage null for the target's creation).
  await db.schema
    .createTable('target_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_id', 'text', (c) =>
      c.notNull().references('recruitment_targets.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // The event's place in its target's history (1, 2, 3…): two changes in one millisecond keep their order.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addUniqueConstraint('target_events_order', ['target_id', 'seq'])
    .execute();

  await db.schema
    .createTable('recruitment_goals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('program_year_id', 'text', (c) => c.notNull().references('program_years.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('restrict'))
    .addColumn('districts_committed', 'integer', (c) => c.notNull().check(sql`districts_committed >= 0`))
    .addColumn('schools_committed', 'integer', (c) => c.notNull().check(sql`schools_committed >= 0`))
    .addColumn('teachers_accepted', 'integer', (c) => c.notNull().check(sql`teachers_accepted >= 0`))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('recruitment_goals_once', ['partner_id', 'program_year_id', 'course_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('recruitment_goals').execute();
  await db.schema.dropTable('target_events').execute();
  await db.schema.dropTable('recruitment_targets').execute();
  await db.schema.alterTable('courses').dropColumn('in_recruitment').execute();
}
