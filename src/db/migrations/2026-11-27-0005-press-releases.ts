import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('press_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // The working draft; what staff review is the submitted version in press_release_versions.
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'submitted', 'changes_requested', 'approved', 'published')`),
    )
    // The day it appeared (YYYY-MM-DD) and where; set together when the partner marks it published.
    .addColumn('published_at', 'text')
    .addColumn('published_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('press_releases_partner').on('press_releases').column('partner_id').execute();

  await db.schema
    .createTable('press_release_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('press_release_id', 'text', (c) =>
      c.notNull().references('press_releases.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    // Two simultaneous submissions cannot both become version N: the second fails instead.
    .addUniqueConstraint('press_release_versions_number', ['press_release_id', 'version'])
    .execute();

  await db.schema
    .createTable('press_release_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('press_release_id', 'text', (c) =>
      c.notNull().references('press_releases.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('created', 'submitted', 'comment', 'changes_requested', 'approved', 'published')`,
        ),
    )
    .addColumn('version', 'integer')
    .addColumn('actor_id', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('press_release_events_release')
    .on('press_release_events')
    .column('press_release_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('press_release_events').execute();
  await db.schema.dropTable('press_release_versions').execute();
  await db.schema.dropTable('press_releases').execute();
}
