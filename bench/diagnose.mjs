#!/usr/bin/env node
// Diagnosis benchmark on PostgreSQL: an org of 2,000 reps, ~1,000,000 opportunities and ~10,000,000
// activities imported through the real import; org-wide diagnosis time (it reads the rollups), one
// manager's team page API latency (p50/p95 over 200 calls over HTTP), and in the same run DuckDB
// computing the same per-rep stage counts from the raw CSV files. Then the scaling of the diagnosis
// at 200, 2,000 and 20,000 reps (the 20,000-rep org has fewer weeks and no activities: the diagnosis
// never reads activities).
// Usage: npm run bench:diagnose [-- --scale 0.1]   (needs `npm run build`, psql and a PostgreSQL at
// BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { databaseUrl, run } from './lib.mjs';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/touchline.js');
const work = mkdtempSync(join(tmpdir(), 'touchline-bench-diagnose-'));
const AS_OF = '2026-11-01';
const WINDOW_DAYS = 180;
const STAGES = ['Prospecting', 'Meeting', 'Discovery', 'Proposal', 'Negotiation', 'Won'];

const dbUrl = (name) => databaseUrl(admin, name);
const psql = (db, sql) => run('psql', [dbUrl(db), '-v', 'ON_ERROR_STOP=1', '-qAtc', sql]).stdout.trim();
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

/** Generates and imports an org into a fresh database; returns its name, files and counts. */
function buildOrg(label, reps, weeks, oppsPerWeek, outreachPerWeek, withActivities) {
  const files = join(work, label);
  const name = `touchline_bench_diag_${label}_${process.pid}`;
  console.log(`\n[${label}] generating ${fmt(reps)} reps × ${weeks} weeks …`);
  const gen = JSON.parse(
    run('node', [
      cli,
      'generate',
      '--reps',
      String(reps),
      '--weeks',
      String(weeks),
      '--seed',
      '7',
      '--opportunities-per-week',
      String(oppsPerWeek),
      '--outreach-per-week',
      String(outreachPerWeek),
      '--as-of',
      AS_OF,
      '--out',
      files,
      '--json',
    ]).stdout,
  );
  const c = gen.counts;
  console.log(
    `[${label}] ${fmt(c.opportunities)} opportunities, ${fmt(c.stage_history)} stage history rows, ${fmt(c.activities)} activities`,
  );
  psql('postgres', `drop database if exists ${name}`);
  psql('postgres', `create database ${name}`);
  const env = { DATABASE_URL: dbUrl(name), LOG_LEVEL: 'warn' };
  run(
    'node',
    [cli, 'org', 'create', 'bench', '--admin', 'boss@bench.test', '--password-stdin'],
    env,
    'a-long-enough-password\n',
  );
  const kinds = [
    ['people', 'people.csv'],
    ['opportunities', 'opportunities.csv'],
    ['stage-history', 'stage_history.csv'],
    ...(withActivities ? [['activities', 'activities.csv']] : []),
  ];
  for (const [kind, file] of kinds) {
    const rows = c[file.replace('.csv', '')];
    const t = run('node', [cli, 'import', kind, join(files, file), '--json'], env);
    console.log(
      `[${label}] imported ${kind}: ${fmt(rows)} rows in ${t.seconds.toFixed(1)} s (${fmt(rows / t.seconds)} rows/s), peak RSS ${t.rssMb.toFixed(0)} MB`,
    );
  }
  psql(name, 'vacuum analyze');
  const rollupRows = psql(name, 'select count(*) from stage_week_rollup');
  console.log(`[${label}] stage rollup rows: ${fmt(Number(rollupRows))}`);
  return { name, files, env, counts: c };
}

/** Org-wide diagnosis, in process (the service the CLI and API call), median of 5 after a warm-up. */
async function diagnoseTime(org) {
  process.env.DATABASE_URL = org.env.DATABASE_URL;
  const { openDatabase } = await import(join(root, 'dist/db/open.js'));
  const { diagnoseReps } = await import(join(root, 'dist/features/diagnosis/service.js'));
  const database = await openDatabase({ url: org.env.DATABASE_URL, dataDir: join(work, 'unused') });
  const [{ id: orgId }] = (await database.db.execute("select id from orgs where slug = 'bench'")).rows;
  const times = [];
  let reps = 0;
  for (let i = 0; i < 6; i++) {
    const t0 = process.hrtime.bigint();
    const d = await diagnoseReps(database.db, {
      orgId,
      target: 'org',
      asOf: new Date(`${AS_OF}T00:00:00Z`),
      windowDays: WINDOW_DAYS,
    });
    if (i > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    reps = d.reps.length;
  }
  await database.close();
  return { ms: median(times), reps };
}

/** One manager's team page over HTTP, 200 calls after 10 warm-up calls. */
async function teamPageLatency(org) {
  const token = run(
    'node',
    [cli, 'token', 'create', 'manager1@generated.touchline.test', '--name', 'bench'],
    org.env,
  ).stdout.trim();
  const port = 3900 + (process.pid % 90);
  const server = spawn('node', [cli, 'serve', '--port', String(port)], {
    env: { ...process.env, ...org.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (b) => String(b).includes('running at') && resolve());
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };
  const me = await (await fetch(`${base}/api/me`, { headers })).json();
  const url = `${base}/api/diagnosis/team/${me.id}?asOf=${AS_OF}&windowDays=${WINDOW_DAYS}`;
  let reps = 0;
  const times = [];
  for (let i = 0; i < 210; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`team page ${res.status}: ${JSON.stringify(body)}`);
    if (i >= 10) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    reps = body.reps.length;
  }
  server.kill('SIGTERM');
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), reps };
}

