import {
  cpSync,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { hubspotEnteredColumn } from '../../src/core/crmFormats.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import type { ExportReport } from '../../src/features/crm/exports/contract.js';
import {
  diagnosePipeline,
  exportOrg,
  getFunnel,
  importDir,
  importHubspotExport,
  listPipelines,
} from '../../src/features/crm/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { addPerson, listPeople } from '../../src/features/people/service.js';
import { expectRollupsUpToDate } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { uniq } from '../helpers/factories.js';

/**
 * A HubSpot export as it comes (issue 12): deals of two pipelines with custom stages (one accented)
 * whose "Date entered" columns HubSpot lists alphabetically, a deal without an owner, a same-day
 * close, EUR and MXN deals, users in UTF-16 with an email two seats share and teams instead of a
 * reporting line, engagements per type — meetings in Windows-1252 with month-first dates, a task
 * without a due date, calls on several deals and on a deal of the other pipeline — and a companies
 * file Touchline does not read. `write-fixture.py` writes it.
 */
const FIXTURE = new URL('../fixtures/hubspot-export/', import.meta.url).pathname;
const DEALS = 'hubspot-crm-exports-all-deals-2026-11-30.csv';
const NOW = new Date('2026-11-30T12:00:00Z');
let database: Database;
let work: string;

beforeAll(async () => {
  database = await testDatabase();
  work = mkdtempSync(join(tmpdir(), 'touchline-hs-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await database.close();
});

const newOrg = () => createOrg(database.db, { slug: `hs-${uniq()}`, name: 'Northwind' });
const load = (
  orgId: string,
  path: string,
  request: Partial<Parameters<typeof importHubspotExport>[1]['request']> = {},
) =>
  importHubspotExport(database, {
    orgId,
    path,
    request: { source: 'hubspot', dryRun: false, ...request },
    rates: [{ currency: 'EUR', rate: 1.08 }],
    now: NOW,
  });
const summaryOf = (report: ExportReport, object: string, kind = 'activities') =>
  report.objects.find((o) => o.object === object && o.kind === kind)?.summary;

/** The deals file as records, straight from the fixture (the test's own reading, not the importer's). */
function fixtureDeals(): Record<string, string>[] {
  const lines = readFileSync(join(FIXTURE, DEALS), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  const split = (line: string) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
      .slice(0, -1)
      .map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replaceAll('""', '"'));
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i] as string, v])));
}

