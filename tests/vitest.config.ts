import { defineConfig } from 'vitest/config'

/**
 * Three projects: `unit` (pure functions and the storage contract), `integration` (a real
 * server on port 0, real websockets, real SQLite, child processes) and `e2e` (real Chromium).
 * Timeouts bound every wait; nothing sleeps for a guessed time.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root: import.meta.dirname,
          include: ['unit/**/*.test.ts', 'contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          root: import.meta.dirname,
          include: ['integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The suites that run on the in-process server, again with Postgres as its storage.
        test: {
          name: 'integration-postgres',
          root: import.meta.dirname,
          include: [
            'integration/collab.test.ts',
            'integration/lazy-load.test.ts',
            'integration/hostile-input.test.ts',
            'integration/http.test.ts',
            'integration/auth.test.ts',
            'integration/authorization.test.ts',
            'integration/websocket-access.test.ts',
            'integration/trust.test.ts',
            'integration/trust-loader.test.ts',
            'integration/review.test.ts',
            'integration/versions.test.ts',
            'integration/consensus.test.ts',
            'integration/agreed-lock.test.ts',
            'integration/plenary.test.ts',
            'integration/party-groups.test.ts',
            'integration/questionnaires.test.ts',
            'integration/convert.test.ts',
            'integration/import-version.test.ts',
            'integration/register.test.ts',
            'integration/minutes-review.test.ts',
            'integration/notifications.test.ts',
            'integration/silence.test.ts',
            'integration/glossary.test.ts',
            'integration/focal-points.test.ts',
            'integration/bilingual.test.ts',
            'integration/practices.test.ts',
            'integration/search.test.ts',
          ],
          environment: 'node',
          env: { CONSENSO_TEST_STORAGE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Load and fault suites (tests/load, tests/fault): real server processes under many
        // clients; CONSENSO_LOAD_SCALE sizes them (1, the short form, in pnpm test).
        test: {
          name: 'load',
          root: import.meta.dirname,
          include: ['load/**/*.test.ts', 'fault/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 60_000,
          // One at a time: each drives a server process with dozens of clients on two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          root: import.meta.dirname,
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: these machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
