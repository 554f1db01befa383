import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers, as Immich keeps them:
// - unit: pure code and in-process fakes (no database, no Kafka, no child process), next to the code
//   as `*.test.ts`; `npx vitest --project unit` needs nothing running.
// - integration: real PostgreSQL and PGlite (a fresh database per file), librdkafka's mock cluster,
//   child processes, kubectl/CDK — `*.int.test.ts` next to the code, the cross-service suites in
//   apps/server/test, the deploy validation.
// - e2e: the built app as processes, driven over HTTP and in Chromium (e2e/).
const WORKSPACE_TESTS = [
  'packages/*/src/**/*.test.ts',
  'services/*/src/**/*.test.ts',
  'apps/web/src/**/*.test.ts',
  'bench/**/*.test.ts',
  'test/**/*.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: WORKSPACE_TESTS,
          exclude: [...configDefaults.exclude, '**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            ...WORKSPACE_TESTS.map((glob) => glob.replace(/\.test\.ts$/, '.int.test.ts')),
            'apps/server/test/**/*.test.ts',
            'deploy/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          // A beforeAll starts the app (within E2E_START_TIMEOUT_MS, 5 min by default:
          // e2e/support/start-timeout.ts), then a browser and the journey's set-up.
          hookTimeout: 600_000,
          // A page's change polled with expect.poll: the default 1 s is too short for Chromium on a
          // loaded 2-core CI machine (web.e2e failed so at load 19). A call's own timeout still wins.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
