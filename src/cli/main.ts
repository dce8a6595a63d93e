import 'dotenv/config';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDeps } from '../app.js';
import type { AppDeps } from '../app-deps.js';
import { ConfigError, loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { createVerifiedAccount } from '../modules/accounts/accounts.service.js';
import { FaqImportError, importFaqSeed } from '../modules/faq/faq.import.js';
import { replaceFaq } from '../modules/faq/faq.service.js';
import type { ImportKind } from '../modules/imports/imports.schemas.js';
import { IMPORTERS, OPERATOR, describeImport } from '../modules/imports/imports.service.js';
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
  staff:create --email E --password P [--name N]
                                            create a staff account (or grant staff to an existing one)`;

/** Each command returns its exit status; errors a person can fix are printed without a stack trace. */
const COMMANDS: Record<string, (deps: AppDeps, args: string[]) => Promise<number>> = {
  migrate: async (deps) => {
    const applied = await migrateToLatest(deps.db.raw);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  },

  seed: async (deps, args) => {
    const { values } = parseArgs({ args, options: { minimal: { type: 'boolean', default: false } } });
    const { accounts, repairs } = await loadDemoData(deps, { minimal: values.minimal });
    for (const line of repairs) console.log(`repair: ${line}`);
    console.log(describeDemoAccounts(accounts) || 'Demo accounts already exist; the FAQ was reloaded.');
    return 0;
  },

  'faq:import': async (deps, args) => {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const file = positionals[0];
    if (!file) {
      console.error('faq:import needs a file: npm run cli -- faq:import path/to/faq.md');
      return 2;
    }
    const { faq, repairs } = importFaqSeed(readFileSync(file, 'utf8'));
    for (const line of repairs) console.log(`repair: ${line}`);
    await replaceFaq(deps, { faq, actor: null, source: file });
    const count = faq.sections.reduce((n, section) => n + section.questions.length, 0);
    console.log(
      `Imported ${count} questions in ${faq.sections.length} sections, with ${repairs.length} repairs.`,
    );
    return 0;
  },

  'partners:import': (deps, args) => importCommand(deps, args, 'partners'),

  'regions:import': (deps, args) => importCommand(deps, args, 'regions'),

  'staff:create': async (deps, args) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    });
    const result = await createVerifiedAccount(deps.auth, deps.db.kysely, { input: values, role: 'staff' });
    console.log(
      result.created
        ? `Created the staff account ${result.email}.`
        : `${result.email} already had an account: it now has the staff role (its password is unchanged).`,
    );
    return 0;
  },
};

/** All or nothing: a bad file prints a line per problem, writes nothing and exits 1. */
async function importCommand(deps: AppDeps, args: string[], kind: ImportKind): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    console.error(
      `${kind}:import needs one file: npm run cli -- ${kind}:import path/to/${kind}.csv [--dry-run]`,
    );
    return 2;
  }
  const csv = readTextFile(file);
  if (csv === undefined) return 1;
  try {
    const input = { csv, dryRun: values['dry-run'] };
    console.log(describeImport(await IMPORTERS[kind]({ deps, actor: OPERATOR, input })));
    return 0;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'IMPORT_INVALID')) throw error;
    for (const problem of error.fieldErrors) {
      console.error(
        problem.path.startsWith('line ') ? `${problem.path}: ${problem.message}` : problem.message,
      );
    }
    console.error(error.message);
    return 1;
  }
}

/** The file's text, or undefined after saying why it cannot be read. */
function readTextFile(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reasons: Record<string, string> = {
      ENOENT: 'there is no such file',
      EISDIR: 'it is a directory',
      EACCES: 'permission denied',
    };
    const reason = reasons[String((error as { code?: unknown }).code)];
    if (!reason) throw error;
    console.error(`Cannot read ${file}: ${reason}.`);
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Names with accents would otherwise be imported mangled (Excel's plain "CSV" is Windows-1252, for one).
    console.error(`${file} is not UTF-8 text: save it as "CSV UTF-8" and import it again.`);
    return undefined;
  }
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    console.error(name && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return name === '--help' ? 0 : 2;
  }
  const deps = await openDeps(loadConfig(process.env));
  try {
    return await command(deps, args);
  } finally {
    await deps.changes.close();
    await deps.db.close();
  }
}

run(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof AppError) {
      const details = error.fieldErrors.map((e) => `  ${e.path ? `--${e.path}: ` : ''}${e.message}`);
      console.error([error.message, ...details].join('\n'));
    } else if (error instanceof ConfigError || error instanceof FaqImportError || isUsageError(error)) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(isUsageError(error) ? 2 : 1);
  },
);

function isUsageError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
