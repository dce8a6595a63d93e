import type { Run, Settings, Target } from './measure.js';
import type { Captured } from './servers.js';
/** CPU (% of one core) that other processes may use during a counted run before the numbers are suspect. */
const OTHER_CPU_LIMIT = 25;

/** A run in the order it was made; warm-ups are shown but not counted. */
export type LabelledRun = Run & { label: string; counted: boolean };

export interface Report {
  settings: Settings;
  environment: string;
  /** What each target's sample request got from the portal, which the bare server sends too. */
  captured: Map<Target, Captured>;
  lookupNotes: string[];
  runs: LabelledRun[];
}

/** Lines up columns: the first `textColumns` left-aligned, the numbers after them right-aligned. */
function table(header: string[], rows: string[][], textColumns: number): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column < textColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Breaks text between words into lines of at most `width` characters. */
function wrap(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const percent = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)}%`);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const mean = (values: number[]) => sum(values) / values.length;

function runsTable(runs: LabelledRun[]): string {
  const header = ['path', 'server', 'run', 'req/s', 'p99 ms', 'non-2xx', 'errors'];
  const cpuHeader = ['server µs/req', 'server CPU', 'client CPU', 'other CPU'];
  const rows = runs.map((run) => [
    run.path,
    run.server,
    run.label,
    integer(run.reqPerSec),
    integer(run.p99Ms),
    integer(run.non2xx),
    integer(run.errors),
    run.serverCpuMicrosPerRequest === undefined ? '–' : integer(run.serverCpuMicrosPerRequest),
    percent(run.serverCpuPercent),
    percent(run.clientCpuPercent),
    percent(run.otherCpuPercent),
  ]);
  return table([...header, ...cpuHeader], rows, 3);
}

function summaryTable(targets: Target[], runs: LabelledRun[]): string {
  const header = ['path', 'bare req/s', 'portal req/s', 'portal/bare', 'target'];
  const moreHeader = ['bare p99 ms', 'portal p99 ms', 'bare µs/req', 'portal µs/req', 'non-2xx', 'errors'];
  const rows = targets.map(({ name: path, minRatio: target }) => {
    const counted = (server: Run['server']) =>
      runs.filter((run) => run.counted && run.path === path && run.server === server);
    const average = (server: Run['server'], value: (run: Run) => number | undefined) => {
      const values = counted(server).map(value);
      return values.every((value): value is number => value !== undefined) ? integer(mean(values)) : '–';
    };
    const bare = mean(counted('bare').map((run) => run.reqPerSec));
    const portal = mean(counted('portal').map((run) => run.reqPerSec));
    const ratio = portal / bare;
    const all = runs.filter((run) => run.path === path);
    return [
      path,
      integer(bare),
      integer(portal),
      `${ratio.toFixed(2)}×`,
      target === undefined ? '(none)' : `≥ ${target.toFixed(2)}× ${ratio >= target ? 'met' : 'MISSED'}`,
      average('bare', (run) => run.p99Ms),
      average('portal', (run) => run.p99Ms),
      average('bare', (run) => run.serverCpuMicrosPerRequest),
      average('portal', (run) => run.serverCpuMicrosPerRequest),
      integer(sum(all.map((run) => run.non2xx))),
      integer(sum(all.map((run) => run.errors))),
    ];
  });
  return table([...header, ...moreHeader], rows, 1);
}

function warnings(runs: LabelledRun[]): string[] {
  const failures = sum(runs.map((run) => run.non2xx + run.errors));
  const busiest = Math.max(...runs.filter((run) => run.counted).map((run) => run.otherCpuPercent ?? 0));
  return [
    ...(failures > 0 ? [`WARNING: ${integer(failures)} responses were not 2xx or failed.`] : []),
    ...(busiest > OTHER_CPU_LIMIT
      ? [`WARNING: other processes used up to ${percent(busiest)} of a core during a counted run.`]
      : []),
  ];
}

export function printReport({ settings, environment, captured, lookupNotes, runs }: Report): void {
  const order = settings.rounds > 1 ? 'alternating bare, portal, portal, bare, …' : 'bare, then portal';
  const responses = [...captured].map(([{ sample }, { body, contentType }]) => [
    sample,
    contentType,
    integer(body.length),
  ]);
  console.log(
    [
      '',
      `Regional Partner Portal benchmark, ${new Date().toISOString()}`,
      environment,
      `autocannon (in the harness process): ${settings.connections} connections, pipelining ${settings.pipelining}, ` +
        `${settings.seconds} s per run, ${settings.rounds} counted run(s) per server and path`,
      `(${order}), after an uncounted ${settings.warmUpSeconds} s warm-up of each server on each path.`,
      '',
      'Responses (captured from the portal; the bare node:http server sends the same bytes and content-type):',
      table(['path', 'content-type', 'bytes'], responses, 2),
      '',
      ...wrap(
        [
          'Lookup (/api/v1/regions/lookup?zip=(random)):',
          ...lookupNotes,
          'The bare server sends the answer above (a partner matched by ZIP) to any lookup.',
        ].join(' '),
      ),
      '',
      'Runs',
      runsTable(runs),
      '',
      'Summary (mean of the counted runs; non-2xx and errors summed over all runs, warm-ups included)',
      summaryTable([...captured.keys()], runs),
      ...warnings(runs).flatMap((warning) => ['', warning]),
      '',
      'Notes',
      "- Load generator and server share this machine's cores. CPU is a share of one core: a server near 100%",
      '  was saturated; a client near 100% set the pace itself, which caps the faster (bare) server most and so',
      '  flatters the ratio. "other CPU" is what the rest of the machine used meanwhile: anything but a few %',
      '  disturbs the numbers. Compare ratios only between runs on the same, otherwise idle machine.',
      '- "µs/req" is the server\'s CPU time (all its threads, kernel included) per completed request: the',
      '  sturdier figure when the client or other processes limit req/s.',
      '- The bare server only writes the bytes; the portal adds its framework work per request, its security',
      '  headers and its JSON access-log line (LOG_LEVEL=info, written to /dev/null here).',
      '- autocannon sends no Accept-Encoding, so every response here is uncompressed. Browsers ask for br/gzip:',
      '  the portal then sends the cached FAQ bodies as bytes compressed once and stored (src/platform/',
      "  cached-body.ts), and compresses other responses of 1 KB or more per request (the lookup's JSON is",
      '  smaller and always goes uncompressed); none of that is measured here.',
      `- With ${settings.connections} connections always busy, p99 mostly measures queueing (about connections ÷ req/s).`,
    ].join('\n'),
  );
}
