import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { importPartners, importRegions } from '../modules/imports/imports.service.js';
import { OPERATOR } from '../platform/actor.js';
import { FAQ_SEED_PATH } from '../seed/demo.js';
import { runCli } from './cli.js';

let test: TestPortal;
let dir: string;
beforeAll(async () => {
  test = await startTestPortal();
  dir = mkdtempSync(join(tmpdir(), 'portal-cli-'));
});
afterAll(async () => {
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An operator's settings for the test database. */
function settings() {
  return {
    DATABASE_URL: test.portal.deps.config.databaseUrl,
    AUTH_SECRET: 'c'.repeat(32),
    NODE_ENV: 'development',
  };
}

/** Runs `npm run cli -- …` in-process against the test database, with its output as a terminal shows it. */
async function cli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runCli(args, {
    // Not process.env, which has Vite's BASE_URL ("/") and the test run's own DATABASE_URL.
    env: settings(),
    stdout: (message) => stdout.push(message),
    stderr: (message) => stderr.push(message),
  });
  const printed = (messages: string[]) => messages.map((message) => `${message}\n`).join('');
  return { status, stdout: printed(stdout), stderr: printed(stderr) };
}

describe('operator commands', () => {
  it('staff:create makes an account that signs in with the staff role', async () => {
    const result = await cli(
      'staff:create',
      '--email',
      'Admin@Example.org',
      '--password',
      'a strong staff password',
      '--name',
      'Ada Admin',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Created the staff account admin@example.org.');
    expect(result.status).toBe(0);
    const cookie = await signIn(test, 'admin@example.org', 'a strong staff password');
    const staffPage = await fetch(`${test.url}/staff`, { headers: { cookie } });
    expect(staffPage.status).toBe(200);

    const again = await cli(
      'staff:create',
      '--email',
      'admin@example.org',
      '--password',
      'another password here',
    );
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already had an account');
  });

  it('staff:create refuses bad input with a message and writes nothing', async () => {
    const result = await cli('staff:create', '--email', 'not-an-email', '--password', 'short');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--email: Enter an email address like name@example.org.');
    expect(result.stderr).toContain('--password: Use at least 10 characters.');
    const users = await test.deps.db.kysely
      .selectFrom('users')
      .select('email')
      .where('email', '=', 'not-an-email')
      .execute();
    expect(users).toEqual([]);
  });

  it('faq:import loads the seed and prints a line per repair', async () => {
    const result = await cli('faq:import', fileURLToPath(FAQ_SEED_PATH));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'repair: repaired mis-decoded text in question "pm": "FTEâ€™s" → "FTE’s"',
    );
    expect(result.stdout).toContain('Imported 9 questions in 2 sections, with 7 repairs.');
    const faq = (await (await fetch(`${test.url}/api/v1/faq`)).json()) as { sections: unknown[] };
    expect(faq.sections).toHaveLength(2);
  });

  it('faq:import refuses a file it cannot read as an FAQ', async () => {
    const result = await cli('faq:import', fileURLToPath(new URL('../../package.json', import.meta.url)));
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('    at ');
  });

  it('export-data and import-data move every table, saying what they did; backup never overwrites', async () => {
    const exported = join(dir, 'exported');
    const out = await cli('export-data', exported);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^Exported \d+ tables to /);
    expect(out.stderr).toContain('users: ');
    const back = await cli('import-data', exported);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^Imported [\d,]+ rows in \d+ tables/);
    expect((await cli('import-data')).status).toBe(2);
    const missing = await cli('restore', join(dir, 'no-such-backup'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no file');
  });

  it('explains an unknown command', async () => {
    const result = await cli('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command "frobnicate".');
    expect(result.stderr).toContain('staff:create');
  });
});

describe('CSV imports', () => {
  /** Writes a file for the CLI to read and returns its path. */
  function file(name: string, text: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  async function namesIn(year: string) {
    const rows = await test.deps.db.kysely
      .selectFrom('partners')
      .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
      .select(['partners.name', 'partners.contactEmail'])
      .where('programYears.name', '=', year)
      .orderBy('partners.name')
      .execute();
    return rows.map((row) => `${row.name} <${row.contactEmail}>`);
  }

  async function unitsIn(year: string) {
    const rows = await test.deps.db.kysely
      .selectFrom('regionAssignments')
      .innerJoin('programYears', 'programYears.id', 'regionAssignments.programYearId')
      .select('regionAssignments.unit')
      .where('programYears.name', '=', year)
      .orderBy('regionAssignments.unit')
      .execute();
    return rows.map((row) => row.unit);
  }

  /** The import's last line: which year the public sees (whichever this file's portal made current first). */
  async function currentYearLine(): Promise<string> {
    const current = await test.deps.db.kysely
      .selectFrom('programYears')
      .select('name')
      .where('isCurrent', '=', 1)
      .executeTakeFirstOrThrow();
    return `${current.name} is the current program year: the finder and the partner directory show it.\n`;
  }

  it('partners:import creates partners and their year, then finds nothing to change in the same file', async () => {
    const partners = file(
      'partners.csv',
      [
        'name,contact_name,contact_email,program_year',
        'Cascade CS Alliance,Ana Ruiz,ana@example.org,2080-81',
        '"Puget Sound Educators, Inc.",Sam Lee,sam@example.org,2080-81',
      ].join('\r\n'),
    );
    const first = await cli('partners:import', partners);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      `Imported 2 partners: 2 created, 0 updated, 0 unchanged. Created program year 2080-81.\n${await currentYearLine()}`,
    );
    expect(first.status).toBe(0);
    expect(await namesIn('2080-81')).toEqual([
      'Cascade CS Alliance <ana@example.org>',
      'Puget Sound Educators, Inc. <sam@example.org>',
    ]);

    const again = await cli('partners:import', partners);
    expect(again.stdout).toBe(
      `Imported 2 partners: 0 created, 0 updated, 2 unchanged.\n${await currentYearLine()}`,
    );
    expect(again.status).toBe(0);
  });

  it('regions:import assigns regions, and a re-import leaves them unchanged', async () => {
    await importPartners({
      deps: test.deps,
      actor: OPERATOR,
      input: {
        csv: 'name,contact_name,contact_email,program_year\nNorth Org,N,n@example.org,2081-82\nSouth Org,S,s@example.org,2081-82\n',
      },
    });
    const regions = file(
      'regions.csv',
      'partner,program_year,region\nNorth Org,2081-82,WA\nSouth Org,2081-82,WA:King\nSouth Org,2081-82,98101\n',
    );
    const first = await cli('regions:import', regions);
    expect(first.stdout).toBe(
      `Imported 3 region assignments: 3 created, 0 unchanged.\n${await currentYearLine()}`,
    );
    expect(first.status).toBe(0);
    expect(await unitsIn('2081-82')).toEqual(['98101', 'WA', 'WA:King']);

    const again = await cli('regions:import', regions);
    expect(again.stdout).toBe(
      `Imported 3 region assignments: 0 created, 3 unchanged.\n${await currentYearLine()}`,
    );
    expect(again.status).toBe(0);
  });

  it('prints every bad line of a file, writes none of it and exits 1', async () => {
    const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
    const partners = csv(
      'name,contact_name,contact_email,program_year',
      'Holder Org,H,h@example.org,2083-84',
      'Other Org,O,o@example.org,2083-84',
    );
    await importPartners({ deps: test.deps, actor: OPERATOR, input: { csv: partners } });
    const holder = csv('partner,program_year,region', 'Holder Org,2083-84,WA');
    await importRegions({ deps: test.deps, actor: OPERATOR, input: { csv: holder } });
    const bad = file(
      'bad-regions.csv',
      csv(
        'partner,program_year,region',
        'Other Org,2083-84,OR',
        'X,2083-84,ID',
        'Other Org,2083-84,WA',
        'Other Org,2083-84,Atlantis',
      ),
    );
    const result = await cli('regions:import', bad);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'line 3: unknown partner "X" in 2083-84.',
      'line 4: Washington is already assigned to Holder Org for 2083-84.',
      'line 5: region: "Atlantis" is not a region: write a state (WA), a county (WA:King) or a ZIP code (98101).',
      'Nothing was imported: the file has 3 problems.',
      '',
    ]);
    expect(result.status).toBe(1);
    expect(await unitsIn('2083-84')).toEqual(['WA']);

    const header = await cli('partners:import', file('bad-header.csv', 'name,email\nA,a@example.org\n'));
    expect(header.stderr).toContain(
      'line 1: the header must be "name,contact_name,contact_email,program_year" (missing contact_name, contact_email, program_year; unexpected "email").',
    );
    expect(header.status).toBe(1);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const partners = file(
      'dry.csv',
      'name,contact_name,contact_email,program_year\nDry Org,D,d@example.org,2082-83\n',
    );
    const result = await cli('partners:import', partners, '--dry-run');
    const [summary, currentYear] = result.stdout.split('\n');
    expect(summary).toBe(
      'Would import 1 partner: 1 created, 0 updated, 0 unchanged. Would create program year 2082-83. Nothing was written (dry run).',
    );
    // Which year is current depends on what this file's other tests created first; it is said either way.
    expect(currentYear).toMatch(/current/);
    expect(result.status).toBe(0);
    expect(await namesIn('2082-83')).toEqual([]);
  });

  it('explains a missing or non-UTF-8 file and exits 1', async () => {
    const missing = await cli('partners:import', join(dir, 'nope.csv'));
    expect(missing.stderr).toBe(`Cannot read ${join(dir, 'nope.csv')}: there is no such file.\n`);
    expect(missing.status).toBe(1);

    const latin1 = await cli('partners:import', file('latin1.csv', Buffer.from('name\nJos\xe9\n', 'latin1')));
    expect(latin1.stderr).toContain('is not UTF-8 text: save it as "CSV UTF-8" and import it again.');
    expect(latin1.status).toBe(1);
  });

  it('explains a usage error and exits 2', async () => {
    const noFile = await cli('regions:import');
    expect(noFile.stderr).toContain('regions:import needs one file');
    expect(noFile.status).toBe(2);

    const badOption = await cli('regions:import', join(dir, 'regions.csv'), '--dryrun');
    expect(badOption.stderr).toContain("Unknown option '--dryrun'");
    expect(badOption.status).toBe(2);
  });
});

