import { defineConfig, type TestProjectConfiguration } from 'vitest/config';

const integration = ['test/integration/**/*.test.ts'];
// A PGlite instance costs ~750 MB: a couple of workers is plenty on a 2-core machine. Groups run
// one after another (unit, then the database suites, then processes, then the browser).
const dbProject = {
  include: integration,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
  sequence: { groupOrder: 1 },
};

const projects: TestProjectConfiguration[] = [
  { test: { name: 'unit', include: ['src/**/*.test.ts'], sequence: { groupOrder: 0 } } },
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
      sequence: { groupOrder: 2 },
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
    },
  },
  {
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      sequence: { groupOrder: 3 },
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

export default defineConfig({
  test: { projects, reporters: ['default', './test/setup/summaryReporter.ts'] },
});
