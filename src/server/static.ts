import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './errors.js';

/** The built web app: `dist/web`, beside `dist/server` once compiled (and when running from src). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Serves the single-page app; unknown non-API paths get index.html so client-side routes survive a
 * reload, and unknown API paths get a problem+json 404.
 */
export async function installWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path === '/api' || request.method !== 'GET') {
      return sendProblem(reply, 404, `No such endpoint: ${request.method} ${path}`);
    }
    if (!hasWeb) return sendProblem(reply, 404, 'The web app is not built; run `npm run build`.');
    return reply.type('text/html').sendFile('index.html');
  });
}
