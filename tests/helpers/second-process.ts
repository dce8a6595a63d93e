import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, type TestPortal } from './portal.js';

export interface SecondProcess {
  /** http://127.0.0.1:PORT of the second app process. */
  url: string;
  close(): Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash or a power cut would: nothing gets to finish. */
  crash(): Promise<void>;
}

/**
 * Another app process (`src/main.ts`, a process of its own) on the test portal's database, with the same secret
 * and public address, as a second instance behind a load balancer would be: what must hold across processes
 * (locks, limits) is tested against both at once.
 */
export async function startSecondProcess(
  test: TestPortal,
  /** Settings the second process needs beside the test portal's own (its limits, a shorter REMINDER_POLL_MS). */
  env: Record<string, string> = {},
): Promise<SecondProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: test.url,
      DATABASE_URL: test.deps.config.databaseUrl,
      AUTH_SECRET: test.deps.config.authSecret,
      LOG_LEVEL: 'silent',
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, child, () => stderr);
  return { url, close: () => stop(child), crash: () => stop(child, 'SIGKILL') };
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the second process exited: ${stderr()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the second process did not become ready: ${stderr()}`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill(signal);
  });
}
