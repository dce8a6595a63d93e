import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaffOrOperator, type Actor, type OPERATOR } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { newId, nowIso } from '../../platform/ids.js';
import { importError } from '../imports/imports.errors.js';
import { isStateCode, locateZip, normalizeZip } from '../regions/geography.js';
import * as repo from './schools.repository.js';
import { DISTRICT_NCES_ID, SCHOOL_NCES_ID, searchKey } from './schools.schemas.js';

/**
 * The NCES Common Core of Data directory files (the school file "ccd_sch_029", the district file "ccd_lea_029"),
 * as published: comma- or tab-separated, columns found by their header names in any order, other columns
 * ignored. The whole file is one transaction: a file with any problem writes nothing, and says every problem
 * (up to a cap) by its line, so that one pass fixes them all.
 */

export const SCHOOL_COLUMNS = [
  'NCESSCH',
  'LEAID',
  'SCH_NAME',
  'LEA_NAME',
  'LSTREET1',
  'LCITY',
  'LSTATE',
  'LZIP',
  'GSLO',
  'GSHI',
  'SCH_TYPE_TEXT',
  'CHARTER_TEXT',
  'SY_STATUS_TEXT',
] as const;

export const DISTRICT_COLUMNS = [
  'LEAID',
  'LEA_NAME',
  'LSTREET1',
  'LCITY',
  'LSTATE',
  'LZIP',
  'LEA_TYPE_TEXT',
] as const;

/** Rows per statement: a school row binds 20 values, so 500 stay well under both databases' parameter limits. */
const BATCH_SIZE = 500;
/** Problems listed before the rest are only counted: past this, the file is the wrong one or badly broken. */
const MAX_PROBLEMS = 50;
/** How often a progress report is made, in rows. */
const PROGRESS_EVERY = 1000;

export interface DirectoryImportSummary {
  kind: 'schools' | 'districts';
  /** Data rows read (the header and blank lines not counted). */
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Schools the file marks closed (or inactive); always 0 for districts. */
  closed: number;
  /** Rows outside the program's states and territories, or schools not open yet. */
  skipped: number;
}

export interface DirectoryImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

interface ImportOptions {
  actor: Actor | typeof OPERATOR | null;
  /** A file to stream, or a directory's text in the same format (the demo data's). */
  input: { path: string } | { text: string };
  /** Where the rows come from: the NCES files, or the demo seed's made-up schools. */
  source?: 'nces' | 'demo';
  onProgress?: (progress: DirectoryImportProgress) => void;
}

type Deps = Pick<CoreDeps, 'db'>;

type Values<C extends string> = Record<C, string>;

/** What one row becomes: a row to write, a reason to skip it, or a problem that fails the file. */
type Outcome<Row> = { row: Row } | { skip: true } | { problem: string };

/** Imports an NCES school directory file: new schools added, known ones updated in place, closed ones marked. */
export async function importSchoolDirectory(
  deps: Deps,
  options: ImportOptions,
): Promise<DirectoryImportSummary> {
  requireStaffOrOperator(options.actor);
  const seen = new Map<string, number>();
  const now = nowIso();
  let closed = 0;
  const source = options.source ?? 'nces';
  const summary = await importFile(deps.db.kysely, options, {
    kind: 'schools',
    columns: SCHOOL_COLUMNS,
    toRow: (values, line) => {
      const outcome = schoolRow(values, { now, source });
      if (!('row' in outcome)) return outcome;
      const ncesId = outcome.row.ncesId as string;
      const earlier = seen.get(ncesId);
      if (earlier !== undefined) return { problem: `NCESSCH ${ncesId} is also on line ${earlier}.` };
      seen.set(ncesId, line);
      if (outcome.row.closed === 1) closed += 1;
      return outcome;
    },
    keyOf: (row) => row.ncesId as string,
    existing: async (db, rows) => {
      // A school staff added by hand that the directory now lists becomes that NCES school, keeping its row.
      await repo.claimStaffSchools(db, rows);
      return repo.schoolsByNcesId(
        db,
        rows.map((row) => row.ncesId as string),
      );
    },
    // The row keeps its id and creation time: what names a school by id still names it after a new year's file.
    merge: (row, stored) => ({ ...row, id: stored.id, createdAt: stored.createdAt }),
    upsert: repo.upsertSchools,
  });
  return { ...summary, closed };
}

