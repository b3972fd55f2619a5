import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import type { Database } from '../../src/db/open.js';
import { createDemo } from '../../src/features/demo/service.js';
import { diagnoseReps } from '../../src/features/diagnosis/service.js';
import { demoEmail } from '../../src/features/people/demo.js';
import { listPeople } from '../../src/features/people/service.js';
import { proposeFor } from '../../src/features/plans/proposals.js';
import {
  acknowledgePlan,
  closePlan,
  developmentProfile,
  getPlan,
  startPlan,
} from '../../src/features/plans/service.js';
import { coachingQueue } from '../../src/features/plans/team.js';
import {
  editSkill,
  getFramework,
  recordEvidence,
  setMasteryRules,
  setStageSkills,
} from '../../src/features/skills/service.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { signedInAs, testApp } from '../helpers/http.js';

/**
 * Issue 13: skills, evidence, mastery and development plans — on the demo (John's plan is his to
 * start, Sheila's is about prospecting) and on an organisation of the test's own.
 */
const NOW = new Date('2026-12-01T12:00:00Z');
const TODAY = '2026-12-01';
let database: Database;
let app: App;
let t: TestOrg;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database, () => NOW);
  t = await makeOrg(database.db);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

const actorOf = (
  p: { id: string; role: Actor['role']; email: string; name: string },
  orgId: string,
): Actor => ({
  orgId,
  personId: p.id,
  role: p.role,
  email: p.email,
  name: p.name,
  via: 'cli',
});

describe('development on the demo', () => {
  it('proposes closing for John and prospecting for Sheila; most reps have a plan, John has none', async () => {
    const demo = await createDemo(database, { now: NOW });
    const people = await listPeople(database.db, { orgId: demo.org.id });
    const by = (handle: string) => {
      const p = people.find((x) => x.email === demoEmail(handle));
      if (!p) throw new Error(`no ${handle}`);
      return p;
    };
    const john = await proposeFor(database.db, { orgId: demo.org.id, repId: by('john').id, today: TODAY });
    expect(john.focus[0]).toMatchObject({ skill: 'closing', startLevel: 2, targetLevel: 4 });
    expect(john.focus[0]?.kpi).toMatchObject({ metric: 'conversion', stage: 'Negotiation' });
    const sheila = await proposeFor(database.db, {
      orgId: demo.org.id,
      repId: by('sheila').id,
      today: TODAY,
    });
    expect(sheila.focus[0]).toMatchObject({ skill: 'prospecting', startLevel: 2 });
    const johnProfile = await developmentProfile(database.db, {
      orgId: demo.org.id,
      repId: by('john').id,
      today: TODAY,
    });
    expect(johnProfile.plan).toBeNull();
    expect(johnProfile.skills.find((s) => s.slug === 'rapport')).toMatchObject({ level: 5, self: 5 });
    expect(johnProfile.skills.find((s) => s.slug === 'closing')).toMatchObject({ self: 3, perceptionGap: 1 });
    const sheilaProfile = await developmentProfile(database.db, {
      orgId: demo.org.id,
      repId: by('sheila').id,
      today: TODAY,
    });
    expect(sheilaProfile.plan?.focus[0]?.skill).toBe('prospecting');
    // Her manager rates her prospecting 2: not yet learned, but taught (it is her plan's focus).
    expect(sheilaProfile.plan?.focus[0]?.mastery).toEqual({
      stage: 'taught',
      because: 'taught: a focus of the development plan',
    });
    const queue = await coachingQueue(database.db, {
      orgId: demo.org.id,
      managerId: by('maria').id,
      today: TODAY,
    });
    expect(queue.items).toContainEqual({
      rep: { id: by('john').id, name: 'John Miller' },
      reason: 'no_plan',
      planId: null,
      detail: 'no active development plan',
    });
    // A plan whose KPI has moved the wrong way since it started, and plans past their review date.
    const johnPlan = await startPlan(database.db, {
      orgId: demo.org.id,
      repId: by('john').id,
      actorId: by('maria').id,
      input: {
        focus: [
          {
            skill: 'closing',
            startLevel: 2,
            targetLevel: 4,
            kpi: { metric: 'conversion', stage: 'Negotiation', from: 0.9, target: 0.95 },
          },
        ],
        actions: [],
        reviewOn: '2027-01-15',
      },
      today: TODAY,
    });
    const later = await coachingQueue(database.db, {
      orgId: demo.org.id,
      managerId: by('maria').id,
      today: '2027-02-01',
    });
    const wrongWay = later.items.find((i) => i.reason === 'kpi_wrong_way');
    expect(wrongWay).toMatchObject({ rep: { name: 'John Miller' }, planId: johnPlan });
    expect(wrongWay?.detail).toMatch(/^Negotiation conversion 90% → \d+% since the plan started$/);
    expect(later.items.filter((i) => i.reason === 'review_due').map((i) => i.rep.name)).toContain(
      'John Miller',
    );
    expect(later.items[0]?.reason).toBe('review_due'); // the most urgent first
    // An organisation's own stage → skill mapping reaches the diagnosis at once (its cache key holds it).
    const before = await diagnoseReps(database.db, {
      orgId: demo.org.id,
      target: { repId: by('john').id },
      asOf: NOW,
    });
    expect(before.reps[0]?.gaps[0]).toMatchObject({ stage: 'Negotiation', skill: 'closing' });
    await setStageSkills(database.db, {
      orgId: demo.org.id,
      mapping: [{ stage: 'Negotiation', skill: 'objection-handling' }],
    });
    const after = await diagnoseReps(database.db, {
      orgId: demo.org.id,
      target: { repId: by('john').id },
      asOf: NOW,
    });
    expect(after.reps[0]?.gaps[0]).toMatchObject({ stage: 'Negotiation', skill: 'objection-handling' });
    await setStageSkills(database.db, { orgId: demo.org.id, mapping: [] });
    const withPlans =
      people.filter((p) => p.role === 'rep').length -
      queue.items.filter((i) => i.reason === 'no_plan').length;
    expect(withPlans).toBeGreaterThanOrEqual(5); // Maria's team: John has none, nor the new hire
  });
});

