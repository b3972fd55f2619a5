import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { enforceDeclaredAccess, type RegisteredRoute } from '../../src/server/access.js';
import { testDatabase } from '../helpers/db.js';
import { testApp } from '../helpers/http.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

describe('route rules and response headers', () => {
  it('stops start-up when an API route declares no access rule, or an unknown one', async () => {
    const bare = Fastify();
    enforceDeclaredAccess(bare, [] as RegisteredRoute[]);
    expect(() => bare.get('/api/forgotten', async () => ({}))).toThrow(/declares no access rule/);
    expect(() =>
      bare.get(
        '/api/typo',
        { config: { access: { rule: 'person.raed' as 'person.read', targetParam: 'id' } } },
        async () => ({}),
      ),
    ).toThrow(/unknown access rule/);
    expect(() =>
      bare.get('/api/people/:id/x', { config: { access: { rule: 'person.read' } } }, async () => ({})),
    ).toThrow(/needs targetParam/);
    await bare.close();
  });

  it('sends security headers on every answer', async () => {
    const { app } = await testApp(database);
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    await app.close();
  });
});
