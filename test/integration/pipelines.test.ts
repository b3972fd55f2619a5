import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { importDir, setFunnel } from '../../src/features/crm/service.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import type { App } from '../../src/server/app.js';
import { expectRollupsUpToDate } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg, uniq } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

/**
 * Several CRM pipelines in one organisation (issue 12): each keeps its own funnel, an import checks a
 * deal against its pipeline's, and the diagnosis reads the one an admin chooses — counting only its
 * deals and saying which others it leaves aside.
 */
let database: Database;
let app: App;
let t: TestOrg;
let admin: Client;
const RENEWALS = { stages: ['Renewal Due', 'Renewed'], lost: 'Churned' };

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  t = await makeOrg(database.db);
  admin = await signedInAs(app.app, database, t.org.id, t.admin);
  await setFunnel(database.db, { orgId: t.org.id, pipeline: 'Renewals', funnel: RENEWALS });
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

function upload(client: Client, fields: Record<string, string>, fileName: string, content: string) {
  const boundary = '----touchline-pipelines';
  let body = '';
  for (const [k, v] of Object.entries(fields))
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return app.app.inject({
    method: 'POST',
    url: '/api/imports',
    cookies: { [SESSION_COOKIE]: client.cookie },
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': client.csrf },
    payload: body,
  });
}

const pipelinesNow = async () =>
  (
    (await admin.request('GET', '/api/pipelines')).json() as { pipelines: Record<string, unknown>[] }
  ).pipelines.map((p) => [p.name, p.diagnosed, p.opportunities]);

const enteredByStage = async () =>
  Object.fromEntries(
    (
      await queryRows<{ stage: string; n: number }>(
        database.db,
        sql`select stage, sum(entered)::int as n from stage_week_rollup where org_id = ${t.org.id} group by stage order by stage`,
      )
    ).map((r) => [r.stage, r.n]),
  );

