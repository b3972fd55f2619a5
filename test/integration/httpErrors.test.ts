import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { listPeople } from '../../src/features/people/service.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

let database: Database;
let app: App;
let t: TestOrg;
let admin: Client;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  t = await makeOrg(database.db);
  admin = await signedInAs(app.app, database, t.org.id, t.admin);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

const raw = (payload: string, contentType: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/people',
    cookies: { [SESSION_COOKIE]: admin.cookie },
    headers: { 'x-csrf-token': admin.csrf, 'content-type': contentType },
    payload,
  });

describe('bad input gets a clear problem+json and loses nothing', () => {
  it('rejects malformed JSON with 400', async () => {
    const res = await raw('{"email": ', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/not valid JSON/);
  });

  it('names unknown fields and wrong types by path', async () => {
    const res = await admin.request('POST', '/api/people', {
      email: 'a@b.co',
      name: 'A',
      role: 'rep',
      shoeSize: 44,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({ path: 'body.shoeSize', message: 'unknown field' });
    const typed = await admin.request('POST', '/api/people', { email: 'a@b.co', name: 42, role: 'boss' });
    const paths = (typed.json().errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.name', 'body.role']);
  });

  it('refuses oversized bodies with 413 and the wrong content type with 415', async () => {
    const big = await raw(
      JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(100_000), role: 'rep' }),
      'application/json',
    );
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    const text = await raw('email=a@b.co', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json().detail).toMatch(/application\/json/);
  });

  it('answers unknown API routes with a 404 problem', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('maps domain rule violations to 400/409 and leaves stored people untouched', async () => {
    const before = await listPeople(database.db, { orgId: t.org.id });
    const dup = await admin.request('POST', '/api/people', { email: t.r1.email, name: 'Again', role: 'rep' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe('email');
    const loop = await admin.request('PATCH', `/api/people/${t.leader.id}`, { managerId: t.m1.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().detail).toMatch(/loop/);
    expect(await listPeople(database.db, { orgId: t.org.id })).toEqual(before);
  });

  it('answers 503 "the database is unavailable", with no stack trace or SQL, when the database is gone', async () => {
    const broken = await testDatabase();
    const { buildApp } = await import('../../src/server/app.js');
    const brokenApp = await buildApp({ database: broken, webDir: '/nonexistent' });
    const u = await makeOrg(broken.db);
    const client = await signedInAs(brokenApp.app, broken, u.org.id, u.admin);
    await broken.close(); // the database goes away under a signed-in user
    const res = await client.request('GET', '/api/people');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is unavailable; try again in a moment.',
    });
    const health = await brokenApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    await brokenApp.app.close();
  });
});

describe('health and API description', () => {
  it('reports health and serves an OpenAPI 3.1 document generated from the contracts', async () => {
    expect((await app.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      status: 'ok',
      database: 'ok',
    });
    const doc = (await app.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/people',
        '/api/people/{id}',
        '/api/auth/login',
        '/api/me/tokens',
        '/api/skills',
        '/api/plans/{planId}',
      ]),
    );
    expect(doc.components.schemas.Person).toBeDefined();
    const docs = await app.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
