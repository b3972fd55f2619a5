import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EvidenceSource } from '../../core/skillProfile.js';
import type { Db } from '../../db/open.js';
import {
  AssessmentInput,
  AssessmentParams,
  AssessmentResult,
  MasteryRulesShape,
  NewSkill,
  Skill,
  SkillEdit,
  SkillFramework,
  SkillParams,
  StageSkillsUpdate,
} from '../../features/skills/contract.js';
import {
  addSkill,
  editSkill,
  getFramework,
  recordEvidence,
  setMasteryRules,
  setStageSkills,
} from '../../features/skills/service.js';
import { requireActor } from '../access.js';

export function skillsRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['skills'];
  const today = () => now().toISOString().slice(0, 10);

  r.get(
    '/api/skills',
    {
      config: { access: { rule: 'skills.read' } },
      schema: {
        tags,
        summary: 'The skills framework: skills, rubrics, stage → skill mapping',
        response: { 200: SkillFramework },
      },
    },
    async (request) => getFramework(db, { orgId: requireActor(request).orgId }),
  );

  r.post(
    '/api/skills',
    {
      config: { access: { rule: 'skills.configure' } },
      schema: { tags, summary: 'Add a skill of your own', body: NewSkill, response: { 201: Skill } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      reply.code(201);
      return addSkill(db, { orgId: actor.orgId, actorId: actor.personId, skill: request.body });
    },
  );

  r.put(
    '/api/skills/:slug',
    {
      config: { access: { rule: 'skills.configure' } },
      schema: {
        tags,
        summary: 'Edit a skill (a new version: ratings keep the rubric they were given against)',
        params: SkillParams,
        body: SkillEdit,
        response: { 200: Skill },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return editSkill(db, {
        orgId: actor.orgId,
        actorId: actor.personId,
        slug: request.params.slug,
        edit: request.body,
      });
    },
  );

  r.put(
    '/api/skills/stage-mapping',
    {
      config: { access: { rule: 'skills.configure' } },
      schema: {
        tags,
        summary: 'Set which skill the diagnosis names for a weak conversion out of each stage',
        body: StageSkillsUpdate,
        response: { 200: z.object({ stageSkills: SkillFramework.shape.stageSkills }) },
      },
    },
    async (request) => ({
      stageSkills: await setStageSkills(db, {
        orgId: requireActor(request).orgId,
        mapping: request.body.mapping,
      }),
    }),
  );

  r.put(
    '/api/skills/mastery-rules',
    {
      config: { access: { rule: 'skills.configure' } },
      schema: {
        tags,
        summary: 'Set when a skill counts as learned, applied and mastered',
        body: MasteryRulesShape,
        response: { 200: MasteryRulesShape },
      },
    },
    async (request) => setMasteryRules(db, { orgId: requireActor(request).orgId, rules: request.body }),
  );

  r.post(
    '/api/people/:personId/assessments',
    {
      config: { access: { rule: 'skills.assess', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Rate a person’s skills: a manager’s assessment, or your self-assessment',
        params: AssessmentParams,
        body: AssessmentInput,
        response: { 201: AssessmentResult },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const source: EvidenceSource = request.relation === 'self' ? 'self_assessment' : 'manager_assessment';
      const assessmentId = await recordEvidence(db, {
        orgId: actor.orgId,
        personId: request.params.personId,
        authorId: actor.personId,
        source,
        observedOn: request.body.observedOn ?? today(),
        today: today(),
        ratings: request.body.ratings,
      });
      reply.code(201);
      return { assessmentId, source, ratings: request.body.ratings.length };
    },
  );
}
