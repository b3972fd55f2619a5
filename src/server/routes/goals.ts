import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import {
  Goal,
  GoalCheck,
  GoalInput,
  GoalList,
  GoalParams,
  GoalRollup,
  GoalSettings,
  GoalUpdate,
  PersonParams,
} from '../../features/goals/contract.js';
import {
  checkGoal,
  getGoalSettings,
  goalFor,
  goalRollup,
  listGoals,
  presentGoals,
  setGoal,
  setGoalSettings,
  updateGoal,
} from '../../features/goals/service.js';
import { requireActor } from '../access.js';

export function goalsRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['goals'];
  const today = () => now().toISOString().slice(0, 10);
  const goalOf = async (actor: ReturnType<typeof requireActor>, goalId: string) => {
    const row = await goalFor(db, actor, goalId, 'goal.read');
    const [goal] = await presentGoals(db, actor.orgId, [row], today());
    return goal;
  };

  r.get(
    '/api/people/:personId/goals',
    {
      config: { access: { rule: 'goals.read', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'A person’s goals with their progress (a rep’s, or a manager’s team goals)',
        params: PersonParams,
        response: { 200: GoalList },
      },
    },
    async (request) => ({
      goals: await listGoals(db, {
        orgId: requireActor(request).orgId,
        ownerIds: [request.params.personId],
        today: today(),
      }),
    }),
  );

  r.post(
    '/api/people/:personId/goal-check',
    {
      config: { access: { rule: 'goal.set', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'The SMART check of a draft goal, and the baseline the data gives today (changes nothing)',
        params: PersonParams,
        body: GoalInput,
        response: { 200: GoalCheck },
      },
    },
    async (request) =>
      checkGoal(db, {
        orgId: requireActor(request).orgId,
        ownerId: request.params.personId,
        input: request.body,
        today: today(),
      }),
  );

  r.post(
    '/api/people/:personId/goals',
    {
      config: { access: { rule: 'goal.set', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Set a goal for a rep, or a team goal for yourself; the baseline is filled from the data',
        params: PersonParams,
        body: GoalInput,
        response: { 201: Goal },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const goalId = await setGoal(db, {
        actor,
        ownerId: request.params.personId,
        input: request.body,
        today: today(),
      });
      reply.code(201);
      return goalOf(actor, goalId);
    },
  );

  r.get(
    '/api/goals/:goalId',
    {
      config: { access: { rule: 'goal.read', target: 'record' } },
      schema: { tags, summary: 'A goal with its progress', params: GoalParams, response: { 200: Goal } },
    },
    async (request) => goalOf(requireActor(request), request.params.goalId),
  );

  r.patch(
    '/api/goals/:goalId',
    {
      config: { access: { rule: 'goal.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Record a described outcome’s measure, or close a goal',
        params: GoalParams,
        body: GoalUpdate,
        response: { 200: Goal },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateGoal(db, { actor, goalId: request.params.goalId, update: request.body });
      return goalOf(actor, request.params.goalId);
    },
  );

  r.get(
    '/api/people/:personId/goal-rollup',
    {
      config: { access: { rule: 'goals.team', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'A manager’s team goals with the goals rolling up into them, and each rep’s goals by status',
        params: PersonParams,
        response: { 200: GoalRollup },
      },
    },
    async (request) =>
      goalRollup(db, {
        orgId: requireActor(request).orgId,
        managerId: request.params.personId,
        today: today(),
      }),
  );

  r.get(
    '/api/goal-settings',
    {
      config: { access: { rule: 'org.read' } },
      schema: {
        tags,
        summary: 'How goals are checked: the largest stretch before Attainable warns',
        response: { 200: GoalSettings },
      },
    },
    async (request) => getGoalSettings(db, requireActor(request).orgId),
  );

  r.put(
    '/api/goal-settings',
    {
      config: { access: { rule: 'goals.configure' } },
      schema: {
        tags,
        summary: 'Set how goals are checked',
        body: GoalSettings,
        response: { 200: GoalSettings },
      },
    },
    async (request) => {
      const orgId = requireActor(request).orgId;
      await setGoalSettings(db, { orgId, settings: request.body, now: now() });
      return getGoalSettings(db, orgId);
    },
  );
}
