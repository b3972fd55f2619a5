import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { errorMessage, queryRows } from '../../src/db/sql.js';
import type { Goal, GoalCheck, GoalRollup, Pip } from '../../src/features/goals/contract.js';
import { deleteOrg } from '../../src/features/orgs/service.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

/**
 * Issue 15 over HTTP: goals with a live SMART check, a baseline from the data and progress; the
 * team roll-up; a PIP from draft through review, acknowledgment, check-in and extension to close,
 * every step in its append-only history; and who may read a PIP.
 */
const NOW = new Date('2026-12-01T12:00:00Z');
let database: Database;
let app: App;
let t: TestOrg;
const as: Record<string, Client> = {};

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database, () => NOW);
  t = await makeOrg(database.db);
  for (const [k, p] of Object.entries({
    admin: t.admin,
    leader: t.leader,
    m1: t.m1,
    m2: t.m2,
    r1: t.r1,
    r2: t.r2,
  }))
    as[k] = await signedInAs(app.app, database, t.org.id, p, NOW);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

const json = <T>(res: { statusCode: number; body: string }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as T;
};
const client = (k: string): Client => {
  const c = as[k];
  if (!c) throw new Error(`no client ${k}`);
  return c;
};

const goal = {
  title: 'Two new opportunities a week',
  kpi: 'new_opportunities',
  target: 2,
  dueOn: '2027-02-28',
  checkIns: ['2026-12-29', '2027-01-26'],
};

let teamGoalId = '';

describe('SMART goals', () => {
  it('checks a draft live and fills the baseline from the data, without saving anything', async () => {
    const check = json<GoalCheck>(
      await client('m1').request('POST', `/api/people/${t.r1.id}/goal-check`, goal),
    );
    expect(check.smart.map((s) => s.letter)).toEqual([
      'specific',
      'measurable',
      'attainable',
      'relevant',
      'time_bound',
    ]);
    expect(check.baseline).toBe(0);
    expect(check.unit).toBe('a week');
    expect(check.smart.find((s) => s.letter === 'relevant')).toMatchObject({ status: 'warning' });
    const vague = json<GoalCheck>(
      await client('m1').request('POST', `/api/people/${t.r1.id}/goal-check`, {
        ...goal,
        kpi: null,
        outcome: 'Do better',
        unit: 'deals',
      }),
    );
    expect(vague.smart[0]).toMatchObject({ letter: 'specific', status: 'warning' });
    const listed = json<{ goals: Goal[] }>(await client('m1').request('GET', `/api/people/${t.r1.id}/goals`));
    expect(listed.goals).toEqual([]);
  });

  it('sets a team goal and a rep goal rolling up into it; the roll-up shows both', async () => {
    const team = json<Goal>(
      await client('m1').request('POST', `/api/people/${t.m1.id}/goals`, {
        ...goal,
        title: 'Team: more pipeline',
      }),
      201,
    );
    teamGoalId = team.id;
    expect(team.ownerKind).toBe('team');
    const mine = json<Goal>(
      await client('m1').request('POST', `/api/people/${t.r1.id}/goals`, { ...goal, parentId: team.id }),
      201,
    );
    expect(mine).toMatchObject({ baseline: 0, actual: 0, ownerKind: 'rep', parentId: team.id });
    expect(mine.smart.find((s) => s.letter === 'relevant')?.status).toBe('pass');
    expect(mine.progress.status).toBe('on_track'); // day one: nothing expected yet
    const rollup = json<GoalRollup>(await client('m1').request('GET', `/api/people/${t.m1.id}/goal-rollup`));
    expect(rollup.teamGoals.map((g) => [g.title, g.children.map((c) => c.owner.name)])).toEqual([
      ['Team: more pipeline', [t.r1.name]],
    ]);
    expect(rollup.reps.find((r) => r.rep.id === t.r1.id)?.counts.on_track).toBe(1);
    // A rep cannot set goals; another manager's team goal is not a parent.
    expect((await client('r1').request('POST', `/api/people/${t.r1.id}/goals`, goal)).statusCode).toBe(403);
  });

  it('refuses a bad goal with the field to fix, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...goal, kpi: 'conversion' }, 'kpiKey'],
      [{ ...goal, kpi: 'conversion', kpiKey: 'Nowhere' }, 'kpiKey'],
      [{ ...goal, dueOn: '2026-11-01' }, 'dueOn'],
      [{ ...goal, checkIns: ['2028-01-01'] }, 'checkIns.0'],
      [{ ...goal, kpi: null, outcome: 'Run a pricing workshop for the team', unit: '' }, 'unit'],
      [{ ...goal, kpi: null }, 'outcome'],
      [{ ...goal, target: 'two' }, 'target'],
    ];
    for (const [body, path] of cases) {
      const res = await client('m1').request('POST', `/api/people/${t.r2.id}/goals`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.parse(res.body).errors[0].path).toContain(path);
    }
    const parentOfOther = await client('m2').request('POST', `/api/people/${t.r3.id}/goals`, {
      ...goal,
      parentId: teamGoalId,
    });
    expect(parentOfOther.statusCode).toBe(400);
    expect(
      json<{ goals: Goal[] }>(await client('m1').request('GET', `/api/people/${t.r2.id}/goals`)).goals,
    ).toEqual([]);
  });

  it('lets the organisation set the largest stretch the check allows', async () => {
    expect(
      (await client('m1').request('PUT', '/api/goal-settings', { maxImprovement: 0.2 })).statusCode,
    ).toBe(403);
    const bad = await client('leader').request('PUT', '/api/goal-settings', { maxImprovement: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('beyond +300%');
    json(await client('leader').request('PUT', '/api/goal-settings', { maxImprovement: 0.2 }));
    expect(
      json<{ maxImprovement: number }>(await client('r1').request('GET', '/api/goal-settings'))
        .maxImprovement,
    ).toBe(0.2);
    // (How the stretch changes the verdict is the SMART check's unit test; this org has no CRM data.)
    json(await client('leader').request('PUT', '/api/goal-settings', { maxImprovement: 0.5 }));
  });

  it('measures a described outcome by hand, never a KPI goal', async () => {
    const workshop = json<Goal>(
      await client('m1').request('POST', `/api/people/${t.r2.id}/goals`, {
        ...goal,
        kpi: null,
        title: 'Pricing workshops',
        outcome: 'Run three pricing workshops for new hires',
        unit: 'workshops',
        target: 3,
      }),
      201,
    );
    const measured = json<Goal>(
      await client('m1').request('PATCH', `/api/goals/${workshop.id}`, { manualActual: 3 }),
    );
    expect(measured.progress.status).toBe('done');
    const kpiGoal = json<{ goals: Goal[] }>(await client('m1').request('GET', `/api/people/${t.r1.id}/goals`))
      .goals[0];
    const typed = await client('m1').request('PATCH', `/api/goals/${kpiGoal?.id}`, { manualActual: 5 });
    expect(typed.statusCode).toBe(400);
    expect(typed.body).toContain('measured from the imported data');
  });
});

