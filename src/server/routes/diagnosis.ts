import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { KPIS } from '../../core/kpis.js';
import type { Db } from '../../db/open.js';
import { Diagnosis, DiagnosisParams, DiagnosisQuery, KpiCatalog } from '../../features/diagnosis/contract.js';
import { type DiagnoseOptions, diagnoseReps } from '../../features/diagnosis/service.js';
import { requireActor } from '../access.js';

export function diagnosisRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['diagnosis'];
  const options = (query: DiagnosisQuery): Pick<DiagnoseOptions, 'asOf' | 'windowDays' | 'benchmark'> => ({
    asOf: query.asOf ? new Date(`${query.asOf}T00:00:00Z`) : now(),
    windowDays: query.windowDays,
    benchmark: query.benchmark,
  });

  r.get(
    '/api/kpis',
    {
      config: { access: { rule: 'org.read' } },
      schema: {
        tags,
        summary: 'The KPI catalog: every KPI’s name, unit, formula and skill',
        response: { 200: KpiCatalog },
      },
    },
    async () => ({ kpis: Object.values(KPIS) }),
  );

  r.get(
    '/api/diagnosis/team/:personId',
    {
      config: { access: { rule: 'diagnosis.team', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Diagnosis of every rep below a manager or leader, with KPIs',
        params: DiagnosisParams,
        querystring: DiagnosisQuery,
        response: { 200: Diagnosis },
      },
    },
    async (request) =>
      diagnoseReps(db, {
        orgId: requireActor(request).orgId,
        target: { managerId: request.params.personId },
        ...options(request.query),
      }),
  );

  r.get(
    '/api/diagnosis/reps/:personId',
    {
      config: { access: { rule: 'diagnosis.read', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'One rep’s diagnosis against their team, with KPIs',
        params: DiagnosisParams,
        querystring: DiagnosisQuery,
        response: { 200: Diagnosis },
      },
    },
    async (request) =>
      diagnoseReps(db, {
        orgId: requireActor(request).orgId,
        target: { repId: request.params.personId },
        ...options(request.query),
      }),
  );
}
