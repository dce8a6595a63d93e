import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * better-auth writes Date and boolean values natively on PostgreSQL, and as text and 0/1 on SQLite,
 * which has no such types. Only the auth tables need this; our own tables keep ISO text on both.
 */
export function authDateType(db: Kysely<unknown>): 'timestamptz' | 'text' {
  return isPostgres(db) ? 'timestamptz' : 'text';
}

export function authBooleanType(db: Kysely<unknown>): 'boolean' | 'integer' {
  return isPostgres(db) ? 'boolean' : 'integer';
}

export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
