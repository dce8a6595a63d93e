import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { openDeps } from '../app.js';
import type { AppDeps } from '../app-deps.js';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, BackupError, restoreDatabase } from '../db/backup.js';
import { migrateToLatest } from '../db/migrate.js';
import { exportData, importData, PortableDataError } from '../db/portable.js';
import { createVerifiedAccount } from '../modules/accounts/accounts.service.js';
import { FaqImportError, importFaqSeed } from '../modules/faq/faq.import.js';
import { replaceFaq } from '../modules/faq/faq.service.js';
import type { ImportKind } from '../modules/imports/imports.schemas.js';
import { IMPORTERS, currentYearSentence, describeImport } from '../modules/imports/imports.service.js';
import { makeProgramYearCurrent } from '../modules/program-years/program-years.service.js';
import {
  importDistrictDirectory,
  importSchoolDirectory,
  type DirectoryImportProgress,
  type DirectoryImportSummary,
} from '../modules/schools/schools.import.js';
import { OPERATOR } from '../platform/actor.js';
import { AppError } from '../platform/errors.js';
import { describeDemoAccounts, loadDemoData } from '../seed/demo.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   apply database migrations
  seed [--minimal]                          load the demo data (minimal: the FAQ and a staff account)
  faq:import FILE                           replace the FAQ with FILE (the seed's Markdown format), printing each repair
  partners:import FILE [--dry-run]          add partners or update their contact from a CSV file with the header
                                            name,contact_name,contact_email,program_year
  regions:import FILE [--dry-run]           assign regions from a CSV file with the header partner,program_year,region
                                            (region: WA, WA:King or 98101)
  schools:import FILE                       add or update schools from an NCES CCD school directory file (CSV or
                                            tab-separated, by its header: NCESSCH, LEAID, SCH_NAME, LCITY, LZIP…)
  districts:import FILE                     add or update districts from an NCES CCD district directory file
  years:current YEAR                        make YEAR (like 2027-28) the current program year, the one the finder
                                            and the partner directory show
  staff:create --email E --password P [--name N]
                                            create a staff account (or grant staff to an existing one)
  backup FILE                               back up the database while the portal runs (SQLite's online backup;
                                            pg_dump's custom format on PostgreSQL)
  restore FILE                              replace the database with a backup (stop the portal first)
  export-data DIR                           write every table to DIR as JSON lines, readable by either database
  import-data DIR                           replace every row with those exported to DIR (same migrations; one
                                            transaction), e.g. to move from SQLite to PostgreSQL`;

/** Where a command's messages go; the entry prints each message as a line. */
export interface CliOutput {
  stdout: (message: string) => void;
  stderr: (message: string) => void;
  /** Standard error when it is a terminal, for a progress bar to redraw; otherwise progress comes as lines. */
  terminal?: NodeJS.WritableStream | undefined;
}

export interface CliIo extends CliOutput {
  /** The settings, as `loadConfig` reads them: the process environment when an operator runs a command. */
  env: Record<string, string | undefined>;
}

/** Each command returns its exit status; errors a person can fix are printed without a stack trace. */
const COMMANDS: Record<string, (deps: AppDeps, args: string[], io: CliOutput) => Promise<number>> = {
  migrate: async (deps, _args, io) => {
    const applied = await migrateToLatest(deps.db.raw);
    io.stdout(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  },

  seed: async (deps, args, io) => {
    const { values } = parseArgs({ args, options: { minimal: { type: 'boolean', default: false } } });
    const { accounts, repairs } = await loadDemoData(deps, { minimal: values.minimal });
    for (const line of repairs) io.stdout(`repair: ${line}`);
    io.stdout(describeDemoAccounts(accounts) || 'Demo accounts already exist; the FAQ was reloaded.');
    return 0;
  },

  'faq:import': async (deps, args, io) => {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const file = positionals[0];
    if (!file) {
      io.stderr('faq:import needs a file: npm run cli -- faq:import path/to/faq.md');
      return 2;
    }
    const { faq, repairs } = importFaqSeed(readFileSync(file, 'utf8'));
    for (const line of repairs) io.stdout(`repair: ${line}`);
    await replaceFaq(deps, { faq, actor: null, source: file });
    const count = faq.sections.reduce((n, section) => n + section.questions.length, 0);
    io.stdout(
      `Imported ${count} questions in ${faq.sections.length} sections, with ${repairs.length} repairs.`,
    );
    return 0;
  },

  'partners:import': (deps, args, io) => importCommand(deps, args, io, 'partners'),

  'regions:import': (deps, args, io) => importCommand(deps, args, io, 'regions'),

  'schools:import': (deps, args, io) => directoryImportCommand(deps, args, io, 'schools'),

  'districts:import': (deps, args, io) => directoryImportCommand(deps, args, io, 'districts'),

  'years:current': async (deps, args, io) => {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) {
      io.stderr('years:current needs one program year: npm run cli -- years:current 2027-28');
      return 2;
    }
    const year = await makeProgramYearCurrent(deps, { actor: OPERATOR, name });
    io.stdout(`${year.name} is now the current program year: the finder and the partner directory show it.`);
    return 0;
  },

  'export-data': async (deps, args, io) => {
    const directory = onePositional(
      args,
      'export-data needs a directory: npm run cli -- export-data backups/today',
      io,
    );
    if (!directory) return 2;
    const manifest = await exportData(deps.db, directory, io.stderr);
    io.stdout(`Exported ${manifest.tables.length} tables to ${directory}.`);
    return 0;
  },

  'import-data': async (deps, args, io) => {
    const directory = onePositional(
      args,
      'import-data needs a directory: npm run cli -- import-data backups/today',
      io,
    );
    if (!directory) return 2;
    const manifest = await importData(deps.db, directory, io.stderr);
    const rows = manifest.tables.reduce((total, entry) => total + entry.rows, 0);
    io.stdout(
      `Imported ${rows.toLocaleString('en-US')} rows in ${manifest.tables.length} tables from ${directory}.`,
    );
    return 0;
  },

  'staff:create': async (deps, args, io) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    });
    const result = await createVerifiedAccount(deps.auth, deps.db.kysely, { input: values, role: 'staff' });
    io.stdout(
      result.created
        ? `Created the staff account ${result.email}.`
        : `${result.email} already had an account: it now has the staff role (its password is unchanged).`,
    );
    return 0;
  },
};

/**
 * Commands on the database file or server itself, run without opening the portal (a restore must not migrate
 * or hold the database it replaces).
 */
const DATABASE_COMMANDS: Record<string, (databaseUrl: string, file: string) => Promise<void>> = {
  backup: backupDatabase,
  restore: restoreDatabase,
};

/** The one positional argument a command takes, or undefined after printing how to call it. */
function onePositional(args: string[], usage: string, io: CliOutput): string | undefined {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) {
    io.stderr(usage);
    return undefined;
  }
  return positionals[0];
}

/** All or nothing: a bad file prints a line per problem, writes nothing and exits 1. */
async function importCommand(
  deps: AppDeps,
  args: string[],
  io: CliOutput,
  kind: ImportKind,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    io.stderr(`${kind}:import needs one file: npm run cli -- ${kind}:import path/to/${kind}.csv [--dry-run]`);
    return 2;
  }
  const csv = readTextFile(file, io);
  if (csv === undefined) return 1;
  try {
    const input = { csv, dryRun: values['dry-run'] };
    const result = await IMPORTERS[kind]({ deps, actor: OPERATOR, input });
    io.stdout(describeImport(result));
    io.stdout(currentYearSentence(result));
    return 0;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'IMPORT_INVALID')) throw error;
    for (const problem of error.fieldErrors) {
      io.stderr(problem.path.startsWith('line ') ? `${problem.path}: ${problem.message}` : problem.message);
    }
    io.stderr(error.message);
    return 1;
  }
}

const DIRECTORY_IMPORTERS = { schools: importSchoolDirectory, districts: importDistrictDirectory };
/** Without a terminal (a log, a CI job), a line per this many rows rather than a redrawn bar. */
const PROGRESS_LINE_EVERY = 10_000;

/** An NCES directory file, streamed in one transaction: a bad file prints a line per problem and writes nothing. */
async function directoryImportCommand(
  deps: AppDeps,
  args: string[],
  io: CliOutput,
  kind: keyof typeof DIRECTORY_IMPORTERS,
): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) {
    io.stderr(`${kind}:import needs one file: npm run cli -- ${kind}:import path/to/ccd_${kind}.csv`);
    return 2;
  }
  if (!isReadable(path, io)) return 1;
  const progress = progressReporter(io, kind);
  try {
    const summary = await DIRECTORY_IMPORTERS[kind](deps, {
      actor: OPERATOR,
      input: { path },
      onProgress: progress.update,
    });
    progress.stop();
    io.stdout(describeDirectoryImport(summary));
    return 0;
  } catch (error) {
    progress.stop();
    if (!(error instanceof AppError && error.code === 'IMPORT_INVALID')) throw error;
    for (const problem of error.fieldErrors) io.stderr(`${problem.path}: ${problem.message}`);
    io.stderr(error.message);
    return 1;
  }
}

function progressReporter(io: CliOutput, kind: string) {
  if (io.terminal) {
    const bar = new SingleBar(
      { stream: io.terminal, format: `${kind} [{bar}] {percentage}% | {rows} rows | {duration_formatted}` },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update: (progress: DirectoryImportProgress) => {
        if (!started) bar.start(progress.totalBytes, 0, { rows: 0 });
        started = true;
        bar.update(progress.bytes, { rows: progress.rows.toLocaleString('en-US') });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let reported = 0;
  return {
    update: (progress: DirectoryImportProgress) => {
      if (progress.rows - reported < PROGRESS_LINE_EVERY) return;
      reported = progress.rows;
      const percent = Math.floor((progress.bytes / Math.max(progress.totalBytes, 1)) * 100);
      io.stderr(`${kind}: ${progress.rows.toLocaleString('en-US')} rows read (${percent}%)`);
    },
    stop: () => undefined,
  };
}

/** "Imported 2,000 schools: 1,990 added, 5 updated, 5 unchanged; 12 marked closed; 3 skipped." */
function describeDirectoryImport(summary: DirectoryImportSummary): string {
  const n = (count: number) => count.toLocaleString('en-US');
  const imported = summary.rows - summary.skipped;
  const noun = imported === 1 ? summary.kind.replace(/s$/, '') : summary.kind;
  const parts = [
    `Imported ${n(imported)} ${noun}: ${n(summary.added)} added, ${n(summary.updated)} updated, ${n(summary.unchanged)} unchanged`,
  ];
  if (summary.kind === 'schools') parts.push(`${n(summary.closed)} marked closed`);
  parts.push(
    `${n(summary.skipped)} skipped${summary.skipped > 0 ? ' (outside the states and territories served, or not open yet)' : ''}`,
  );
  return `${parts.join('; ')}.`;
}

/** The file's text, or undefined after saying why it cannot be read. */
function readTextFile(file: string, io: CliOutput): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    sayUnreadable(file, error, io);
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Names with accents would otherwise be imported mangled (Excel's plain "CSV" is Windows-1252, for one).
    io.stderr(`${file} is not UTF-8 text: save it as "CSV UTF-8" and import it again.`);
    return undefined;
  }
}

/** Whether a file can be opened for reading, after saying why not; a directory file is streamed, not read whole. */
function isReadable(file: string, io: CliOutput): boolean {
  try {
    closeSync(openSync(file, 'r'));
    if (statSync(file).isDirectory()) throw Object.assign(new Error(file), { code: 'EISDIR' });
    return true;
  } catch (error) {
    sayUnreadable(file, error, io);
    return false;
  }
}

function sayUnreadable(file: string, error: unknown, io: CliOutput): void {
  const reasons: Record<string, string> = {
    ENOENT: 'there is no such file',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
  };
  const reason = reasons[String((error as { code?: unknown }).code)];
  if (!reason) throw error;
  io.stderr(`Cannot read ${file}: ${reason}.`);
}

/**
 * Runs one operator command (`argv` as after `npm run cli --`) and returns its exit status. Anything other than a
 * mistake the operator can fix is thrown, for the entry to print with its stack.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof AppError) {
      const details = error.fieldErrors.map((e) => `  ${e.path ? `--${e.path}: ` : ''}${e.message}`);
      io.stderr([error.message, ...details].join('\n'));
      return 1;
    }
    if (
      error instanceof ConfigError ||
      error instanceof FaqImportError ||
      error instanceof BackupError ||
      error instanceof PortableDataError
    ) {
      io.stderr(error.message);
      return 1;
    }
    if (isUsageError(error)) {
      io.stderr(error.message);
      return 2;
    }
    throw error;
  }
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const databaseCommand = name === undefined ? undefined : DATABASE_COMMANDS[name];
  if (databaseCommand) {
    const file = onePositional(args, `${name} needs one file: npm run cli -- ${name} path/to/backup`, io);
    if (!file) return 2;
    await databaseCommand(loadConfig(io.env).databaseUrl, file);
    io.stdout(
      name === 'backup' ? `Backed up the database to ${file}.` : `Restored the database from ${file}.`,
    );
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    io.stderr(name && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return name === '--help' ? 0 : 2;
  }
  const deps = await openDeps(loadConfig(io.env));
  try {
    return await command(deps, args, io);
  } finally {
    await deps.changes.close();
    await deps.db.close();
  }
}

function isUsageError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
