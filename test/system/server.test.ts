import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer, tempDataDir } from '../helpers/processes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function login(url: string, email = 'maria@demo.touchline.test'): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'touchline-demo' }),
  });
}

describe('the server process', () => {
  it('finishes in-flight requests on SIGTERM, closes PGlite cleanly, and restarts on the same data', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = await startServer(dir, ['--demo'], { LOG_LEVEL: 'info' });
    expect(first.output()).toContain('login manager maria@demo.touchline.test touchline-demo');
    const pid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
    expect(pid).toBe(first.child.pid);

    // Sign-ins hash a password (tens of ms each), so these are still running when the signal lands.
    const inFlight = Array.from({ length: 8 }, () => login(first.url));
    // Signal once the server has received all eight (its log says so), so they are truly in flight.
    const received = () =>
      first
        .output()
        .split('\n')
        .filter((l) => l.includes('"incoming request"') && l.includes('/api/auth/login')).length;
    const deadline = Date.now() + 10_000;
    while (received() < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    expect(received()).toBe(8);
    process.kill(pid, 'SIGTERM');
    const responses = await Promise.all(inFlight);
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, 'server.pid'))).toBe(false);
    expect(existsSync(join(dir, 'touchline.lock'))).toBe(false);

    const second = await startServer(dir, ['--demo']);
    expect(second.output()).not.toContain('Created the demo organisation');
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    const res = await login(second.url, 'sheila@demo.touchline.test');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Sheila Grant');
    process.kill(second.child.pid as number, 'SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('refuses a second process on the same PGlite directory without harming the first', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const server = await startServer(dir, ['--demo']);
    const other = runCli(dir, ['people', 'list']);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`data directory in use by pid ${server.child.pid}`);
    const another = await startServer(dir).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(another).toMatch(/data directory in use by pid/);
    expect((await login(server.url)).status).toBe(200);
    process.kill(server.child.pid as number, 'SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('clears a lock left behind by a process that died', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    expect(runCli(dir, ['demo']).status).toBe(0);
    writeFileSync(join(dir, 'touchline.lock'), '2147483000\n'); // no such pid
    const listed = runCli(dir, ['people', 'list', '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).people.length).toBeGreaterThan(12);
  });
});
