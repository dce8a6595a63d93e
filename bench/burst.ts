import { randomBytes } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDeps } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { findAccount } from '../src/modules/accounts/accounts.service.js';
import { loadDemoData } from '../src/seed/demo.js';
import { enroll } from '../src/modules/workshops/workshops.enrollments.service.js';
import { createWorkshop, publishWorkshop } from '../src/modules/workshops/workshops.service.js';
import { processCpuSeconds } from './measure.js';
import type { Server } from './servers.js';

/*
 * The enrollment gate under a burst: 1,000 distinct people ask for a 25-seat workshop at the same moment. The
 * gate must seat exactly 25 and put 975 on the waitlist in the order it served them, with no error; its rate is
 * compared with what SQLite alone does with single-row write transactions on the same machine in the same run.
 */

export const BURST_REQUESTS = 1000;
export const BURST_SEATS = 25;
/** In flight at once: the server's listen backlog (511) would drop the rest of a 1,000-connection SYN flood. */
const SOCKETS = 250;

export interface BurstResult {
  label: string;
  processes: number;
  seconds: number;
  enrolled: number;
  waitlisted: number;
  errors: string[];
  /** Whether the waitlist positions answered are 1…975 in the order of the gate's queue numbers. */
  inQueueOrder: boolean;
  serverCpuSeconds: number | undefined;
  /** The same burst through the domain function in one process, without HTTP. */
  inProcessRate: number;
}

export interface BurstWorkshops {
  /** The workshop the HTTP burst fills. */
  workshopId: string;
  /** Sign-ups per second through the gate itself (the domain function in this process, no HTTP), as many at once. */
  inProcessRate: number;
}

/**
 * A database with the demo data and two published, open 25-seat workshops: one for the HTTP burst, one that the
 * same burst fills here through the domain function, which shows what the gate costs without HTTP around it.
 */
export async function prepareBurstWorkshops(databaseUrl: string): Promise<BurstWorkshops> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    BASE_URL: 'http://127.0.0.1',
  });
  const deps = await openDeps(config);
  try {
    await loadDemoData(deps, { minimal: false });
    const user = await findAccount(deps.db.kysely, 'staff@demo.test');
    const partner = await deps.db.kysely
      .selectFrom('partners')
      .select('id')
      .orderBy('name')
      .executeTakeFirst();
    if (!user || !partner) throw new Error('the demo data has no staff account or partner');
    const actor = { ...user, roles: ['staff' as const], partnerIds: [] };
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const publishedWorkshop = async (title: string) => {
      const workshop = await createWorkshop(deps, {
        actor,
        input: {
          partnerId: partner.id,
          kind: 'partner_own',
          title,
          topic: 'Benchmarking',
          description: 'A workshop the benchmark fills.',
          audience: ['teachers'],
          capacity: BURST_SEATS,
          location: { mode: 'virtual', url: 'https://example.org/meet' },
          visibility: 'public',
          sessions: [{ date: inAMonth, start: '09:00', end: '15:00' }],
        },
      });
      await publishWorkshop(deps, { actor, id: workshop.id });
      return workshop.id;
    };
    const workshopId = await publishedWorkshop('Burst benchmark workshop');
    const inProcessId = await publishedWorkshop('In-process burst benchmark workshop');
    const started = performance.now();
    await Promise.all(
      Array.from({ length: BURST_REQUESTS }, (_, index) =>
        enroll(deps, {
          actor: null,
          workshopId: inProcessId,
          input: {
            name: `Gate Teacher ${index + 1}`,
            email: `gate-${index + 1}@bench.test`,
            role: 'teacher',
          },
        }),
      ),
    );
    return { workshopId, inProcessRate: BURST_REQUESTS / ((performance.now() - started) / 1000) };
  } finally {
    await deps.changes.close();
    await deps.db.close();
  }
}

interface Answer {
  status: number;
  body: { id?: string; status?: string; waitlistPosition?: number; detail?: string };
}

function post(agent: Agent, origin: string, path: string, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    const request = httpRequest(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] });
          } catch {
            resolve({ status: response.statusCode ?? 0, body: { detail: text.slice(0, 200) } });
          }
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Sends the burst, spread over the given servers in turn (two app processes on PostgreSQL), and checks the
 * outcome against the database's queue: exactly the seats enrolled, everyone else waiting in queue order.
 */
export async function runBurst(
  label: string,
  servers: Server[],
  { workshopId, inProcessRate }: BurstWorkshops,
  queueOf: () => Promise<{ id: string; status: string }[]>,
): Promise<BurstResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.ceil(SOCKETS / servers.length) });
  const path = `/api/v1/workshops/${workshopId}/enrollments`;
  const cpuBefore = servers.map((server) => processCpuSeconds(server.child.pid));
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: BURST_REQUESTS }, (_, index) => {
      const server = servers[index % servers.length] as Server;
      return post(agent, server.origin, path, {
        name: `Burst Teacher ${index + 1}`,
        email: `burst-${index + 1}@bench.test`,
        role: 'teacher',
      }).catch((error: unknown): Answer => ({ status: 0, body: { detail: String(error) } }));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = servers.map((server) => processCpuSeconds(server.child.pid));
  agent.destroy();
  const serverCpu = cpuBefore.every((value, index) => value !== undefined && cpuAfter[index] !== undefined)
    ? cpuAfter.reduce<number>((total, after, index) => total + (after ?? 0) - (cpuBefore[index] ?? 0), 0)
    : undefined;

  const errors = answers
    .filter((answer) => answer.status !== 201)
    .map((answer) => `${answer.status} ${answer.body.detail ?? ''}`.trim());
  const queue = await queueOf();
  const positionOf = new Map(answers.map((answer) => [answer.body.id, answer.body.waitlistPosition]));
  const waiting = queue.filter((row) => row.status === 'waitlisted');
  const firstWaiting = queue.findIndex((row) => row.status === 'waitlisted');
  const inQueueOrder =
    waiting.every((row, index) => positionOf.get(row.id) === index + 1) &&
    (firstWaiting === -1 || queue.slice(firstWaiting).every((row) => row.status === 'waitlisted'));
  return {
    label,
    processes: servers.length,
    seconds,
    enrolled: queue.filter((row) => row.status === 'enrolled').length,
    waitlisted: waiting.length,
    errors,
    inQueueOrder,
    serverCpuSeconds: serverCpu,
    inProcessRate,
  };
}

