import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { FAQ_SEED_PATH } from '../seed/demo.js';

let test: TestPortal;
beforeAll(async () => {
  test = await startTestPortal();
});
afterAll(async () => {
  await test.close();
});

/** Runs `npm run cli -- …` as an operator would (through tsx), against the test database. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    // Vitest puts Vite's BASE_URL ("/") into the environment; an operator's shell has none.
    env: {
      ...process.env,
      BASE_URL: '',
      DATABASE_URL: test.portal.deps.config.databaseUrl,
      AUTH_SECRET: 'c'.repeat(32),
      NODE_ENV: 'development',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('operator commands', () => {
  it('staff:create makes an account that signs in with the staff role', async () => {
    const result = cli(
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

    const again = cli('staff:create', '--email', 'admin@example.org', '--password', 'another password here');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already had an account');
  });

  it('staff:create refuses bad input with a message and writes nothing', async () => {
    const result = cli('staff:create', '--email', 'not-an-email', '--password', 'short');
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
    const result = cli('faq:import', fileURLToPath(FAQ_SEED_PATH));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'repair: repaired mis-decoded text in question "pm": "FTEâ€™s" → "FTE’s"',
    );
    expect(result.stdout).toContain('Imported 9 questions in 2 sections, with 7 repairs.');
    const faq = (await (await fetch(`${test.url}/api/v1/faq`)).json()) as { sections: unknown[] };
    expect(faq.sections).toHaveLength(2);
  });

  it('faq:import refuses a file it cannot read as an FAQ', () => {
    const result = cli('faq:import', fileURLToPath(new URL('../../package.json', import.meta.url)));
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('    at ');
  });

  it('explains an unknown command', () => {
    const result = cli('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command "frobnicate".');
    expect(result.stderr).toContain('staff:create');
  });
});
