import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Health } from '../../features/system/contract.js';

/** Answers once the server is up, which is only after the database was opened and migrated. */
export function healthRoutes(app: FastifyInstance): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/health',
      { config: { access: { rule: 'public' } }, schema: { tags: ['system'], response: { 200: Health } } },
      async () => ({ status: 'ok' as const }),
    );
}