describe('pipelines', () => {
  it('checks each deal against its own pipeline’s funnel, and names the row, column and reason when it cannot', async () => {
    const r1 = t.r1.email;
    const csv = [
      'id,owner_email,account,name,amount,created_at,stage,closed_at,won,pipeline',
      `N1,${r1},Acme,New seats,100,2026-05-04,Meeting,,,`,
      `R1,${r1},Acme,Renewal 2027,100,2026-05-04,renewal due,,,renewals`,
      `R2,${r1},Acme,Renewal 2026,100,2026-05-04,Renewed,2026-06-01,true,Renewals`,
      `P1,${r1},Acme,Partner deal,100,2026-05-04,Prospecting,,,Partners`,
      `R3,${r1},Acme,Mixed up,100,2026-05-04,Prospecting,,,Renewals`,
    ].join('\n');
    const res = await upload(admin, { kind: 'opportunities' }, 'deals.csv', csv);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 3, rejected: 2 });
    expect(res.json().rejects).toEqual([
      {
        file: 'deals.csv',
        line: 5,
        column: 'pipeline',
        reason:
          'no funnel for the pipeline "Partners"; this organisation\'s named pipelines are "Renewals" (import the CRM\'s whole export, or a funnel.csv with a pipeline column, to bring its stages)',
      },
      {
        file: 'deals.csv',
        line: 6,
        column: 'stage',
        reason: 'unknown stage "Prospecting"; known stages: Renewal Due, Renewed, Churned',
      },
    ]);
    const stored = await queryRows<{ crm_id: string; stage: string; pipeline: string | null }>(
      database.db,
      sql`select crm_id, stage, pipeline from opportunities where org_id = ${t.org.id} order by crm_id`,
    );
    // The pipeline and stage as the organisation's funnel spells them; none named: the unnamed one.
    expect(stored).toEqual([
      { crm_id: 'N1', stage: 'Meeting', pipeline: null },
      { crm_id: 'R1', stage: 'Renewal Due', pipeline: 'Renewals' },
      { crm_id: 'R2', stage: 'Renewed', pipeline: 'Renewals' },
    ]);
    expect(await pipelinesNow()).toEqual([
      ['', true, 1],
      ['Renewals', false, 2],
    ]);

    // A C-level contact on a renewal counts in no cell of the diagnosed pipeline's deals, though both
    // deals share one (same rep, week and outcome): what the import adds equals a recount.
    const acts = [
      'id,owner_email,type,occurred_at,opportunity_id,contact_level',
      `A1,${r1},meeting,2026-05-10,N1,c_level`,
      `A2,${r1},meeting,2026-05-11,R1,c_level`,
    ].join('\n');
    expect((await upload(admin, { kind: 'activities' }, 'activities.csv', acts)).json()).toMatchObject({
      inserted: 2,
      rejected: 0,
    });
    const [senior] = await queryRows<{ n: number }>(
      database.db,
      sql`select sum(senior_reached)::int as n from opportunity_week_rollup where org_id = ${t.org.id}`,
    );
    expect(senior?.n).toBe(1);
    await expectRollupsUpToDate(database, t.org.id);
  });

  it('diagnoses the chosen pipeline only, says which others it leaves aside, and refuses one it does not have', async () => {
    await importDir(database, {
      orgId: t.org.id,
      dir: historyDir([
        'opportunity_id,stage,entered_at',
        'N1,Prospecting,2026-05-04',
        'N1,Meeting,2026-05-06',
        'R1,Renewal Due,2026-05-04',
        'R2,Renewal Due,2026-05-04',
        'R2,Renewed,2026-06-01',
      ]),
      now: new Date('2026-07-01T00:00:00Z'),
      request: { dryRun: false, strict: true },
    });
    expect(await enteredByStage()).toEqual({ Meeting: 1, Prospecting: 1 });
    const team = async () =>
      (await admin.request('GET', `/api/diagnosis/team/${t.m1.id}?asOf=2026-07-01`)).json().caveats;
    expect(await team()).toMatchObject({
      pipeline: '',
      otherPipelines: [{ name: 'Renewals', opportunities: 2 }],
    });

    const refused = await admin.request('PUT', '/api/pipelines/diagnosed', { pipeline: 'Partners' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain(
      'no pipeline named "Partners"; this organisation\'s pipelines are',
    );
    expect(await pipelinesNow()).toEqual([
      ['', true, 1],
      ['Renewals', false, 2],
    ]);

    const moved = await admin.request('PUT', '/api/pipelines/diagnosed', { pipeline: 'renewals' });
    expect(moved.statusCode).toBe(200);
    expect(await pipelinesNow()).toEqual([
      ['Renewals', true, 2],
      ['', false, 1],
    ]);
    expect((await admin.request('GET', '/api/funnel')).json()).toEqual({ ...RENEWALS, pipeline: 'Renewals' });
    expect(await enteredByStage()).toEqual({ 'Renewal Due': 2, Renewed: 1 });
    await expectRollupsUpToDate(database, t.org.id, { ...RENEWALS, pipeline: 'Renewals' });
    expect(await team()).toMatchObject({
      pipeline: 'Renewals',
      otherPipelines: [{ name: '', opportunities: 1 }],
    });

    // The funnel page edits the diagnosed pipeline's funnel: dropping a stage its deals use is refused.
    const drop = await admin.request('PUT', '/api/funnel', {
      stages: ['Renewal Due', 'Won'],
      lost: 'Churned',
    });
    expect(drop.statusCode).toBe(400);
    expect(drop.json().detail).toContain('1 at "Renewed"');
    // A rep reads the pipelines but chooses none.
    const rep = await signedInAs(app.app, database, t.org.id, t.r1);
    expect((await rep.request('GET', '/api/pipelines')).statusCode).toBe(200);
    expect((await rep.request('PUT', '/api/pipelines/diagnosed', { pipeline: '' })).statusCode).toBe(403);
    expect((await admin.request('PUT', '/api/pipelines/diagnosed', { pipeline: '' })).statusCode).toBe(200);
    expect(await enteredByStage()).toEqual({ Meeting: 1, Prospecting: 1 });
  });

  it('reads a funnel.csv of several pipelines, naming the line of a bad one, before anything is written', async () => {
    const dir = join(tmpdir(), `funnels-${uniq()}`);
    mkdirSync(dir, { recursive: true });
    const run = () =>
      importDir(database, {
        orgId: t.org.id,
        dir,
        now: new Date('2026-07-01T00:00:00Z'),
        request: { dryRun: false, strict: true },
      });
    writeFileSync(join(dir, 'funnel.csv'), 'stage,kind,pipeline,diagnosed\nIntro,open,Partners,maybe\n');
    await expect(run()).rejects.toThrow('funnel.csv:2: diagnosed is true or false, not "maybe"');
    writeFileSync(
      join(dir, 'funnel.csv'),
      'stage,kind,pipeline,diagnosed\nIntro,open,Partners,false\nSigned,won,Partners,false\n',
    );
    await expect(run()).rejects.toThrow(
      'funnel.csv: name one won stage and one lost stage for the pipeline "Partners" (from line 2)',
    );
    expect(await pipelinesNow()).toEqual([
      ['', true, 1],
      ['Renewals', false, 2],
    ]);
  });
});

/** A folder holding only a stage history file. */
function historyDir(lines: string[]): string {
  const dir = join(tmpdir(), `history-${uniq()}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'stage_history.csv'), `${lines.join('\n')}\n`);
  return dir;
}
