import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { adminUrl, databaseUrlFor } from '../helpers/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that each test file copies: a SQLite file path or a PostgreSQL database name. */
    templateDatabase: string;
    /** The DATABASE_URL the run was started with (PostgreSQL), or '' for SQLite. */
    postgresUrl: string;
  }
}

/**
 * Migrates one template database per run; each test file then copies it (a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL) instead of migrating its own.
 */
export default async function setup(project: TestProject) {
  const postgresUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '';
  if (postgresUrl) {
    const template = `portal_tpl_${process.pid}`;
    const admin = openDatabase(adminUrl(postgresUrl));
    const { sql } = await import('kysely');
    await sql.raw(`drop database if exists ${template}`).execute(admin.raw);
    await sql.raw(`create database ${template}`).execute(admin.raw);
    const db = openDatabase(databaseUrlFor(postgresUrl, template));
    await migrateToLatest(db.raw);
    await db.close();
    project.provide('templateDatabase', template);
    project.provide('postgresUrl', postgresUrl);
    return async () => {
      await sql.raw(`drop database if exists ${template} with (force)`).execute(admin.raw);
      await admin.close();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'portal-template-'));
  const file = join(dir, 'template.db');
  const db = openDatabase(`file:${file}`);
  await migrateToLatest(db.raw);
  await db.close();
  project.provide('templateDatabase', file);
  project.provide('postgresUrl', '');
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
