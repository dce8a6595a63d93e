// `npm run bench [-- --quick]`: builds the portal, serves it from a fresh SQLite database in production mode
// (the FAQ, 100 partners, 5,000 region assignments), and compares GET /faq, GET /api/v1/faq and the region
// lookup of random ZIP codes with a bare node:http server sending the same bytes. Then the enrollment burst
// (bench/burst.ts): on SQLite with one app process, and on a fresh PostgreSQL database with two.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, constants, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  burstReport,
  postgresQueue,
  prepareBurstWorkshops,
  rawPostgresWritesPerSecond,
  rawSqliteWritesPerSecond,
  runBurst,
  sqliteQueue,
  type BurstResult,
} from './burst.js';
import { PROGRAM_YEAR, surveyLookups, writeLookupData, type LookupData } from './lookup-data.js';
import { measure, type Settings, type Target } from './measure.js';
import { printReport, type LabelledRun } from './report.js';
import {
  capture,
  freePort,
  spawnServer,
  stop,
  waitUntilReady,
  type Captured,
  type Server,
} from './servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BARE_SERVER = fileURLToPath(new URL('bare-server.ts', import.meta.url));
/** tsx's loader by location: the servers run in a temporary directory, where the bare name would not resolve. */
const TSX_LOADER = import.meta.resolve('tsx');
const FAQ_TARGETS: Target[] = [
  { name: '/faq', sample: '/faq', minRatio: 0.8 },
  { name: '/api/v1/faq', sample: '/api/v1/faq' },
];

/** Undo steps, run last-in first-out whether the benchmark succeeds, fails or is interrupted. */
const cleanups: (() => void | Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup step failed:', error);
    }
  }
}

function parseSettings(): Settings {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const common = { connections: 50, pipelining: 1 };
  return values.quick
    ? { ...common, seconds: 3, warmUpSeconds: 1, rounds: 1 }
    : { ...common, seconds: 10, warmUpSeconds: 2, rounds: 2 };
}

function progress(message: string): void {
  // Progress goes to stderr so that `npm run bench > report.txt` keeps only the report.
  process.stderr.write(`${message}\n`);
}

function runOrThrow(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): string {
  const result = spawnSync(command, args, {
    ...options,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout);
    throw new Error(`${command} ${args.join(' ')} failed (status ${result.status ?? result.signal})`);
  }
  return result.stdout;
}

/**
 * Only what the portal needs, not the caller's whole environment: a developer's SMTP_URL or NODE_OPTIONS must
 * not change what is measured. (The portal runs in the temporary directory, so no .env file applies either.)
 */
function portalEnv(
  directory: string,
  port: number,
  databaseUrl = `file:${join(directory, 'portal.db')}`,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    DATABASE_URL: databaseUrl,
    // The burst is a thousand people behind one address: the per-address limit would refuse most of them.
    ENROLLMENT_RATE_LIMIT: '1000000',
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
  };
}

async function startPortal(directory: string, lookup: LookupData): Promise<Server> {
  const port = await freePort();
  const env = portalEnv(directory, port);
  const cli = (...args: string[]) =>
    runOrThrow(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: directory, env });
  // Each import prints its summary last (the FAQ's also prints each repair it made to the seed before it).
  for (const args of [
    ['faq:import', join(ROOT, 'content/faq-seed.md')],
    ['partners:import', lookup.partnersFile],
    ['regions:import', lookup.regionsFile],
  ]) {
    const lines = cli(...args)
      .trim()
      .split('\n');
    progress(lines.at(-1) ?? '');
  }
  // No CLI command marks a year current (staff do it in the portal): it is written to the database directly.
  const db = new Database(join(directory, 'portal.db'));
  try {
    db.prepare('update program_years set is_current = 1 where name = ?').run(PROGRAM_YEAR);
  } finally {
    db.close();
  }
  const portal = spawnServer('portal', [join(ROOT, 'dist/main.js')], { cwd: directory, env, port });
  cleanups.push(() => stop(portal));
  await waitUntilReady(portal, '/readyz');
  return portal;
}

/** App processes of the built portal on an existing database (the burst's), each on its own port. */
async function startPortalProcesses(
  directory: string,
  databaseUrl: string,
  count: number,
): Promise<Server[]> {
  const servers: Server[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    const server = spawnServer('portal', [join(ROOT, 'dist/main.js')], {
      cwd: directory,
      env: portalEnv(directory, port, databaseUrl),
      port,
    });
    cleanups.push(() => stop(server));
    await waitUntilReady(server, '/readyz');
    servers.push(server);
  }
  return servers;
}

