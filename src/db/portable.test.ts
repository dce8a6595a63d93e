import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/databases.js';
import { signedInUser, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { loadDemoData } from '../seed/demo.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { openDatabase, type Db } from './database.js';
import { migrateToLatest } from './migrate.js';
import { exportData, importData } from './portable.js';

// A portal's data moves between databases whole: demo data (accounts, partners, workshops, enrollments…) and an
// uploaded file, exported, imported into another database (the other kind where the run has both), exported
// again and compared table by table.

let test: TestPortal;
const directories: string[] = [];
const databases: TestDatabase[] = [];

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'portal-portable-'));
  directories.push(directory);
  return directory;
}

async function freshSqlite(): Promise<Db & { url: string }> {
  const url = `file:${join(scratch(), 'portal.db')}`;
  const db = openDatabase(url);
  await migrateToLatest(db.raw);
  return { ...db, url };
}

async function freshPostgres(): Promise<Db & { url: string }> {
  const database = await createTestDatabase(inject('templateDatabase'), inject('postgresUrl'));
  databases.push(database);
  return { ...openDatabase(database.url), url: database.url };
}

/** A fresh database of the run's kind. */
function freshDatabase() {
  return inject('postgresUrl') ? freshPostgres() : freshSqlite();
}

/**
 * The rows of an export as comparable text, per table: sorted, with the values each database spells its own way
 * made alike (better-auth's booleans are 0/1 on SQLite, true/false on PostgreSQL; its instants ISO text or Date).
 */
function contents(directory: string): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.jsonl'))) {
    tables[file.replace(/\.jsonl$/, '')] = readFileSync(join(directory, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const row = JSON.parse(line) as Record<string, unknown>;
        const alike = Object.entries(row)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => {
            if (typeof value === 'boolean') return [key, value ? 1 : 0];
            if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) {
              return [key, new Date(value).toISOString()];
            }
            return [key, value];
          });
        return JSON.stringify(alike);
      })
      .sort();
  }
  return tables;
}

beforeAll(async () => {
  test = await startTestPortal();
  await loadDemoData(test.deps, { minimal: false });
  // An uploaded document, so that bytes make the trip too.
  const staff = await signedInUser(test, 'staff');
  const form = new FormData();
  form.append('_csrf', 'portable-token');
  form.append('title', 'Program manager job description');
  form.append('audience', 'public');
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4 portable bytes \u00e9')], { type: 'application/pdf' }),
    'pm.pdf',
  );
  const upload = await fetch(`${test.url}/api/v1/resources`, {
    method: 'POST',
    headers: { origin: test.url, cookie: `${staff.cookie}; portal_csrf=portable-token` },
    body: form,
  });
  expect(upload.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await test.close();
  for (const database of databases) await database.drop();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('export-data and import-data', () => {
  it('carry every table into another database and back unchanged', async () => {
    const first = scratch();
    const manifest = await exportData(test.deps.db, first, () => {});
    expect(manifest.tables.find((entry) => entry.table === 'resource_files')?.rows).toBe(1);
    expect(manifest.tables.find((entry) => entry.table === 'users')?.rows).toBeGreaterThan(3);

    // Into the other kind of database where this run has both, then back into the first kind.
    // On a PostgreSQL run: PostgreSQL to SQLite, and SQLite to PostgreSQL.
    const there = await freshSqlite();
    const back = await freshDatabase();
    try {
      await importData(there, first, () => {});
      const second = scratch();
      await exportData(there, second, () => {});
      await importData(back, second, () => {});
      const third = scratch();
      await exportData(back, third, () => {});
      const original = contents(first);
      expect(Object.keys(contents(second)).sort()).toEqual(Object.keys(original).sort());
      for (const [table, rows] of Object.entries(original)) {
        expect(contents(second)[table], table).toEqual(rows);
        expect(contents(third)[table], table).toEqual(rows);
      }
    } finally {
      await there.close();
      await back.close();
    }
  }, 120_000);

  it('refuses an export made at other migrations, changing nothing', async () => {
    const directory = scratch();
    await exportData(test.deps.db, directory, () => {});
    const manifestPath = join(directory, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { migrations: string[] };
    manifest.migrations.pop();
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const target = await freshSqlite();
    try {
      await expect(importData(target, directory, () => {})).rejects.toThrow(/different migrations/);
      const courses = await target.kysely.selectFrom('courses').select('id').execute();
      expect(courses.length).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  });
});

describe('backup and restore', () => {
  it('restores the database as it was backed up, and never overwrites a backup', async () => {
    const db = await freshDatabase();
    const backup = join(scratch(), 'portal.backup');
    try {
      await sql`create table restore_probe (moment text not null)`.execute(db.raw);
      await sql`insert into restore_probe values ('before the backup')`.execute(db.raw);
      await backupDatabase(db.url, backup);
      await expect(backupDatabase(db.url, backup)).rejects.toThrow(/exists already/);
      await sql`insert into restore_probe values ('after the backup')`.execute(db.raw);
    } finally {
      await db.close();
    }
    await restoreDatabase(db.url, backup);
    const restored = openDatabase(db.url);
    try {
      const rows = await sql<{ moment: string }>`select moment from restore_probe`.execute(restored.raw);
      expect(rows.rows).toEqual([{ moment: 'before the backup' }]);
    } finally {
      await restored.close();
    }
  });
});