describe('touchline import hubspot', () => {
  it('imports a whole export with no hand-made files: people, a funnel per pipeline, deals, stage moves, engagements', async () => {
    const org = await newOrg();
    const report = await load(org.id, FIXTURE);

    // People: users who own records; managers from their role and team (HubSpot has no "reports to").
    const people = await listPeople(database.db, { orgId: org.id, includeInactive: true });
    const byEmail = new Map(people.map((p) => [p.email, p]));
    expect([...byEmail.keys()].sort()).toEqual([
      'ana@northwind.example',
      'chen@northwind.example',
      'dana@northwind.example',
      'lucia@northwind.example',
      'priya@northwind.example',
      'sam@northwind.example',
    ]);
    expect(byEmail.get('priya@northwind.example')?.role).toBe('manager');
    expect(byEmail.get('dana@northwind.example')?.managerId).toBe(byEmail.get('priya@northwind.example')?.id);
    expect(byEmail.get('lucia@northwind.example')).toMatchObject({
      name: 'Lucía Gómez',
      role: 'rep',
      managerId: byEmail.get('ana@northwind.example')?.id,
    });
    expect(report.people.skipped).toEqual([
      {
        user: 'Marketing Automation (51007)',
        reason: 'owns no opportunities or activities and manages no one who does',
      },
      {
        user: 'Dana Whitfield (51008)',
        reason: 'owns no records; another user with dana@northwind.example is imported',
      },
    ]);
    expect(report.files.find((f) => f.object === 'Users')?.encoding).toBe('utf-16le');
    expect(report.files.find((f) => f.object === 'Meetings')?.encoding).toBe('windows-1252');

    // The diagnosis reads the pipeline with most deals, its stages in the order deals entered them
    // (the export lists them alphabetically); the other pipeline comes in with its own funnel (its
    // "Churned" column names it, though no deal entered it), not mixed into this one.
    expect(await getFunnel(database.db, { orgId: org.id })).toEqual({
      stages: [
        'Discovery Call Booked',
        'Qualified',
        'Demo Done',
        'Proposal Sent',
        'Negociación',
        'Closed Won',
      ],
      lost: 'Closed Lost',
      pipeline: 'Sales Pipeline',
    });
    expect(await getFunnel(database.db, { orgId: org.id, pipeline: 'Renewals' })).toEqual({
      stages: ['Renewal Due', 'Renewed'],
      lost: 'Churned',
      pipeline: 'Renewals',
    });
    expect(report.pipeline).toEqual({
      name: 'Sales Pipeline',
      deals: 43,
      others: [
        { name: 'Renewals', deals: 2, stages: ['Renewal Due', 'Renewed'], lost: 'Churned', from: 'export' },
      ],
    });
    expect(report.warnings).toContain(
      '2 deals in the pipeline "Renewals" were imported with its own funnel (Renewal Due → Renewed; lost: Churned); the diagnosis reads "Sales Pipeline" (choose another on the CRM data page, or with --pipeline).',
    );
    expect(report.warnings).toContain(
      'Not read (not deals, users or activities): hubspot-crm-exports-all-companies-2026-11-30.csv.',
    );

    // Deals of both pipelines: all but the one without an owner (≥ 97%), every won deal.
    const everyDeal = fixtureDeals();
    const all = everyDeal.filter((d) => d.Pipeline === 'Sales Pipeline');
    const deals = summaryOf(report, 'Deals', 'opportunities');
    expect(deals).toMatchObject({ inserted: 44, rejected: 1 });
    expect(deals?.rejects).toEqual([
      { file: DEALS, line: 17, column: 'Deal owner', reason: 'Deal owner is empty' },
    ]);
    expect((deals?.inserted ?? 0) / everyDeal.length).toBeGreaterThanOrEqual(0.97);
    const stored = await queryRows<{
      crm_id: string;
      won: boolean | null;
      amount: string | null;
      amount_minor: number | null;
      currency: string | null;
      same_day: boolean;
    }>(
      database.db,
      sql`select crm_id, won, amount::text, amount_minor::int, currency, closed_at = created_at as same_day
          from opportunities where org_id = ${org.id} order by crm_id`,
    );
    const wonInFile = everyDeal.filter((d) => d['Is Closed Won'] === 'true').map((d) => d['Record ID']);
    expect(stored.filter((o) => o.won === true).map((o) => o.crm_id)).toEqual(wonInFile);
    const one = (id: string) => stored.find((o) => o.crm_id === id);
    expect(one('9043')).toMatchObject({ won: true, same_day: true }); // closed the day it was created
    expect(one('9013')).toMatchObject({ amount: '12500.125', amount_minor: 1_250_013 });
    expect(one('9011')).toMatchObject({ amount: null, amount_minor: null }); // unknown, not zero
    expect(one('9004')).toMatchObject({ amount: '8125.30', currency: 'EUR', amount_minor: 877_532 }); // × 1.08
    expect(one('9021')).toMatchObject({ currency: 'MXN', amount_minor: null });
    expect(report.warnings).toContain(
      '1 opportunity is in MXN, with no rate to USD: kept, and left out of money figures (no rate for MXN).',
    );

    // History from the pipeline's "Date entered" columns: the diagnosis's counts are the stage moves
    // in the file — for each stage, the imported deals with a date in its column. The Renewals
    // deals' moves are stored too, and counted in no stage of this funnel.
    const imported = new Set(stored.map((o) => o.crm_id));
    const moves = new Map<string, number>();
    for (const d of all.filter((x) => imported.has(x['Record ID'] as string)))
      for (const [column, value] of Object.entries(d)) {
        const entered = hubspotEnteredColumn(column);
        if (entered?.pipeline === 'Sales Pipeline' && value)
          moves.set(entered.stage, (moves.get(entered.stage) ?? 0) + 1);
      }
    const entered = await queryRows<{ stage: string; n: number; lost: number }>(
      database.db,
      sql`select stage, sum(entered)::int as n, sum(lost)::int as lost from stage_week_rollup
          where org_id = ${org.id} group by stage`,
    );
    // A move into the lost stage is counted as a loss at the stage the deal left, not as an entry.
    const { 'Closed Lost': lostMoves, ...intoStages } = Object.fromEntries(moves);
    expect(Object.fromEntries(entered.map((e) => [e.stage, e.n]))).toEqual(intoStages);
    expect(entered.reduce((n, e) => n + e.lost, 0)).toBe(lostMoves);
    expect(summaryOf(report, 'Deals', 'stage_history')).toMatchObject({
      inserted: [...moves.values()].reduce((a, b) => a + b, 0) + 3, // Renewals: 2 renewals due, 1 renewed
      rejected: 0, // the deal that was not imported brings no history: its own line says why
    });
    await expectRollupsUpToDate(database, org.id, await getFunnel(database.db, { orgId: org.id }));

    // Engagements: typed by their file, linked to their first deal (of either pipeline); one on the
    // rejected deal is kept with no deal; month-first meetings read as such.
    expect(summaryOf(report, 'Calls')).toMatchObject({ inserted: 24, rejected: 0 });
    expect(summaryOf(report, 'Meetings')).toMatchObject({ inserted: 10, rejected: 0 });
    expect(summaryOf(report, 'Emails')).toMatchObject({ inserted: 12, rejected: 0 });
    expect(summaryOf(report, 'Tasks')).toMatchObject({ inserted: 8, rejected: 0 });
    const acts = await queryRows<{ crm_id: string; type: string; opportunity_id: string | null; at: string }>(
      database.db,
      sql`select crm_id, type, opportunity_id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at
          from activities where org_id = ${org.id} and crm_id in ('80001', '80016', '80024', '81002', '83004')
          order by crm_id`,
    );
    expect(acts).toEqual([
      { crm_id: '80001', type: 'call', opportunity_id: '9001', at: '2026-01-06 15:00' }, // "9001;9002"
      { crm_id: '80016', type: 'call', opportunity_id: null, at: '2026-02-20 15:00' }, // deal 9016 was rejected
      { crm_id: '80024', type: 'call', opportunity_id: '9501', at: '2026-03-16 18:00' }, // a Renewals deal
      { crm_id: '81002', type: 'meeting', opportunity_id: '9003', at: '2026-01-23 10:30' }, // 01/23/2026 10:30 AM
      { crm_id: '83004', type: 'task', opportunity_id: '9013', at: '2026-03-16 09:00' }, // no due date: created
    ]);

    // Running it again changes nothing.
    const again = await load(org.id, FIXTURE);
    for (const o of again.objects)
      expect(o.summary, `${o.object} ${o.kind}`).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.funnel.from).toBe('organisation');
  });

  it('round-trips: the imported export, exported, imports into a new organisation and exports the same files', async () => {
    const org = await newOrg();
    await load(org.id, FIXTURE);
    const a = join(work, 'round-a');
    const b = join(work, 'round-b');
    await exportOrg(database, { orgId: org.id, dir: a });
    const copy = await newOrg();
    const copied = await importDir(database, {
      orgId: copy.id,
      dir: a,
      now: NOW,
      request: { dryRun: false, strict: false },
    });
    expect(copied.rejects).toEqual([]);
    await exportOrg(database, { orgId: copy.id, dir: b });
    for (const f of ['funnel.csv', 'people.csv', 'opportunities.csv', 'stage_history.csv', 'activities.csv'])
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    // Both pipelines' funnels travel, and which one the diagnosis reads.
    expect(readFileSync(join(a, 'funnel.csv'), 'utf8')).toContain('Churned,lost,Renewals,false');
    expect(
      (await listPipelines(database.db, copy.id)).map((p) => [p.name, p.diagnosed, p.opportunities]),
    ).toEqual([
      ['Sales Pipeline', true, 42],
      ['Renewals', false, 2],
    ]);
  });

  it('imports another pipeline when named, its stages from a pipelines file, from the .zip', async () => {
    const dir = join(work, 'with-pipelines');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'deal-pipelines.csv'),
      'Pipeline,Stage,Display order,Probability\nRenewals,Renewal Due,0,0.5\nRenewals,Renewed,1,1.0\nRenewals,Churned,2,0.0\nSales Pipeline,Qualified,0,0.2\n',
    );
    const zip = new yazl.ZipFile();
    for (const name of readdirSync(dir)) zip.addFile(join(dir, name), `export/${name}`);
    zip.end();
    const path = join(work, 'hubspot.zip');
    await new Promise<void>((resolve, reject) => {
      zip.outputStream
        .pipe(createWriteStream(path))
        .on('close', () => resolve())
        .on('error', reject);
    });
    const org = await newOrg();
    const report = await load(org.id, path, { pipeline: 'renewals' });
    expect(report.funnel).toMatchObject({
      stages: ['Renewal Due', 'Renewed'],
      lost: 'Churned',
      from: 'export',
    });
    expect(report.pipeline).toMatchObject({ name: 'Renewals', deals: 2, others: [] });
    // The pipelines file lists one stage of "Sales Pipeline": no funnel, so its deals are left out,
    // said, and not rejected — the named pipeline imports all the same.
    expect(report.warnings).toContain(
      '43 deals in the pipeline "Sales Pipeline" were left out: the export\'s stages "Qualified" are not in this organisation\'s funnel (Prospecting, Meeting, Discovery, Proposal, Negotiation, Won, Lost); say where each goes with a stage mapping (--stage-map "Qualified=Prospecting") (import it with --pipeline "Sales Pipeline" to map its stages).',
    );
    expect(summaryOf(report, 'Deals', 'opportunities')).toMatchObject({ inserted: 2, rejected: 0 });
    expect(summaryOf(report, 'Deals', 'stage_history')).toMatchObject({ inserted: 3, rejected: 0 });
    // Their engagements stay, with no deal.
    const [linked] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from activities where org_id = ${org.id} and opportunity_id is not null`,
    );
    expect(linked?.n).toBe(1); // the call on renewal 9501
  });

  it('keeps each deal’s pipeline, and diagnoses the one chosen, with its own funnel, counting only its deals', async () => {
    const org = await newOrg();
    await load(org.id, FIXTURE);
    const pipelines = await queryRows<{ pipeline: string | null; n: number }>(
      database.db,
      sql`select pipeline, count(*)::int as n from opportunities where org_id = ${org.id} group by pipeline order by 2 desc`,
    );
    expect(pipelines).toEqual([
      { pipeline: 'Sales Pipeline', n: 42 },
      { pipeline: 'Renewals', n: 2 },
    ]);
    const entered = async () =>
      Object.fromEntries(
        (
          await queryRows<{ stage: string; n: number }>(
            database.db,
            sql`select stage, sum(entered)::int as n from stage_week_rollup where org_id = ${org.id} group by stage order by stage`,
          )
        ).map((r) => [r.stage, r.n]),
      );
    const sales = await entered();
    expect(Object.keys(sales)).not.toContain('Renewal Due');

    // Choosing Renewals: the diagnosis counts its two deals on its funnel, and none of the others.
    const funnel = await diagnosePipeline(database.db, { orgId: org.id, pipeline: 'renewals' });
    expect(funnel).toEqual({ stages: ['Renewal Due', 'Renewed'], lost: 'Churned', pipeline: 'Renewals' });
    expect(await getFunnel(database.db, { orgId: org.id })).toEqual(funnel);
    expect(await entered()).toEqual({ 'Renewal Due': 2, Renewed: 1 });
    await expectRollupsUpToDate(database, org.id, funnel);
    const list = await listPipelines(database.db, org.id);
    expect(list.map((p) => [p.name, p.diagnosed, p.opportunities])).toEqual([
      ['Renewals', true, 2],
      ['Sales Pipeline', false, 42],
    ]);

    // A later import keeps the pipeline the diagnosis reads; --pipeline moves it back. Nothing doubles.
    const again = await load(org.id, FIXTURE);
    expect(again.pipeline?.name).toBe('Renewals');
    expect(await entered()).toEqual({ 'Renewal Due': 2, Renewed: 1 });
    await load(org.id, FIXTURE, { pipeline: 'Sales Pipeline' });
    expect(await entered()).toEqual(sales);
    const [after] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from opportunities where org_id = ${org.id}`,
    );
    expect(after?.n).toBe(44);

    // A pipeline the organisation does not have is refused, naming those it has.
    await expect(diagnosePipeline(database.db, { orgId: org.id, pipeline: 'Partners' })).rejects.toThrow(
      'no pipeline named "Partners"; this organisation\'s pipelines are "Sales Pipeline", "Renewals"',
    );
  });

  it('reads a deals export without a Pipeline column: every "Date entered" column is about its deals', async () => {
    const dir = join(work, 'no-pipeline-column');
    cpSync(FIXTURE, dir, { recursive: true });
    const deals = fixtureDeals().filter((d) => d.Pipeline === 'Sales Pipeline');
    const columns = Object.keys(deals[0] ?? {}).filter((c) => c !== 'Pipeline');
    const cell = (v: string) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    writeFileSync(
      join(dir, DEALS),
      `${[columns, ...deals.map((d) => columns.map((c) => d[c] ?? ''))].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`,
    );
    const org = await newOrg();
    const report = await load(org.id, dir);
    expect(report.pipeline).toEqual({ name: '', deals: 43, others: [] });
    expect(report.funnel.stages).toEqual([
      'Discovery Call Booked',
      'Qualified',
      'Demo Done',
      'Proposal Sent',
      'Negociación',
      'Closed Won',
    ]);
    expect(summaryOf(report, 'Deals', 'opportunities')).toMatchObject({ inserted: 42, rejected: 1 });
  });

  it('matches people already here by email and keeps what the export does not say: team, start date', async () => {
    const org = await newOrg();
    await addPerson(database.db, {
      orgId: org.id,
      person: {
        email: 'sam@northwind.example',
        name: 'Sam Ortiz',
        role: 'rep',
        managerId: null,
        team: 'Boston',
        startDate: '2023-05-01',
      },
    });
    const report = await load(org.id, FIXTURE);
    expect(report.people.matched).toBe(1);
    const sam = (await listPeople(database.db, { orgId: org.id })).find(
      (p) => p.email === 'sam@northwind.example',
    );
    expect(sam).toMatchObject({ team: 'Boston', startDate: '2023-05-01', role: 'rep' });
  });

  it('refuses a pipeline the export does not have, listing those it has, before anything is written', async () => {
    const org = await newOrg();
    await expect(load(org.id, FIXTURE, { pipeline: 'Partners' })).rejects.toThrow(
      'no deals in a pipeline named "Partners"; the export\'s pipelines are "Sales Pipeline" (43 deals), "Renewals" (2 deals)',
    );
    expect(await listPeople(database.db, { orgId: org.id, includeInactive: true })).toEqual([]);
  });

  it('a dry run checks every row of every file, writes nothing, and finds what the import then does', async () => {
    const org = await newOrg();
    const dry = await load(org.id, FIXTURE, { dryRun: true });
    expect(dry.people).toMatchObject({ users: 8, added: 6 });
    expect(dry.funnel.from).toBe('export');
    expect(await listPeople(database.db, { orgId: org.id, includeInactive: true })).toEqual([]);
    const [n] = await queryRows<{ n: number }>(
      database.db,
      sql`select (select count(*) from opportunities where org_id = ${org.id})
            + (select count(*) from activities where org_id = ${org.id})
            + (select count(*) from funnel_stages where org_id = ${org.id})::int as n`,
    );
    expect(Number(n?.n)).toBe(0);
    const tables = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pg_tables where tablename like 'export_dry_run_%'`,
    );
    expect(tables[0]?.n).toBe(0);
    const real = await load(org.id, FIXTURE);
    const counts = (r: ExportReport) =>
      r.objects.map((o) => [o.object, o.kind, o.summary.inserted, o.summary.updated, o.summary.rejected]);
    expect(counts(dry)).toEqual(counts(real));
    expect(summaryOf(dry, 'Deals', 'opportunities')?.rejects).toEqual(
      summaryOf(real, 'Deals', 'opportunities')?.rejects,
    );
  });

  it('says which file is missing when the export has no deals or no users', async () => {
    const org = await newOrg();
    const dir = join(work, 'no-users');
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(join(dir, 'hubspot-users-export-2026-11-30.csv'));
    await expect(load(org.id, dir)).rejects.toThrow(/no users file in the export/);
  });
});
