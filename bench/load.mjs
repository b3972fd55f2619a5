#!/usr/bin/env node
// Load benchmark (autocannon): the server under many connections, against the ceiling of a bare
// Fastify "hello" measured in the same run. On the embedded database (PGlite) and on PostgreSQL:
// `/api/health`, `/api/people` as Maria (a manager), and her team's diagnosis page API
// (`/api/diagnosis/team/{maria}`: 50 connections on PostgreSQL, 20 on PGlite). Targets (issue 11):
// team page p99 < 100 ms with 0 errors at 50 connections on PostgreSQL; 0 timeouts and p99 < 1 s at
// 20 connections on PGlite.
// Usage: npm run bench:load [-- --seconds 20]   (needs `npm run build`; PostgreSQL at
// BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, skipped when unreachable)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { databaseUrl } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('--seconds', 20);
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/touchline.js');
const work = mkdtempSync(join(tmpdir(), 'touchline-bench-load-'));
const children = [];

/** Starts a process and resolves with its URL once it prints one. */
function start(args, env, pattern) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) resolve({ child, url: m[1].replace('localhost', '127.0.0.1') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
}

async function stop({ child }) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

function cannon(url, connections, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: SECONDS, headers, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

const rows = [];
function report(label, r, ceiling) {
  const line = {
    label,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    ofCeiling: ceiling ? `${(r.requests.average / ceiling).toFixed(3)}×` : '1×',
  };
  rows.push(line);
  console.log(
    `${label.padEnd(48)} ${String(line.rps).padStart(7)} req/s  p50 ${String(line.p50).padStart(5)} ms  p99 ${String(line.p99).padStart(5)} ms  errors ${line.errors}  timeouts ${line.timeouts}  non-2xx ${line.non2xx}  ${line.ofCeiling} of the bare ceiling`,
  );
}

async function signIn(base) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'maria@demo.touchline.test', password: 'touchline-demo' }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return { cookie, me: await res.json() };
}

async function measure(label, env, teamConnections, ceiling) {
  const server = await start(
    [cli, 'serve', '--demo', '--port', '0'],
    { LOG_LEVEL: 'warn', ...env },
    /running at (http:\/\/\S+)/,
  );
  try {
    const { cookie, me } = await signIn(server.url);
    const headers = { cookie };
    // One call first, as a newcomer's first page view would.
    await fetch(`${server.url}/api/diagnosis/team/${me.id}`, { headers });
    report(`${label} /api/health (50 conn)`, await cannon(`${server.url}/api/health`, 50), ceiling);
    report(
      `${label} /api/people as Maria (50 conn)`,
      await cannon(`${server.url}/api/people`, 50, headers),
      ceiling,
    );
    report(
      `${label} team diagnosis as Maria (${teamConnections} conn)`,
      await cannon(`${server.url}/api/diagnosis/team/${me.id}`, teamConnections, headers),
      ceiling,
    );
  } finally {
    await stop(server);
  }
}

try {
  const bare = await start(
    [
      '--input-type=module',
      '-e',
      "import Fastify from 'fastify'; const app = Fastify(); app.get('/', async () => ({ ok: true })); const url = await app.listen({ port: 0, host: '127.0.0.1' }); console.log('listening ' + url);",
    ],
    {},
    /listening (http:\/\/\S+)/,
  );
  const base = await cannon(bare.url, 50);
  report('bare Fastify hello (50 conn), the ceiling', base);
  await stop(bare);
  const ceiling = base.requests.average;

  await measure('pglite  ', { TOUCHLINE_DATA_DIR: join(work, 'pglite') }, 20, ceiling);

  const name = `touchline_bench_load_${process.pid}`;
  const created = spawnSync('psql', [admin, '-qc', `create database "${name}"`], { encoding: 'utf8' });
  if (created.status === 0) {
    try {
      await measure('postgres', { DATABASE_URL: databaseUrl(admin, name) }, 50, ceiling);
    } finally {
      spawnSync('psql', [admin, '-qc', `drop database if exists "${name}" with (force)`]);
    }
  } else console.log(`PostgreSQL at ${admin} not reachable: skipped (${created.stderr.trim()})`);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
