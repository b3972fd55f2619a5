import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { authorize, type Relation } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { apiTokens, loginFailures, sessions } from '../../db/schema/auth.js';
import { findOrgBySlug } from '../orgs/service.js';
import {
  activeIdentity,
  activeIdentityWith,
  checkCredentials,
  getPerson,
  type Identity,
  placeOf,
  setPassword,
} from '../people/service.js';
import type { ApiToken, ApiTokenCreated, ChangePassword, LoginRequest } from './contract.js';
import { presentApiToken } from './present.js';

export const SESSION_DAYS = 7;
/** Failed sign-ins for one email within the window before we stop checking passwords for it. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MINUTES = 15;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');
/** An organisation id no organisation has: a sign-in naming an unknown organisation checks no account. */
const NO_ORG = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function actorOf(identity: Identity, via: Actor['via']): Actor {
  return {
    orgId: identity.orgId,
    personId: identity.personId,
    role: identity.role,
    email: identity.email,
    name: identity.name,
    via,
  };
}

/** Splits `<org id>.<secret>`; anything else is not ours. */
function splitCredential(value: string, separator: string): { orgId: string; secret: string } | undefined {
  const at = value.indexOf(separator);
  if (at < 0) return undefined;
  const orgId = value.slice(0, at);
  const rest = value.slice(at + separator.length);
  if (!UUID.test(orgId) || rest.length < 20 || rest.length > 100) return undefined;
  return { orgId, secret: rest };
}

export interface LoginResult {
  /** The cookie's value. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

async function recentFailures(
  db: Db,
  email: string,
  now: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${loginFailures.at})` })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)));
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function login(
  db: Db,
  input: LoginRequest & { previousSessionId?: string | undefined; now: Date },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const { count, oldest } = await recentFailures(db, email, input.now);
  if (count >= MAX_FAILURES) {
    const retry = oldest
      ? Math.max(
          1,
          Math.ceil((oldest.getTime() + FAILURE_WINDOW_MINUTES * 60_000 - input.now.getTime()) / 1000),
        )
      : 60;
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins for this email. Try again in ${Math.ceil(retry / 60)} minute(s), or ask an administrator to reset your password.`,
      { retryAfterSeconds: retry },
    );
  }
  // A named organisation narrows the accounts checked; an unknown one matches none (the same answer).
  const orgId = input.org ? ((await findOrgBySlug(db, input.org.toLowerCase()))?.id ?? NO_ORG) : undefined;
  const { matches, tooMany } = await checkCredentials(db, { email, password: input.password, orgId });
  const identity = tooMany ? undefined : matches[0];
  if (!identity && !tooMany) {
    await db.insert(loginFailures).values({ email, at: input.now });
    throw new AppError('unauthenticated', 'Email or password is incorrect.');
  }
  if (!identity || matches.length > 1) {
    throw new AppError(
      'invalid',
      'This email signs in to several organisations: enter the organisation too.',
      {
        issues: [{ path: 'org', message: 'enter the organisation’s short name (its slug)' }],
      },
    );
  }
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  await db.delete(sessions).where(lt(sessions.expiresAt, input.now));
  if (input.previousSessionId) await logout(db, input.previousSessionId);
  return createSession(db, identity, input.now);
}

/** A new server-side session: the cookie value carries the org id and a secret stored only hashed. */
async function createSession(db: Db, identity: Identity, now: Date): Promise<LoginResult> {
  const s = secret();
  const csrfToken = secret();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({
    orgId: identity.orgId,
    secretHash: sha256(s),
    personId: identity.personId,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return { sessionId: `${identity.orgId}.${s}`, csrfToken, expiresAt, actor: actorOf(identity, 'session') };
}

/**
 * Starts a session for a person without checking a password: the building block for tests (and for
 * a future single sign-on). No route calls it.
 */
export async function startSession(
  db: Db,
  opts: { orgId: string; personId: string; now: Date },
): Promise<LoginResult> {
  const identity = await activeIdentity(db, { orgId: opts.orgId, personId: opts.personId });
  if (!identity) throw notFound('no such active person');
  return createSession(db, identity, opts.now);
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  const parts = splitCredential(sessionId, '.');
  if (!parts) return;
  await db
    .delete(sessions)
    .where(and(eq(sessions.orgId, parts.orgId), eq(sessions.secretHash, sha256(parts.secret))));
}

/**
 * Who a credential belongs to and, when the request is about a person (`relationTo`), where that
 * person stands relative to them: one query, as every request of a signed-in person begins here.
 */
export interface Authenticated {
  actor: Actor;
  relation: Relation | undefined;
}

export async function authenticateSession(
  db: Db,
  sessionId: string,
  now: Date,
  relationTo?: string,
): Promise<(Authenticated & { csrfToken: string }) | undefined> {
  const parts = splitCredential(sessionId, '.');
  if (!parts) return undefined;
  const found = await activeIdentityWith<{ csrf_token: string }>(db, {
    orgId: parts.orgId,
    relationTo,
    credential: sql`select person_id, created_at as issued_at, csrf_token from ${sessions}
      where org_id = ${parts.orgId} and secret_hash = ${sha256(parts.secret)} and expires_at > ${now.toISOString()}::timestamptz`,
  });
  if (!found) return undefined;
  const { credential, relation, ...identity } = found;
  return { actor: actorOf(identity, 'session'), relation, csrfToken: credential.csrf_token };
}

const TOKEN_PREFIX = 'tl_';

/**
 * A token's "last used" is kept to within this long: a token in steady use (a CRM sync, a script)
 * is not written on every request it makes.
 */
export const LAST_USED_PRECISION_MS = 60_000;

export async function createApiToken(
  db: Db,
  opts: { orgId: string; personId: string; name: string; now: Date },
): Promise<ApiTokenCreated> {
  const name = opts.name.trim();
  if (!name) throw invalid('name the token, e.g. "CRM sync"', 'name');
  const s = secret();
  const token = `${TOKEN_PREFIX}${opts.orgId}_${s}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      orgId: opts.orgId,
      personId: opts.personId,
      name,
      secretHash: sha256(s),
      hint: `${TOKEN_PREFIX}…${s.slice(-4)}`,
      createdAt: opts.now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return { ...presentApiToken(row), token };
}

/** The actor's own tokens, revoked ones included (so they can see when each stopped working). */
export async function listApiTokens(db: Db, opts: { orgId: string; actor: Actor }): Promise<ApiToken[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, opts.orgId), eq(apiTokens.personId, opts.actor.personId)))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map(presentApiToken);
}

/** Revokes a token its owner names; revoking one already revoked changes nothing. */
export async function revokeApiToken(
  db: Db,
  opts: { orgId: string; actor: Actor; tokenId: string; now: Date },
): Promise<ApiToken> {
  const [token] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, opts.orgId), eq(apiTokens.id, opts.tokenId)));
  if (!token) throw notFound('no such token');
  authorize(
    opts.actor,
    'token.revoke',
    await placeOf(db, opts.actor, { orgId: token.orgId, ownerId: token.personId }),
  );
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, ${opts.now.toISOString()}::timestamptz)` })
    .where(and(eq(apiTokens.orgId, opts.orgId), eq(apiTokens.id, opts.tokenId)))
    .returning();
  return presentApiToken(row ?? token);
}

export async function authenticateToken(
  db: Db,
  token: string,
  now: Date,
  relationTo?: string,
): Promise<Authenticated | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const parts = splitCredential(token.slice(TOKEN_PREFIX.length), '_');
  if (!parts) return undefined;
  const found = await activeIdentityWith<{ id: string; last_used_at: string | null }>(db, {
    orgId: parts.orgId,
    relationTo,
    credential: sql`select id, person_id, created_at as issued_at, last_used_at from ${apiTokens}
      where org_id = ${parts.orgId} and secret_hash = ${sha256(parts.secret)} and revoked_at is null`,
  });
  if (!found) return undefined;
  const { credential, relation, ...identity } = found;
  const lastUsed = credential.last_used_at ? Date.parse(credential.last_used_at) : undefined;
  if (lastUsed === undefined || now.getTime() - lastUsed >= LAST_USED_PRECISION_MS)
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.orgId, parts.orgId), eq(apiTokens.id, credential.id)));
  return { actor: actorOf(identity, 'token'), relation };
}

