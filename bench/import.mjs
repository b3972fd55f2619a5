#!/usr/bin/env node
// Import benchmark: 100k opportunities and 1M activities into PostgreSQL and PGlite, against a plain
// `psql \copy` of the same files into identical keyed tables, measured in the same run.
// Usage: npm run bench:import [-- --scale 0.1]   (needs `npm run build`, psql and a PostgreSQL at
// BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl, run } from './lib.mjs';
import { measureResponsiveness } from './responsive.mjs';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const cli = new URL('../bin/touchline.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'touchline-bench-'));
const files = join(work, 'files');

const psql = (db, sql) => run('psql', [dbUrl(db), '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
const dbUrl = (name) => databaseUrl(admin, name);
const rate = (rows, s) => Math.round(rows / s).toLocaleString('en-US');

const reps = Math.max(10, Math.round(700 * scale));
console.log(`Generating ${reps} reps × 52 weeks (scale ${scale}) …`);
const gen = JSON.parse(
  run('node', [
    cli,
    'generate',
    '--reps',
    String(reps),
    '--weeks',
    '52',
    '--seed',
    '42',
    '--opportunities-per-week',
    '3.15',
    '--outreach-per-week',
    '16.5',
    '--out',
    files,
    '--json',
  ]).stdout,
);
const counts = gen.counts;
console.log(
  `  ${counts.opportunities.toLocaleString()} opportunities, ${counts.stage_history.toLocaleString()} stage history rows, ${counts.activities.toLocaleString()} activities`,
);
console.log(`  activities.csv ${(statSync(join(files, 'activities.csv')).size / 1e6).toFixed(0)} MB`);

const results = [];
let floor;
function importAll(label, env) {
  run(
    'node',
    [cli, 'org', 'create', 'bench', '--admin', 'boss@bench.test', '--password-stdin'],
    env,
    'a-long-enough-password\n',
  );
  run('node', [cli, 'import', 'people', join(files, 'people.csv'), '--json'], env);
  for (const pass of ['first import', 're-import (unchanged)']) {
    for (const [kind, file, rows] of [
      ['opportunities', 'opportunities.csv', counts.opportunities],
      ['stage-history', 'stage_history.csv', counts.stage_history],
      ['activities', 'activities.csv', counts.activities],
    ]) {
      if (pass === 'first import' && kind === 'activities') {
        // Reading, staging and checking alone: what any merge adds to is at least this plus the floor.
        const dry = run('node', [cli, 'import', kind, join(files, file), '--dry-run', '--json'], env);
        results.push({ db: label, pass: 'dry run', kind, rows, seconds: dry.seconds, rssMb: dry.rssMb });
        console.log(
          `  ${label.padEnd(10)} ${'dry run (stage+check)'.padEnd(22)} ${kind.padEnd(14)} ${rows.toLocaleString().padStart(10)} rows ${dry.seconds.toFixed(1).padStart(6)} s`,
        );
      }
      const r = run('node', [cli, 'import', kind, join(files, file), '--json'], env);
      const summary = JSON.parse(r.stdout);
      if (summary.rejected > 0) throw new Error(`${label} ${kind}: ${summary.rejected} rejected`);
      results.push({ db: label, pass, kind, rows, seconds: r.seconds, rssMb: r.rssMb });
      console.log(
        `  ${label.padEnd(10)} ${pass.padEnd(22)} ${kind.padEnd(14)} ${rows.toLocaleString().padStart(10)} rows ${r.seconds.toFixed(1).padStart(6)} s ${rate(rows, r.seconds).padStart(9)} rows/s  peak RSS ${r.rssMb.toFixed(0)} MB`,
      );
    }
  }
}

const dbName = `touchline_bench_${process.pid}`;
psql('postgres', `drop database if exists ${dbName}`);
psql('postgres', `create database ${dbName}`);
try {
  console.log('\nBaseline: psql \\copy into identical keyed tables');
  psql(
    dbName,
    `create table base_opportunities (id text primary key, owner_email text, account text, name text, amount numeric, created_at timestamptz, stage text, closed_at timestamptz, won boolean, currency text, pipeline text);
    create table base_activities (id text primary key, owner_email text, type text, occurred_at timestamptz, opportunity_id text, contact_level text);`,
  );
  const baseOpp = psql(
    dbName,
    `\\copy base_opportunities from '${join(files, 'opportunities.csv')}' csv header`,
  );
  const baseAct = psql(dbName, `\\copy base_activities from '${join(files, 'activities.csv')}' csv header`);
  console.log(
    `  opportunities ${baseOpp.seconds.toFixed(1)} s (${rate(counts.opportunities, baseOpp.seconds)} rows/s); activities ${baseAct.seconds.toFixed(1)} s (${rate(counts.activities, baseAct.seconds)} rows/s)`,
  );
  // The floor of any stage-then-merge import: the same rows, already parsed and in the database,
  // moved by INSERT … SELECT into a table keyed and indexed like Touchline's activities — by one
  // statement, and by two at once (half the rows each, as the import does); the faster is the floor.
  psql(
    dbName,
    `create unlogged table floor_stage as select row_number() over () as line, gen_random_uuid() as owner_id, * from base_activities;
    create table floor_activities (org_id uuid not null, crm_id text not null, owner_id uuid not null, type text not null,
      occurred_at timestamptz not null, opportunity_id text, contact_level text, primary key (org_id, crm_id));
    create index on floor_activities (org_id, opportunity_id) where contact_level in ('c_level', 'vp') and opportunity_id is not null;
    checkpoint;`,
  );
  const floorInsert = (where) =>
    `insert into floor_activities select '00000000-0000-0000-0000-000000000001', id, owner_id, type, occurred_at, opportunity_id, contact_level from floor_stage where ${where}`;
  const one = psql(dbName, floorInsert('true'));
  psql(dbName, 'truncate floor_activities; checkpoint;');
  const half = Math.ceil(counts.activities / 2);
  const two = run('bash', [
    '-c',
    `psql "$1" -v ON_ERROR_STOP=1 -qc "$2" & a=$!; psql "$1" -v ON_ERROR_STOP=1 -qc "$3"; b=$?; wait $a && exit $b`,
    'floor',
    dbUrl(dbName),
    floorInsert(`line <= ${half}`),
    floorInsert(`line > ${half}`),
  ]);
  floor = one.seconds < two.seconds ? one : two;
  console.log(
    `  floor of staging + merge: INSERT … SELECT of the staged activities alone ${one.seconds.toFixed(1)} s (one statement), ${two.seconds.toFixed(1)} s (two at once) = ${(baseAct.seconds / floor.seconds).toFixed(2)}× plain COPY`,
  );
  psql(dbName, 'drop table floor_stage; drop table floor_activities; checkpoint;');

  console.log('\nTouchline on PostgreSQL');
  importAll('postgres', { DATABASE_URL: dbUrl(dbName), LOG_LEVEL: 'warn' });
  console.log('\nTouchline on PGlite');
  importAll('pglite', { TOUCHLINE_DATA_DIR: join(work, 'pglite'), DATABASE_URL: '', LOG_LEVEL: 'warn' });

  const pick = (db, pass, kind) => results.find((r) => r.db === db && r.pass === pass && r.kind === kind);
  const pgAct = pick('postgres', 'first import', 'activities');
  const pgOpp = pick('postgres', 'first import', 'opportunities');
  const reAct = pick('postgres', 're-import (unchanged)', 'activities');
  console.log('\nSummary');
  console.log(
    `  PostgreSQL activities, first import: ${rate(pgAct.rows, pgAct.seconds)} rows/s = ${(baseAct.seconds / pgAct.seconds).toFixed(2)}× plain COPY (target ≥ 0.5×)`,
  );
  console.log(
    `  PostgreSQL opportunities, first import: ${(baseOpp.seconds / pgOpp.seconds).toFixed(2)}× plain COPY`,
  );
  console.log(
    `  PostgreSQL activities, re-import: ${reAct.seconds.toFixed(1)} s vs first ${pgAct.seconds.toFixed(1)} s (${(pgAct.seconds / reAct.seconds).toFixed(2)}× faster)`,
  );
  console.log(
    `  Peak RSS of any import process: ${Math.max(...results.map((r) => r.rssMb)).toFixed(0)} MB (PostgreSQL ${Math.max(...results.filter((r) => r.db === 'postgres').map((r) => r.rssMb)).toFixed(0)} MB; target < 400 MB)`,
  );
  const pgDry = pick('postgres', 'dry run', 'activities');
  console.log(
    `  Bound for any stage-then-merge import here: COPY / (stage+check ${pgDry.seconds.toFixed(1)} s + INSERT floor ${floor.seconds.toFixed(1)} s) = ${(baseAct.seconds / (pgDry.seconds + floor.seconds)).toFixed(2)}× plain COPY, before any rollup`,
  );
  // Issue 12: people are written set-wise; 5,000 of them (managers first in the file, reps after).
  console.log('\n5,000 people (100 managers, 4,900 reps) into a new organisation');
  const peopleFile = join(work, 'people-5000.csv');
  const lines = ['email,name,role,manager_email,team,start_date'];
  for (let m = 0; m < 100; m++) lines.push(`m${m}@people.test,Manager ${m},manager,,Team ${m},2024-01-01`);
  for (let r = 0; r < 4900; r++)
    lines.push(`r${r}@people.test,Rep ${r},rep,m${r % 100}@people.test,Team ${r % 100},2025-03-01`);
  writeFileSync(peopleFile, `${lines.join('\n')}\n`);
  for (const [label, env] of [
    ['postgres', { DATABASE_URL: dbUrl(dbName), LOG_LEVEL: 'warn' }],
    ['pglite', { TOUCHLINE_DATA_DIR: join(work, 'pglite'), DATABASE_URL: '', LOG_LEVEL: 'warn' }],
  ]) {
    run(
      'node',
      [cli, 'org', 'create', 'people5k', '--admin', 'boss@people.test', '--password-stdin'],
      env,
      'a-long-enough-password\n',
    );
    const first = run('node', [cli, 'import', 'people', peopleFile, '--org', 'people5k', '--json'], env);
    const again = run('node', [cli, 'import', 'people', peopleFile, '--org', 'people5k', '--json'], env);
    const n = JSON.parse(first.stdout);
    console.log(
      `  ${label.padEnd(10)} ${n.inserted.toLocaleString()} added in ${first.seconds.toFixed(1)} s (process start included; target < 5 s on PostgreSQL), again (unchanged) ${again.seconds.toFixed(1)} s`,
    );
  }
  const plAct = pick('pglite', 'first import', 'activities');
  console.log(
    `  PGlite activities, first import: ${rate(plAct.rows, plAct.seconds)} rows/s = ${(baseAct.seconds / plAct.seconds).toFixed(2)}× PostgreSQL's plain COPY`,
  );
  // Issue 11, point 5: the server on PGlite keeps answering while the same activities are uploaded.
  console.log('\nA server on PGlite during the activities upload (bench/responsive.mjs)');
  const responsive = await measureResponsiveness(files, work);
  console.log(
    `  Longest answer (health, team diagnosis, sign-in) during a ${rate(counts.activities, 1)}-row upload: ${Math.round(responsive.maxMs)} ms (target < 1,000 ms), ${responsive.slow} over 1 s; the upload took ${responsive.importSeconds.toFixed(1)} s`,
  );
} finally {
  psql('postgres', `drop database if exists ${dbName} with (force)`);
  rmSync(work, { recursive: true, force: true });
}
