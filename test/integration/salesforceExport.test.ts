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
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import type { ExportReport } from '../../src/features/crm/exports/contract.js';
import {
  exportOrg,
  getFunnel,
  importCsv,
  importDir,
  importSalesforceExport,
} from '../../src/features/crm/service.js';
import { diagnoseReps } from '../../src/features/diagnosis/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { addPerson, listPeople } from '../../src/features/people/service.js';
import { expectRollupsUpToDate } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { uniq } from '../helpers/factories.js';

/**
 * A Salesforce Data Export as it comes (issue 12): the fixture folder holds every column of the
 * objects it has, Spanish stages in Windows-1252 and Latin-1, the history in UTF-16 with edit-only
 * rows, users who are not salespeople, an email two users share, a deleted opportunity, a same-day
 * close, and tasks linked to accounts, campaigns and the empty id.
 */
const FIXTURE = new URL('../fixtures/salesforce-export/', import.meta.url).pathname;
const NOW = new Date('2026-04-15T12:00:00Z');
let database: Database;
let work: string;

beforeAll(async () => {
  database = await testDatabase();
  work = mkdtempSync(join(tmpdir(), 'touchline-sf-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await database.close();
});

async function newOrg() {
  return createOrg(database.db, { slug: `sf-${uniq()}`, name: 'Acme' });
}

const load = (
  orgId: string,
  path: string,
  request: Partial<Parameters<typeof importSalesforceExport>[1]['request']> = {},
) =>
  importSalesforceExport(database, {
    orgId,
    path,
    request: { source: 'salesforce', dryRun: false, ...request },
    now: NOW,
  });

const summaryOf = (report: ExportReport, object: string) =>
  report.objects.find((o) => o.object === object)?.summary;

function zipOf(dir: string, into: string): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(dir)) zip.addFile(join(dir, name), `WE_00D5e000000Acme_1/${name}`);
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(createWriteStream(into))
      .on('close', () => resolve(into))
      .on('error', reject);
  });
}

