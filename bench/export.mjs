#!/usr/bin/env node
// Export benchmark on the embedded database (PGlite): an org generated and imported through the
// real import (700 reps × 52 weeks by default: ~100k opportunities, ~390k history rows, ~1.16M
// activities), then `touchline export` timed against, in the same run, PGlite's own
// `COPY … TO '/dev/blob'` of the same rows (the floor of any export from it).
// Usage: npm run bench:export [-- --reps 700 --weeks 52]   (needs `npm run build`)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { run } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const reps = arg('--reps', 700);
const weeks = arg('--weeks', 52);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/touchline.js');
const work = mkdtempSync(join(tmpdir(), 'touchline-bench-export-'));
const files = join(work, 'files');
const dataDir = join(work, 'data');
const env = { TOUCHLINE_DATA_DIR: dataDir };
const fmt = (n) => Math.round(n).toLocaleString('en-US');

try {
  const gen = JSON.parse(
    run('node', [cli, 'generate', '--reps', String(reps), '--weeks', String(weeks), '--out', files, '--json'])
      .stdout,
  );
  console.log(
    `generated ${fmt(gen.counts.activities)} activities, ${fmt(gen.counts.opportunities)} opportunities`,
  );
  run(
    'node',
    [cli, 'org', 'create', 'bench', '--admin', 'admin@bench.test', '--password-stdin'],
    env,
    'a-long-bench-password\n',
  );
  const imported = run('node', [cli, 'import', 'dir', files, '--json'], env);
  console.log(`imported in ${imported.seconds.toFixed(1)} s`);

  const out = join(work, 'export');
  const exported = run('node', [cli, 'export', out, '--json'], env);
  const counts = JSON.parse(exported.stdout);
  const bytes = ['people', 'opportunities', 'stage_history', 'activities'].reduce(
    (sum, f) => sum + statSync(join(out, `${f}.csv`)).size,
    0,
  );
  const rows = counts.opportunities + counts.stage_history + counts.activities;
  console.log(
    `touchline export   ${fmt(rows)} CRM rows (${fmt(counts.activities)} activities), ${(bytes / 1e6).toFixed(0)} MB in ${exported.seconds.toFixed(1)} s = ${fmt(rows / exported.seconds)} rows/s, peak RSS ${fmt(exported.rssMb)} MB`,
  );

  const pg = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  const t0 = performance.now();
  let copied = 0;
  for (const table of ['opportunities', 'stage_history', 'activities']) {
    const r = await pg.query(`copy (select * from ${table}) to '/dev/blob' with (format csv)`);
    copied += r.blob ? r.blob.size : 0;
  }
  const floor = (performance.now() - t0) / 1000;
  await pg.close();
  console.log(
    `baseline: PGlite COPY TO of the same three tables, ${(copied / 1e6).toFixed(0)} MB in ${floor.toFixed(1)} s`,
  );
  console.log(
    `export / COPY TO: ${(exported.seconds / floor).toFixed(2)}× (process start and the people file included)`,
  );
  console.log(
    `at this rate, 5,000,000 activities export in about ${fmt((5_000_000 / rows) * exported.seconds)} s`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
