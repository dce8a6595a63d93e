import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores here and in CI: more workers only contend, and the browser tests need one each.
    maxWorkers: 2,
    // `server` runs on both databases (CI runs it again on PostgreSQL); `browser` exercises pages, not SQL,
    // so CI runs it once, on SQLite. `npm test` runs both; `--project server` or `--project browser` picks one.
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: [
            'src/**/*.test.{ts,tsx}',
            'tests/tooling/**/*.test.{ts,tsx}',
            'tests/access/**/*.test.{ts,tsx}',
          ],
          // Files share a worker's module cache: the app's modules (and their transforms) load once per worker
          // instead of once per file. Each file still starts its own portal on its own database.
          isolate: false,
        },
      },
      {
        extends: true,
        // The same sharing: each file still launches its own Chromium and starts its own portal.
        test: { name: 'browser', include: ['tests/e2e/**/*.test.{ts,tsx}'], isolate: false },
      },
    ],
  },
});