/**
 * A person changes their own password: the current one must be right. Every other session of theirs
 * ends (a password is changed when it may have leaked); the one they are using goes on. API tokens
 * stay valid until revoked: they are listed on the profile with when each was last used.
 */
export async function changePassword(
  db: Db,
  opts: {
    orgId: string;
    actor: Pick<Actor, 'personId' | 'email'>;
    change: ChangePassword;
    currentSessionId?: string | undefined;
  },
): Promise<void> {
  const { orgId, actor, change } = opts;
  const { matches } = await checkCredentials(db, {
    email: actor.email,
    password: change.currentPassword,
    orgId,
  });
  const ok = matches.some((m) => m.personId === actor.personId);
  if (!ok) {
    throw new AppError('invalid', 'Your current password is not right.', {
      issues: [{ path: 'body.currentPassword', message: 'not your current password' }],
    });
  }
  await setPassword(db, { orgId, personId: actor.personId, password: change.newPassword });
  const current = opts.currentSessionId ? splitCredential(opts.currentSessionId, '.') : undefined;
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.orgId, orgId),
        eq(sessions.personId, actor.personId),
        current ? ne(sessions.secretHash, sha256(current.secret)) : undefined,
      ),
    );
}

/**
 * An administrator (or the command line) sets a person's password: all of that person's sessions
 * end, and the lockout after failed sign-ins is lifted, so the new password works at once.
 */
export async function resetPassword(
  db: Db,
  opts: { orgId: string; personId: string; password: string },
): Promise<void> {
  await setPassword(db, opts);
  const person = await getPerson(db, { orgId: opts.orgId, personId: opts.personId });
  await db.delete(sessions).where(and(eq(sessions.orgId, opts.orgId), eq(sessions.personId, opts.personId)));
  await db.delete(loginFailures).where(eq(loginFailures.email, person.email));
}
