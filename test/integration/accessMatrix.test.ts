import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PIP_STATUSES } from '../../src/core/improvementPlan.js';
import type { Role } from '../../src/core/roles.js';
import type { Database } from '../../src/db/open.js';
import { goals, pips } from '../../src/db/schema/goals.js';
import {
  oneOnOneActions,
  oneOnOneAgendaItems,
  oneOnOneMeetings,
  oneOnOneSeries,
} from '../../src/db/schema/oneOnOnes.js';
import { developmentPlans } from '../../src/db/schema/plans.js';
import { createApiToken } from '../../src/features/auth/service.js';
import { emptySummary } from '../../src/features/crm/contract.js';
import { withImportJob } from '../../src/features/crm/import/job.js';
import type { Person } from '../../src/features/people/contract.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { signedInAs, testApp } from '../helpers/http.js';

/**
 * Every registered route × role × target, against a table written here independently of the policy
 * module. A new route is covered as soon as it is registered: its rule must appear below, or this fails.
 */
type Target = 'self' | 'subtree' | 'outside' | 'otherOrg';
type Expect = Record<Role, Partial<Record<Target, boolean>>>;

const all = { self: true, subtree: true, outside: true, otherOrg: false };
const adminOnly: Expect = {
  admin: { self: true, outside: true, otherOrg: false },
  leader: { self: false, subtree: false, outside: false, otherOrg: false },
  manager: { self: false, subtree: false, outside: false, otherOrg: false },
  rep: { self: false, outside: false, otherOrg: false },
};

