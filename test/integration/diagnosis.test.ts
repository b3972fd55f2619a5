import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDeals } from '../../src/core/synthetic.js';
import { totalsFromDeals } from '../../src/core/syntheticTotals.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { writeSyntheticOrg } from '../../src/features/crm/generate.js';
import { importDir, refreshStaleRollups } from '../../src/features/crm/service.js';
import { createDemo } from '../../src/features/demo/service.js';
import { diagnoseReps } from '../../src/features/diagnosis/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import type { Person } from '../../src/features/people/contract.js';
import { listPeople, updatePerson } from '../../src/features/people/service.js';
import type { App } from '../../src/server/app.js';
import { crm, run } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, uniq } from '../helpers/factories.js';
import { signedInAs, testApp } from '../helpers/http.js';

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'touchline-diagnosis-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('diagnosis on the demo organisation', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  let demo: Awaited<ReturnType<typeof createDemo>>;
  let app: App['app'];
  let maria: Person;
  let john: Person;
  beforeAll(async () => {
    demo = await createDemo(database, { now });
    app = (await testApp(database)).app;
    const cast = await listPeople(database.db, { orgId: demo.org.id });
    const find = (handle: string) => cast.find((p) => p.email === `${handle}@demo.touchline.test`);
    const [m, j] = [find('maria'), find('john')];
    if (!m || !j) throw new Error('demo cast missing');
    [maria, john] = [m, j];
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it('names John’s closing gap and Sheila’s prospecting gap first', async () => {
    const d = await diagnoseReps(database.db, { orgId: demo.org.id, target: 'org', asOf: now });
    const rep = (handle: string) => d.reps.find((r) => r.email.startsWith(`${handle}@`));
    expect(rep('john')?.gaps[0]).toMatchObject({
      metric: 'conversion',
      stage: 'Negotiation',
      skill: 'closing',
    });
    expect(rep('john')?.gaps[0]?.impact).toBeGreaterThan(0);
    const sheila = rep('sheila')?.gaps[0];
    expect(sheila?.skill).toBe('prospecting');
    expect(
      sheila?.metric === 'new_opportunities' ||
        (sheila?.metric === 'conversion' && sheila.stage === 'Prospecting'),
    ).toBe(true);
  });

  it('leaves ramping hires unjudged on volume and lists only reps, sorted by email', async () => {
    const d = await diagnoseReps(database.db, { orgId: demo.org.id, target: 'org', asOf: now });
    expect(d.reps.filter((r) => r.ramping).length).toBeGreaterThan(0);
    expect(d.reps.map((r) => r.email)).toEqual([...d.reps.map((r) => r.email)].sort());
  });

  it('shows Maria her own reps through the team API, in the funnel’s stages', async () => {
    const asMaria = await signedInAs(app, database, demo.org.id, maria);
    const team = await asMaria.request('GET', `/api/diagnosis/team/${maria.id}?asOf=2026-11-22`);
    expect(team.statusCode).toBe(200);
    const body = team.json() as { reps: { email: string; manager: string }[]; stages: string[] };
    expect(body.reps.length).toBeGreaterThan(3);
    expect(body.reps.every((r) => r.manager === 'maria@demo.touchline.test')).toBe(true);
    expect(body.stages).toEqual(['Prospecting', 'Meeting', 'Discovery', 'Proposal', 'Negotiation']);
  });

  it('answers a window outside the contract’s limits, or a person who is not a rep, with a clear 400', async () => {
    const asMaria = await signedInAs(app, database, demo.org.id, maria);
    const bad = await asMaria.request('GET', `/api/diagnosis/team/${maria.id}?windowDays=5`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('use a whole number of days from 28 to 730');
    const notRep = await asMaria.request('GET', `/api/diagnosis/reps/${maria.id}`);
    expect(notRep.statusCode).toBe(400);
    expect(notRep.body).toContain('the diagnosis covers reps');
  });

  it('turns a rep away from the team page and shows them their own diagnosis', async () => {
    const asJohn = await signedInAs(app, database, demo.org.id, john);
    expect((await asJohn.request('GET', `/api/diagnosis/team/${maria.id}`)).statusCode).toBe(403);
    const own = await asJohn.request('GET', `/api/diagnosis/reps/${john.id}?asOf=2026-11-22`);
    expect(own.statusCode).toBe(200);
    expect((own.json() as { reps: { gaps: { skill: string }[] }[] }).reps[0]?.gaps[0]?.skill).toBe('closing');
  });
});

describe('diagnosis input read from the rollups', () => {
  it('equals a direct count over the generated rows, today and as of an earlier date', async () => {
    // A Monday at midnight, so the window of whole weeks and the window of days coincide.
    const now = new Date('2026-11-02T00:00:00Z');
    const gen = { reps: 12, weeks: 30, seed: 7, now, opportunitiesPerWeek: 4, domain: `${uniq()}.test` };
    const { reps } = await writeSyntheticOrg(dir, gen);
    const org = await createOrg(database.db, { slug: uniq(), name: 'Generated' });
    const summary = await importDir(database, {
      orgId: org.id,
      dir,
      now,
      request: { dryRun: false, strict: false },
    });
    expect(summary.rejected).toBe(0);
    for (const weeksBack of [0, 6]) {
      const end = new Date(now.getTime() - weeksBack * 7 * 86_400_000);
      const asOf = new Date(end.getTime() - 86_400_000); // the Sunday before `end`
      const expected = totalsFromDeals(reps, syntheticDeals(reps, gen), {
        now: end,
        windowDays: 84,
        rampWeeks: 22,
      });
      const d = await diagnoseReps(database.db, { orgId: org.id, target: 'org', asOf, windowDays: 84 });
      for (const want of expected) {
        const got = d.reps.find((r) => r.email === want.email);
        const kpi = (id: string, key?: string) => got?.kpis.find((k) => k.kpi === id && k.key === key);
        for (const s of want.totals.stages) {
          expect(kpi('conversion', s.stage)?.n, `${want.email} ${s.stage} resolved`).toBe(
            s.advanced + s.lost,
          );
          if (s.advanced + s.lost > 0)
            expect(kpi('conversion', s.stage)?.value).toBeCloseTo(s.advanced / (s.advanced + s.lost), 9);
        }
        expect(kpi('win_rate')?.n, `${want.email} closed`).toBe(want.totals.won + want.totals.lost);
        expect(kpi('c_level_engagement')?.n, `${want.email} created`).toBe(want.totals.created);
        expect(kpi('open_pipeline')?.value).toBeCloseTo(want.totals.openPipelineMinor / 100, 2);
        if (want.totals.won > 0)
          expect(kpi('avg_won_deal')?.value).toBeCloseTo(
            want.totals.wonAmountMinor / 100 / want.totals.won,
            2,
          );
      }
    }
  }, 120_000);
});

describe('rollups after an upgrade', () => {
  it('rebuilds rollups that a migration emptied, and leaves current ones alone', async () => {
    const now = new Date('2026-11-02T00:00:00Z');
    const gen = { reps: 6, weeks: 12, seed: 3, now, opportunitiesPerWeek: 3, domain: `${uniq()}.test` };
    await writeSyntheticOrg(join(dir, 'upgrade'), gen);
    const org = await createOrg(database.db, { slug: uniq(), name: 'Upgraded' });
    await importDir(database, {
      orgId: org.id,
      dir: join(dir, 'upgrade'),
      now,
      request: { dryRun: false, strict: false },
    });
    // Sorted on every column (the first five do not identify a stage rollup row: resolved_week is eighth).
    const snapshot = () =>
      Promise.all(
        ['stage_week_rollup', 'opportunity_week_rollup', 'activity_week_rollup'].map(async (t) =>
          (await queryRows(database.db, sql`select * from ${sql.raw(t)} where org_id = ${org.id}`))
            .map((row) => JSON.stringify(row))
            .sort(),
        ),
      );
    const before = await snapshot();
    expect(before[0]?.length).toBeGreaterThan(0);
    expect(await refreshStaleRollups(database.db, { orgId: org.id })).toBe(false);
    // What migration 0004 does to data from an earlier version: the reshaped rollups are empty.
    await database.db.execute(sql`delete from stage_week_rollup where org_id = ${org.id}`);
    await database.db.execute(sql`delete from opportunity_week_rollup where org_id = ${org.id}`);
    expect(await refreshStaleRollups(database.db, { orgId: org.id })).toBe(true);
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});

describe('diagnoses kept between requests', () => {
  it('are served again until an import lands or someone’s place changes, and never after', async () => {
    const t = await makeOrg(database.db);
    const asOf = new Date('2026-06-30T12:00:00Z');
    const team = () => diagnoseReps(database.db, { orgId: t.org.id, target: { managerId: t.m1.id }, asOf });
    await run(database, t, 'opportunities', crm(t).opportunities);
    const first = await team();
    expect(await team()).toBe(first); // the same object: kept, not computed again
    const won = (d: typeof first) =>
      d.reps.find((r) => r.id === t.r1.id)?.kpis.find((k) => k.kpi === 'win_rate')?.n;
    expect(won(first)).toBe(2);

    await run(
      database,
      t,
      'opportunities',
      [
        'id,owner_email,account,name,amount,created_at,stage,closed_at,won',
        `O9,${t.r1.email},Delta,Delta deal,900,2026-05-10,Won,2026-06-05,true`,
      ].join('\n'),
    );
    const afterImport = await team();
    expect(afterImport).not.toBe(first);
    expect(won(afterImport)).toBe(3);

    await updatePerson(database.db, {
      orgId: t.org.id,
      personId: t.r2.id,
      patch: { startDate: '2026-06-01' },
    });
    const afterPeople = await team();
    expect(afterPeople).not.toBe(afterImport);
    expect(afterPeople.reps.find((r) => r.id === t.r2.id)?.ramping).toBe(true);
  });
});
