import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import { checkDatabase } from '../../db/sql.js';
import { Health } from '../../features/system/contract.js';

/** How long the health check waits for the database before calling it unavailable. */
const DATABASE_CHECK_MS = 2_000;

/** Up, and the database answers: a load balancer or monitor can act on the 503. */
export function healthRoutes(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { access: { rule: 'public' } },
      schema: { tags: ['system'], response: { 200: Health, 503: Health } },
    },
    async (_request, reply) => {
      const database = await checkDatabase(db, DATABASE_CHECK_MS);
      if (database === 'ok') return { status: 'ok' as const, database };
      return reply.code(503).send({ status: 'unavailable' as const, database });
    },
  );
}