describe('years:current', () => {
  async function currentYears() {
    const rows = await test.deps.db.kysely
      .selectFrom('programYears')
      .select('name')
      .where('isCurrent', '=', 1)
      .execute();
    return rows.map((row) => row.name);
  }

  it('makes a year current, and says so', async () => {
    await importPartners({
      deps: test.deps,
      actor: OPERATOR,
      input: { csv: 'name,contact_name,contact_email,program_year\nLater Org,L,l@example.org,2090-91\n' },
    });
    const result = await cli('years:current', '2090-91');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      '2090-91 is now the current program year: the finder and the partner directory show it.\n',
    );
    expect(result.status).toBe(0);
    expect(await currentYears()).toEqual(['2090-91']);
  });

  it('refuses an unknown or malformed year, or none, and changes nothing', async () => {
    const before = await currentYears();
    const unknown = await cli('years:current', '2095-96');
    expect(unknown.stderr).toBe('There is no program year 2095-96.\n');
    expect(unknown.status).toBe(1);
    const malformed = await cli('years:current', '2095');
    expect(malformed.stderr).toContain('Write the program year like 2027-28.');
    expect(malformed.status).toBe(1);
    const none = await cli('years:current');
    expect(none.stderr).toContain('years:current needs one program year');
    expect(none.status).toBe(2);
    expect(await currentYears()).toEqual(before);
  });
});

describe('the cli entry point', { timeout: 90_000 }, () => {
  // The one real process here, started through tsx (seconds on a busy two-core machine): main.ts reads the
  // environment, prints through the real streams and exits with the command's status.
  it('runs a command as an operator does', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
      // Vitest puts Vite's BASE_URL ("/") into the environment; an operator's shell has none.
      env: { ...process.env, BASE_URL: '', ...settings() },
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('The database is up to date.\n');
    expect(result.status).toBe(0);
  });
});
