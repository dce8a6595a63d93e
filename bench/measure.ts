import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { Server } from './servers.js';

export interface Settings {
  seconds: number;
  warmUpSeconds: number;
  /** Measured runs per server and path. */
  rounds: number;
  connections: number;
  pipelining: number;
}

/** What one row of the report measures. */
export interface Target {
  /** The row's name in the report. */
  name: string;
  /** The request whose response is captured from the portal; the bare server sends it for any query. */
  sample: string;
  /** When given, each request asks for the next of these paths, cycling (instead of `sample` every time). */
  paths?: readonly string[];
  /** Minimum portal/bare req/s ratio; without one the row is measured for information. */
  minRatio?: number;
}

export interface Run {
  /** The target's name. */
  path: string;
  server: Server['name'];
  reqPerSec: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Shares of one core used during the run (server, this process, everything else); undefined without /proc. */
  serverCpuPercent: number | undefined;
  clientCpuPercent: number;
  otherCpuPercent: number | undefined;
  /** The server's CPU time per completed request: unlike req/s, barely moved by a busy client or machine. */
  serverCpuMicrosPerRequest: number | undefined;
}

/** Linux reports CPU time in /proc in clock ticks, 100 per second on every common kernel configuration. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) used so far by a process, or undefined where /proc is not available. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  try {
    // The fields after "(command)": utime and stime are the 12th and 13th (fields 14 and 15 of the line).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU time used so far by the whole machine (all but idle and iowait), or undefined without /proc. */
function machineCpuSeconds(): number | undefined {
  try {
    // "cpu  user nice system idle iowait irq softirq steal …", summed over all cores.
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((sum, value) => sum + value, 0) - idle) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function difference(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

/** autocannon's per-request hook, setting each request's path to the next of `paths`: as cheap as it gets. */
function cycle(paths: readonly string[]): (request: autocannon.Request) => autocannon.Request {
  let next = 0;
  return (request) => {
    request.path = paths[next];
    next = (next + 1) % paths.length;
    return request;
  };
}

/**
 * One autocannon run, with the CPU each side used and what other processes used meanwhile: on a small machine
 * the load generator (this process) and the server compete for cores, a saturated client caps what the faster
 * server can show, and any other load (a build, a test run) disturbs both.
 */
export async function measure(
  server: Server,
  target: Target,
  seconds: number,
  settings: Settings,
): Promise<Run> {
  const started = performance.now();
  const serverCpuBefore = processCpuSeconds(server.child.pid);
  const clientCpuBefore = process.cpuUsage();
  const machineCpuBefore = machineCpuSeconds();
  const result = await autocannon({
    url: `${server.origin}${target.sample}`,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: seconds,
    ...(target.paths && { requests: [{ setupRequest: cycle(target.paths) }] }),
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const serverCpu = difference(serverCpuBefore, processCpuSeconds(server.child.pid));
  const clientUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
  const machineCpu = difference(machineCpuBefore, machineCpuSeconds());
  const percentOfCore = (cpuSeconds: number) => (100 * cpuSeconds) / wallSeconds;
  return {
    path: target.name,
    server: server.name,
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    serverCpuPercent: serverCpu === undefined ? undefined : percentOfCore(serverCpu),
    serverCpuMicrosPerRequest:
      serverCpu === undefined ? undefined : (1e6 * serverCpu) / result.requests.total,
    clientCpuPercent: percentOfCore(clientCpu),
    otherCpuPercent:
      machineCpu === undefined || serverCpu === undefined
        ? undefined
        : percentOfCore(Math.max(0, machineCpu - serverCpu - clientCpu)),
  };
}
