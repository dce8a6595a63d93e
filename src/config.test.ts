import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const valid = { AUTH_SECRET: 'x'.repeat(32), DATABASE_URL: 'file:/tmp/portal-config-test.db' };

describe('configuration', () => {
  it('has working defaults for the embedded portal', () => {
    const config = loadConfig({ AUTH_SECRET: valid.AUTH_SECRET });
    expect(config).toMatchObject({
      port: 3000,
      baseUrl: 'http://localhost:3000',
      databaseUrl: 'file:./data/portal.db',
      smtpUrl: undefined,
      env: 'development',
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid setting PORT: /],
    [{ PORT: '70000' }, /^Invalid setting PORT: /],
    [
      { DATABASE_URL: 'mysql://x' },
      /^Invalid setting DATABASE_URL: must be file:PATH \(SQLite\) or postgres:\/\/… \(PostgreSQL\)$/,
    ],
    [{ BASE_URL: 'not a url' }, /^Invalid setting BASE_URL: must be an http or https URL$/],
    [{ SMTP_URL: 'http://mail' }, /^Invalid setting SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL$/],
    [
      { PROGRAM_CONTACT_EMAIL: 'nobody' },
      /^Invalid setting PROGRAM_CONTACT_EMAIL: must be an email address$/,
    ],
    [{ AUTH_SECRET: 'short' }, /^Invalid setting AUTH_SECRET: must be at least 32 characters$/],
    [
      { NODE_ENV: 'production', AUTH_SECRET: undefined },
      /^Invalid setting AUTH_SECRET: is required when NODE_ENV=production/,
    ],
  ])('names the bad setting in one line: %o', (override, message) => {
    const attempt = () => loadConfig({ ...valid, ...override });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  // The real entry point in a process of its own: `tsx` compiles the app's imports first, which takes seconds on a
  // busy machine. An async child keeps the worker responsive meanwhile; the timeouts leave it room.
  it('stops the process with that one line', { timeout: 90_000 }, async () => {
    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts'],
        {
          env: { ...process.env, ...valid, BASE_URL: '', NODE_ENV: 'development', PORT: 'not-a-port' },
          encoding: 'utf8',
          timeout: 80_000,
        },
        (_error, _stdout, stderr) => {
          resolve({ status: child.exitCode, stderr });
        },
      );
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['Invalid setting PORT: This should be a number.']);
  });
});
