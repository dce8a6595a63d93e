import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('program_years')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('is_current', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`is_current in (0, 1)`),
    )
    // Hundredths of a full-time equivalent, so 0.5 FTE is 50: exact on both databases.
    .addColumn('pm_fte_hundredths', 'integer', (c) => c.notNull().defaultTo(50))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // At most one current year, enforced by the database.
  await db.schema
    .createIndex('program_years_one_current')
    .on('program_years')
    .column('is_current')
    .unique()
    .where(sql.ref('is_current'), '=', 1)
    .execute();

  await db.schema
    .createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('restrict'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text')
    .addColumn('website', 'text')
    .addColumn('address', 'text')
    .addColumn('courses_offered', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('partners_name_per_year', ['program_year_id', 'name'])
    .execute();

  await db.schema
    .createTable('partner_organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_organizations_partner')
    .on('partner_organizations')
    .column('partner_id')
    .execute();

  await db.schema
    .createTable('region_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('restrict'),
    )
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('unit_kind', 'text', (c) => c.notNull().check(sql`unit_kind in ('state', 'county', 'zip')`))
    // 'WA', 'WA:King' or '98101', in the dataset's spelling.
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A unit belongs to at most one partner per program year: the database refuses a second.
    .addUniqueConstraint('region_assignments_one_partner_per_unit', ['program_year_id', 'unit'])
    .execute();
  await db.schema
    .createIndex('region_assignments_partner')
    .on('region_assignments')
    .column('partner_id')
    .execute();

  await db.schema
    .createTable('partner_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    // Only a hash of the token is kept: a leaked table cannot be used to accept an invitation.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('teacher', 'counselor', 'administrator', 'organization', 'other')`),
    )
    .addColumn('zip', 'text')
    .addColumn('state', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('program_year_id', 'text', (c) => c.references('program_years.id').onDelete('set null'))
    // Null: routed to program staff.
    .addColumn('partner_id', 'text', (c) => c.references('partners.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'answered', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inquiries_partner_status')
    .on('inquiries')
    .columns(['partner_id', 'status'])
    .execute();

  await db.schema
    .createTable('inquiry_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('received', 'reply', 'rerouted', 'closed', 'reopened')`),
    )
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_email', 'text')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiry_events_inquiry').on('inquiry_events').column('inquiry_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'inquiry_events',
    'inquiries',
    'partner_invitations',
    'region_assignments',
    'partner_organizations',
    'partners',
    'program_years',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
