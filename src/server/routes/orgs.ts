import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import { OrgAnswer } from '../../features/orgs/contract.js';
import { getOrg } from '../../features/orgs/service.js';
import { requireActor } from '../access.js';

export function orgRoutes(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/org',
    {
      config: { access: { rule: 'org.read' } },
      schema: { tags: ['org'], summary: 'Your organisation', response: { 200: OrgAnswer } },
    },
    async (request) => ({ org: await getOrg(db, { orgId: requireActor(request).orgId }) }),
  );
}