/**
 * Drops the burst's database once the connections closed by this process and the stopped portals are gone on the
 * server's side too (a backend ends a moment after its client): forcing the drop earlier would send a client that
 * is still closing an error it has no listener for.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
      name,
    ]);
    if ((rows[0] as { n: number }).n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}

/** The enrollment burst on SQLite (one process, the embedded deployment) and on PostgreSQL (two processes). */
async function measureBursts(directory: string): Promise<string> {
  const results: BurstResult[] = [];
  const sqlitePath = join(directory, 'burst.db');
  progress('burst on SQLite: demo data and a 25-seat workshop');
  const sqliteWorkshops = await prepareBurstWorkshops(`file:${sqlitePath}`);
  const [sqlitePortal] = await startPortalProcesses(directory, `file:${sqlitePath}`, 1);
  if (!sqlitePortal) throw new Error('the SQLite portal did not start');
  progress('burst on SQLite: 1,000 sign-ups');
  results.push(
    await runBurst(
      'SQLite',
      [sqlitePortal],
      sqliteWorkshops,
      sqliteQueue(sqlitePath, sqliteWorkshops.workshopId),
    ),
  );
  await stop(sqlitePortal);
  const sqliteRaw = rawSqliteWritesPerSecond(directory);

  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `portal_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    progress(`no PostgreSQL at ${adminUrl} (${String(error)}): the burst runs on SQLite only`);
    return burstReport(results, { sqlite: sqliteRaw });
  }
  await admin.query(`create database ${name}`);
  cleanups.push(async () => {
    await dropWhenIdle(admin, name);
    await admin.end();
  });
  const postgresUrl = new URL(adminUrl);
  postgresUrl.pathname = `/${name}`;
  progress('burst on PostgreSQL: demo data and a 25-seat workshop');
  const postgresWorkshops = await prepareBurstWorkshops(postgresUrl.href);
  const postgresPortals = await startPortalProcesses(directory, postgresUrl.href, 2);
  progress('burst on PostgreSQL: 1,000 sign-ups over two app processes');
  results.push(
    await runBurst(
      'PostgreSQL',
      postgresPortals,
      postgresWorkshops,
      postgresQueue(postgresUrl.href, postgresWorkshops.workshopId),
    ),
  );
  for (const server of postgresPortals) await stop(server);
  const postgresRaw = await rawPostgresWritesPerSecond(postgresUrl.href);
  return burstReport(results, { sqlite: sqliteRaw, postgres: postgresRaw });
}

async function startBareServer(directory: string, captured: Map<Target, Captured>): Promise<Server> {
  const responsesFile = join(directory, 'responses.json');
  const responses = [...captured].map(([{ sample }, { contentType, body }]) => [
    sample.split('?')[0],
    { contentType, bodyBase64: body.toString('base64') },
  ]);
  writeFileSync(responsesFile, JSON.stringify(Object.fromEntries(responses)));
  const port = await freePort();
  const env = { PATH: process.env.PATH };
  const args = ['--import', TSX_LOADER, BARE_SERVER, responsesFile, String(port)];
  const bare = spawnServer('bare', args, { cwd: directory, env, port });
  cleanups.push(() => stop(bare));
  await waitUntilReady(bare, FAQ_TARGETS[0]?.sample ?? '/');
  // The comparison is only fair if the baseline sends exactly what the portal sent.
  for (const [{ sample }, expected] of captured) {
    const got = await capture(`${bare.origin}${sample}`);
    if (got.contentType !== expected.contentType || !got.body.equals(expected.body)) {
      throw new Error(`the bare server's ${sample} differs from the portal's`);
    }
  }
  return bare;
}

/**
 * For each target: an uncounted warm-up of each server (JIT, caches), then rounds in alternating order
 * (bare, portal, portal, bare, …) so that drift over time (heat, other load) affects both servers alike.
 */
async function measureAll(
  bare: Server,
  portal: Server,
  targets: Target[],
  settings: Settings,
): Promise<LabelledRun[]> {
  const runs: LabelledRun[] = [];
  for (const target of targets) {
    for (const server of [bare, portal]) {
      progress(`warming up ${server.name} ${target.name} (${settings.warmUpSeconds} s)`);
      const run = await measure(server, target, settings.warmUpSeconds, settings);
      runs.push({ ...run, label: 'warm-up', counted: false });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      for (const server of round % 2 === 1 ? [bare, portal] : [portal, bare]) {
        progress(`measuring ${server.name} ${target.name} (${settings.seconds} s)`);
        const run = await measure(server, target, settings.seconds, settings);
        runs.push({ ...run, label: String(round), counted: true });
      }
    }
  }
  return runs;
}

async function main(): Promise<void> {
  const settings = parseSettings();
  progress('npm run build');
  runOrThrow('npm', ['run', 'build', '--silent'], { cwd: ROOT });

  const directory = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  cleanups.push(() => {
    rmSync(directory, { recursive: true, force: true });
  });
  const lookup = writeLookupData(directory);
  const portal = await startPortal(directory, lookup);
  const targets: Target[] = [
    ...FAQ_TARGETS,
    {
      name: '/api/v1/regions/lookup?zip=(random)',
      sample: lookup.sample,
      paths: lookup.paths,
      minRatio: 0.7,
    },
  ];
  const captured = new Map<Target, Captured>();
  for (const target of targets) captured.set(target, await capture(`${portal.origin}${target.sample}`));
  const bare = await startBareServer(directory, captured);
  progress('asking the portal for 1,000 of the lookups');
  const survey = await surveyLookups(portal.origin, lookup.paths.slice(0, 1000));

  const runs = await measureAll(bare, portal, targets, settings);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  printReport({
    settings,
    environment: `Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs (${cpu})`,
    captured,
    lookupNotes: [lookup.description, survey],
    runs,
  });
  await stop(portal);
  await stop(bare);
  console.log(await measureBursts(directory));
}

// Interrupted (Ctrl-C): stop the servers and remove the database before leaving. The handler stays installed
// and ignores repeats, because tsx may relay the same signal again; a second default SIGINT would kill us mid-way.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void cleanUp().finally(() => process.exit(128 + constants.signals[signal]));
  });
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