describe('evidence, mastery and plans', () => {
  it('moves the mastery stage as evidence is added, and runs a plan from start to renewal', async () => {
    const rep = t.r1;
    const manager = actorOf(t.m1, t.org.id);
    const add = (
      source: 'manager_assessment' | 'ride_along' | 'call_review',
      level: number,
      observedOn: string,
    ) =>
      recordEvidence(database.db, {
        orgId: t.org.id,
        personId: rep.id,
        authorId: t.m1.id,
        source,
        observedOn,
        today: TODAY,
        ratings: [{ skill: 'discovery', level }],
      });
    const stage = async () =>
      (await developmentProfile(database.db, { orgId: t.org.id, repId: rep.id, today: TODAY })).skills.find(
        (s) => s.slug === 'discovery',
      )?.mastery;
    expect((await stage())?.stage).toBe('not_started');
    const planId = await startPlan(database.db, {
      orgId: t.org.id,
      repId: rep.id,
      actorId: t.m1.id,
      input: {
        focus: [{ skill: 'discovery', startLevel: null, targetLevel: 4, kpi: null }],
        actions: [{ skill: 'discovery', kind: 'practice', text: 'Five impact questions before each call.' }],
        reviewOn: '2027-01-31',
      },
      today: TODAY,
    });
    expect(await stage()).toEqual({ stage: 'taught', because: 'taught: a focus of the development plan' });
    await add('manager_assessment', 3, '2026-09-01');
    expect((await stage())?.stage).toBe('learned');
    await add('ride_along', 3, '2026-09-15');
    expect(await stage()).toEqual({
      stage: 'applied',
      because: 'applied: observed at level 3 on the ride-along of 2026-09-15',
    });
    await add('ride_along', 4, '2026-10-01');
    await add('call_review', 4, '2026-10-20');
    await add('ride_along', 4, '2026-11-10');
    expect((await stage())?.stage).toBe('mastered'); // no KPI gap flagged: the test org has no CRM data
    // The organisation's own rules: mastery at level 5 on two days.
    await setMasteryRules(database.db, {
      orgId: t.org.id,
      rules: {
        learnedLevel: 3,
        appliedLevel: 3,
        masteredLevel: 5,
        masteredOccasions: 2,
        masteredSpanDays: 0,
      },
    });
    expect((await stage())?.stage).toBe('applied');
    await add('ride_along', 5, '2026-11-20');
    await add('call_review', 5, '2026-11-21');
    expect(await stage()).toEqual({
      stage: 'mastered',
      because:
        'mastered: observed at level 5 or above on 2 days from 2026-11-20 to 2026-11-21, and its KPI gap is closed',
    });
    // One active plan per rep; the rep acknowledges theirs; the manager closes and renews it.
    await expect(
      startPlan(database.db, {
        orgId: t.org.id,
        repId: rep.id,
        actorId: t.m1.id,
        input: {
          focus: [{ skill: 'closing', startLevel: null, targetLevel: 4, kpi: null }],
          actions: [],
          reviewOn: '2027-02-01',
        },
        today: TODAY,
      }),
    ).rejects.toThrow('already has an active plan');
    await acknowledgePlan(database.db, { actor: actorOf(rep, t.org.id), planId, now: NOW });
    expect((await getPlan(database.db, { actor: manager, planId, today: TODAY })).acknowledgedAt).toBe(
      NOW.toISOString(),
    );
    await expect(acknowledgePlan(database.db, { actor: manager, planId, now: NOW })).rejects.toThrow(
      /does not allow/,
    );
    const { renewed } = await closePlan(database.db, {
      actor: manager,
      planId,
      close: { outcome: 'achieved', note: 'Discovery is solid now.', renew: true },
      today: TODAY,
    });
    const profile = await developmentProfile(database.db, { orgId: t.org.id, repId: rep.id, today: TODAY });
    expect(profile.plan).toMatchObject({
      id: renewed,
      renews: planId,
      reviewOn: '2027-01-31',
      acknowledgedAt: null,
    });
    expect(profile.pastPlans).toEqual([
      expect.objectContaining({ id: planId, outcome: 'achieved', closedOn: TODAY }),
    ]);
    expect(profile.evidence).toHaveLength(7);
  });

  it('versions an edited skill, and checks the skills a stage mapping names', async () => {
    const org = await makeOrg(database.db);
    await recordEvidence(database.db, {
      orgId: org.org.id,
      personId: org.r1.id,
      authorId: org.m1.id,
      source: 'manager_assessment',
      observedOn: TODAY,
      today: TODAY,
      ratings: [{ skill: 'closing', level: 2 }],
    });
    const edited = await editSkill(database.db, {
      orgId: org.org.id,
      actorId: org.leader.id,
      slug: 'closing',
      edit: {
        name: 'Closing',
        description: 'Getting to a signed decision.',
        rubric: ['a', 'b', 'c', 'd', 'e'],
      },
    });
    expect(edited.version).toBe(2);
    // Two edits at the same moment: each lands as its own version, or the later is told to reload.
    const edit = {
      name: 'Closing',
      description: 'Getting to a signed decision.',
      rubric: ['a', 'b', 'c', 'd', 'e'],
    };
    const both = await Promise.allSettled([
      editSkill(database.db, { orgId: org.org.id, actorId: org.leader.id, slug: 'closing', edit }),
      editSkill(database.db, { orgId: org.org.id, actorId: org.admin.id, slug: 'closing', edit }),
    ]);
    for (const r of both)
      if (r.status === 'rejected') expect(String(r.reason)).toContain('Someone else changed this skill');
    const versions = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value.version] : []));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.length).toBeGreaterThanOrEqual(1);
    const framework = await getFramework(database.db, { orgId: org.org.id });
    expect(framework.skills).toHaveLength(11);
    expect(framework.skills.find((s) => s.slug === 'closing')).toMatchObject({
      rubric: ['a', 'b', 'c', 'd', 'e'],
    });
    await expect(
      setStageSkills(database.db, {
        orgId: org.org.id,
        mapping: [{ stage: 'Negotiation', skill: 'haggling' }],
      }),
    ).rejects.toThrow('"haggling" is not a skill of the framework');
    await setStageSkills(database.db, {
      orgId: org.org.id,
      mapping: [{ stage: 'Negotiation', skill: 'objection-handling' }],
    });
    expect((await getFramework(database.db, { orgId: org.org.id })).stageSkills).toEqual([
      { stage: 'Negotiation', skill: 'objection-handling' },
    ]);
  });
});