describe('touchline import salesforce', () => {
  it('imports a whole export with no hand-made files: people, funnel, opportunities, stage moves, activities', async () => {
    const org = await newOrg();
    const report = await load(org.id, FIXTURE);
    // People from the users: the reporting line and roles from who reports to whom.
    const people = await listPeople(database.db, { orgId: org.id, includeInactive: true });
    const byEmail = new Map(people.map((p) => [p.email, p]));
    expect([...byEmail.keys()].sort()).toEqual([
      'ana.gomez@acme.example',
      'carlos.pena@acme.example',
      'elena.ruiz@acme.example',
      'lucia.munoz@acme.example',
    ]);
    expect(byEmail.get('elena.ruiz@acme.example')?.role).toBe('leader');
    expect(byEmail.get('ana.gomez@acme.example')?.role).toBe('manager');
    expect(byEmail.get('carlos.pena@acme.example')?.role).toBe('rep');
    expect(byEmail.get('carlos.pena@acme.example')?.managerId).toBe(
      byEmail.get('ana.gomez@acme.example')?.id,
    );
    expect(report.people.skipped.map((s) => s.user)).toEqual([
      'Platform Integration (0055e000001IgAAA)',
      'Iván Soto (0055e000001AdAAA)',
    ]);
    expect(report.people.clashes).toEqual([
      {
        email: 'lucia.munoz@acme.example',
        kept: 'Lucía Muñoz (0055e000001R2AAA)',
        others: ['Lucía Muñoz (0055e000001R9AAA)'],
      },
    ]);
    // The funnel from the export's stages, accents intact (Windows-1252 and Latin-1 decoded).
    expect(await getFunnel(database.db, { orgId: org.id })).toEqual({
      stages: ['Prospección', 'Calificación', 'Propuesta', 'Negociación', 'Cerrada ganada'],
      lost: 'Cerrada perdida',
    });
    expect(report.files.find((f) => f.object === 'OpportunityHistory')?.encoding).toBe('utf-16le');
    expect(report.files.find((f) => f.object === 'Opportunity')?.encoding).toBe('windows-1252');
    // Every opportunity but the deleted one, every won deal, the same-day close, account names.
    expect(summaryOf(report, 'Opportunity')).toMatchObject({ inserted: 7, rejected: 0 });
    const opps = await queryRows<{
      crm_id: string;
      name: string;
      account: string;
      won: boolean | null;
      owner: string;
    }>(
      database.db,
      sql`select o.crm_id, o.name, o.account, o.won, p.email as owner from opportunities o
          join people p on p.id = o.owner_id where o.org_id = ${org.id} order by o.crm_id`,
    );
    expect(opps.map((o) => o.crm_id)).not.toContain('0065e000003O5AAA');
    expect(opps.filter((o) => o.won === true).map((o) => o.crm_id)).toEqual([
      '0065e000003O1AAA',
      '0065e000003O4AAA',
      '0065e000003O7AAA',
    ]);
    // Amounts exact in their currency, and in the organisation's (USD) at the dated rate of the close.
    const money = await queryRows<{
      crm_id: string;
      amount: string | null;
      currency: string | null;
      amount_minor: number | null;
    }>(
      database.db,
      sql`select crm_id, amount::text, currency, amount_minor::int from opportunities where org_id = ${org.id} order by crm_id`,
    );
    expect(money).toEqual([
      { crm_id: '0065e000003O1AAA', amount: '48000.00', currency: 'EUR', amount_minor: 5_052_632 }, // 48,000 / 0.95
      { crm_id: '0065e000003O2AAA', amount: '125000.505', currency: 'EUR', amount_minor: 13_888_945 }, // open: at its creation, / 0.90
      { crm_id: '0065e000003O3AAA', amount: '9000', currency: 'EUR', amount_minor: 947_368 },
      { crm_id: '0065e000003O4AAA', amount: '15000', currency: 'EUR', amount_minor: 1_666_667 }, // 15,000 / 0.90
      { crm_id: '0065e000003O6AAA', amount: null, currency: 'EUR', amount_minor: null }, // unknown, not zero
      { crm_id: '0065e000003O7AAA', amount: '45000000', currency: 'COP', amount_minor: 1_153_846 }, // / 3,900
      { crm_id: '0065e000003O8AAA', amount: '9500000', currency: 'CLP', amount_minor: null }, // no rate
    ]);
    expect(report.warnings).toContain(
      '1 opportunity is in CLP, with no rate to USD: kept, and left out of money figures (no rate for CLP).',
    );
    // Deal size counts the won deals whose amount is known, not the others as zero.
    const [deals] = await queryRows<{ won: number; priced: number }>(
      database.db,
      sql`select sum(count)::int as won, sum(priced)::int as priced from opportunity_week_rollup
          where org_id = ${org.id} and outcome = 'won'`,
    );
    expect(deals).toEqual({ won: 3, priced: 3 });
    expect(opps[0]).toMatchObject({ name: 'Andina – renovación 2026', account: 'Compañía Andina S.A.' });
    // The old user's opportunity goes to the person who shares the email.
    expect(opps.find((o) => o.crm_id === '0065e000003O6AAA')?.owner).toBe('lucia.munoz@acme.example');
    // Stage moves, not edits: O1's seven rows are three entries.
    expect(summaryOf(report, 'OpportunityHistory')).toMatchObject({
      inserted: 12,
      rejected: 0,
      collapsed: 4,
    });
    const o1 = await queryRows<{ stage: string }>(
      database.db,
      sql`select stage from stage_history where org_id = ${org.id} and opportunity_id = '0065e000003O1AAA' order by entered_at`,
    );
    expect(o1.map((h) => h.stage)).toEqual(['Prospección', 'Propuesta', 'Cerrada ganada']);
    // The diagnosis counts opportunities that entered a stage, not rows.
    const entered = await queryRows<{ stage: string; n: number }>(
      database.db,
      sql`select stage, sum(entered)::int as n from stage_week_rollup where org_id = ${org.id} group by stage order by stage`,
    );
    expect(Object.fromEntries(entered.map((e) => [e.stage, e.n]))).toEqual({
      Calificación: 2,
      'Cerrada ganada': 3,
      Negociación: 1,
      Propuesta: 1,
      Prospección: 7,
    });
    // Opportunities the export has no history for get an inferred one, marked as such.
    const inferred = await queryRows<{ opportunity_id: string; stage: string; entered_at: string }>(
      database.db,
      sql`select opportunity_id, stage, to_char(entered_at at time zone 'UTC', 'YYYY-MM-DD') as entered_at
          from stage_history where org_id = ${org.id} and inferred order by opportunity_id, entered_at`,
    );
    expect(inferred).toEqual([
      { opportunity_id: '0065e000003O7AAA', stage: 'Prospección', entered_at: '2026-03-02' },
      { opportunity_id: '0065e000003O7AAA', stage: 'Cerrada ganada', entered_at: '2026-03-31' },
      { opportunity_id: '0065e000003O8AAA', stage: 'Prospección', entered_at: '2026-03-03' },
      { opportunity_id: '0065e000003O8AAA', stage: 'Cerrada perdida', entered_at: '2026-04-02' },
    ]);
    expect(report.warnings.some((w) => w.startsWith('2 opportunities have no stage history'))).toBe(true);
    // The diagnosis says which of its figures rest on inferred history or leave out unpriced money.
    const diagnosis = await diagnoseReps(database.db, { orgId: org.id, target: 'org', asOf: NOW });
    expect(diagnosis.caveats).toEqual({
      inferred: 2,
      unpriced: [{ currency: 'CLP', opportunities: 1 }],
      pipeline: '',
      otherPipelines: [],
    });
    // Activities: only opportunity ids link; the type from subtype, then Type, then the object.
    const acts = await queryRows<{ crm_id: string; type: string; opportunity_id: string | null }>(
      database.db,
      sql`select crm_id, type, opportunity_id from activities where org_id = ${org.id} order by crm_id`,
    );
    expect(acts).toEqual([
      { crm_id: '00T5e000004T1AAA', type: 'call', opportunity_id: '0065e000003O1AAA' },
      { crm_id: '00T5e000004T2AAA', type: 'email', opportunity_id: null },
      { crm_id: '00T5e000004T3AAA', type: 'list_email', opportunity_id: null },
      { crm_id: '00T5e000004T4AAA', type: 'task', opportunity_id: '0065e000003O2AAA' },
      { crm_id: '00T5e000004T5AAA', type: 'task', opportunity_id: null },
      { crm_id: '00U5e000005E1AAA', type: 'meeting', opportunity_id: '0065e000003O1AAA' },
      { crm_id: '00U5e000005E2AAA', type: 'meeting', opportunity_id: null },
    ]);
    // Running it again changes nothing.
    const again = await load(org.id, FIXTURE);
    for (const o of again.objects)
      expect(o.summary, o.object).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
    expect(again.funnel.from).toBe('organisation');
  });

  it('round-trips: the imported export, exported, imports into a new organisation and exports the same files', async () => {
    const org = await newOrg();
    await load(org.id, FIXTURE);
    const a = join(work, 'round-a');
    const b = join(work, 'round-b');
    await exportOrg(database, { orgId: org.id, dir: a });
    const copy = await newOrg();
    expect(
      await importDir(database, {
        orgId: copy.id,
        dir: a,
        now: NOW,
        request: { dryRun: false, strict: false },
      }),
    ).toMatchObject({
      rejected: 0,
    });
    expect(await getFunnel(database.db, { orgId: copy.id })).toEqual(
      await getFunnel(database.db, { orgId: org.id }),
    );
    await exportOrg(database, { orgId: copy.id, dir: b });
    for (const f of ['funnel.csv', 'people.csv', 'opportunities.csv', 'stage_history.csv', 'activities.csv'])
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('replaces inferred entries with a real history imported later, keeping the rollups equal to a recount', async () => {
    const org = await newOrg();
    await load(org.id, FIXTURE);
    const summary = await importCsv(database, {
      orgId: org.id,
      request: { kind: 'stage_history', format: 'generic', dryRun: false, strict: false },
      input: Readable.from([
        'opportunity_id,stage,entered_at\n0065e000003O7AAA,Prospección,2026-03-02T10:00:00Z\n0065e000003O7AAA,Propuesta,2026-03-10\n0065e000003O7AAA,Cerrada ganada,2026-03-31T18:00:00Z\n',
      ]),
      fileName: 'stage_history.csv',
      now: NOW,
    });
    expect(summary).toMatchObject({ inserted: 3, rejected: 0 });
    const o7 = await queryRows<{ stage: string; inferred: boolean }>(
      database.db,
      sql`select stage, inferred from stage_history where org_id = ${org.id} and opportunity_id = '0065e000003O7AAA' order by entered_at`,
    );
    expect(o7).toEqual([
      { stage: 'Prospección', inferred: false },
      { stage: 'Propuesta', inferred: false },
      { stage: 'Cerrada ganada', inferred: false },
    ]);
    await expectRollupsUpToDate(database, org.id, await getFunnel(database.db, { orgId: org.id }));
  });

  it('reads the same export from its .zip, files in a subfolder', async () => {
    const org = await newOrg();
    const zip = await zipOf(FIXTURE, join(work, 'export.zip'));
    const report = await load(org.id, zip);
    expect(summaryOf(report, 'Opportunity')).toMatchObject({ inserted: 7, rejected: 0 });
    expect(summaryOf(report, 'Event')).toMatchObject({ inserted: 2 });
  });

  it('keeps an organisation’s own funnel and asks for --stage-map for stages it cannot place', async () => {
    const org = await newOrg();
    await addPerson(database.db, {
      orgId: org.id,
      person: { email: 'x@acme.example', name: 'X', role: 'rep' },
    });
    // Make the org's default funnel its own: it has CRM data, so the export's stages must fit it.
    await database.db.execute(
      sql`insert into opportunities (org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage)
          select ${org.id}, 'EXISTING', id, 'A', 'B', 0, now(), 'Prospecting' from people where org_id = ${org.id}`,
    );
    await expect(load(org.id, FIXTURE)).rejects.toThrow(/--stage-map "Prospección=Prospecting/);
    const report = await load(org.id, FIXTURE, {
      stageMap: [
        ['Prospección', 'Prospecting'],
        ['Calificación', 'Meeting'],
        ['Propuesta', 'Proposal'],
        ['Negociación', 'Negotiation'],
      ],
    });
    expect(report.funnel).toMatchObject({ from: 'organisation', lost: 'Lost' });
    expect(report.funnel.mapped).toContainEqual(['Cerrada ganada', 'Won']);
    expect(summaryOf(report, 'Opportunity')).toMatchObject({ inserted: 7, rejected: 0 });
  });

  it('refuses a file that is not text, naming it and the byte, before anything is written', async () => {
    const org = await newOrg();
    const dir = join(work, 'binary');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'Task.csv'), Buffer.from([0x49, 0x64, 0x0a, 0xff, 0x00, 0x01, 0x02]));
    await expect(load(org.id, dir)).rejects.toThrow(/Task\.csv: not a text file .*byte 0x00 at offset 4/);
    expect(await listPeople(database.db, { orgId: org.id, includeInactive: true })).toEqual([]);
  });

  it('says which file is missing when the export has no users or no opportunities', async () => {
    const org = await newOrg();
    const dir = join(work, 'no-users');
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(join(dir, 'User.csv'));
    await expect(load(org.id, dir)).rejects.toThrow(/no User\.csv in the export/);
  });
});
