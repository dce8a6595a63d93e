import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The program's defaults: 10 and 3 days before the first session, at 09:00 in the workshop's zone. */
const DEFAULT_RULES = [
  { daysBefore: 10, timeOfDay: '09:00' },
  { daysBefore: 3, timeOfDay: '09:00' },
];

export async function up(db: AnyDb): Promise<void> {
  // A year's reminder rules are stored, defaults included (written here for the years that exist, and by the
  // program-years module for each new one): what the table says is what is sent, and staff may clear a year's
  // rules to send none, which "no rows means the defaults" could not express.
  await db.schema
    .createTable('reminder_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_year_id', 'text', (c) =>
      c.notNull().references('program_years.id').onDelete('cascade'),
    )
    .addColumn('days_before', 'integer', (c) => c.notNull().check(sql`days_before between 0 and 90`))
    // HH:MM, a wall-clock time in each workshop's own zone.
    .addColumn('time_of_day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reminder_rules_once', ['program_year_id', 'days_before', 'time_of_day'])
    .execute();
  const years = await db.selectFrom('program_years').select('id').execute();
  const now = new Date().toISOString();
  for (const year of years as { id: string }[]) {
    for (const rule of DEFAULT_RULES) {
      await db
        .insertInto('reminder_rules')
        .values({
          id: randomUUID(),
          program_year_id: year.id,
          days_before: rule.daysBefore,
          time_of_day: rule.timeOfDay,
          created_at: now,
        })
        .execute();
    }
  }

  // A workshop's reminders as absolute instants, worked out in its zone when it is published or its sessions
  // or its year's rules change. `sent_at` is set by the one process that claims the reminder.
  await db.schema
    .createTable('workshop_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    // 'participants': `days` before the first session; 'attendance': `days` after the last one, to its organizers.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('participants', 'attendance')`))
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('time_of_day', 'text', (c) => c.notNull())
    .addColumn('send_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One reminder per rule and workshop: a rule sent stays sent when the sessions move afterwards.
    .addUniqueConstraint('workshop_reminders_once', ['workshop_id', 'kind', 'days', 'time_of_day'])
    .execute();
  await db.schema
    .createIndex('workshop_reminders_due')
    .on('workshop_reminders')
    .columns(['sent_at', 'send_at'])
    .execute();

  // Who a reminder's mail was made for: the key makes each message once, whatever the number of schedulers.
  await db.schema
    .createTable('reminder_deliveries')
    .addColumn('reminder_id', 'text', (c) =>
      c.notNull().references('workshop_reminders.id').onDelete('cascade'),
    )
    // The address, trimmed and lower-cased (an enrollment's email key, or an organizer's address).
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.references('enrollments.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_deliveries_pk', ['reminder_id', 'recipient'])
    .execute();

  // Attachments of a message (a calendar file), as JSON: [{ filename, contentType, content }]; null for none.
  await db.schema.alterTable('mail_outbox').addColumn('attachments', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('attachments').execute();
  for (const table of ['reminder_deliveries', 'workshop_reminders', 'reminder_rules']) {
    await db.schema.dropTable(table).execute();
  }
}