/** Imports an NCES district directory file: new districts added, known ones updated in place. */
export async function importDistrictDirectory(
  deps: Deps,
  options: ImportOptions,
): Promise<DirectoryImportSummary> {
  requireStaffOrOperator(options.actor);
  const seen = new Map<string, number>();
  const now = nowIso();
  const summary = await importFile(deps.db.kysely, options, {
    kind: 'districts',
    columns: DISTRICT_COLUMNS,
    toRow: (values, line) => {
      const outcome = districtRow(values, now);
      if (!('row' in outcome)) return outcome;
      const earlier = seen.get(outcome.row.ncesId);
      if (earlier !== undefined)
        return { problem: `LEAID ${outcome.row.ncesId} is also on line ${earlier}.` };
      seen.set(outcome.row.ncesId, line);
      return outcome;
    },
    keyOf: (row) => row.ncesId,
    existing: (db, rows) =>
      repo.districtsByNcesId(
        db,
        rows.map((row) => row.ncesId),
      ),
    merge: (row, stored) => ({ ...row, createdAt: stored.createdAt }),
    upsert: repo.upsertDistricts,
  });
  return { ...summary, closed: 0 };
}

interface FileSpec<C extends string, Row extends { createdAt: string; updatedAt: string }> {
  kind: DirectoryImportSummary['kind'];
  columns: readonly C[];
  toRow: (values: Values<C>, line: number) => Outcome<Row>;
  keyOf: (row: Row) => string;
  /** The stored rows of a batch, by key. */
  existing: (db: Kysely<Database>, rows: Row[]) => Promise<Map<string, Row>>;
  merge: (row: Row, stored: Row) => Row;
  /** Writes the batch's new and changed rows; `changed` are those already stored (merged with them). */
  upsert: (db: Kysely<Database>, rows: Row[], changed: Row[]) => Promise<void>;
}

async function importFile<C extends string, Row extends { createdAt: string; updatedAt: string }>(
  db: Kysely<Database>,
  options: ImportOptions,
  spec: FileSpec<C, Row>,
): Promise<Omit<DirectoryImportSummary, 'closed'>> {
  const { input } = options;
  const totalBytes = 'path' in input ? (await stat(input.path)).size : Buffer.byteLength(input.text);
  const delimiter = delimiterOf(
    'path' in input ? await firstLine(input.path) : input.text.split(/\r?\n/, 1)[0],
  );
  const counts = { rows: 0, added: 0, updated: 0, unchanged: 0, skipped: 0 };
  const problems: { line: number; message: string }[] = [];
  let problemCount = 0;
  const problem = (line: number, message: string) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message });
  };

  return db.transaction().execute(async (trx) => {
    let batch: Row[] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      // Once the file has a problem nothing more is written: the transaction is rolled back at the end anyway.
      if (problemCount > 0 || rows.length === 0) return;
      const stored = await spec.existing(trx, rows);
      const writes: Row[] = [];
      const changed: Row[] = [];
      for (const row of rows) {
        const before = stored.get(spec.keyOf(row));
        if (!before) {
          counts.added += 1;
          writes.push(row);
        } else if (sameContent(before, row)) {
          counts.unchanged += 1;
        } else {
          counts.updated += 1;
          const merged = spec.merge(row, before);
          writes.push(merged);
          changed.push(merged);
        }
      }
      await spec.upsert(trx, writes, changed);
    };

    const stream = 'path' in input ? createReadStream(input.path) : Readable.from([input.text]);
    const parser = stream.pipe(
      parse({
        bom: true,
        delimiter,
        // Tab-separated files (the CCD's .txt) do not quote: a name with a quote mark in it is just that.
        quote: delimiter === '\t' ? false : '"',
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        info: true,
        on_skip: (error: CsvError | undefined) => {
          const line = (error as { lines?: number } | undefined)?.lines ?? parser.info.lines;
          problem(line, describeCsvError(error));
          return undefined;
        },
      }),
    );

    let order: number[] | undefined;
    let width = 0;
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      if (!order) {
        order = headerOrder(record, spec.columns, spec.kind);
        width = record.length;
        continue;
      }
      counts.rows += 1;
      if (record.length !== width) {
        problem(line, `It has ${record.length} fields where the header has ${width}.`);
        continue;
      }
      // The decoder replaces bytes that are not UTF-8; names would otherwise be stored mangled.
      if (record.some((field) => field.includes('\uFFFD'))) {
        problem(line, 'The line is not UTF-8 text: save the file as UTF-8 and import it again.');
        continue;
      }
      const positions = order;
      const values = Object.fromEntries(
        spec.columns.map((column, index) => [column, (record[positions[index] as number] ?? '').trim()]),
      ) as Values<C>;
      const outcome = spec.toRow(values, line);
      if ('problem' in outcome) problem(line, outcome.problem);
      else if ('skip' in outcome) counts.skipped += 1;
      else batch.push(outcome.row);
      if (batch.length >= BATCH_SIZE) await flush();
      if (counts.rows % PROGRESS_EVERY === 0) {
        options.onProgress?.({ bytes: parser.info.bytes, totalBytes, rows: counts.rows });
      }
    }
    if (!order)
      throw fileProblem(`The file is empty: it needs a header line naming ${spec.columns.join(', ')}.`);
    await flush();
    options.onProgress?.({ bytes: totalBytes, totalBytes, rows: counts.rows });
    if (problemCount > 0) {
      const more = problemCount - problems.length;
      throw importError(
        'IMPORT_INVALID',
        `Nothing was imported: the file has ${problemCount} problem${problemCount === 1 ? '' : 's'}${
          more > 0 ? ` (the first ${problems.length} are listed)` : ''
        }.`,
        problems.map((p) => ({ path: `line ${p.line}`, message: p.message })),
      );
    }
    return { kind: spec.kind, ...counts };
  });
}

