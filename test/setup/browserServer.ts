import { existsSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer, tempDataDir } from '../helpers/processes.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts the built app with a demo organisation for the browser suite. Without Chromium the suite is
 * skipped on a developer's machine, but CI must have it: there, a missing browser fails the run.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but no Chromium at ${CHROMIUM}: the browser suite is mandatory in CI`);
    project.provide('browserBaseUrl', '');
    project.provide('browserExecutable', '');
    return;
  }
  if (!existsSync('dist/web/index.html'))
    throw new Error('the web app is not built: run `npm run build` (npm test does)');
  const dir = tempDataDir();
  const server = await startServer(dir, ['--demo']);
  project.provide('browserBaseUrl', server.url.replace('localhost', '127.0.0.1'));
  project.provide('browserExecutable', CHROMIUM);
  return async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  };
}