/** Rules with a person target: who may reach whom. */
const PERSON_RULES: Record<string, Expect> = {
  'person.read': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: true, outside: false, otherOrg: false },
  },
  'person.update': adminOnly,
  'diagnosis.read': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: true, outside: false, otherOrg: false },
  },
  'diagnosis.team': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  'person.setPassword': adminOnly,
  'development.read': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: true, outside: false, otherOrg: false },
  },
  'skills.team': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  // Rating yourself is a self-assessment; admins rate no one (they are not in the coaching line).
  'skills.assess': {
    admin: { self: false, outside: false, otherOrg: false },
    leader: { self: true, subtree: true, outside: false, otherOrg: false },
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: true, outside: false, otherOrg: false },
  },
  'oneOnOne.start': {
    admin: { self: false, outside: false, otherOrg: false },
    // Yourself: the policy lets it through; the service answers 400 (a one-on-one is with someone else).
    leader: { self: true, subtree: true, outside: false, otherOrg: false },
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  'oneOnOne.team': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  'goals.read': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: true, outside: false, otherOrg: false },
  },
  'goals.team': {
    admin: all,
    leader: all,
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  // Yourself: a team goal. Admins set no goals: they are not in the coaching line.
  'goal.set': {
    admin: { self: false, outside: false, otherOrg: false },
    leader: { self: true, subtree: true, outside: false, otherOrg: false },
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  // Yourself: the policy lets it through; the service answers 400 (a plan is for someone below you).
  'pip.start': {
    admin: { self: false, outside: false, otherOrg: false },
    leader: { self: true, subtree: true, outside: false, otherOrg: false },
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
  'plan.start': {
    admin: { self: false, outside: false, otherOrg: false },
    leader: { self: true, subtree: true, outside: false, otherOrg: false },
    manager: { self: true, subtree: true, outside: false, otherOrg: false },
    rep: { self: false, outside: false, otherOrg: false },
  },
};

/**
 * Rules with a record target: who may reach a record owned by whom. `ownTeam` is someone in the
 * actor's reporting line below them (for a rep: a teammate under the same manager), `otherTeam`
 * someone outside it, `otherOrg` the same person's counterpart in another organisation.
 */
type RecordTarget = 'own' | 'ownTeam' | 'otherTeam' | 'otherOrg';
const ownOnly: Record<RecordTarget, boolean> = {
  own: true,
  ownTeam: false,
  otherTeam: false,
  otherOrg: false,
};
const nothing: Record<RecordTarget, boolean> = {
  own: false,
  ownTeam: false,
  otherTeam: false,
  otherOrg: false,
};
const anyInOrg: Record<RecordTarget, boolean> = {
  own: true,
  ownTeam: true,
  otherTeam: true,
  otherOrg: false,
};

interface RecordRule {
  expect: Record<Role, Record<RecordTarget, boolean>>;
  /**
   * Makes a record of this kind owned by `owner` and returns its id (the route's one parameter), or
   * the value of each parameter by name (a meeting, its talking point, its action…).
   */
  make: (orgId: string, owner: Person) => Promise<string | Record<string, string>>;
  /** A route that needs its record in another state (a PIP to check in on must be active). */
  makeFor?: Record<string, (orgId: string, owner: Person) => Promise<string | Record<string, string>>>;
  /** A valid body per route ("PUT /api/plans/:planId"), so that only access decides the answer. */
  bodies?: Record<string, unknown | ((ids: Record<string, string>) => unknown)>;
}

const selfAndBelow: Record<RecordTarget, boolean> = {
  own: true,
  ownTeam: true,
  otherTeam: false,
  otherOrg: false,
};

/** A development plan owned by `owner`, written directly (the matrix also gives plans to non-reps). */
async function makePlan(orgId: string, owner: Person): Promise<string> {
  // One active plan per rep: the one an earlier case made is closed first.
  await database.db
    .update(developmentPlans)
    .set({ status: 'closed', closedOn: '2026-11-30', outcome: 'partly' })
    .where(
      and(
        eq(developmentPlans.orgId, orgId),
        eq(developmentPlans.repId, owner.id),
        eq(developmentPlans.status, 'active'),
      ),
    );
  const [row] = await database.db
    .insert(developmentPlans)
    .values({
      orgId,
      repId: owner.id,
      startedBy: owner.id,
      status: 'active',
      focus: [{ skill: 'closing', startLevel: null, targetLevel: 4, kpi: null }],
      actions: [],
      startedOn: '2026-11-01',
      reviewOn: '2027-01-01',
    })
    .returning({ id: developmentPlans.id });
  return row?.id ?? '';
}
const planInput = {
  focus: [{ skill: 'closing', startLevel: null, targetLevel: 4, kpi: null }],
  actions: [{ skill: 'closing', kind: 'practice', text: 'Agree a dated next step on every call.' }],
  reviewOn: '2099-01-01',
};

/**
 * A one-on-one with `owner` as the person met, run by their manager (or, for someone without one, by
 * another person of their organisation), with its meeting today, a talking point and an action.
 */
async function makeMeeting(orgId: string, owner: Person): Promise<Record<string, string>> {
  const org = orgId === t.org.id ? t : other;
  const managerId = owner.managerId ?? (owner.id === org.admin.id ? org.leader.id : org.admin.id);
  await database.db
    .update(oneOnOneSeries)
    .set({ active: false })
    .where(and(eq(oneOnOneSeries.orgId, orgId), eq(oneOnOneSeries.repId, owner.id)));
  const [series] = await database.db
    .insert(oneOnOneSeries)
    .values({
      orgId,
      managerId,
      repId: owner.id,
      cadence: 'weekly',
      firstAt: new Date(),
      durationMinutes: 30,
      timeZone: 'UTC',
    })
    .returning();
  if (!series) throw new Error('no series');
  const [meeting] = await database.db
    .insert(oneOnOneMeetings)
    .values({
      orgId,
      seriesId: series.id,
      occurrenceAt: series.firstAt,
      startsAt: series.firstAt,
      status: 'scheduled',
    })
    .returning();
  if (!meeting) throw new Error('no meeting');
  const [item] = await database.db
    .insert(oneOnOneAgendaItems)
    .values({ orgId, meetingId: meeting.id, authorId: owner.id, side: 'rep', text: 'matrix' })
    .returning();
  const [action] = await database.db
    .insert(oneOnOneActions)
    .values({
      orgId,
      seriesId: series.id,
      meetingId: meeting.id,
      text: 'matrix',
      ownerId: owner.id,
      createdBy: managerId,
    })
    .returning();
  return {
    seriesId: series.id,
    meetingId: meeting.id,
    itemId: item?.id ?? '',
    actionId: action?.id ?? '',
    kind: 'shared',
    ownerId: owner.id,
  };
}

/** A goal owned by `owner` (a team goal for someone who is not a rep). */
async function makeGoal(orgId: string, owner: Person): Promise<string> {
  const [row] = await database.db
    .insert(goals)
    .values({
      orgId,
      ownerKind: owner.role === 'rep' ? 'rep' : 'team',
      ownerId: owner.id,
      title: 'matrix',
      kpi: 'new_opportunities',
      unit: 'a week',
      baseline: 0,
      target: 2,
      startOn: '2026-12-01',
      dueOn: '2027-03-01',
      checkIns: [],
      createdBy: owner.id,
    })
    .returning({ id: goals.id });
  return row?.id ?? '';
}

/** A PIP on `owner` in `status`, written by their manager (or, without one, by someone else). */
const makePip =
  (status: (typeof PIP_STATUSES)[number]) =>
  async (orgId: string, owner: Person): Promise<string> => {
    const org = orgId === t.org.id ? t : other;
    const managerId = owner.managerId ?? (owner.id === org.admin.id ? org.leader.id : org.admin.id);
    const started = status === 'active' || status === 'extended';
    const [row] = await database.db
      .insert(pips)
      .values({
        orgId,
        repId: owner.id,
        managerId,
        status,
        concern: 'matrix',
        examples: [{ on: '2026-11-01', text: 'matrix' }],
        snapshot: { asOf: '2026-12-01', rows: [] },
        support: [{ kind: 'coaching', text: 'matrix' }],
        consequences: 'matrix',
        durationDays: 30,
        checkInEveryDays: 7,
        startOn: started ? '2026-12-01' : null,
        endOn: started ? '2026-12-31' : null,
      })
      .returning({ id: pips.id });
    return row?.id ?? '';
  };
const pipDraft = {
  concern: 'matrix',
  examples: [{ on: '2026-11-01', text: 'matrix' }],
  expectations: [{ title: 'matrix', kpi: 'new_opportunities', target: 2 }],
  support: [{ kind: 'coaching', text: 'matrix' }],
  consequences: 'matrix',
  durationDays: 30,
};
/** Managing a plan: its manager or anyone above the rep — never the rep, never an admin. */
const managesPip = {
  admin: nothing,
  leader: { own: false, ownTeam: true, otherTeam: false, otherOrg: false },
  manager: { own: false, ownTeam: true, otherTeam: false, otherOrg: false },
  rep: nothing,
};

const RECORD_RULES: Record<string, RecordRule> = {
  'goal.read': {
    expect: { admin: anyInOrg, leader: anyInOrg, manager: selfAndBelow, rep: ownOnly },
    make: makeGoal,
  },
  // Your own team goal is yours to measure and close.
  'goal.manage': {
    expect: { admin: nothing, leader: selfAndBelow, manager: selfAndBelow, rep: nothing },
    make: makeGoal,
    bodies: { 'PATCH /api/goals/:goalId': { closed: true } },
  },
  'pip.read': {
    expect: { admin: anyInOrg, leader: selfAndBelow, manager: selfAndBelow, rep: ownOnly },
    make: makePip('draft'),
  },
  'pip.manage': {
    expect: managesPip,
    make: makePip('draft'),
    makeFor: {
      'POST /api/pips/:pipId/check-ins': makePip('active'),
      'POST /api/pips/:pipId/extend': makePip('active'),
    },
    bodies: {
      'PUT /api/pips/:pipId': pipDraft,
      'POST /api/pips/:pipId/check-ins': { on: '2026-12-08', note: 'matrix' },
      'POST /api/pips/:pipId/extend': { days: 14, reason: 'matrix' },
      'POST /api/pips/:pipId/close': { outcome: 'withdrawn', note: 'matrix' },
    },
  },
  // A second pair of eyes: someone above the plan's manager, or an admin — not its author, not the
  // rep. (The admin wrote the leader's plan here, having no one above the leader to do it.)
  'pip.review': {
    expect: {
      admin: { own: false, ownTeam: false, otherTeam: true, otherOrg: false },
      leader: { own: false, ownTeam: true, otherTeam: false, otherOrg: false },
      manager: nothing,
      rep: nothing,
    },
    make: makePip('in_review'),
    bodies: { 'POST /api/pips/:pipId/review': { approve: true } },
  },
  'pip.acknowledge': {
    expect: { admin: nothing, leader: nothing, manager: nothing, rep: ownOnly },
    make: makePip('active'),
  },
  'oneOnOne.read': {
    expect: { admin: anyInOrg, leader: selfAndBelow, manager: selfAndBelow, rep: ownOnly },
    make: makeMeeting,
  },
  // Only the two people in it write in a meeting: a leader reads their managers' one-on-ones, no more.
  'oneOnOne.participate': {
    expect: {
      admin: nothing,
      leader: ownOnly,
      manager: selfAndBelow,
      rep: ownOnly,
    },
    make: makeMeeting,
    bodies: {
      'POST /api/one-on-one-meetings/:meetingId/agenda': { text: 'matrix' },
      'PATCH /api/one-on-one-meetings/:meetingId/agenda/:itemId': { discussed: true },
      'PUT /api/one-on-one-meetings/:meetingId/notes/:kind': { baseVersion: 0, text: 'matrix' },
      'POST /api/one-on-one-meetings/:meetingId/actions': (ids: Record<string, string>) => ({
        text: 'matrix',
        ownerId: ids.ownerId,
      }),
      'PATCH /api/one-on-one-meetings/:meetingId/actions/:actionId': { done: true },
    },
  },
  // Only the manager who runs the series: the person met does not hold, skip or prepare it.
  'oneOnOne.manage': {
    expect: {
      admin: nothing,
      leader: nothing,
      manager: { own: false, ownTeam: true, otherTeam: false, otherOrg: false },
      rep: nothing,
    },
    make: makeMeeting,
    bodies: {
      'PATCH /api/one-on-one-series/:seriesId': { durationMinutes: 45 },
      'POST /api/one-on-one-meetings/:meetingId/reschedule': { startsAt: '2099-01-05T09:00:00Z' },
    },
  },
  'token.revoke': {
    expect: { admin: ownOnly, leader: ownOnly, manager: ownOnly, rep: ownOnly },
    make: async (orgId, owner) =>
      (await createApiToken(database.db, { orgId, personId: owner.id, name: 'matrix', now: new Date() })).id,
  },
  'importJob.read': {
    expect: { admin: anyInOrg, leader: nothing, manager: nothing, rep: nothing },
    make: async (orgId, owner) =>
      (
        await withImportJob(
          database.db,
          {
            orgId,
            kind: 'people',
            fileName: 'people.csv',
            dryRun: true,
            strict: false,
            createdBy: owner.id,
            now: new Date(),
          },
          async () => emptySummary(),
        )
      ).jobId,
  },
  'plan.read': {
    expect: { admin: anyInOrg, leader: anyInOrg, manager: selfAndBelow, rep: ownOnly },
    make: makePlan,
  },
  'plan.manage': {
    expect: { admin: nothing, leader: selfAndBelow, manager: selfAndBelow, rep: nothing },
    make: makePlan,
    bodies: {
      'PUT /api/plans/:planId': planInput,
      'POST /api/plans/:planId/close': { outcome: 'partly', note: 'matrix' },
    },
  },
  'plan.acknowledge': {
    expect: { admin: nothing, leader: nothing, manager: nothing, rep: ownOnly },
    make: makePlan,
  },
};

/** Rules without a target: which roles may call them at all. */
const ROLE_RULES: Record<string, Record<Role, boolean>> = {
  public: { admin: true, leader: true, manager: true, rep: true },
  signedIn: { admin: true, leader: true, manager: true, rep: true },
  'org.read': { admin: true, leader: true, manager: true, rep: true },
  'people.list': { admin: true, leader: true, manager: true, rep: true },
  'person.create': { admin: true, leader: false, manager: false, rep: false },
  'profile.update': { admin: true, leader: true, manager: true, rep: true },
  'token.manage': { admin: true, leader: true, manager: true, rep: true },
  'crm.import': { admin: true, leader: false, manager: false, rep: false },
  'crm.configure': { admin: true, leader: false, manager: false, rep: false },
  'skills.read': { admin: true, leader: true, manager: true, rep: true },
  'skills.configure': { admin: true, leader: true, manager: false, rep: false },
  'oneOnOne.configure': { admin: true, leader: true, manager: false, rep: false },
  'goals.configure': { admin: true, leader: true, manager: false, rep: false },
  'coachingQuestions.add': { admin: true, leader: true, manager: true, rep: false },
};

let database: Database;
let app: App;
let t: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  t = await makeOrg(database.db);
  other = await makeOrg(database.db);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

/** Whose records each role's actor is tried on, in this org (`otherOrg`: in the other one). */
function recordOwners(): Record<Role, { actor: Person; owners: Record<RecordTarget, Person> }> {
  return {
    admin: {
      actor: t.admin,
      owners: { own: t.admin, ownTeam: t.leader, otherTeam: t.r3, otherOrg: other.admin },
    },
    leader: {
      actor: t.leader,
      owners: { own: t.leader, ownTeam: t.r1, otherTeam: t.admin, otherOrg: other.leader },
    },
    manager: { actor: t.m1, owners: { own: t.m1, ownTeam: t.r1, otherTeam: t.r3, otherOrg: other.m1 } },
    rep: { actor: t.r1, owners: { own: t.r1, ownTeam: t.r2, otherTeam: t.r3, otherOrg: other.r1 } },
  };
}

function actors(): Record<Role, { actor: Person; targets: Partial<Record<Target, Person>> }> {
  return {
    admin: { actor: t.admin, targets: { self: t.admin, outside: t.r3, otherOrg: other.r1 } },
    leader: {
      actor: t.leader,
      targets: { self: t.leader, subtree: t.r1, outside: t.admin, otherOrg: other.r1 },
    },
    manager: { actor: t.m1, targets: { self: t.m1, subtree: t.r1, outside: t.r3, otherOrg: other.m1 } },
    rep: { actor: t.r1, targets: { self: t.r1, outside: t.r2, otherOrg: other.r1 } },
  };
}

const UNUSED_ID = '00000000-0000-4000-8000-000000000000';

function fillPath(url: string, param: string | undefined, targetId: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (name === param ? targetId : UNUSED_ID));
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('authorisation matrix', () => {
  it('covers every registered route with a declared rule', () => {
    expect(app.routes.length).toBeGreaterThan(10);
    for (const r of app.routes) {
      const known =
        'target' in r.access
          ? r.access.rule in RECORD_RULES
          : r.access.rule in PERSON_RULES || r.access.rule in ROLE_RULES;
      expect(
        known,
        `${r.method} ${r.url} uses rule ${r.access.rule}, which this test does not know yet`,
      ).toBe(true);
      if (!r.url.startsWith('/api/docs')) expect(r.url.startsWith('/api/')).toBe(true);
    }
  });

  it('turns away anonymous callers from every route that is not public', async () => {
    for (const r of app.routes.filter((x) => x.access.rule !== 'public')) {
      const res = await app.app.inject({
        method: r.method as 'GET',
        url: fillPath(r.url, undefined, UNUSED_ID),
        ...(writes.has(r.method) ? { payload: {} } : {}),
      });
      expect(res.statusCode, `${r.method} ${r.url} anonymous`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('allows and denies each record route × role × whose record as the table says', async () => {
    const table = recordOwners();
    const recordRoutes = app.routes.filter((x) => 'target' in x.access);
    expect(recordRoutes.length).toBeGreaterThanOrEqual(3);
    let checked = 0;
    for (const r of recordRoutes) {
      const rule = RECORD_RULES[r.access.rule];
      if (!rule) throw new Error(`no record factory for ${r.access.rule}`);
      for (const role of Object.keys(table) as Role[]) {
        const { actor, owners } = table[role];
        for (const [whose, owner] of Object.entries(owners) as [RecordTarget, Person][]) {
          const orgId = whose === 'otherOrg' ? other.org.id : t.org.id;
          const made = await (rule.makeFor?.[`${r.method} ${r.url}`] ?? rule.make)(orgId, owner);
          const ids = typeof made === 'string' ? undefined : made;
          const client = await signedInAs(app.app, database, t.org.id, actor);
          const url =
            typeof made === 'string'
              ? r.url.replace(/:(\w+)/, made)
              : r.url.replace(/:(\w+)/g, (_, name: string) => made[name] ?? UNUSED_ID);
          const given = rule.bodies?.[`${r.method} ${r.url}`] ?? {};
          const body = typeof given === 'function' ? given(ids ?? {}) : given;
          const res = await client.request(r.method as 'GET', url, writes.has(r.method) ? body : undefined);
          const label = `${r.method} ${r.url} as ${role} on ${whose}'s record: got ${res.statusCode} ${res.body}`;
          expect(res.statusCode < 400, label).toBe(rule.expect[role][whose]);
          if (res.statusCode >= 400) expect([403, 404], label).toContain(res.statusCode);
          if (whose === 'otherOrg') expect(res.statusCode, label).toBe(404);
          checked++;
        }
      }
    }
    expect(checked).toBe(recordRoutes.length * 4 * 4);
  });

  it('allows and denies each route × role × target as the table says', async () => {
    const table = actors();
    let checked = 0;
    for (const r of app.routes.filter((x) => !x.url.startsWith('/api/docs') && !('target' in x.access))) {
      const access = r.access;
      const targetParam = 'targetParam' in access ? access.targetParam : undefined;
      for (const role of Object.keys(table) as Role[]) {
        const { actor, targets } = table[role];
        const cases: [Target | 'none', Person | undefined][] = targetParam
          ? (Object.entries(targets) as [Target, Person][])
          : [['none', undefined]];
        for (const [target, person] of cases) {
          const expected = targetParam
            ? PERSON_RULES[access.rule]?.[role][target as Target]
            : ROLE_RULES[access.rule]?.[role];
          if (expected === undefined) continue;
          // A fresh session per request: an allowed logout must not spoil the next case.
          const client = await signedInAs(app.app, database, t.org.id, actor);
          const url = fillPath(r.url, targetParam, person?.id ?? UNUSED_ID);
          const res = await client.request(r.method as 'GET', url, writes.has(r.method) ? {} : undefined);
          const denied = targetParam ? [403, 404].includes(res.statusCode) : res.statusCode === 403;
          expect(res.statusCode, `${r.method} ${r.url} as ${role} on ${target}`).not.toBe(401);
          expect(
            !denied,
            `${r.method} ${r.url} as ${role} on ${target}: got ${res.statusCode} ${res.body}`,
          ).toBe(expected);
          if (target === 'otherOrg')
            expect(res.statusCode, 'another organisation’s people are not found, not forbidden').toBe(404);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});

describe('the private one-on-one note', () => {
  it('reaches the manager who runs the series and the managers above, never the rep nor an admin', async () => {
    const ids = await makeMeeting(t.org.id, t.r1); // run by m1, below the leader
    const m1 = await signedInAs(app.app, database, t.org.id, t.m1);
    const saved = await m1.request('PUT', `/api/one-on-one-meetings/${ids.meetingId}/notes/private`, {
      baseVersion: 0,
      text: 'matrix-private-words',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await m1.request('POST', `/api/one-on-one-meetings/${ids.meetingId}/hold`);
    const readers: [Person, boolean][] = [
      [t.m1, true],
      [t.leader, true],
      [t.admin, false],
      [t.r1, false],
    ];
    for (const [person, reads] of readers) {
      const client = await signedInAs(app.app, database, t.org.id, person);
      for (const url of [
        `/api/one-on-one-meetings/${ids.meetingId}`,
        `/api/one-on-one-series/${ids.seriesId}/meetings`,
        `/api/one-on-one-series/${ids.seriesId}/meetings?q=matrix-private`,
      ]) {
        const res = await client.request('GET', url);
        expect(res.statusCode, `${person.email} ${url}`).toBe(200);
        expect(res.body.includes('matrix-private-words'), `${person.email} ${url}`).toBe(reads);
        expect(res.body.includes('"privateNote"'), `${person.email} ${url}`).toBe(reads);
      }
    }
    // Outside the line, the meeting itself is out of reach.
    for (const person of [t.m2, t.r2, t.r3]) {
      const client = await signedInAs(app.app, database, t.org.id, person);
      const res = await client.request('GET', `/api/one-on-one-meetings/${ids.meetingId}`);
      expect([403, 404], person.email).toContain(res.statusCode);
    }
  });
});
