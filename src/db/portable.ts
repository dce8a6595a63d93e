import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql, type Kysely } from 'kysely';
import type { Db } from './database.js';

/*
 * Every table of a portal as files that either database reads back: `manifest.json` (the migrations the data
 * belongs to, each table's row count) and one `<table>.jsonl` per table, a JSON object per row with the
 * database's own column names. Bytes (uploaded files) are `{ "$base64": … }`. It moves a portal from embedded
 * SQLite to PostgreSQL and back, accounts and uploads included: import coerces each value to the target
 * column's type (better-auth's booleans and timestamps are 0/1 and text on SQLite, native on PostgreSQL).
 */

const FORMAT = 1;
/** Kysely's own bookkeeping: the target has its own, and the manifest checks the two agree. */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
const INSERT_BATCH_VALUES = 10_000;

export interface Manifest {
  format: number;
  migrations: string[];
  tables: { table: string; rows: number }[];
}

type Row = Record<string, unknown>;
type Progress = (message: string) => void;

interface Schema {
  /** Parents before children, so that inserting in this order never waits for a missing foreign key. */
  tables: string[];
  /** Each table's column types, lower-cased as the database names them. */
  columns: Map<string, Map<string, string>>;
}

async function readSchema(db: Db): Promise<Schema> {
  const raw = db.raw;
  const parentsOf = new Map<string, Set<string>>();
  const columns = new Map<string, Map<string, string>>();
  if (db.dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(raw);
    for (const { name } of tables.rows) {
      if (MIGRATION_TABLES.has(name)) continue;
      const keys = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(
        raw,
      );
      parentsOf.set(name, new Set(keys.rows.map((key) => key.table)));
      const info = await sql<{
        name: string;
        type: string;
      }>`select name, type from pragma_table_info(${name})`.execute(raw);
      columns.set(name, new Map(info.rows.map((column) => [column.name, column.type.toLowerCase()])));
    }
  } else {
    const info = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(raw);
    for (const column of info.rows) {
      if (MIGRATION_TABLES.has(column.table_name)) continue;
      const table = columns.get(column.table_name) ?? new Map<string, string>();
      table.set(column.column_name, column.data_type.toLowerCase());
      columns.set(column.table_name, table);
      if (!parentsOf.has(column.table_name)) parentsOf.set(column.table_name, new Set());
    }
    const keys = await sql<{ child: string; parent: string }>`
      select child.relname as child, parent.relname as parent
      from pg_constraint c
      join pg_class child on child.oid = c.conrelid
      join pg_class parent on parent.oid = c.confrelid
      join pg_namespace n on n.oid = child.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(raw);
    for (const key of keys.rows) parentsOf.get(key.child)?.add(key.parent);
  }
  return { tables: parentsFirst(parentsOf), columns };
}

/** The tables ordered so that each comes after those its foreign keys name (a table naming itself aside). */
function parentsFirst(parentsOf: Map<string, Set<string>>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parentsOf.get(table) ?? []) if (parent !== table) place(parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of [...parentsOf.keys()].sort()) place(table, new Set());
  return ordered;
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.raw);
  return rows.rows.map((row) => row.name);
}

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A value read from a file, as the target column takes it. */
function decode(value: unknown, type: string | undefined): unknown {
  if (value !== null && typeof value === 'object' && '$base64' in value) {
    return Buffer.from((value as { $base64: string }).$base64, 'base64');
  }
  if (type === 'boolean') return value === null ? null : value === true || value === 1;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Writes every table of the database to `directory`; returns what it wrote. */
export async function exportData(db: Db, directory: string, progress: Progress): Promise<Manifest> {
  mkdirSync(directory, { recursive: true });
  const schema = await readSchema(db);
  const manifest: Manifest = { format: FORMAT, migrations: await appliedMigrations(db), tables: [] };
  for (const table of schema.tables) {
    const rows = await (db.raw as Kysely<Record<string, Row>>).selectFrom(table).selectAll().execute();
    const out = createWriteStream(join(directory, `${table}.jsonl`));
    for (const row of rows) {
      const line = JSON.stringify(
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, encode(value)])),
      );
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    manifest.tables.push({ table, rows: rows.length });
    progress(`${table}: ${rows.length.toLocaleString('en-US')} rows`);
  }
  writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export class PortableDataError extends Error {}

async function* rowsOf(directory: string, table: string): AsyncGenerator<Row> {
  const lines = createInterface({
    input: createReadStream(join(directory, `${table}.jsonl`)),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as Row;
}

/**
 * Replaces every row of the database with those in `directory`, in one transaction: on any error nothing
 * changes. The database must be migrated to exactly the migrations the export was made at.
 */
export async function importData(db: Db, directory: string, progress: Progress): Promise<Manifest> {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT)
    throw new PortableDataError(`This export has format ${manifest.format}; this portal reads ${FORMAT}.`);
  const applied = await appliedMigrations(db);
  if (applied.join('\n') !== manifest.migrations.join('\n')) {
    throw new PortableDataError(
      'The export and this database are at different migrations: bring both portals to the same version first ' +
        `(export: ${manifest.migrations.at(-1) ?? 'none'}, here: ${applied.at(-1) ?? 'none'}).`,
    );
  }
  const schema = await readSchema(db);
  const exported = new Set(manifest.tables.map((entry) => entry.table));
  const missing = schema.tables.filter((table) => !exported.has(table));
  if (missing.length > 0) throw new PortableDataError(`The export has no file for: ${missing.join(', ')}.`);
  await db.raw.transaction().execute(async (trx) => {
    const raw = trx as Kysely<Record<string, Row>>;
    // SQLite checks foreign keys at the commit instead, so rows of a table that refers to itself may come in any order.
    if (db.dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    for (const table of [...schema.tables].reverse()) await raw.deleteFrom(table).execute();
    for (const table of schema.tables) {
      const types = schema.columns.get(table) ?? new Map<string, string>();
      let batch: Row[] = [];
      let count = 0;
      const flush = async () => {
        if (batch.length > 0) await raw.insertInto(table).values(batch).execute();
        batch = [];
      };
      for await (const row of rowsOf(directory, table)) {
        batch.push(
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key, decode(value, types.get(key))])),
        );
        count++;
        if (batch.length * Math.max(1, types.size) >= INSERT_BATCH_VALUES) await flush();
      }
      await flush();
      progress(`${table}: ${count.toLocaleString('en-US')} rows`);
    }
  });
  return manifest;
}
