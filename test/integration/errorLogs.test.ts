import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { createApiToken } from '../../src/features/auth/service.js';
import { buildApp } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

/** Logs of failing requests carry no emails, secrets or their hashes (issue 11, point 8). */
const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close().catch(() => {});
});

describe('error logs', () => {
  it('name the failing statement and the database’s reason, never the parameter values', async () => {
    const database = await testDatabase();
    opened.push(database);
    let log = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    const { app } = await buildApp({ database, webDir: '/nonexistent', logger: { level: 'error', stream } });
    const t = await makeOrg(database.db);
    const { token } = await createApiToken(database.db, {
      orgId: t.org.id,
      personId: t.r1.id,
      name: 'x',
      now: new Date(),
    });
    // tl_<org id>_<secret>: the secret itself may hold "_" (base64url), so cut after the org id.
    const secret = token.slice(`tl_${t.org.id}_`.length);
    const secretHash = createHash('sha256').update(secret).digest('base64url');
    await database.close(); // the database goes away: every query fails
    const byToken = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
    });
    const byLogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t.r2.email, password: 'a-password-to-keep' },
    });
    expect(byToken.statusCode).toBe(503);
    expect(byLogin.statusCode).toBe(503);
    await app.close();
    expect(log).toContain('database unavailable');
    expect(log).toMatch(/"statement":"select /);
    for (const value of [secretHash, secret, t.r2.email, t.org.id, 'a-password-to-keep'])
      expect(log.includes(value), `the log holds ${value}:\n${log}`).toBe(false);
  });
});
