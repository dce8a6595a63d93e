import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Reference data: the two documents the program FAQ links to. The job description is for organizations
 * preparing an application (signed-in applicants and up); the counselor/administrator session overview answers
 * a public FAQ question, so everyone may read it.
 */
const SEEDED_RESOURCES = [
  {
    id: 'a1f6c0de-0000-4000-8000-000000000001',
    title: 'Example Regional Partner program manager job description',
    description:
      'An example job description for the Regional Partner program manager: up to 0.5 of an FTE, which can be ' +
      'shared across one or more staff members of your organization.',
    audience: 'applicants',
    url: 'https://docs.google.com/document/d/1RTNpMGhGRdeeqB47vmEOw6xBy-UOFMigqt-pGKRHrZI/view',
    position: 1,
  },
  {
    id: 'a1f6c0de-0000-4000-8000-000000000002',
    title: 'Counselor and administrator professional development: session overview',
    description:
      'An overview of the workshop that gives counselors and administrators the tools to support their ' +
      'teachers as they take on computer science.',
    audience: 'public',
    url: 'https://docs.google.com/document/d/1cRCVJSqDT3VLA5u17osE914WYTtIijxyKx5Z_uSYe3Y/edit?usp=sharing',
    position: 2,
  },
] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience', 'text', (c) =>
      c.notNull().check(sql`audience in ('public', 'applicants', 'partners', 'facilitators')`),
    )
    // Links only (uploads need multipart handling the portal does not have yet).
    .addColumn('url', 'text', (c) => c.notNull().check(sql`url like 'http://%' or url like 'https://%'`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('resources_audience').on('resources').column('audience').execute();

  const createdAt = '2026-11-27T00:00:00.000Z';
  await db
    .insertInto('resources')
    .values(SEEDED_RESOURCES.map((resource) => ({ ...resource, created_at: createdAt, created_by: null })))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('resources').execute();
}
