import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL } from '../../src/core/funnel.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { rebuildRollups } from '../../src/features/crm/rollups.js';
import { exportOrg, importDir } from '../../src/features/crm/service.js';
import { createOrg, deleteOrg } from '../../src/features/orgs/service.js';
import { crm, NOW, run } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, uniq } from '../helpers/factories.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

describe('CRM import (generic format)', () => {
  it('imports, keeps the rollups, and re-importing the same files changes nothing', async () => {
    const t = await makeOrg(database.db);
    const files = crm(t);
    expect(await run(database, t, 'opportunities', files.opportunities)).toMatchObject({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await run(database, t, 'stage_history', files.stage_history)).toMatchObject({
      inserted: 7,
      rejected: 0,
    });
    expect(await run(database, t, 'activities', files.activities)).toMatchObject({
      inserted: 3,
      rejected: 0,
    });

    const rollup = await queryRows(
      database.db,
      sql`select stage, week::text as week, resolved_week::text as resolved, entered, advanced, lost, days_advanced as days
          from stage_week_rollup where org_id = ${t.org.id} and owner_id = ${t.r1.id} order by week, stage, resolved_week`,
    );
    expect(rollup).toEqual([
      {
        stage: 'Prospecting',
        week: '2026-05-04',
        resolved: '2026-05-11',
        entered: 1,
        advanced: 1,
        lost: 0,
        days: 7,
      },
      {
        stage: 'Prospecting',
        week: '2026-05-04',
        resolved: '2026-06-01',
        entered: 1,
        advanced: 0,
        lost: 1,
        days: 0,
      },
      {
        stage: 'Discovery',
        week: '2026-05-11',
        resolved: '2026-06-01',
        entered: 1,
        advanced: 1,
        lost: 0,
        days: 21,
      },
      { stage: 'Won', week: '2026-06-01', resolved: '2026-06-01', entered: 1, advanced: 0, lost: 0, days: 0 },
    ]);
    const deals = await queryRows(
      database.db,
      sql`select owner_id, week::text as week, closed_week::text as closed, outcome, count, amount_minor::int as amount,
                 cycle_days as cycle, senior_reached as senior
          from opportunity_week_rollup where org_id = ${t.org.id} order by owner_id = ${t.r2.id}, outcome`,
    );
    expect(deals).toEqual([
      {
        owner_id: t.r1.id,
        week: '2026-05-04',
        closed: '2026-06-01',
        outcome: 'won',
        count: 1,
        amount: 1_200_000,
        cycle: 28,
        senior: 1,
      },
      {
        owner_id: t.r1.id,
        week: '2026-05-04',
        closed: '2026-06-01',
        outcome: 'lost',
        count: 1,
        amount: 800_050,
        cycle: 28,
        senior: 0,
      },
      {
        owner_id: t.r2.id,
        week: '2026-05-04',
        closed: 'infinity',
        outcome: 'open',
        count: 1,
        amount: 500_000,
        cycle: 0,
        senior: 1,
      },
    ]);
    const acts = await queryRows<{ type: string; count: number }>(
      database.db,
      sql`select type, count from activity_week_rollup where org_id = ${t.org.id} and owner_id = ${t.r1.id} order by type`,
    );
    expect(acts).toEqual([
      { type: 'call', count: 1 },
      { type: 'email', count: 1 },
    ]);

    expect(await run(database, t, 'opportunities', files.opportunities)).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await run(database, t, 'stage_history', files.stage_history)).toMatchObject({
      inserted: 0,
      unchanged: 7,
    });
    expect(await run(database, t, 'activities', files.activities)).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });

    // A changed row is an update; the opportunity changing hands moves its rollups to the new owner.
    const moved = files.opportunities.replace(`O3,${t.r2.email}`, `O3,${t.r1.email}`);
    expect(await run(database, t, 'opportunities', moved)).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
    const r2 = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from stage_week_rollup where org_id = ${t.org.id} and owner_id = ${t.r2.id}`,
    );
    expect(r2[0]?.n).toBe(0);
  });

  it('names file, line, column and reason for every kind of bad row, and keeps the good ones', async () => {
    const t = await makeOrg(database.db);
    const r1 = t.r1.email;
    const opps = await run(
      database,
      t,
      'opportunities',
      [
        'id,owner_email,account,name,amount,created_at,stage,closed_at,won',
        `G1,${r1},Acme,Good,100,2026-05-04,Prospecting,,`,
        `B1,${r1},Acme,Bad date,100,2026-13-04,Prospecting,,`,
        `B2,nobody@x.test,Acme,Unknown owner,100,2026-05-04,Prospecting,,`,
        `B3,${r1},Acme,Negative,-5,2026-05-04,Prospecting,,`,
        `B4,${r1},Acme,Unknown stage,100,2026-05-04,Qualification,,`,
        `G1,${r1},Acme,Duplicate,100,2026-05-04,Prospecting,,`,
        `G2,${r1},Acme,Good too,100,2026-05-04,Proposal,,`,
      ].join('\n'),
    );
    expect(opps).toMatchObject({ inserted: 2, rejected: 5 });
    expect(opps.rejects).toEqual([
      { file: 'opportunities.csv', line: 3, column: 'created_at', reason: '"2026-13-04" is not a real date' },
      {
        file: 'opportunities.csv',
        line: 4,
        column: 'owner_email',
        reason: 'no person with email nobody@x.test in this organisation (import people first)',
      },
      { file: 'opportunities.csv', line: 5, column: 'amount', reason: 'amount -5 is negative' },
      expect.objectContaining({
        line: 6,
        column: 'stage',
        reason: expect.stringMatching(/unknown stage "Qualification"; known stages: Prospecting, Meeting/),
      }),
      { file: 'opportunities.csv', line: 7, column: 'id', reason: 'duplicate id "G1" (first on line 2)' },
    ]);
    const hist = await run(
      database,
      t,
      'stage_history',
      [
        'opportunity_id,stage,entered_at',
        'G1,Prospecting,2026-05-04',
        'NOPE,Prospecting,2026-05-04',
        'G2,Prospecting,2026-05-04',
        'G1,Prospecting,2026-05-04',
      ].join('\n'),
    );
    expect(hist.rejects.map((r) => [r.line, r.column])).toEqual([
      [3, 'opportunity_id'],
      [4, 'stage'], // G2 is at Proposal but its only history says Prospecting
      [5, 'entered_at'],
    ]);
    expect(hist.rejects[1]?.reason).toBe(
      'opportunity G2 is at stage "Proposal" but its latest history row (line 4) says "Prospecting"',
    );
    const acts = await run(
      database,
      t,
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `A1,${r1},call,2026-05-04,NOPE,`,
        `A2,${r1},call,2026-05-04,,ceo`,
      ].join('\n'),
    );
    expect(acts.rejects.map((r) => [r.line, r.column])).toEqual([
      [2, 'opportunity_id'],
      [3, 'contact_level'],
    ]);
    const missing = await run(database, t, 'opportunities', 'id,owner_email,name\nX,y,z').catch(
      (e: Error) => e.message,
    );
    expect(missing).toMatch(
      /opportunities\.csv: missing column\(s\) amount, created_at, stage; the header has id, owner_email, name/,
    );
  });

  it('counts every rejected line but reports the first thousand, from reading and from SQL together', async () => {
    const t = await makeOrg(database.db);
    await run(database, t, 'opportunities', crm(t).opportunities);
    const lines = ['id,owner_email,type,occurred_at,opportunity_id,contact_level'];
    // Line n + 2: odd n a bad date (found while reading), even n an unknown opportunity (found in SQL).
    for (let n = 0; n < 1_500; n++)
      lines.push(
        n % 2 === 1
          ? `C${n},${t.r1.email},call,not a date,,`
          : `C${n},${t.r1.email},call,2026-05-04T09:00:00Z,MISSING${n},`,
      );
    lines.push(`C-ok,${t.r1.email},call,2026-05-04T09:00:00Z,O1,`);
    const summary = await run(database, t, 'activities', lines.join('\n'));
    expect(summary).toMatchObject({ inserted: 1, rejected: 1_500 });
    expect(summary.rejects).toHaveLength(1_000);
    expect(summary.rejects.map((r) => r.line)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 2));
    expect(summary.rejects[0]).toMatchObject({ line: 2, column: 'opportunity_id' });
    expect(summary.rejects[1]).toMatchObject({ line: 3, column: 'occurred_at' });
    const [counted] = await queryRows<{ n: number }>(
      database.db,
      sql`select coalesce(sum(count), 0)::int as n from activity_week_rollup where org_id = ${t.org.id}`,
    );
    expect(counted?.n).toBe(1);
  });

  it('commits nothing with --strict when a row is rejected, and nothing at all with --dry-run', async () => {
    const t = await makeOrg(database.db);
    const csv = crm(t).opportunities.concat(`\nO9,nobody@x.test,A,B,1,2026-05-04,Prospecting,,`);
    expect(await run(database, t, 'opportunities', csv, { strict: true })).toMatchObject({
      inserted: 0,
      rejected: 1,
    });
    expect(await run(database, t, 'opportunities', csv, { dryRun: true })).toMatchObject({
      inserted: 3,
      rejected: 1,
    });
    const n = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from opportunities where org_id = ${t.org.id}`,
    );
    expect(n[0]?.n).toBe(0);
  });

  it('exports what it imported: export → import into an empty org → export gives the same files', async () => {
    const t = await makeOrg(database.db);
    const files = crm(t);
    await run(database, t, 'opportunities', files.opportunities);
    await run(database, t, 'stage_history', files.stage_history);
    await run(database, t, 'activities', files.activities);
    const a = mkdtempSync(join(tmpdir(), 'tl-export-a-'));
    const b = mkdtempSync(join(tmpdir(), 'tl-export-b-'));
    try {
      const counts = await exportOrg(database, { orgId: t.org.id, dir: a });
      expect(counts).toEqual({ people: 7, opportunities: 3, stage_history: 7, activities: 3 });
      const empty = await createOrg(database.db, { slug: `e-${uniq()}` });
      const summary = await importDir(database, {
        orgId: empty.id,
        dir: a,
        now: NOW,
        request: { dryRun: false, strict: false },
      });
      expect(summary).toMatchObject({ rejected: 0, inserted: 7 + 3 + 7 + 3 });
      await exportOrg(database, { orgId: empty.id, dir: b });
      for (const f of [
        'funnel.csv',
        'people.csv',
        'opportunities.csv',
        'stage_history.csv',
        'activities.csv',
      ]) {
        expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
      }
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it("deletes an organisation's CRM rows and rollups with it (they have no foreign keys), and no one else's", async () => {
    const [gone, kept] = [await makeOrg(database.db), await makeOrg(database.db)];
    for (const t of [gone, kept]) {
      const files = crm(t);
      for (const kind of ['opportunities', 'stage_history', 'activities'] as const)
        expect(await run(database, t, kind, files[kind])).toMatchObject({ rejected: 0 });
    }
    const counts = (orgId: string) =>
      queryRows<{ n: number }>(
        database.db,
        sql`select (select count(*) from opportunities where org_id = ${orgId})
          + (select count(*) from stage_history where org_id = ${orgId})
          + (select count(*) from activities where org_id = ${orgId})
          + (select count(*) from stage_week_rollup where org_id = ${orgId})
          + (select count(*) from opportunity_week_rollup where org_id = ${orgId})
          + (select count(*) from activity_week_rollup where org_id = ${orgId}) as n`,
      ).then((rows) => Number(rows[0]?.n));
    const keptBefore = await counts(kept.org.id);
    expect(await counts(gone.org.id)).toBeGreaterThan(13);
    await deleteOrg(database.db, { orgId: gone.org.id });
    expect(await counts(gone.org.id)).toBe(0);
    expect(await counts(kept.org.id)).toBe(keptBefore);
  });

  it('keeps the first line of a repeated key, or no line if that one is rejected', async () => {
    const t = await makeOrg(database.db);
    const files = crm(t);
    await run(database, t, 'opportunities', files.opportunities);
    const r1 = t.r1.email;
    const summary = await run(
      database,
      t,
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `A1,${r1},call,2026-05-04T09:00:00Z,NOPE,c_level`,
        `A1,${r1},call,2026-05-04T09:00:00Z,O1,c_level`,
        `A2,${r1},email,2026-05-05T09:00:00Z,,`,
        `A2,${r1},email,2026-05-06T09:00:00Z,O1,vp`,
      ].join('\n'),
    );
    expect(summary).toMatchObject({ inserted: 1, rejected: 3 });
    expect(summary.rejects.map((r) => [r.line, r.column])).toEqual([
      [2, 'opportunity_id'],
      [3, 'id'],
      [5, 'id'],
    ]);
    const rows = await queryRows(
      database.db,
      sql`select crm_id, opportunity_id, contact_level from activities where org_id = ${t.org.id}`,
    );
    expect(rows).toEqual([{ crm_id: 'A2', opportunity_id: null, contact_level: null }]);
    const rollups = () =>
      queryRows(
        database.db,
        sql`select (select coalesce(sum(count), 0)::int from activity_week_rollup where org_id = ${t.org.id}) as activities,
                   (select coalesce(sum(senior_reached), 0)::int from opportunity_week_rollup where org_id = ${t.org.id}) as senior`,
      );
    expect(await rollups()).toEqual([{ activities: 1, senior: 0 }]);
    await rebuildRollups(database.db, t.org.id, DEFAULT_FUNNEL);
    expect(await rollups()).toEqual([{ activities: 1, senior: 0 }]);
  });
});

describe('import jobs', () => {
  it('record how many rows each job read, people included', async () => {
    const t = await makeOrg(database.db);
    const people = await run(
      database,
      t,
      'people',
      [
        'email,name,role,manager_email,team,start_date',
        'a@rows.test,A Person,rep,,,',
        'b@rows.test,B Person,rep,,,',
      ].join('\n'),
    );
    const opps = await run(database, t, 'opportunities', crm(t).opportunities);
    const read = await queryRows<{ id: string; rows_read: number }>(
      database.db,
      sql`select id, rows_read from import_jobs where org_id = ${t.org.id}`,
    );
    const byId = new Map(read.map((r) => [r.id, r.rows_read]));
    expect(byId.get(people.jobId)).toBe(2);
    expect(byId.get(opps.jobId)).toBe(3);
  });
});
