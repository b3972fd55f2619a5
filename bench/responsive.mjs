#!/usr/bin/env node
// Responsiveness during an import on the embedded database (issue 11, point 5): a server on PGlite
// receives a ~1M-row activities upload through the API while this script asks `/api/health` every
// 100 ms and Maria's team diagnosis every second. Prints the longest answers, idle (the baseline,
// measured first in the same run) and during the import. Target: every answer within 1 s.
// Usage: npm run bench:responsive [-- --scale 1]   (needs `npm run build`)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './lib.mjs';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const cli = new URL('../bin/touchline.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'touchline-bench-responsive-'));
const files = join(work, 'files');
const env = { TOUCHLINE_DATA_DIR: join(work, 'data') };
const reps = Math.max(10, Math.round(700 * scale));

function summary(label, samples) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? 0;
  const slow = ms.filter((x) => x > 1000).length;
  console.log(
    `${label.padEnd(44)} ${String(ms.length).padStart(5)} answers  p50 ${String(Math.round(q(0.5))).padStart(6)} ms  p99 ${String(Math.round(q(0.99))).padStart(6)} ms  max ${String(Math.round(ms.at(-1) ?? 0)).padStart(6)} ms  over 1 s: ${slow}`,
  );
}

/** Asks `url` every `everyMs` (never two at once) until `stop()`; returns the timings. */
function poll(url, everyMs, headers = {}) {
  const samples = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await (await fetch(url, { headers })).arrayBuffer();
      } catch {}
      samples.push({ ms: performance.now() - t0 });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    await done;
    return samples;
  };
}

const children = [];
try {
  run('node', [
    cli,
    'generate',
    '--reps',
    String(reps),
    '--weeks',
    '52',
    '--seed',
    '42',
    '--out',
    files,
    '--json',
  ]);
  run(
    'node',
    [cli, 'org', 'create', 'bench', '--admin', 'boss@bench.test', '--password-stdin'],
    env,
    'a-long-enough-password\n',
  );
  run('node', [cli, 'import', 'people', join(files, 'people.csv')], env);
  run('node', [cli, 'import', 'opportunities', join(files, 'opportunities.csv')], env);
  run('node', [cli, 'import', 'stage-history', join(files, 'stage_history.csv')], env);
  const token = JSON.parse(
    run('node', [cli, 'token', 'create', 'boss@bench.test', '--json'], env).stdout,
  ).token;
  const people = JSON.parse(run('node', [cli, 'people', 'list', '--json'], env).stdout).people;
  const manager = people.find((p) => p.role === 'manager');

  const server = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(server);
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const auth = { authorization: `Bearer ${token}` };
  const team = `${base}/api/diagnosis/team/${manager.id}`;

  const idleHealth = poll(`${base}/api/health`, 100);
  const idleTeam = poll(team, 1000, auth);
  await new Promise((r) => setTimeout(r, 5000));
  summary('idle: /api/health every 100 ms', await idleHealth());
  summary('idle: team diagnosis every 1 s', await idleTeam());

  const body = new FormData();
  body.append('kind', 'activities');
  body.append('file', new Blob([readFileSync(join(files, 'activities.csv'))]), 'activities.csv');
  const busyHealth = poll(`${base}/api/health`, 100);
  const busyTeam = poll(team, 1000, auth);
  const t0 = performance.now();
  const res = await fetch(`${base}/api/imports`, { method: 'POST', headers: auth, body });
  const job = await res.json();
  const seconds = (performance.now() - t0) / 1000;
  summary('during the import: /api/health', await busyHealth());
  summary('during the import: team diagnosis', await busyTeam());
  console.log(
    `the import: ${res.status}, ${job.inserted?.toLocaleString('en-US')} activities in ${seconds.toFixed(1)} s`,
  );
} finally {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
