import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/open.js';
import { startSession } from '../../src/features/auth/service.js';
import type { Person } from '../../src/features/people/contract.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import { type App, buildApp } from '../../src/server/app.js';

export async function testApp(database: Database, now = () => new Date()): Promise<App> {
  return buildApp({ database, now, webDir: '/nonexistent' });
}

export interface Client {
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>;
  cookie: string;
  csrf: string;
}

/** Signs `person` in (without a password) and returns a client that sends their cookie and CSRF token. */
export async function signedInAs(
  app: FastifyInstance,
  database: Database,
  orgId: string,
  person: Person,
  /** When the session starts: the app's clock, for a test whose clock is not today's. */
  now = new Date(),
): Promise<Client> {
  const session = await startSession(database.db, { orgId, personId: person.id, now });
  return {
    cookie: session.sessionId,
    csrf: session.csrfToken,
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        cookies: { [SESSION_COOKIE]: session.sessionId },
        headers: { 'x-csrf-token': session.csrfToken },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
  };
}