/** DuckDB: the same per-rep stage counts (entered, advanced, lost as of the date) from the raw CSVs. */
async function duckdbTime(org) {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const f = (name) => join(org.files, name).replaceAll("'", "''");
  const funnel = STAGES.map((s, i) => `('${s}', ${i})`).join(', ');
  const from = new Date(
    Date.parse(`${AS_OF}T00:00:00Z`) + 86_400_000 - WINDOW_DAYS * 86_400_000,
  ).toISOString();
  const asOfEnd = new Date(Date.parse(`${AS_OF}T00:00:00Z`) + 86_400_000).toISOString();
  const sql = `
    with o as (select id, owner_email, won, closed_at from read_csv('${f('opportunities.csv')}', header = true,
                 columns = {'id': 'VARCHAR', 'owner_email': 'VARCHAR', 'account': 'VARCHAR', 'name': 'VARCHAR',
                 'amount': 'DOUBLE', 'created_at': 'TIMESTAMPTZ', 'stage': 'VARCHAR', 'closed_at': 'TIMESTAMPTZ',
                 'won': 'VARCHAR'})),
         h as (select * from read_csv('${f('stage_history.csv')}', header = true,
                 columns = {'opportunity_id': 'VARCHAR', 'stage': 'VARCHAR', 'entered_at': 'TIMESTAMPTZ'})
               where entered_at < '${asOfEnd}'),
         fn(name, pos) as (values ${funnel}),
         e as (select h.opportunity_id, h.stage, h.entered_at, fn.pos, o.owner_email, o.won, o.closed_at
               from h join o on o.id = h.opportunity_id join fn on fn.name = h.stage),
         nx as (select a.opportunity_id, a.pos, a.entered_at, min(b.entered_at) as next_at
                from e a join e b on b.opportunity_id = a.opportunity_id and b.pos > a.pos and b.entered_at >= a.entered_at
                group by all)
    select e.owner_email, e.stage, count(*) as entered, count(nx.next_at) as advanced,
           count(*) filter (where nx.next_at is null and e.won = 'false' and e.closed_at < '${asOfEnd}') as lost
    from e left join nx using (opportunity_id, pos, entered_at)
    where e.entered_at >= '${from}' and e.pos < ${STAGES.length - 1}
    group by all`;
  const times = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = await c.runAndReadAll(sql);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    rows = r.getRows().length;
  }
  c.closeSync?.();
  return { ms: median(times), rows };
}

const main = Math.max(20, Math.round(2000 * scale));
const results = {};
try {
  // 2,000 reps × 52 weeks × 10.9 new opportunities a week (less while ramping) ≈ 1M opportunities; outreach brings activities to ≈ 10M.
  const big = buildOrg('main', main, 52, 10.9, 44, true);
  const d = await diagnoseTime(big);
  const duck = await duckdbTime(big);
  const team = await teamPageLatency(big);
  results.main = { d, duck, team, counts: big.counts };
  console.log(
    `\nOrg-wide diagnosis, ${fmt(d.reps)} reps: ${d.ms.toFixed(0)} ms (median of 5, in process, from the rollups)`,
  );
  console.log(
    `DuckDB per-rep stage counts from the raw CSV files: ${duck.ms.toFixed(0)} ms (median of 3; ${fmt(duck.rows)} rep×stage rows)`,
  );
  console.log(
    `  ratio DuckDB / diagnosis: ${(duck.ms / d.ms).toFixed(2)}× (target ≥ 1: the diagnosis no slower than the raw scan)`,
  );
  console.log(
    `Team page API (manager1, ${team.reps} reps), 200 calls over HTTP: p50 ${team.p50.toFixed(1)} ms, p95 ${team.p95.toFixed(1)} ms (target p95 ≤ 50 ms)`,
  );
  psql('postgres', `drop database if exists ${big.name}`);

  const scaling = [
    [Math.max(20, Math.round(200 * scale)), 52, 9.6],
    [Math.max(200, Math.round(20000 * scale)), 13, 9.6],
  ];
  console.log('\nScaling of the org-wide diagnosis (opportunities and history only):');
  console.log(`  ${fmt(d.reps)} reps × 52 weeks: ${d.ms.toFixed(0)} ms`);
  for (const [reps, weeks, perWeek] of scaling) {
    const org = buildOrg(`r${reps}`, reps, weeks, perWeek, 0, false);
    const t = await diagnoseTime(org);
    console.log(`  ${fmt(t.reps)} reps × ${weeks} weeks: ${t.ms.toFixed(0)} ms`);
    psql('postgres', `drop database if exists ${org.name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
