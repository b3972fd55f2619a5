import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { crm, expectRollupsUpToDate, run } from '../helpers/crm.js';
import { onPostgres, testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

/**
 * Each case runs as it comes and, on PGlite, with its bulk work cut into slices of a few rows
 * (`db/slices.ts`), so files of a few lines go through every sliced statement of the import.
 */
const variants = [
  { name: 'whole', sliceScale: 1 },
  ...(onPostgres ? [] : [{ name: 'in slices of a few rows', sliceScale: 1e-4 }]),
];

describe.each(variants)('CRM import keeps the rollups the diagnosis reads ($name)', ({ sliceScale }) => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase({ sliceScale });
  });
  afterAll(async () => database.close());

  it('keeps rollups equal to a full recomputation after inserts, updates and owner changes', async () => {
    const t = await makeOrg(database.db);
    const files = crm(t);
    await run(database, t, 'opportunities', files.opportunities);
    await run(database, t, 'stage_history', files.stage_history);
    await run(database, t, 'activities', files.activities);
    // O3 advances and changes hands; an activity moves to another week and rep.
    await run(
      database,
      t,
      'opportunities',
      files.opportunities.replace(
        `O3,${t.r2.email},Gamma,Gamma pilot,5000,2026-05-06,Proposal`,
        `O3,${t.r1.email},Gamma,Gamma pilot,5000,2026-05-06,Negotiation`,
      ),
    );
    await run(database, t, 'stage_history', `${files.stage_history}\nO3,Negotiation,2026-06-10`);
    await run(
      database,
      t,
      'activities',
      files.activities.replace(
        `A3,${t.r2.email},meeting,2026-05-06T09:00:00Z`,
        `A3,${t.r1.email},meeting,2026-06-16T09:00:00Z`,
      ),
    );
    // Senior reach changes: O1 loses its only C-level contact, O2 gains one through a new activity.
    await run(
      database,
      t,
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `A1,${t.r1.email},call,2026-05-04T09:00:00Z,O1,manager`,
        `A2,${t.r1.email},email,2026-05-05T09:00:00Z,,`,
        `A3,${t.r1.email},meeting,2026-06-16T09:00:00Z,O3,vp`,
        `A4,${t.r2.email},demo,2026-05-20T09:00:00Z,O2,c_level`,
      ].join('\n'),
    );
    const incremental = await expectRollupsUpToDate(database, t.org.id);
    expect(incremental.stages).toContainEqual(
      expect.objectContaining({ owner_id: t.r1.id, stage: 'Proposal', week: '2026-05-18', advanced: 1 }),
    );
    expect(incremental.stages.some((r) => (r as { owner_id: string }).owner_id === t.r2.id)).toBe(false);
    const reached = (incremental.deals as { senior_reached: number }[]).reduce(
      (n, d) => n + d.senior_reached,
      0,
    );
    expect(reached).toBe(2); // O2 and O3, not O1
  });

  it('counts activities into the same weeks as a recomputation, with rejected lines and without the counter', async () => {
    const t = await makeOrg(database.db);
    await run(database, t, 'opportunities', crm(t).opportunities);
    const r1 = t.r1.email;
    const r2 = t.r2.email;
    const matchesRecomputation = async () => (await expectRollupsUpToDate(database, t.org.id)).activities;
    // Sunday night and Monday morning in UTC, an offset that crosses into Monday, rejected lines.
    const first = await run(
      database,
      t,
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `B1,${r1},call,2026-01-04T23:59:59Z,,`,
        `B2,${r1},call,2026-01-05T00:00:00Z,,`,
        `B3,${r1},Call,2026-01-04T22:30:00-02:00,,`,
        `B4,${r2},email,2025-12-31T12:00:00Z,O1,vp`,
        `B1,${r2},demo,2026-03-01T09:00:00Z,,`,
        `B5,${r2},demo,2026-03-01T09:00:00Z,NOPE,`,
        `B6,nobody@example.com,demo,2026-03-01T09:00:00Z,,`,
      ].join('\n'),
    );
    expect(first).toMatchObject({ inserted: 4, rejected: 3 });
    expect(await matchesRecomputation()).toEqual(
      [
        { owner_id: t.r1.id, type: 'call', week: '2025-12-29', count: 1 },
        { owner_id: t.r1.id, type: 'call', week: '2026-01-05', count: 2 },
        { owner_id: t.r2.id, type: 'email', week: '2025-12-29', count: 1 },
      ].sort((a, b) => (a.owner_id + a.type + a.week < b.owner_id + b.type + b.week ? -1 : 1)),
    );
    // A row from before 1970 makes the import count in SQL instead; changed rows move their counts.
    await run(
      database,
      t,
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `B1,${r2},call,2026-01-04T23:59:59Z,,`,
        `B7,${r1},meeting,1969-07-20T20:17:00Z,,`,
        `B8,${r1},meeting,2026-01-06T10:00:00Z,,`,
        `B8,${r1},meeting,2026-01-07T10:00:00Z,,`,
      ].join('\n'),
    );
    const second = await matchesRecomputation();
    expect(second).toContainEqual({ owner_id: t.r1.id, type: 'meeting', week: '1969-07-14', count: 1 });
    expect(second).toContainEqual({ owner_id: t.r2.id, type: 'call', week: '2025-12-29', count: 1 });
    expect(second).not.toContainEqual(expect.objectContaining({ owner_id: t.r1.id, week: '2025-12-29' }));
  });

  it('rebuilds the rollups when an activities merge fails after writing began, and a re-run finishes it', async () => {
    const t = await makeOrg(database.db);
    const files = crm(t);
    await run(database, t, 'opportunities', files.opportunities);
    await run(database, t, 'activities', files.activities);
    const lines = [
      'id,owner_email,type,occurred_at,opportunity_id,contact_level',
      `A1,${t.r2.email},call,2026-05-11T09:00:00Z,O2,vp`, // changed: another rep, week and opportunity
      `A2,${t.r1.email},email,2026-05-05T09:00:00Z,,`,
    ];
    for (let n = 4; n <= 40; n++)
      lines.push(
        `A${n},${n % 2 ? t.r1.email : t.r2.email},demo,2026-05-${String(4 + (n % 20)).padStart(2, '0')}T09:00:00Z,O3,c_level`,
      );
    const file = lines.join('\n');
    // The database refuses one new row: an insert fails after the rollups' transaction committed.
    const refuse = `refuse_${t.org.id.replaceAll('-', '')}`;
    await database.db.execute(
      sql.raw(`create function ${refuse}() returns trigger language plpgsql as $$ begin
        if new.org_id = '${t.org.id}' and new.crm_id = 'A39' then raise exception 'refused for the test'; end if;
        return new; end $$`),
    );
    await database.db.execute(
      sql.raw(
        `create trigger ${refuse} before insert on activities for each row execute function ${refuse}()`,
      ),
    );
    try {
      await expect(run(database, t, 'activities', file)).rejects.toThrow();
    } finally {
      await database.db.execute(sql.raw(`drop trigger ${refuse} on activities`));
      await database.db.execute(sql.raw(`drop function ${refuse}()`));
    }
    await expectRollupsUpToDate(database, t.org.id);
    const [job] = await queryRows<{ status: string; error: string }>(
      database.db,
      sql`select status, error from import_jobs where org_id = ${t.org.id} and status = 'failed'`,
    );
    // The job says why in a person's words, not with the failed SQL.
    expect(job).toMatchObject({ status: 'failed', error: 'database error: refused for the test' });
    // Run again: every row of the file is there once, and the rollups are what a clean run gives.
    await run(database, t, 'activities', file);
    const stored = await queryRows<{ n: number; a1: string }>(
      database.db,
      sql`select count(*)::int as n, max(owner_id::text) filter (where crm_id = 'A1') as a1
          from activities where org_id = ${t.org.id}`,
    );
    expect(stored).toEqual([{ n: 40, a1: t.r2.id }]);
    const final = await expectRollupsUpToDate(database, t.org.id);
    expect(final.activities.reduce((n, r) => n + r.count, 0)).toBe(40);
  });

  it.skipIf(sliceScale !== 1)(
    'inserts a file larger than one slice (the embedded database inserts in slices) whole, with rollups equal to a recount',
    async () => {
      const t = await makeOrg(database.db);
      await run(database, t, 'opportunities', crm(t).opportunities);
      const lines = ['id,owner_email,type,occurred_at,opportunity_id,contact_level'];
      const owners = [t.r1.email, t.r2.email, t.r3.email];
      for (let i = 0; i < 90_000; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        lines.push(
          `B${i},${owners[i % 3]},${i % 5 === 0 ? 'meeting' : 'call'},2026-05-${day}T09:00:00Z,${i % 7 === 0 ? 'O1' : ''},${i % 11 === 0 ? 'vp' : ''}`,
        );
      }
      const summary = await run(database, t, 'activities', lines.join('\n'));
      expect(summary).toMatchObject({ inserted: 90_000, rejected: 0 });
      const [stored] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from activities where org_id = ${t.org.id}`,
      );
      expect(stored?.n).toBe(90_000);
      await expectRollupsUpToDate(database, t.org.id);
    },
    60_000,
  );
});
