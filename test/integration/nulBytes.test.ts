import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import type { ImportKind } from '../../src/features/crm/contract.js';
import { listPeople } from '../../src/features/people/service.js';
import type { App } from '../../src/server/app.js';
import { run } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

/** NUL bytes and control characters in every way text comes in (issue 11, point 1). */
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

function expectBadField(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  path: string,
) {
  expect(res.statusCode, res.body).toBe(400);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(JSON.parse(res.body).errors.map((e: { path: string }) => e.path)).toContain(path);
}

const load = (kind: ImportKind, text: string) => run(database, t, kind, text);

describe('NUL bytes and control characters', () => {
  it('answers a NUL in the sign-in email with 400 and the field, not 500', async () => {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${t.r1.email}\u0000`, password: 'whatever-it-is' },
    });
    expectBadField(res, 'body.email');
  });

  it('refuses NUL and other control characters in a person’s name and team, a token’s name and a stage', async () => {
    expectBadField(
      await admin.request('POST', '/api/people', { email: 'nul@x.test', name: 'Ni\u0000na', role: 'rep' }),
      'body.name',
    );
    expectBadField(
      await admin.request('POST', '/api/people', { email: 'bell@x.test', name: 'Bell\u0007', role: 'rep' }),
      'body.name',
    );
    expectBadField(
      await admin.request('PATCH', `/api/people/${t.r1.id}`, { team: 'West\u001b' }),
      'body.team',
    );
    expectBadField(await admin.request('POST', '/api/me/tokens', { name: 'sync\u0000' }), 'body.name');
    expectBadField(
      await admin.request('PUT', '/api/funnel', { stages: ['Intro', 'Dem\u0000o', 'Won'] }),
      'body.stages.1',
    );
    expect((await admin.request('GET', `/api/people?managerId=${t.m1.id}%00`)).statusCode).toBe(400);
  });

  it('keeps a name with tabs or line breaks out of the refusal (they are trimmed or kept)', async () => {
    const res = await admin.request('POST', '/api/people', {
      email: 'tab@x.test',
      name: '\tTab Person\n',
      role: 'rep',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).toBe('Tab Person');
  });

  it('rejects only the CSV line holding a NUL, naming its line and column, and imports the rest', async () => {
    const r1 = t.r1.email;
    const opps = await load(
      'opportunities',
      [
        'id,owner_email,account,name,amount,created_at,stage,closed_at,won',
        `N1,${r1},Acme,Fine deal,100,2026-05-04,Prospecting,,`,
        `N2,${r1},Ac\u0000me,Broken deal,100,2026-05-04,Prospecting,,`,
        `N3,${r1},Beta,Another fine deal,100,2026-05-05,Prospecting,,`,
      ].join('\n'),
    );
    expect(opps).toMatchObject({ inserted: 2, rejected: 1 });
    expect(opps.rejects[0]).toMatchObject({ file: 'opportunities.csv', line: 3, column: 'account' });
    expect(opps.rejects[0]?.reason).toContain('NUL');
    const acts = await load(
      'activities',
      [
        'id,owner_email,type,occurred_at,opportunity_id,contact_level',
        `X1,${r1},call\u0000,2026-05-04T09:00:00Z,N1,`,
        `X2,${r1},email,2026-05-05T09:00:00Z,N1,`,
      ].join('\n'),
    );
    expect(acts).toMatchObject({ inserted: 1, rejected: 1 });
    expect(acts.rejects[0]).toMatchObject({ line: 2, column: 'type' });
  });

  it('rejects a people line with a NUL or a control character in the name, and adds the others', async () => {
    const people = await load(
      'people',
      [
        'email,name,role,manager_email,team,start_date',
        'ok@nul.test,Okay Person,rep,,,',
        'nul@nul.test,Nu\u0000ll,rep,,,',
        'esc@nul.test,Esc\u001bape,rep,,,',
      ].join('\n'),
    );
    expect(people).toMatchObject({ inserted: 1, rejected: 2 });
    expect(people.rejects.map((r) => [r.line, r.column])).toEqual([
      [3, 'name'],
      [4, 'name'],
    ]);
    const emails = (await listPeople(database.db, { orgId: t.org.id })).map((p) => p.email);
    expect(emails).toContain('ok@nul.test');
    expect(emails).not.toContain('nul@nul.test');
  });
});
