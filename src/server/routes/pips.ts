import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import {
  PersonParams,
  Pip,
  PipAcknowledge,
  PipCheckIn,
  PipClose,
  PipDraft,
  PipExtend,
  PipList,
  PipParams,
  PipReview,
} from '../../features/goals/contract.js';
import {
  acknowledgePip,
  checkInPip,
  closePip,
  editPip,
  extendPip,
  reviewPip,
  startPip,
  submitPip,
} from '../../features/goals/pips.js';
import { getPip, listPips } from '../../features/goals/pipsRead.js';
import { requireActor } from '../access.js';

export function pipsRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['improvement plans'];
  const today = () => now().toISOString().slice(0, 10);
  const pipOf = (actor: ReturnType<typeof requireActor>, pipId: string) =>
    getPip(db, { actor, pipId, today: today() });

  r.get(
    '/api/pips',
    {
      config: { access: { rule: 'signedIn' } },
      schema: {
        tags,
        summary: 'The improvement plans you may read: yours, those below you (every one, for an admin)',
        response: { 200: PipList },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return listPips(db, { actor, orgId: actor.orgId });
    },
  );

  r.post(
    '/api/people/:personId/pips',
    {
      config: { access: { rule: 'pip.start', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Write a draft plan for a rep below you (the KPI snapshot is attached)',
        params: PersonParams,
        body: PipDraft,
        response: { 201: Pip },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const pipId = await startPip(db, {
        actor,
        repId: request.params.personId,
        draft: request.body,
        today: today(),
        now: now(),
      });
      reply.code(201);
      return pipOf(actor, pipId);
    },
  );

  r.get(
    '/api/pips/:pipId',
    {
      config: { access: { rule: 'pip.read', target: 'record' } },
      schema: {
        tags,
        summary: 'A plan with its expectations’ progress, check-ins and whole history',
        params: PipParams,
        response: { 200: Pip },
      },
    },
    async (request) => pipOf(requireActor(request), request.params.pipId),
  );

  r.put(
    '/api/pips/:pipId',
    {
      config: { access: { rule: 'pip.manage', target: 'record' } },
      schema: { tags, summary: 'Edit a draft', params: PipParams, body: PipDraft, response: { 200: Pip } },
    },
    async (request) => {
      const actor = requireActor(request);
      await editPip(db, {
        actor,
        pipId: request.params.pipId,
        draft: request.body,
        today: today(),
        now: now(),
      });
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/submit',
    {
      config: { access: { rule: 'pip.manage', target: 'record' } },
      schema: { tags, summary: 'Send a draft for review', params: PipParams, response: { 200: Pip } },
    },
    async (request) => {
      const actor = requireActor(request);
      await submitPip(db, { actor, pipId: request.params.pipId, now: now() });
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/review',
    {
      config: { access: { rule: 'pip.review', target: 'record' } },
      schema: {
        tags,
        summary: 'Approve a plan (it starts today) or send it back with what to change',
        params: PipParams,
        body: PipReview,
        response: { 200: Pip },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await reviewPip(db, {
        actor,
        pipId: request.params.pipId,
        approve: request.body.approve,
        note: request.body.note,
        today: today(),
        now: now(),
      });
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/acknowledge',
    {
      config: { access: { rule: 'pip.acknowledge', target: 'record' } },
      schema: {
        tags,
        summary: 'Acknowledge receipt of your plan (not agreement), optionally with a written response',
        params: PipParams,
        body: PipAcknowledge,
        response: { 200: Pip },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await acknowledgePip(db, {
        actor,
        pipId: request.params.pipId,
        response: request.body.response,
        now: now(),
      });
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/check-ins',
    {
      config: { access: { rule: 'pip.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Record a check-in',
        params: PipParams,
        body: PipCheckIn,
        response: { 201: Pip },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await checkInPip(db, { actor, pipId: request.params.pipId, ...request.body, now: now() });
      reply.code(201);
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/extend',
    {
      config: { access: { rule: 'pip.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Extend an active plan',
        params: PipParams,
        body: PipExtend,
        response: { 200: Pip },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await extendPip(db, { actor, pipId: request.params.pipId, ...request.body, now: now() });
      return pipOf(actor, request.params.pipId);
    },
  );

  r.post(
    '/api/pips/:pipId/close',
    {
      config: { access: { rule: 'pip.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Close a plan with its outcome (a draft is withdrawn)',
        params: PipParams,
        body: PipClose,
        response: { 200: Pip },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await closePip(db, { actor, pipId: request.params.pipId, ...request.body, today: today(), now: now() });
      return pipOf(actor, request.params.pipId);
    },
  );
}
