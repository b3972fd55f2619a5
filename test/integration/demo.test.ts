import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { createDemo } from '../../src/features/demo/service.js';
import { listPips } from '../../src/features/goals/pipsRead.js';
import { listAllGoals } from '../../src/features/goals/service.js';
import { cadenceAdherence } from '../../src/features/oneOnOnes/adherence.js';
import { listSeries } from '../../src/features/oneOnOnes/series.js';
import { checkCredentials, findPersonByEmail, listPeople } from '../../src/features/people/service.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

const NOW = new Date('2026-06-30T12:00:00Z');

describe('demo organisation', () => {
  it('tells the brief’s story: Maria’s team with John and Sheila, Omar’s team, a leader above both', async () => {
    const demo = await createDemo(database, { now: NOW });
    expect(demo.created).toBe(true);
    expect(demo.org).toMatchObject({ slug: 'demo', currency: 'USD' });
    const people = await listPeople(database.db, { orgId: demo.org.id });
    const byHandle = new Map(people.map((p) => [p.email.split('@')[0], p]));
    expect(people.filter((p) => p.role === 'rep').length).toBeGreaterThanOrEqual(12);
    const maria = byHandle.get('maria');
    expect(maria?.role).toBe('manager');
    expect(byHandle.get('john')?.managerId).toBe(maria?.id);
    expect(byHandle.get('sheila')?.managerId).toBe(maria?.id);
    expect(byHandle.get('omar')?.managerId).toBe(byHandle.get('leader')?.id);
    expect(byHandle.get('admin')?.role).toBe('admin');
    // History ends on the day it is created: start dates are relative to it.
    expect(byHandle.get('kofi')?.startDate).toBe('2026-05-16');
    expect(demo.logins).toContainEqual({
      role: 'manager',
      email: 'maria@demo.touchline.test',
      password: 'touchline-demo',
    });
    const signIn = await checkCredentials(database.db, {
      email: 'sheila@demo.touchline.test',
      password: 'touchline-demo',
    });
    expect(signIn.matches.map((s) => s.orgId)).toEqual([demo.org.id]);
  });

  it('carries a year of CRM history in which John loses at Negotiation and Sheila creates few deals', async () => {
    const demo = await createDemo(database, { now: NOW, reset: true });
    const byRep = await queryRows<{
      handle: string;
      created: number;
      negotiation_in: number;
      negotiation_won: number;
    }>(
      database.db,
      sql`select split_part(p.email, '@', 1) as handle,
            count(distinct o.crm_id)::int as created,
            count(*) filter (where h.stage = 'Negotiation')::int as negotiation_in,
            count(*) filter (where h.stage = 'Won')::int as negotiation_won
          from people p
          join opportunities o on o.org_id = p.org_id and o.owner_id = p.id
          join stage_history h on h.org_id = o.org_id and h.opportunity_id = o.crm_id
          where p.org_id = ${demo.org.id} and p.role = 'rep'
          group by 1`,
    );
    const get = (h: string) =>
      byRep.find((r) => r.handle === h) ?? { created: 0, negotiation_in: 0, negotiation_won: 0 };
    const others = byRep.filter((r) => !['john', 'sheila', 'kofi', 'sofia'].includes(r.handle));
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const closeRate = (r: { negotiation_in: number; negotiation_won: number }) =>
      r.negotiation_won / Math.max(1, r.negotiation_in);
    expect(closeRate(get('john'))).toBeLessThan(0.75 * median(others.map(closeRate)));
    expect(closeRate(get('sheila'))).toBeGreaterThan(median(others.map(closeRate)));
    expect(get('sheila').created).toBeLessThan(0.6 * median(others.map((r) => r.created)));
    expect(get('john').created).toBeGreaterThan(median(others.map((r) => r.created)));
    const rollups = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from stage_week_rollup where org_id = ${demo.org.id}`,
    );
    expect(rollups[0]?.n).toBeGreaterThan(100);
  });

  it('gives every rep a weekly one-on-one (and every manager one with the leader), past meetings and the next one', async () => {
    const demo = await createDemo(database, { now: NOW, reset: true });
    const series = await listSeries(database.db, { orgId: demo.org.id, now: NOW });
    const everyone = await listPeople(database.db, { orgId: demo.org.id });
    const reps = everyone.filter((p) => p.role === 'rep');
    const managers = everyone.filter((p) => p.role === 'manager');
    // Every rep with their manager, and every manager with the leader (every other week).
    expect(new Set(series.map((s) => s.rep.id))).toEqual(new Set([...reps, ...managers].map((r) => r.id)));
    expect(series.filter((s) => managers.some((m) => m.id === s.rep.id)).map((s) => s.cadence)).toEqual([
      'biweekly',
      'biweekly',
    ]);
    for (const s of series) {
      expect(s.heldCount, s.rep.name).toBeGreaterThan(0);
      expect(Date.parse(s.next?.startsAt ?? ''), s.rep.name).toBeGreaterThan(NOW.getTime());
    }
    const [notes] = await queryRows<{ shared: number; private: number; actions: number; open: number }>(
      database.db,
      sql`select (select count(*)::int from one_on_one_notes where org_id = ${demo.org.id} and kind = 'shared') as shared,
                 (select count(*)::int from one_on_one_notes where org_id = ${demo.org.id} and kind = 'private') as private,
                 (select count(*)::int from one_on_one_actions where org_id = ${demo.org.id}) as actions,
                 (select count(*)::int from one_on_one_actions where org_id = ${demo.org.id} and done_at is null) as open`,
    );
    expect(notes?.private).toBeGreaterThan(10);
    expect(notes?.open).toBeGreaterThan(0);
    expect(notes?.open).toBeLessThan(notes?.actions ?? 0);
    // Maria holds every meeting; Omar skipped some, and adherence says so.
    const leader = await findPersonByEmail(database.db, {
      orgId: demo.org.id,
      email: 'leader@demo.touchline.test',
    });
    const adherence = await cadenceAdherence(database.db, {
      orgId: demo.org.id,
      managerId: leader?.id ?? '',
      now: NOW,
    });
    const rate = (name: string) => adherence.managers.find((m) => m.manager.name.startsWith(name))?.rate ?? 0;
    expect(rate('Maria')).toBeGreaterThan(0.95);
    expect(rate('Omar')).toBeLessThan(0.9);
  });

  it('gives most reps a goal — some on track, some not — and Tom an improvement plan in progress', async () => {
    const demo = await createDemo(database, { now: NOW, reset: true });
    const today = NOW.toISOString().slice(0, 10);
    const goals = (await listAllGoals(database.db, { orgId: demo.org.id, today })).filter((g) => !g.pipId);
    const reps = (await listPeople(database.db, { orgId: demo.org.id })).filter((p) => p.role === 'rep');
    const withGoals = new Set(goals.filter((g) => g.ownerKind === 'rep').map((g) => g.owner.id));
    expect(withGoals.size).toBeGreaterThan(reps.length / 2);
    const statuses = new Set(goals.map((g) => g.progress.status));
    expect(statuses.has('on_track')).toBe(true);
    expect(statuses.has('off_track') || statuses.has('at_risk')).toBe(true);
    expect(goals.filter((g) => g.ownerKind === 'team')).toHaveLength(2);
    const { pips } = await listPips(database.db, { actor: null, orgId: demo.org.id });
    expect(pips.map((p) => [p.rep.name, p.manager.name, p.status])).toEqual([
      ['Tom O’Brien', 'Omar Haddad', 'active'],
    ]);
  });

  it('is a no-op when it exists, and --reset replaces the demo org and nothing else', async () => {
    const other = await makeOrg(database.db);
    const first = await createDemo(database, { now: NOW });
    const again = await createDemo(database, { now: NOW });
    expect(again.created).toBe(false);
    expect(again.org.id).toBe(first.org.id);
    const reset = await createDemo(database, { now: NOW, reset: true });
    expect(reset.created).toBe(true);
    expect(reset.org.id).not.toBe(first.org.id);
    expect(
      await findPersonByEmail(database.db, { orgId: other.org.id, email: other.r1.email }),
    ).toMatchObject({
      id: other.r1.id,
    });
  });
});