const draft = {
  concern: 'Activity and pipeline creation are well below the team for the last quarter.',
  examples: [
    { on: '2026-10-15', text: 'No new opportunities created in the weeks of 5 and 12 October.' },
    { on: '2026-11-20', text: 'Three prospecting blocks agreed in one-on-ones were not held.' },
  ],
  expectations: [{ title: 'Two new opportunities a week', kpi: 'new_opportunities', target: 2 }],
  support: [
    { kind: 'coaching', text: 'Weekly one-on-one on prospecting' },
    { kind: 'ride_along', text: 'Two call-blocks with Maria each week' },
  ],
  consequences: 'If the expectations are not met by the end of the plan, a change of role will be discussed.',
  durationDays: 60,
};

describe('performance improvement plans', () => {
  let pipId = '';
  it('goes from draft through review, acknowledgment, check-in and extension to close', async () => {
    const drafted = json<Pip>(await client('m1').request('POST', `/api/people/${t.r1.id}/pips`, draft), 201);
    pipId = drafted.id;
    expect(drafted).toMatchObject({ status: 'draft', checkInEveryDays: 7 });
    expect(drafted.snapshot.rows.length).toBeGreaterThan(0);
    expect(drafted.expectations.map((e) => [e.kpi, e.target, e.pipId])).toEqual([
      ['new_opportunities', 2, pipId],
    ]);
    // The author cannot review their own plan; it must be submitted first anyway.
    expect((await client('m1').request('POST', `/api/pips/${pipId}/submit`)).statusCode).toBe(200);
    expect(
      (await client('m1').request('POST', `/api/pips/${pipId}/review`, { approve: true })).statusCode,
    ).toBe(403);
    const noNote = await client('leader').request('POST', `/api/pips/${pipId}/review`, { approve: false });
    expect(noNote.statusCode).toBe(400);
    const back = json<Pip>(
      await client('leader').request('POST', `/api/pips/${pipId}/review`, {
        approve: false,
        note: 'Add a dated example of the missed blocks.',
      }),
    );
    expect(back.status).toBe('draft');
    json(await client('m1').request('PUT', `/api/pips/${pipId}`, { ...draft, durationDays: 30 }));
    json(await client('m1').request('POST', `/api/pips/${pipId}/submit`));
    // The rep cannot acknowledge before it starts.
    expect((await client('r1').request('POST', `/api/pips/${pipId}/acknowledge`, {})).statusCode).toBe(409);
    const active = json<Pip>(
      await client('admin').request('POST', `/api/pips/${pipId}/review`, { approve: true }),
    );
    expect(active).toMatchObject({ status: 'active', startOn: '2026-12-01', endOn: '2026-12-31' });
    expect(active.checkInDates).toEqual(['2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29']);
    expect(active.expectations[0]?.dueOn).toBe('2026-12-31');
    const acked = json<Pip>(
      await client('r1').request('POST', `/api/pips/${pipId}/acknowledge`, {
        response: 'I had two weeks of leave in October.',
      }),
    );
    expect(acked.acknowledgedAt).not.toBeNull();
    expect(acked.repResponse).toBe('I had two weeks of leave in October.');
    json(
      await client('m1').request('POST', `/api/pips/${pipId}/check-ins`, {
        on: '2026-12-08',
        note: 'Two blocks held, one opportunity.',
      }),
      201,
    );
    const extended = json<Pip>(
      await client('m1').request('POST', `/api/pips/${pipId}/extend`, { days: 14, reason: 'Holidays' }),
    );
    expect(extended).toMatchObject({ status: 'extended', endOn: '2027-01-14' });
    const closed = json<Pip>(
      await client('m1').request('POST', `/api/pips/${pipId}/close`, {
        outcome: 'met_expectations',
        note: 'Pipeline back at team level.',
      }),
    );
    expect(closed).toMatchObject({ status: 'closed', outcome: 'met_expectations' });
    expect(closed.events.map((e) => e.kind)).toEqual([
      'drafted',
      'submit',
      'send_back',
      'edited',
      'submit',
      'approve',
      'acknowledge',
      'check_in',
      'extend',
      'close',
    ]);
    expect(closed.events[2]?.detail).toEqual({ note: 'Add a dated example of the missed blocks.' });
    expect(
      (await client('m1').request('POST', `/api/pips/${pipId}/check-ins`, { on: '2027-01-20', note: 'late' }))
        .statusCode,
    ).toBe(409);
  });

  it('withdraws a draft that never started; other outcomes need a plan that ran', async () => {
    const other = json<Pip>(await client('m1').request('POST', `/api/people/${t.r2.id}/pips`, draft), 201);
    const exited = await client('m1').request('POST', `/api/pips/${other.id}/close`, {
      outcome: 'exited',
      note: 'x',
    });
    expect(exited.statusCode).toBe(400);
    const withdrawn = json<Pip>(
      await client('m1').request('POST', `/api/pips/${other.id}/close`, {
        outcome: 'withdrawn',
        note: 'Resolved in coaching.',
      }),
    );
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn', startOn: null });
    // The rep on a plan never manages it.
    expect(
      (await client('r2').request('POST', `/api/pips/${other.id}/check-ins`, { on: '2026-12-08', note: 'x' }))
        .statusCode,
    ).toBe(403);
  });

  it('is read by the rep, the managers above and admins — nobody else', async () => {
    for (const k of ['r1', 'm1', 'leader', 'admin'])
      expect((await client(k).request('GET', `/api/pips/${pipId}`)).statusCode, k).toBe(200);
    for (const k of ['m2', 'r2'])
      expect([403, 404], k).toContain((await client(k).request('GET', `/api/pips/${pipId}`)).statusCode);
    const listed = (k: string) =>
      client(k)
        .request('GET', '/api/pips')
        .then((r) => JSON.parse(r.body).pips.length as number);
    expect(await listed('r1')).toBe(1);
    expect(await listed('m2')).toBe(0);
    expect(await listed('r2')).toBe(1); // their own, withdrawn
    expect(await listed('admin')).toBe(2);
  });

  it('keeps its history: the database refuses to update, delete or truncate past events', async () => {
    const before = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pip_events where pip_id = ${pipId}`,
    );
    const refusal = (query: SQL) =>
      database.db.execute(query).then(
        () => 'accepted',
        (err: unknown) => errorMessage(err),
      );
    expect(await refusal(sql`update pip_events set kind = 'forged' where pip_id = ${pipId}`)).toContain(
      "pip_events is append-only: a PIP's history cannot be updated",
    );
    expect(await refusal(sql`delete from pip_events where pip_id = ${pipId}`)).toContain('cannot be deleted');
    expect(await refusal(sql`truncate pip_events`)).toContain('cannot be truncated');
    // Nor can the plan itself go: its events would go with it.
    expect(await refusal(sql`delete from pips where id = ${pipId}`)).toContain('cannot be deleted');
    const after = await queryRows<{ n: number; forged: number }>(
      database.db,
      sql`select count(*)::int as n, count(*) filter (where kind = 'forged')::int as forged from pip_events where pip_id = ${pipId}`,
    );
    expect(after[0]).toEqual({ n: before[0]?.n, forged: 0 });
    // Deleting a whole organisation still takes its plans and their history with it.
    const gone = await makeOrg(database.db);
    const m = await signedInAs(app.app, database, gone.org.id, gone.m1, NOW);
    json(await m.request('POST', `/api/people/${gone.r1.id}/pips`, draft), 201);
    await deleteOrg(database.db, { orgId: gone.org.id });
    const left = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pip_events where org_id = ${gone.org.id}`,
    );
    expect(left[0]?.n).toBe(0);
  });
});
