import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/open.js';
import {
  CoachingQueue,
  DevelopmentProfile,
  Plan,
  PlanClose,
  PlanInput,
  PlanParams,
  ProposedPlan,
  RepParams,
  SkillMatrix,
} from '../../features/plans/contract.js';
import { proposeFor } from '../../features/plans/proposals.js';
import {
  acknowledgePlan,
  closePlan,
  developmentProfile,
  getPlan,
  startPlan,
  updatePlan,
} from '../../features/plans/service.js';
import { coachingQueue, skillMatrix } from '../../features/plans/team.js';
import { requireActor } from '../access.js';

export function plansRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['development'];
  const today = () => now().toISOString().slice(0, 10);

  r.get(
    '/api/people/:personId/development',
    {
      config: { access: { rule: 'development.read', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'A rep’s skill profile (levels, self-view, mastery), evidence, plan and past plans',
        params: RepParams,
        response: { 200: DevelopmentProfile },
      },
    },
    async (request) =>
      developmentProfile(db, {
        orgId: requireActor(request).orgId,
        repId: request.params.personId,
        today: today(),
      }),
  );

  r.get(
    '/api/people/:personId/plan-proposal',
    {
      config: { access: { rule: 'plan.start', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'The development plan proposed from the rep’s diagnosis and skill profile',
        params: RepParams,
        response: { 200: ProposedPlan },
      },
    },
    async (request) =>
      proposeFor(db, { orgId: requireActor(request).orgId, repId: request.params.personId, today: today() }),
  );

  r.post(
    '/api/people/:personId/plans',
    {
      config: { access: { rule: 'plan.start', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Start a rep’s development plan (one active plan per rep)',
        params: RepParams,
        body: PlanInput,
        response: { 201: Plan },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const planId = await startPlan(db, {
        orgId: actor.orgId,
        repId: request.params.personId,
        actorId: actor.personId,
        input: request.body,
        today: today(),
      });
      reply.code(201);
      return getPlan(db, { actor, planId, today: today() });
    },
  );

  r.get(
    '/api/plans/:planId',
    {
      config: { access: { rule: 'plan.read', target: 'record' } },
      schema: {
        tags,
        summary: 'A development plan with its progress',
        params: PlanParams,
        response: { 200: Plan },
      },
    },
    async (request) =>
      getPlan(db, { actor: requireActor(request), planId: request.params.planId, today: today() }),
  );

  r.put(
    '/api/plans/:planId',
    {
      config: { access: { rule: 'plan.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Edit an active plan (the rep acknowledges it again)',
        params: PlanParams,
        body: PlanInput,
        response: { 200: Plan },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updatePlan(db, { actor, planId: request.params.planId, input: request.body, today: today() });
      return getPlan(db, { actor, planId: request.params.planId, today: today() });
    },
  );

  r.post(
    '/api/plans/:planId/acknowledge',
    {
      config: { access: { rule: 'plan.acknowledge', target: 'record' } },
      schema: {
        tags,
        summary: 'Acknowledge your development plan (receipt, not agreement)',
        params: PlanParams,
        response: { 200: Plan },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await acknowledgePlan(db, { actor, planId: request.params.planId, now: now() });
      return getPlan(db, { actor, planId: request.params.planId, today: today() });
    },
  );

  r.post(
    '/api/plans/:planId/close',
    {
      config: { access: { rule: 'plan.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Close a plan at its review (achieved, partly, not achieved), optionally renewing it',
        params: PlanParams,
        body: PlanClose,
        response: { 200: z.object({ closed: Plan, renewed: Plan.nullable() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const result = await closePlan(db, {
        actor,
        planId: request.params.planId,
        close: request.body,
        today: today(),
      });
      return {
        closed: await getPlan(db, { actor, planId: result.closed, today: today() }),
        renewed: result.renewed ? await getPlan(db, { actor, planId: result.renewed, today: today() }) : null,
      };
    },
  );

  r.get(
    '/api/people/:personId/coaching-queue',
    {
      config: { access: { rule: 'skills.team', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'What to act on for the reps below a manager: no plan, review due, KPI moving the wrong way',
        params: RepParams,
        response: { 200: CoachingQueue },
      },
    },
    async (request) =>
      coachingQueue(db, {
        orgId: requireActor(request).orgId,
        managerId: request.params.personId,
        today: today(),
      }),
  );

  r.get(
    '/api/people/:personId/skill-matrix',
    {
      config: { access: { rule: 'skills.team', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'The reps below a manager × the skills: each rep’s current level',
        params: RepParams,
        response: { 200: SkillMatrix },
      },
    },
    async (request) =>
      skillMatrix(db, {
        orgId: requireActor(request).orgId,
        managerId: request.params.personId,
        today: today(),
      }),
  );
}
