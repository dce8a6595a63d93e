import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface Server {
  name: 'bare' | 'portal';
  origin: string;
  child: ChildProcess;
}

export interface Captured {
  contentType: string;
  body: Buffer;
}

/** Asks the OS for a port nobody listens on; a server is started on it right after. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

/**
 * Starts `node ARGS` listening on 127.0.0.1:PORT. Its stdout, where the portal's access log goes, is discarded
 * by the OS: draining it in this process would take CPU from the load generator.
 */
export function spawnServer(
  name: Server['name'],
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; port: number },
): Server {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name, origin: `http://127.0.0.1:${options.port}`, child };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function waitUntilReady(server: Server, path: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited(server.child)) throw new Error(`the ${server.name} server exited before it was ready`);
    const status = await fetch(`${server.origin}${path}`).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0, // not listening yet
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ${server.name} server did not answer 200 at ${path} within 20 s`);
}

export async function stop(server: Server): Promise<void> {
  if (exited(server.child)) return;
  const exit = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exit;
  clearTimeout(timer);
}

/** What autocannon will get: it asks for no content-encoding, so the portal answers it uncompressed. */
export async function capture(url: string): Promise<Captured> {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return { contentType: response.headers.get('content-type') ?? '', body };
}