/** A workshop's enrollments in the gate's queue order, read from the database the servers wrote. */
export function sqliteQueue(databasePath: string, workshopId: string) {
  return async () => {
    const db = new Database(databasePath, { readonly: true });
    try {
      return db
        .prepare('select id, status from enrollments where workshop_id = ? order by queue_number')
        .all(workshopId) as { id: string; status: string }[];
    } finally {
      db.close();
    }
  };
}

export function postgresQueue(databaseUrl: string, workshopId: string) {
  return async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const result = await client.query<{ id: string; status: string }>(
        'select id, status from enrollments where workshop_id = $1 order by queue_number',
        [workshopId],
      );
      return result.rows;
    } finally {
      await client.end();
    }
  };
}

/**
 * The baseline: single-row write transactions on SQLite with the portal's own settings (WAL, the default
 * synchronous=FULL, foreign keys), one after another for `seconds`, on a file beside the portal's.
 */
export function rawSqliteWritesPerSecond(directory: string, seconds = 2): number {
  const db = new Database(join(directory, 'raw-writes.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec('create table writes (id text primary key, name text not null, created_at text not null)');
    const insert = db.prepare('insert into writes (id, name, created_at) values (?, ?, ?)');
    const write = db.transaction((id: string) => insert.run(id, 'Burst Teacher', new Date().toISOString()));
    let count = 0;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) write(`w${count++}`);
    return count / seconds;
  } finally {
    db.close();
  }
}

/** The same baseline on PostgreSQL: single-row insert transactions from 10 connections (the portal's pool). */
export async function rawPostgresWritesPerSecond(databaseUrl: string, seconds = 2): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  try {
    await pool.query(
      'create table raw_writes (id text primary key, name text not null, created_at text not null)',
    );
    let count = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async (lane: number) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await pool.query('insert into raw_writes values ($1, $2, $3)', [
          `w${lane}-${n}`,
          'Burst Teacher',
          new Date().toISOString(),
        ]);
        count++;
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, lane) => worker(lane)));
    return count / seconds;
  } finally {
    await pool.end();
  }
}

export function burstReport(
  results: BurstResult[],
  baselines: { sqlite: number; postgres?: number },
): string {
  const integer = (value: number) => Math.round(value).toLocaleString('en-US');
  const lines = [
    '',
    `Enrollment burst: ${integer(BURST_REQUESTS)} simultaneous sign-ups (distinct people, up to ${SOCKETS} in flight)`,
    `for a ${BURST_SEATS}-seat workshop; expected ${BURST_SEATS} enrolled, ${BURST_REQUESTS - BURST_SEATS} waitlisted in queue order, 0 errors.`,
  ];
  for (const result of results) {
    const rate = BURST_REQUESTS / result.seconds;
    const baseline = result.label.startsWith('SQLite') ? baselines.sqlite : baselines.postgres;
    const exact =
      result.enrolled === BURST_SEATS &&
      result.waitlisted === BURST_REQUESTS - BURST_SEATS &&
      result.errors.length === 0 &&
      result.inQueueOrder;
    lines.push(
      `- ${result.label} (${result.processes} app process${result.processes > 1 ? 'es' : ''}): ` +
        `${result.seconds.toFixed(2)} s, ${integer(rate)} enrollments/s; ${result.enrolled} enrolled, ` +
        `${result.waitlisted} waitlisted, ${result.errors.length} errors, queue order ${result.inQueueOrder ? 'kept' : 'BROKEN'}` +
        ` — ${exact ? 'exact' : 'WRONG'}`,
    );
    if (result.serverCpuSeconds !== undefined) {
      lines.push(`  server CPU ${integer((1e6 * result.serverCpuSeconds) / BURST_REQUESTS)} µs per sign-up`);
    }
    if (baseline !== undefined) {
      const ratio = rate / baseline;
      lines.push(
        `  raw single-row write transactions in this run: ${integer(baseline)}/s; over HTTP gate/raw ${ratio.toFixed(3)}×` +
          (result.label.startsWith('SQLite') ? ` (goal ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'MISSED'})` : ''),
        `  the gate alone (the domain function in one process, 1,000 at once, no HTTP): ` +
          `${integer(result.inProcessRate)}/s, ${(result.inProcessRate / baseline).toFixed(3)}× raw`,
      );
    }
    for (const error of [...new Set(result.errors)].slice(0, 3)) lines.push(`  error: ${error}`);
  }
  return lines.join('\n');
}
