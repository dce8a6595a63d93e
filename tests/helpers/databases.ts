import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Db } from '../../src/db/database.js';

/** The same server, but the maintenance database, from which databases are created and dropped. */
export function adminUrl(postgresUrl: string): string {
  return databaseUrlFor(postgresUrl, 'postgres');
}

export function databaseUrlFor(postgresUrl: string, name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, copied from the run's template. */
export async function createTestDatabase(template: string, postgresUrl: string): Promise<TestDatabase> {
  if (!postgresUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
    const file = join(dir, 'portal.db');
    copyFileSync(template, file);
    return {
      url: `file:${file}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase(adminUrl(postgresUrl));
  try {
    await createFromTemplate(admin.raw, name, template);
  } finally {
    await admin.close();
  }
  return {
    url: databaseUrlFor(postgresUrl, name),
    drop: async () => {
      const cleanup = openDatabase(adminUrl(postgresUrl));
      try {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(cleanup.raw);
      } finally {
        await cleanup.close();
      }
    },
  };
}

/** Two files copying the template at the same moment can collide on its lock; the loser waits and retries. */
async function createFromTemplate(admin: Kysely<unknown>, name: string, template: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.raw(`create database ${name} template ${template}`).execute(admin);
      return;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Tables that change on any request, refused or not: sessions are refreshed, limits counted. */
export const CHANGING_ON_ANY_REQUEST = new Set(['sessions', 'rate_limit_hits', 'serial_locks']);

/** Every table of the portal's database, by its name in SQL. */
export async function tableNames(db: Db): Promise<string[]> {
  const tables =
    db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(db.raw)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db.raw);
  return tables.rows.map((row) => row.name);
}