describe('the assessment route', () => {
  it('records a manager’s assessment and a self-assessment; refuses bad ratings with the field', async () => {
    const manager = await signedInAs(app.app, database, t.org.id, t.m1);
    const rated = await manager.request('POST', `/api/people/${t.r2.id}/assessments`, {
      observedOn: '2026-11-30',
      ratings: [
        { skill: 'closing', level: 2, note: 'Ends calls without a next step.' },
        { skill: 'discovery', level: 4 },
      ],
    });
    expect(rated.statusCode, rated.body).toBe(201);
    expect(rated.json()).toMatchObject({ source: 'manager_assessment', ratings: 2 });
    const rep = await signedInAs(app.app, database, t.org.id, t.r2);
    const self = await rep.request('POST', `/api/people/${t.r2.id}/assessments`, {
      ratings: [{ skill: 'closing', level: 4 }],
    });
    expect(self.json()).toMatchObject({ source: 'self_assessment' });
    const profile = await rep.request('GET', `/api/people/${t.r2.id}/development`);
    expect(profile.json().skills.find((s: { slug: string }) => s.slug === 'closing')).toMatchObject({
      level: 2,
      self: 4,
      perceptionGap: 2,
    });
    const tooHigh = await manager.request('POST', `/api/people/${t.r2.id}/assessments`, {
      ratings: [{ skill: 'closing', level: 6 }],
    });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().errors[0]).toMatchObject({
      path: 'body.ratings.0.level',
      message: 'use a whole level from 1 to 5',
    });
    const future = await manager.request('POST', `/api/people/${t.r2.id}/assessments`, {
      observedOn: '2026-12-24',
      ratings: [{ skill: 'closing', level: 3 }],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ path: 'observedOn' });
    const unknown = await manager.request('POST', `/api/people/${t.r2.id}/assessments`, {
      ratings: [{ skill: 'juggling', level: 3 }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'ratings.0.skill' });
    // Nothing of the refused assessments was kept.
    expect((await rep.request('GET', `/api/people/${t.r2.id}/development`)).json().evidence).toHaveLength(3);
  });
});
