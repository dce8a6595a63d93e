// `npx tsx bench/schools-import.ts [--rows 100000] [--database postgres://…/db]`: writes an NCES-shaped school
// directory file of that many rows, imports it into a fresh SQLite database (or the given, migrated-here
// PostgreSQL one) with `schools:import` as an operator runs it, then imports it again (every row unchanged),
// and prints both times. The issue asks for ~100,000 schools in under a minute.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli/cli.js';
import { ccdSchool, ccdSchoolFile } from '../src/modules/schools/schools.fixture.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, database: { type: 'string' } },
});
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'schools-bench-'));
const file = join(dir, 'ccd_sch.csv');
writeFileSync(file, ccdSchoolFile(Array.from({ length: rows }, (_, index) => ccdSchool(index))));
const env = {
  DATABASE_URL: values.database ?? `file:${join(dir, 'portal.db')}`,
  AUTH_SECRET: 'b'.repeat(32),
  NODE_ENV: 'development',
};
const io = {
  env,
  stdout: (line: string) => {
    console.log(line);
  },
  stderr: (line: string) => {
    console.error(line);
  },
};

try {
  if ((await runCli(['migrate'], io)) !== 0) throw new Error('migrate failed');
  for (const pass of ['first import', 're-import']) {
    const started = performance.now();
    const status = await runCli(['schools:import', file], io);
    const seconds = (performance.now() - started) / 1000;
    if (status !== 0) throw new Error(`${pass} failed`);
    console.log(`${pass}: ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
