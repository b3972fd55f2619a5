import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, runCli, startServer, tempDataDir } from '../helpers/processes.js';

const dirs: string[] = [];
let files: string;
const AS_OF = '2026-06-30';

beforeAll(() => {
  files = tempDataDir();
  dirs.push(files);
  const gen = runCli(files, [
    'generate',
    '--reps',
    '30',
    '--weeks',
    '40',
    '--seed',
    '11',
    '--out',
    files,
    '--as-of',
    AS_OF,
    '--json',
  ]);
  expect(gen.status, gen.stderr).toBe(0);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshOrg(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  const made = spawnSync(
    process.execPath,
    [CLI, 'org', 'create', 'acme', '--admin', 'boss@acme.test', '--password-stdin'],
    {
      env: cliEnv(dir),
      input: 'a-long-enough-password\n',
      encoding: 'utf8',
    },
  );
  expect(made.status, made.stderr).toBe(0);
  return dir;
}

function exportOf(dataDir: string): Record<string, string> {
  const out = join(dataDir, 'export');
  const r = runCli(dataDir, ['export', out, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries(
    ['people', 'opportunities', 'stage_history', 'activities'].map((f) => [
      f,
      readFileSync(join(out, `${f}.csv`), 'utf8'),
    ]),
  );
}

describe('an import killed with SIGKILL', () => {
  it('leaves whole batches or nothing, and re-running it gives the same data as one clean run', async () => {
    const clean = freshOrg();
    const first = runCli(clean, ['import', 'dir', files, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const cleanSummary = JSON.parse(first.stdout);
    expect(cleanSummary.rejected).toBe(0);
    expect(cleanSummary.inserted).toBeGreaterThan(50_000);

    const crashed = freshOrg();
    // Kill it at a point the import announces (TOUCHLINE_IMPORT_TIMING prints each merge phase): the
    // activities' rollup deltas are applied, their rows not yet inserted. No clock decides when.
    const child = spawn(process.execPath, [CLI, 'import', 'dir', files], {
      env: { ...cliEnv(crashed), TOUCHLINE_IMPORT_TIMING: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const announced = /activities.*senior reach applied/;
    let err = '';
    const outcome = await new Promise<{
      killedAtPoint: boolean;
      signal: NodeJS.Signals | null;
      code: number | null;
    }>((resolve) => {
      let killedAtPoint = false;
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (!killedAtPoint && announced.test(err)) {
          killedAtPoint = true;
          child.kill('SIGKILL');
        }
      });
      child.once('exit', (code, signal) => resolve({ killedAtPoint, signal, code }));
    });
    expect(
      outcome.killedAtPoint,
      `the import ended (code ${outcome.code}) before announcing the kill point; it printed:\n${err}`,
    ).toBe(true);
    expect(outcome.signal, `the import printed:\n${err}`).toBe('SIGKILL');

    // A restart marks the killed job failed at once (not when the next import starts).
    const token = runCli(crashed, ['token', 'create', 'boss@acme.test', '--json']);
    expect(token.status, token.stderr).toBe(0);
    const server = await startServer(crashed);
    try {
      expect(server.output()).toMatch(/Marked 1 interrupted import\(s\) of "acme" as failed/);
      const jobs = (await (
        await fetch(`${server.url}/api/imports`, {
          headers: { authorization: `Bearer ${JSON.parse(token.stdout).token}` },
        })
      ).json()) as { jobs: { kind: string; status: string; error: string | null }[] };
      expect(jobs.jobs.filter((j) => j.status === 'running')).toEqual([]);
      expect(jobs.jobs.find((j) => j.kind === 'activities')).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('interrupted'),
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }

    const rerun = runCli(crashed, ['import', 'dir', files, '--json']);
    expect(rerun.status, rerun.stderr).toBe(0);
    const again = JSON.parse(rerun.stdout);
    expect(again.rejected).toBe(0);
    expect(again.inserted + again.updated + again.unchanged).toBe(cleanSummary.inserted);
    expect(exportOf(crashed)).toEqual(exportOf(clean));
  });
});
