import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../column-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A resource is now either a link (url) or an uploaded file (a row in resource_files), so url becomes optional.
 * The url check still holds: a check constraint passes on NULL. The service keeps "exactly one of the two".
 */
export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table resources alter column url drop not null`.execute(db);
  } else {
    await rebuildSqliteResources(db);
  }

  await db.schema
    .createTable('resource_files')
    .addColumn('resource_id', 'text', (c) => c.primaryKey().references('resources.id').onDelete('cascade'))
    // Sanitized original name, offered back as the download's filename.
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    // kysely passes the type name through as written: PostgreSQL calls it bytea.
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** SQLite cannot drop NOT NULL from a column: copy the table into one declared without it. */
async function rebuildSqliteResources(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('resources_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience', 'text', (c) =>
      c.notNull().check(sql`audience in ('public', 'applicants', 'partners', 'facilitators')`),
    )
    .addColumn('url', 'text', (c) => c.check(sql`url like 'http://%' or url like 'https://%'`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`insert into resources_new (id, title, description, audience, url, position, created_at, created_by)
    select id, title, description, audience, url, position, created_at, created_by from resources`.execute(
    db,
  );
  await db.schema.dropTable('resources').execute();
  await sql`alter table resources_new rename to resources`.execute(db);
  await db.schema.createIndex('resources_audience').on('resources').column('audience').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('resource_files').execute();
  // Uploaded resources have no link to keep; the older schema cannot hold them.
  await db.deleteFrom('resources').where('url', 'is', null).execute();
  // On SQLite the column stays nullable: a second rebuild would only narrow what is already narrowed.
  if (isPostgres(db)) {
    await sql`alter table resources alter column url set not null`.execute(db);
  }
}
