import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Staff may revoke an invitation that was not used yet: its link then says so instead of working. Who revoked
 * it is kept, as the invitation's issuer is. Both columns are empty for every invitation so far.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('partner_invitations').addColumn('revoked_at', 'text').execute();
  // No foreign key: SQLite cannot drop a column that has one, so `down` could not undo it there. The id is a
  // record of who acted, as in the other audit columns; nothing joins on it to decide anything.
  await db.schema.alterTable('partner_invitations').addColumn('revoked_by', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('partner_invitations').dropColumn('revoked_by').execute();
  await db.schema.alterTable('partner_invitations').dropColumn('revoked_at').execute();
}
