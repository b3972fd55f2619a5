#!/usr/bin/env node
// Responsiveness during an import on the embedded database (issue 11, point 5): a server on PGlite
// receives a ~1.4M-row activities upload through the API (sent by curl, so this process only
// measures) while this script asks `/api/health` every 100 ms, a manager's team diagnosis every
// second and signs in every 3 s. Prints the answers' times, idle (the baseline, measured first in the
// same run) and during the import, and places every answer over 1 s against the import's phases.
// Target: every answer within 1 s. bench/import.mjs runs it too, on its own files.
// Usage: npm run bench:responsive [-- --scale 1]   (needs `npm run build`)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './lib.mjs';

const cli = new URL('../bin/touchline.js', import.meta.url).pathname;
const PASSWORD = 'a-long-enough-password';

function summary(label, samples) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? 0;
  const slow = ms.filter((x) => x > 1000).length;
  const failed = samples.filter((s) => !s.ok).length;
  console.log(
    `  ${label.padEnd(40)} ${String(ms.length).padStart(5)} answers  p50 ${String(Math.round(q(0.5))).padStart(5)} ms  p99 ${String(Math.round(q(0.99))).padStart(5)} ms  max ${String(Math.round(ms.at(-1) ?? 0)).padStart(5)} ms  over 1 s: ${slow}  not 2xx: ${failed}`,
  );
  return { max: ms.at(-1) ?? 0, slow, failed };
}

/** Sends `request()` every `everyMs` (never two at once) until the returned stop is called. */
function poll(request, everyMs) {
  const samples = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await request();
        await res.arrayBuffer();
        ok = res.ok;
      } catch {}
      samples.push({ at: t0, ms: performance.now() - t0, ok });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    await done;
    return samples;
  };
}

/** Starts health, team page and sign-in polls against the server at `base`. */
function pollAll(base, token, team, email) {
  const auth = { authorization: `Bearer ${token}` };
  const polls = {
    '/api/health every 100 ms': poll(() => fetch(`${base}/api/health`), 100),
    'team diagnosis every 1 s': poll(() => fetch(team, { headers: auth }), 1000),
    'sign-in every 3 s': poll(
      () =>
        fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        }),
      3000,
    ),
  };
  return async (label) => {
    const all = [];
    const results = [];
    for (const [name, stop] of Object.entries(polls)) {
      const samples = await stop();
      all.push(...samples);
      results.push(summary(`${label}: ${name}`, samples));
    }
    return {
      all,
      max: Math.max(...results.map((r) => r.max)),
      slow: results.reduce((a, r) => a + r.slow, 0),
    };
  };
}

/** Runs a command without blocking this process's event loop; resolves with its stdout. */
function runAsync(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} failed: ${err}`))));
  });
}

/**
 * The measurement, on the files in `files` (people.csv, opportunities.csv, stage_history.csv,
 * activities.csv from `touchline generate`) in a fresh PGlite data directory under `work`.
 * Returns the longest answer during the import, in ms, and how many took over 1 s.
 */
export async function measureResponsiveness(files, work) {
  const env = { TOUCHLINE_DATA_DIR: join(work, 'responsive-data'), DATABASE_URL: '' };
  run(
    'node',
    [cli, 'org', 'create', 'bench', '--admin', 'boss@bench.test', '--password-stdin'],
    env,
    `${PASSWORD}\n`,
  );
  run('node', [cli, 'import', 'people', join(files, 'people.csv')], env);
  run('node', [cli, 'import', 'opportunities', join(files, 'opportunities.csv')], env);
  run('node', [cli, 'import', 'stage-history', join(files, 'stage_history.csv')], env);
  const token = JSON.parse(
    run('node', [cli, 'token', 'create', 'boss@bench.test', '--json'], env).stdout,
  ).token;
  const people = JSON.parse(run('node', [cli, 'people', 'list', '--json'], env).stdout).people;
  const manager = people.find((p) => p.role === 'manager');
  // The server announces each import phase (TOUCHLINE_IMPORT_TIMING), so a slow answer can be
  // placed against the statement that held it.
  const server = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', TOUCHLINE_IMPORT_TIMING: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
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
    const team = `${base}/api/diagnosis/team/${manager.id}`;

    console.log('  The server idle (baseline, 6 s):');
    const idle = pollAll(base, token, team, 'boss@bench.test');
    await new Promise((r) => setTimeout(r, 6000));
    await idle('idle');

    console.log('  During the activities upload:');
    const busy = pollAll(base, token, team, 'boss@bench.test');
    const t0 = performance.now();
    const phases = [];
    server.stderr.on('data', (c) => {
      for (const line of c.toString().split('\n').filter(Boolean))
        phases.push(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${line}`);
    });
    const job = JSON.parse(
      await runAsync('curl', [
        '-sS',
        '--fail-with-body',
        '-H',
        `authorization: Bearer ${token}`,
        '-F',
        'kind=activities',
        '-F',
        `file=@${join(files, 'activities.csv')}`,
        `${base}/api/imports`,
      ]),
    );
    const seconds = (performance.now() - t0) / 1000;
    const result = await busy('busy');
    console.log(
      `  the import: ${job.inserted?.toLocaleString('en-US')} activities in ${seconds.toFixed(1)} s`,
    );
    const slow = result.all.filter((s) => s.ms > 1000).sort((a, b) => a.at - b.at);
    if (slow.length > 0) {
      console.log('\n  Answers over 1 s (seconds after the upload began), then the import phases:');
      for (const s of slow)
        console.log(`  ${((s.at - t0) / 1000).toFixed(1).padStart(6)} s  waited ${Math.round(s.ms)} ms`);
      for (const p of phases) console.log(`  ${p}`);
    }
    return { maxMs: result.max, slow: result.slow, importSeconds: seconds };
  } finally {
    server.kill('SIGKILL');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scaleArg = process.argv.indexOf('--scale');
  const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
  const work = mkdtempSync(join(tmpdir(), 'touchline-bench-responsive-'));
  const files = join(work, 'files');
  try {
    const reps = Math.max(10, Math.round(700 * scale));
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
    const r = await measureResponsiveness(files, work);
    console.log(
      `\nlongest answer during the import: ${Math.round(r.maxMs)} ms (target < 1000 ms); over 1 s: ${r.slow}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
