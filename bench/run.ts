// `npm run bench [-- --quick]`: builds the portal, serves the FAQ from a fresh SQLite database in production
// mode, and compares GET /faq and GET /api/v1/faq with a bare node:http server sending the same bytes.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, constants, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, type Settings } from './measure.js';
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
const PATHS = ['/faq', '/api/v1/faq'];

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
function portalEnv(directory: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    DATABASE_URL: `file:${join(directory, 'portal.db')}`,
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
  };
}

async function startPortal(directory: string): Promise<Server> {
  const port = await freePort();
  const env = portalEnv(directory, port);
  const imported = runOrThrow(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'faq:import', join(ROOT, 'content/faq-seed.md')],
    { cwd: directory, env },
  );
  // The import also prints each repair it made to the seed; only its summary matters here.
  progress(imported.trim().split('\n').at(-1) ?? '');
  const portal = spawnServer('portal', [join(ROOT, 'dist/main.js')], { cwd: directory, env, port });
  cleanups.push(() => stop(portal));
  await waitUntilReady(portal, '/readyz');
  return portal;
}

async function startBareServer(directory: string, captured: Map<string, Captured>): Promise<Server> {
  const responsesFile = join(directory, 'responses.json');
  const responses = [...captured].map(([path, { contentType, body }]) => [
    path,
    { contentType, bodyBase64: body.toString('base64') },
  ]);
  writeFileSync(responsesFile, JSON.stringify(Object.fromEntries(responses)));
  const port = await freePort();
  const env = { PATH: process.env.PATH };
  const args = ['--import', TSX_LOADER, BARE_SERVER, responsesFile, String(port)];
  const bare = spawnServer('bare', args, { cwd: directory, env, port });
  cleanups.push(() => stop(bare));
  await waitUntilReady(bare, PATHS[0] ?? '/');
  // The comparison is only fair if the baseline sends exactly what the portal sent.
  for (const [path, expected] of captured) {
    const got = await capture(`${bare.origin}${path}`);
    if (got.contentType !== expected.contentType || !got.body.equals(expected.body)) {
      throw new Error(`the bare server's ${path} differs from the portal's`);
    }
  }
  return bare;
}

/**
 * For each path: an uncounted warm-up of each server (JIT, caches), then rounds in alternating order
 * (bare, portal, portal, bare, …) so that drift over time (heat, other load) affects both servers alike.
 */
async function measureAll(bare: Server, portal: Server, settings: Settings): Promise<LabelledRun[]> {
  const runs: LabelledRun[] = [];
  for (const path of PATHS) {
    for (const server of [bare, portal]) {
      progress(`warming up ${server.name} ${path} (${settings.warmUpSeconds} s)`);
      const run = await measure(server, path, settings.warmUpSeconds, settings);
      runs.push({ ...run, label: 'warm-up', counted: false });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      for (const server of round % 2 === 1 ? [bare, portal] : [portal, bare]) {
        progress(`measuring ${server.name} ${path} (${settings.seconds} s)`);
        const run = await measure(server, path, settings.seconds, settings);
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
  const portal = await startPortal(directory);
  const captured = new Map<string, Captured>();
  for (const path of PATHS) captured.set(path, await capture(`${portal.origin}${path}`));
  const bare = await startBareServer(directory, captured);

  const runs = await measureAll(bare, portal, settings);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  printReport({
    settings,
    environment: `Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs (${cpu})`,
    captured,
    runs,
  });
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
