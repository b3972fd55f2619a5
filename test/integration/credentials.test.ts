import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import type { Database } from '../../src/db/open.js';
import {
  authenticateToken,
  createApiToken,
  LAST_USED_PRECISION_MS,
  listApiTokens,
} from '../../src/features/auth/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import * as password from '../../src/features/people/password.js';
import { addPerson } from '../../src/features/people/service.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, uniq } from '../helpers/factories.js';
import { testApp } from '../helpers/http.js';

/** Sessions and tokens after a password change, an admin reset, a lockout and a reactivation (issue 11, points 3–4). */
const PASSWORD = 'a-good-long-password';
const NEW_PASSWORD = 'another-long-password';
let database: Database;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(email: string, password: string): Promise<Session> {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!cookie) throw new Error('no session cookie');
  return { cookie, csrf: res.json().csrfToken };
}

const as = (s: Session, method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: object) =>
  app.app.inject({
    method,
    url,
    cookies: { [SESSION_COOKIE]: s.cookie },
    headers: { 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });

const withToken = (token: string) =>
  app.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });

async function tokenFor(s: Session): Promise<string> {
  const res = await as(s, 'POST', '/api/me/tokens', { name: 'script' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

describe('credentials', () => {
  it('ends every other session after a password change, keeps the current one, and leaves tokens valid', async () => {
    const t = await makeOrg(database.db, { password: PASSWORD });
    const laptop = await signIn(t.r1.email, PASSWORD);
    const phone = await signIn(t.r1.email, PASSWORD);
    const token = await tokenFor(laptop);
    const change = await as(laptop, 'PUT', '/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(change.statusCode, change.body).toBe(204);
    expect((await as(laptop, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await as(phone, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await withToken(token)).statusCode).toBe(200);
    const tokens = (await as(laptop, 'GET', '/api/me/tokens')).json().tokens;
    expect(tokens[0].lastUsedAt).not.toBeNull();
  });

  it('ends all of a person’s sessions when an admin sets their password', async () => {
    const t = await makeOrg(database.db, { password: PASSWORD });
    const rep = await signIn(t.r2.email, PASSWORD);
    const admin = await signIn(t.admin.email, PASSWORD);
    const reset = await as(admin, 'PUT', `/api/people/${t.r2.id}/password`, { password: NEW_PASSWORD });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await as(rep, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await as(admin, 'GET', '/api/me')).statusCode).toBe(200);
    await signIn(t.r2.email, NEW_PASSWORD);
  });

  it('lifts the lockout when an admin resets the password, so the new one works at once', async () => {
    const t = await makeOrg(database.db, { password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.r3.email, password: 'wrong-password!' },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t.r3.email, password: PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    const admin = await signIn(t.admin.email, PASSWORD);
    expect(
      (await as(admin, 'PUT', `/api/people/${t.r3.id}/password`, { password: NEW_PASSWORD })).statusCode,
    ).toBe(204);
    await signIn(t.r3.email, NEW_PASSWORD);
  });

  it('brings back no old session or token when a person who left is reactivated', async () => {
    const t = await makeOrg(database.db, { password: PASSWORD });
    const rep = await signIn(t.r1.email, PASSWORD);
    const token = await tokenFor(rep);
    const admin = await signIn(t.admin.email, PASSWORD);
    expect((await as(admin, 'PATCH', `/api/people/${t.r1.id}`, { active: false })).statusCode).toBe(200);
    expect((await as(rep, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await as(admin, 'PATCH', `/api/people/${t.r1.id}`, { active: true })).statusCode).toBe(200);
    expect((await as(rep, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await withToken(token)).statusCode).toBe(401);
    // They sign in again with their password, and new tokens work.
    const again = await signIn(t.r1.email, PASSWORD);
    expect((await withToken(await tokenFor(again))).statusCode).toBe(200);
  });
});

describe('sign-in work per attempt', () => {
  it('checks the same number of password hashes whether an email has no account, one, or several', async () => {
    const email = `shared-${uniq()}@x.test`;
    const orgs = [
      await createOrg(database.db, { slug: `a-${uniq()}` }),
      await createOrg(database.db, { slug: `b-${uniq()}` }),
    ];
    const attempt = async (who: string) => {
      const spy = vi.spyOn(password, 'verifyPassword');
      try {
        const res = await app.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: who, password: 'not-the-password' },
        });
        expect(res.statusCode).toBe(401);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const none = await attempt(`nobody-${uniq()}@x.test`);
    await addPerson(database.db, {
      orgId: orgs[0]?.id as string,
      person: { email, name: 'Shared', role: 'rep', password: PASSWORD },
    });
    const one = await attempt(email);
    await addPerson(database.db, {
      orgId: orgs[1]?.id as string,
      person: { email, name: 'Shared', role: 'rep', password: PASSWORD },
    });
    const two = await attempt(email);
    expect([none, one, two]).toEqual([none, none, none]);
    expect(none).toBeGreaterThan(0);
    // Both accounts still sign in when the organisation is named.
    const named = await app.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD, org: orgs[1]?.slug },
    });
    expect(named.statusCode, named.body).toBe(200);
  });

  it('keeps a token’s “last used” to the minute, without writing on every request it makes', async () => {
    const t = await makeOrg(database.db, { password: PASSWORD });
    const t0 = new Date('2026-07-01T09:00:00Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const { token } = await createApiToken(database.db, {
      orgId: t.org.id,
      personId: t.r1.id,
      name: 'CRM sync',
      now: t0,
    });
    const lastUsed = async (seconds: number) => {
      expect(await authenticateToken(database.db, token, at(seconds))).toBeDefined();
      const [listed] = await listApiTokens(database.db, {
        orgId: t.org.id,
        actor: { personId: t.r1.id } as Actor,
      });
      return listed?.lastUsedAt;
    };
    expect(await lastUsed(0)).toBe(at(0).toISOString());
    expect(await lastUsed(30)).toBe(at(0).toISOString());
    expect(await lastUsed(LAST_USED_PRECISION_MS / 1000)).toBe(
      at(LAST_USED_PRECISION_MS / 1000).toISOString(),
    );
  });
});
