import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { dialectOf } from './database.js';

/*
 * A backup of the whole database in its own format, and its restore. On SQLite, the online backup API copies a
 * consistent snapshot while the portal keeps running; on PostgreSQL, pg_dump's custom format (restored with
 * pg_restore). For moving between the two, see portable.ts.
 */

export class BackupError extends Error {}

function sqlitePath(databaseUrl: string): string {
  return databaseUrl.slice('file:'.length);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => {
      reject(
        new BackupError(`${command} could not start (${error.message}); is the PostgreSQL client installed?`),
      );
    });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${command} failed: ${stderr.trim() || `exit status ${code}`}`));
    });
  });
}

/** Writes a backup of the database to `file`, which must not exist yet. */
export async function backupDatabase(databaseUrl: string, file: string): Promise<void> {
  if (existsSync(file)) throw new BackupError(`${file} exists already; choose a new file name.`);
  if (dialectOf(databaseUrl) === 'postgres') {
    await run('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${databaseUrl}`]);
    return;
  }
  const database = new SQLite(sqlitePath(databaseUrl), { readonly: true, fileMustExist: true });
  try {
    await database.backup(file);
  } finally {
    database.close();
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Replaces the database with the backup in `file`. Stop the portal first: on SQLite the file is copied into
 * place (its old write-ahead log removed, or it would be replayed over the backup); on PostgreSQL pg_restore
 * drops and recreates each object in one transaction.
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  if (dialectOf(databaseUrl) === 'postgres') {
    await run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${databaseUrl}`,
      file,
    ]);
    return;
  }
  if (readFileSync(file).subarray(0, SQLITE_HEADER.length).toString('latin1') !== SQLITE_HEADER) {
    throw new BackupError(`${file} is not a SQLite backup.`);
  }
  const target = sqlitePath(databaseUrl);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(file, target);
}
