import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { updatePerson } from '../../src/features/people/service.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { testApp } from '../helpers/http.js';

const PASSWORD = 'a-good-long-password';
let database: Database;
let app: App;
let t: TestOrg;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  t = await makeOrg(database.db, { password: PASSWORD });
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

const login = (email: string, password: string, cookie?: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    ...(cookie ? { cookies: { [SESSION_COOKIE]: cookie } } : {}),
  });

function sessionCookie(res: {
  cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }[];
}) {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error('no session cookie');
  return c;
}

describe('sign-in', () => {
  it('signs in, sets an HttpOnly SameSite=Lax cookie (not Secure over plain HTTP) and returns a CSRF token', async () => {
    const res = await login(t.m1.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const c = sessionCookie(res);
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    expect(c.secure).toBeFalsy();
    const body = res.json();
    expect(body.email).toBe(t.m1.email);
    expect(body.csrfToken).toMatch(/.{20,}/);
    const me = await app.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { [SESSION_COOKIE]: c.value },
    });
    expect(me.json().role).toBe('manager');
  });

  it('marks the cookie Secure when served over HTTPS behind a trusted proxy', async () => {
    const { buildApp } = await import('../../src/server/app.js');
    const proxied = await buildApp({ database, trustProxy: true, webDir: '/nonexistent' });
    const res = await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: t.r2.email, password: PASSWORD },
    });
    expect(sessionCookie(res).secure).toBe(true);
    await proxied.app.close();
  });

  it('gives the same message, and similar timing, whether or not the email exists', async () => {
    const time = async (email: string) => {
      const start = performance.now();
      const res = await login(email, 'wrong-password-here');
      return { ms: performance.now() - start, res };
    };
    await time('warm-up@nowhere.test');
    const known = await time(t.r3.email);
    const unknown = await time(`nobody-${Date.now()}@nowhere.test`);
    expect(known.res.statusCode).toBe(401);
    expect(unknown.res.statusCode).toBe(401);
    expect(known.res.json().detail).toBe(unknown.res.json().detail);
    expect(known.res.json().detail).toBe('Email or password is incorrect.');
    // Both pay for one scrypt hash; allow generous noise on a busy machine.
    const ratio = known.ms / unknown.ms;
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('stops checking passwords after repeated failures for one email, with a clear message', async () => {
    const victim = t.leader.email;
    for (let i = 0; i < 5; i++) expect((await login(victim, `wrong-${i}-password`)).statusCode).toBe(401);
    const blocked = await login(victim, PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().detail).toMatch(/Too many failed sign-ins.*Try again in \d+ minute/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await login(t.admin.email, PASSWORD)).statusCode).toBe(200);
  });

  it('rotates the session at sign-in and ends it at sign-out', async () => {
    const first = sessionCookie(await login(t.r1.email, PASSWORD)).value;
    const secondRes = await login(t.r1.email, PASSWORD, first);
    const second = sessionCookie(secondRes).value;
    expect(second).not.toBe(first);
    const old = await app.app.inject({ method: 'GET', url: '/api/me', cookies: { [SESSION_COOKIE]: first } });
    expect(old.statusCode).toBe(401);
    const csrf = secondRes.json().csrfToken as string;
    const out = await app.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { [SESSION_COOKIE]: second },
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await app.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { [SESSION_COOKIE]: second },
    });
    expect(after.statusCode).toBe(401);
  });

  it('requires the CSRF token on writes made with the cookie', async () => {
    const res = await login(t.m2.email, PASSWORD);
    const cookie = sessionCookie(res).value;
    const without = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: cookie },
      payload: { name: 'x' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().detail).toMatch(/CSRF/);
    const wrong = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': 'nope' },
      payload: { name: 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': res.json().csrfToken },
      payload: { name: 'x' },
    });
    expect(right.statusCode).toBe(201);
  });

  it('ends the sessions of a person who is deactivated', async () => {
    const u = await makeOrg(database.db, { password: PASSWORD });
    const cookie = sessionCookie(await login(u.r3.email, PASSWORD)).value;
    await updatePerson(database.db, {
      orgId: u.org.id,
      actor: { personId: u.admin.id, role: 'admin' },
      personId: u.r3.id,
      patch: { active: false },
    });
    expect(
      (await app.app.inject({ method: 'GET', url: '/api/me', cookies: { [SESSION_COOKIE]: cookie } }))
        .statusCode,
    ).toBe(401);
    expect((await login(u.r3.email, PASSWORD)).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, work as Bearer without CSRF, and stop working when revoked', async () => {
    const res = await login(t.r2.email, PASSWORD);
    const cookie = sessionCookie(res).value;
    const headers = { 'x-csrf-token': res.json().csrfToken as string };
    const created = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: cookie },
      headers,
      payload: { name: 'CRM sync' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    const secret = token.split('_').slice(2).join('_');
    const stored = await queryRows<{ secret_hash: string }>(
      database.db,
      sql`select secret_hash from api_tokens where id = ${id}`,
    );
    expect(stored[0]?.secret_hash).toBeDefined();
    expect(stored[0]?.secret_hash).not.toContain(secret);
    const listed = await app.app.inject({
      method: 'GET',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(JSON.stringify(listed.json())).not.toContain(secret);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(me.json().email).toBe(t.r2.email);
    const write = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: bearer,
      payload: { name: 'from a script' },
    });
    expect(write.statusCode).toBe(201);

    const revoked = await app.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${id}`,
      cookies: { [SESSION_COOKIE]: cookie },
      headers,
    });
    expect(revoked.statusCode).toBe(204);
    const refused = await app.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/token/);
  });

  it('cannot be used against another organisation by rewriting the org id', async () => {
    const other = await makeOrg(database.db);
    const res = await login(t.r1.email, PASSWORD);
    const created = await app.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      cookies: { [SESSION_COOKIE]: sessionCookie(res).value },
      headers: { 'x-csrf-token': res.json().csrfToken },
      payload: { name: 'x' },
    });
    const forged = (created.json().token as string).replace(t.org.id, other.org.id);
    expect(
      (
        await app.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization: `Bearer ${forged}` },
        })
      ).statusCode,
    ).toBe(401);
  });
});
