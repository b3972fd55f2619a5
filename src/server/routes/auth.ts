import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../db/open.js';
import {
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenList,
  ChangePassword,
  LoginRequest,
  Me,
  type Me as MeShape,
  TokenParams,
} from '../../features/auth/contract.js';
import {
  changePassword,
  createApiToken,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
} from '../../features/auth/service.js';
import { DemoHint } from '../../features/demo/contract.js';
import { demoSignInHint } from '../../features/demo/service.js';
import { getOrg } from '../../features/orgs/service.js';
import { requireActor, SESSION_COOKIE } from '../access.js';

async function me(db: Db, actor: Actor, csrfToken: string | null): Promise<MeShape> {
  const org = await getOrg(db, { orgId: actor.orgId });
  return { id: actor.personId, email: actor.email, name: actor.name, role: actor.role, org, csrfToken };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires,
  });
}

export function authRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/login',
    {
      config: { access: { rule: 'public' }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Sign in with email and password', body: LoginRequest, response: { 200: Me } },
    },
    async (request, reply) => {
      const result = await login(db, {
        ...request.body,
        previousSessionId: request.cookies[SESSION_COOKIE],
        now: now(),
      });
      setSessionCookie(request, reply, result.sessionId, result.expiresAt);
      return me(db, result.actor, result.csrfToken);
    },
  );

  r.get(
    '/api/auth/demo-hint',
    {
      config: { access: { rule: 'public' } },
      schema: {
        tags,
        summary: 'Demo sign-in suggestion, when the demo organisation exists',
        response: { 200: DemoHint },
      },
    },
    async () => demoSignInHint(db),
  );

  r.post(
    '/api/auth/logout',
    { config: { access: { rule: 'signedIn' } }, schema: { tags, summary: 'Sign out (ends this session)' } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout(db, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/me',
    {
      config: { access: { rule: 'signedIn' } },
      schema: { tags, summary: 'Who is signed in', response: { 200: Me } },
    },
    async (request) => me(db, requireActor(request), request.csrfToken),
  );

  r.put(
    '/api/me/password',
    {
      config: { access: { rule: 'profile.update' } },
      schema: { tags, summary: 'Change your own password', body: ChangePassword },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await changePassword(db, {
        orgId: actor.orgId,
        actor,
        change: request.body,
        currentSessionId: request.cookies[SESSION_COOKIE],
      });
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/me/tokens',
    {
      config: { access: { rule: 'token.manage' } },
      schema: { tags, summary: 'Your API tokens', response: { 200: ApiTokenList } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { tokens: await listApiTokens(db, { orgId: actor.orgId, actor }) };
    },
  );

  r.post(
    '/api/me/tokens',
    {
      config: { access: { rule: 'token.manage' } },
      schema: {
        tags,
        summary: 'Create an API token (shown once)',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await createApiToken(db, {
        orgId: actor.orgId,
        personId: actor.personId,
        name: request.body.name,
        now: now(),
      });
      return reply.code(201).send(created);
    },
  );

  r.delete(
    '/api/me/tokens/:tokenId',
    {
      config: { access: { rule: 'token.revoke', target: 'record' } },
      schema: { tags, summary: 'Revoke an API token', params: TokenParams },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeApiToken(db, {
        orgId: actor.orgId,
        actor,
        tokenId: request.params.tokenId,
        now: now(),
      });
      return reply.code(204).send();
    },
  );
}
