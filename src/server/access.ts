import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, isRuleName, type Relation, type RuleName, ruleTarget } from '../core/access.js';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Db } from '../db/open.js';
import { authenticateSession, authenticateToken } from '../features/auth/service.js';

/**
 * What every route declares in `config.access`: `public` (no sign-in), `signedIn` (any signed-in
 * person, acting on their own things), or a rule of the access policy. A rule with a person target
 * names the route parameter holding that person's id (checked here, before the handler); a rule
 * with a record target says `target: 'record'` (its service loads the record and calls `authorize`).
 */
export type RouteAccess =
  | { rule: 'public' }
  | { rule: 'signedIn' }
  | { rule: RuleName; targetParam?: string; target?: 'record' };

/** The policy's kind of target that a declaration promises. */
function declaredTarget(access: RouteAccess): 'person' | 'record' | 'none' {
  if ('targetParam' in access && access.targetParam !== undefined) return 'person';
  if ('target' in access && access.target === 'record') return 'record';
  return 'none';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
    /** Where the person the route is about stands relative to the actor (`targetOf`), if any. */
    relation: Relation | undefined;
  }
}

export const SESSION_COOKIE = 'touchline_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Routes that plugins register for us (the interactive API docs); they are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** Every route must say who may call it: a route without `config.access` stops start-up. */
export function enforceDeclaredAccess(app: FastifyInstance, registered: RegisteredRoute[]): void {
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const declared = route.config?.access;
    let access: RouteAccess;
    if (declared) {
      if (declared.rule !== 'public' && declared.rule !== 'signedIn' && !isRuleName(declared.rule)) {
        throw new Error(
          `route ${methods.join(',')} ${route.url} names an unknown access rule "${declared.rule}"`,
        );
      }
      if (declared.rule !== 'public' && declared.rule !== 'signedIn') {
        const wanted = ruleTarget(declared.rule);
        const given = declaredTarget(declared);
        if (wanted !== given) {
          const how = { person: 'targetParam', record: "target: 'record'", none: 'no target' };
          throw new Error(
            `route ${route.url}: rule ${declared.rule} needs ${how[wanted]}, not ${how[given]}`,
          );
        }
      }
      access = declared;
    } else if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)) || !route.url.startsWith('/api')) {
      access = { rule: 'public' };
    } else {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access rule (config.access)`);
    }
    for (const method of methods) registered.push({ method, url: route.url, access });
  });
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The id of the person a route with a person rule is about, when its address names a valid one. */
function targetOf(request: FastifyRequest): string | undefined {
  const access = request.routeOptions.config?.access;
  if (!access || !('targetParam' in access) || access.targetParam === undefined) return undefined;
  const id = (request.params as Record<string, string | undefined>)[access.targetParam];
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

/** Authenticates every API request (session cookie or bearer token) and applies the route's rule. */
export function installAccessHooks(app: FastifyInstance, db: Db, now: () => Date): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('relation', undefined);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // A request about a person learns where they stand in the same query that authenticates it.
    const about = targetOf(request);
    const token = bearer(request);
    if (token) {
      const found = await authenticateToken(db, token, now(), about);
      if (!found)
        throw new AppError(
          'unauthenticated',
          'This API token is not valid (unknown, revoked, or its owner is inactive).',
        );
      request.actor = found.actor;
      request.relation = found.relation;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await authenticateSession(db, cookie, now(), about);
    if (session) {
      request.actor = session.actor;
      request.csrfToken = session.csrfToken;
      request.relation = session.relation;
    }
  });

  app.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.rule === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      if (request.headers[CSRF_HEADER] !== request.csrfToken) {
        throw new AppError(
          'forbidden',
          'This request is missing its CSRF token; reload the page and try again.',
        );
      }
    }
    if (access.rule === 'signedIn') return;
    const target = declaredTarget(access);
    // The service loads the record and authorises it (`authorize` in core/access).
    if (target === 'record') return;
    if (target === 'none' || !('targetParam' in access) || access.targetParam === undefined) {
      if (!can(actor.role, access.rule)) throw new AppError('forbidden', 'Your role does not allow this.');
      return;
    }
    const relation = targetOf(request) ? request.relation : undefined;
    if (!relation) throw new AppError('not_found', 'No such person in your organisation.');
    if (!can(actor.role, access.rule, relation))
      throw new AppError('forbidden', 'You can only do this for people in your reporting line.');
  });
}

/** The signed-in actor of a request whose route rule already demanded one. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return request.actor;
}
