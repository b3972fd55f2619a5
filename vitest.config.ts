import { defineConfig, type TestProjectConfiguration } from 'vitest/config';

const integration = ['test/integration/**/*.test.ts'];
// A PGlite instance costs ~750 MB: a couple of workers is plenty on a 2-core machine.
const dbProject = { include: integration, testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2 };

const projects: TestProjectConfiguration[] = [
  { test: { name: 'unit', include: ['src/**/*.test.ts'] } },
  {
    test: {
      ...dbProject,
      name: 'pglite',
      globalSetup: ['test/setup/pgliteTemplate.ts'],
      env: { TOUCHLINE_TEST_DB: 'pglite' },
    },
  },
  {
    test: {
      name: 'system',
      include: ['test/system/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
    },
  },
  {
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      globalSetup: ['test/setup/browserServer.ts'],
      testTimeout: 60_000,
      hookTimeout: 90_000,
      fileParallelism: false,
    },
  },
];

// The same integration suites again on a real PostgreSQL server when one is offered.
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    test: {
      ...dbProject,
      name: 'postgres',
      globalSetup: ['test/setup/postgresTemplate.ts'],
      env: { TOUCHLINE_TEST_DB: 'postgres' },
    },
  });
}

export default defineConfig({ test: { projects, reporters: process.env.CI ? ['default'] : ['default'] } });
