import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  /** Queries in camelCase; columns are snake_case in the database. */
  kysely: Kysely<Database>;
  /** The same connection without the camelCase mapping, for libraries that name columns themselves. */
  raw: Kysely<unknown>;
  dialect: Dialect;
  close(): Promise<void>;
}

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgres';
}

/**
 * `onConnectionLost` hears of a pooled PostgreSQL connection that died while idle (a restart, an administrator's
 * `pg_terminate_backend`): the pool drops it and opens another on the next query; without a listener, Node would
 * treat the pool's 'error' event as unhandled and end the process.
 */
export function openDatabase(databaseUrl: string, onConnectionLost: (error: Error) => void = () => {}): Db {
  const dialect = dialectOf(databaseUrl);
  const raw = new Kysely<unknown>({
    dialect:
      dialect === 'sqlite' ? sqliteDialect(databaseUrl) : postgresDialect(databaseUrl, onConnectionLost),
  });
  const kysely = raw.withPlugin(new CamelCasePlugin()) as unknown as Kysely<Database>;
  return { kysely, raw, dialect, close: () => raw.destroy() };
}

function sqliteDialect(databaseUrl: string): SqliteDialect {
  const path = databaseUrl.slice('file:'.length);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL lets readers proceed while the mail worker writes; the busy timeout covers a CLI writing at the same time.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: withStatementCache(database) });
}

/** Distinct queries the portal sends are a few hundred; beyond this many, the least recently used is dropped. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query anew, and preparing was about a seventh of a sign-up's CPU in the enrollment
 * burst; a prepared statement can be run again with other parameters. Kysely's SQLite connection runs one query
 * at a time (a stream holds it until done), so a cached statement is never taken while another query uses it,
 * and SQLite re-prepares a statement by itself when a migration changes the schema under it.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      database.close();
    },
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}

function postgresDialect(databaseUrl: string, onConnectionLost: (error: Error) => void): PostgresDialect {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', onConnectionLost);
  // The pool hears only of its idle connections. One checked out (between the statements of a transaction)
  // reports its loss on itself, and unheard that would end the process; the statement it was to run fails
  // instead, as an unavailable database (503).
  pool.on('connect', (client) => {
    client.on('error', onConnectionLost);
  });
  return new PostgresDialect({ pool });
}
