import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(_db: AnyDb): Promise<void> {
  // Tables are added by the module that owns this migration.
}

export async function down(_db: AnyDb): Promise<void> {
  // Nothing to undo yet.
}