/** The delimiter the header line uses: a tab if it has more tabs than commas (the CCD's .txt files), else a comma. */
function delimiterOf(header = ''): ',' | '\t' {
  return header.split('\t').length > header.split(',').length ? '\t' : ',';
}

async function firstLine(path: string): Promise<string> {
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead).split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await file.close();
  }
}

/** Where each wanted column is in the file; a missing one fails the file before any row is read. */
function headerOrder(header: string[], columns: readonly string[], kind: string): number[] {
  const names = header.map((name) => name.trim().toUpperCase());
  const missing = columns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw fileProblem(
      `This is not an NCES ${kind === 'schools' ? 'school' : 'district'} directory file: its header lacks ${missing.join(', ')}.`,
    );
  }
  return columns.map((column) => names.indexOf(column));
}

function fileProblem(message: string) {
  return importError('IMPORT_INVALID', `Nothing was imported: ${message}`, [{ path: 'line 1', message }]);
}

function describeCsvError(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted value is not closed: a quote mark is missing.';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'A quoted value has text after its closing quote mark.';
    default:
      return error?.message ?? 'The line cannot be read.';
  }
}

/** Whether a stored row already says what the file says (its id and times aside). */
function sameContent<Row extends object>(stored: Row, row: Row): boolean {
  return Object.entries(row).every(
    ([key, value]) =>
      key === 'id' || key === 'createdAt' || key === 'updatedAt' || stored[key as keyof Row] === value,
  );
}

/** Statuses of SY_STATUS_TEXT meaning the school does not operate this year; "Inactive" may reopen. */
const CLOSED_STATUSES = new Set(['closed', 'inactive']);
/** Announced but not open yet: nobody teaches there this year. */
const FUTURE_STATUSES = new Set(['future']);
/** What the CCD writes for a grade it does not report. */
const NO_GRADE = new Set(['', 'N', 'M', 'NOT APPLICABLE', 'NOT REPORTED', '-1', '-2', '-9']);

function schoolRow(
  values: Values<(typeof SCHOOL_COLUMNS)[number]>,
  { now, source }: { now: string; source: 'nces' | 'demo' },
): Outcome<repo.SchoolRow> {
  const ncesId = values.NCESSCH;
  const leaId = values.LEAID;
  const idProblem =
    ncesIdProblem('NCESSCH', ncesId, SCHOOL_NCES_ID, 12, 'school') ??
    ncesIdProblem('LEAID', leaId, DISTRICT_NCES_ID, 7, 'district');
  if (idProblem) return { problem: idProblem };
  if (!ncesId.startsWith(leaId)) {
    return { problem: `NCESSCH ${ncesId} does not start with its LEAID ${leaId}.` };
  }
  const name = values.SCH_NAME;
  if (!name) return { problem: 'SCH_NAME is empty: every school needs its name.' };
  if (name.length > 200) return { problem: 'SCH_NAME is longer than 200 characters.' };
  const place = placeOf(values);
  if ('problem' in place || 'skip' in place) return place;
  const status = values.SY_STATUS_TEXT.toLowerCase();
  if (FUTURE_STATUSES.has(status)) return { skip: true };
  const city = values.LCITY || null;
  const charter = values.CHARTER_TEXT.toLowerCase();
  return {
    row: {
      id: newId(),
      ncesId,
      districtNcesId: leaId,
      districtName: values.LEA_NAME || null,
      name,
      nameKey: searchKey(name),
      street: values.LSTREET1 || null,
      city,
      cityKey: city && searchKey(city),
      state: place.row.state,
      zip: place.row.zip,
      county: place.row.county,
      gradeLow: grade(values.GSLO),
      gradeHigh: grade(values.GSHI),
      schoolType: values.SCH_TYPE_TEXT || null,
      charter: charter === 'yes' ? 1 : charter === 'no' ? 0 : null,
      closed: CLOSED_STATUSES.has(status) ? 1 : 0,
      source,
      createdAt: now,
      updatedAt: now,
    },
  };
}

function districtRow(
  values: Values<(typeof DISTRICT_COLUMNS)[number]>,
  now: string,
): Outcome<repo.DistrictRow> {
  const idProblem = ncesIdProblem('LEAID', values.LEAID, DISTRICT_NCES_ID, 7, 'district');
  if (idProblem) return { problem: idProblem };
  const name = values.LEA_NAME;
  if (!name) return { problem: 'LEA_NAME is empty: every district needs its name.' };
  if (name.length > 200) return { problem: 'LEA_NAME is longer than 200 characters.' };
  const place = placeOf(values);
  if ('problem' in place || 'skip' in place) return place;
  return {
    row: {
      ncesId: values.LEAID,
      name,
      nameKey: searchKey(name),
      street: values.LSTREET1 || null,
      city: values.LCITY || null,
      state: place.row.state,
      zip: place.row.zip,
      county: place.row.county,
      districtType: values.LEA_TYPE_TEXT || null,
      createdAt: now,
      updatedAt: now,
    },
  };
}

function ncesIdProblem(column: string, value: string, pattern: RegExp, digits: number, what: string) {
  if (pattern.test(value)) return undefined;
  if (/^\d+$/.test(value) && value.length < digits) {
    return `${column} ${value} has ${value.length} digits; an NCES ${what} id has ${digits} (a spreadsheet may have dropped its leading zeros).`;
  }
  return value
    ? `${column} "${value}" is not an NCES ${what} id (${digits} digits).`
    : `${column} is empty: every ${what} needs its NCES id.`;
}

/**
 * The location's state, ZIP and county (from the ZIP dataset, when the ZIP lies in that state). A state the
 * program does not serve (the CCD lists overseas Defense schools, for one) is skipped, not refused.
 */
function placeOf(values: {
  LSTATE: string;
  LZIP: string;
}): Outcome<{ state: string; zip: string; county: string | null }> {
  const state = values.LSTATE.toUpperCase();
  if (!isStateCode(state)) {
    if (/^[A-Z]{2}$/.test(state)) return { skip: true };
    return { problem: `LSTATE "${values.LSTATE}" is not a two-letter state code, like WA.` };
  }
  const zip = normalizeZip(values.LZIP);
  if (!zip) return { problem: `LZIP "${values.LZIP}" is not a 5-digit ZIP code.` };
  const location = locateZip(zip);
  return { row: { state, zip, county: location?.state === state ? location.county : null } };
}

function grade(value: string): string | null {
  return NO_GRADE.has(value.toUpperCase()) ? null : value;
}
