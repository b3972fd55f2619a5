import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
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

function multipart(fields: Record<string, string>, fileName: string, content: string) {
  const boundary = '----touchline-test-boundary';
  let body = '';
  for (const [k, v] of Object.entries(fields))
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (client: Client, fields: Record<string, string>, fileName: string, content: string) => {
  const m = multipart(fields, fileName, content);
  return app.app.inject({
    method: 'POST',
    url: '/api/imports',
    cookies: { [SESSION_COOKIE]: client.cookie },
    headers: { ...m.headers, 'x-csrf-token': client.csrf },
    payload: m.payload,
  });
};

describe('import over the API', () => {
  it('streams an upload into a recorded job whose report and rejected rows can be fetched', async () => {
    const csv = [
      'id,owner_email,account,name,amount,created_at,stage,closed_at,won',
      `W1,${t.r1.email},Acme,Good,100,2026-05-04,Prospecting,,`,
      `W2,nobody@x.test,Acme,Bad owner,100,2026-05-04,Prospecting,,`,
    ].join('\n');
    const dry = await upload(
      admin,
      { kind: 'opportunities', format: 'generic', dryRun: 'true' },
      'pipeline.csv',
      csv,
    );
    expect(dry.statusCode).toBe(201);
    expect(dry.json()).toMatchObject({ dryRun: true, inserted: 1, rejected: 1, status: 'done' });
    const res = await upload(admin, { kind: 'opportunities' }, 'pipeline.csv', csv);
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(job).toMatchObject({
      kind: 'opportunities',
      fileName: 'pipeline.csv',
      status: 'done',
      inserted: 1,
      rejected: 1,
      rowsRead: 2,
    });
    expect(job.rejects[0]).toMatchObject({ line: 3, column: 'owner_email' });
    const fetched = await admin.request('GET', `/api/imports/${job.id}`);
    expect(fetched.json().id).toBe(job.id);
    const list = await admin.request('GET', '/api/imports');
    expect(list.json().jobs.map((j: { id: string }) => j.id)).toContain(job.id);
    const rejects = await admin.request('GET', `/api/imports/${job.id}/rejects.csv`);
    expect(rejects.headers['content-type']).toContain('text/csv');
    expect(rejects.headers['content-disposition']).toContain('pipeline-rejected-rows.csv');
    expect(rejects.body.split('\n')[0]).toBe('file,line,column,reason');
    expect(rejects.body).toContain('pipeline.csv,3,owner_email,no person with email nobody@x.test');
  });

  it('refuses a bad kind or format with a 400 naming the field, and non-admins with a 403', async () => {
    const bad = await upload(admin, { kind: 'deals' }, 'x.csv', 'a,b\n1,2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('kind');
    const badFormat = await upload(
      admin,
      { kind: 'opportunities', format: 'pipedrive' },
      'x.csv',
      'a,b\n1,2',
    );
    expect(badFormat.json().errors[0].path).toBe('format');
    const missing = await upload(admin, { kind: 'opportunities' }, 'x.csv', 'a,b\n1,2');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toMatch(/x\.csv: missing column\(s\) id, owner_email/);
    const manager = await signedInAs(app.app, database, t.org.id, t.m1);
    expect((await upload(manager, { kind: 'opportunities' }, 'x.csv', 'a')).statusCode).toBe(403);
  });

  it('reads and sets the funnel; a funnel dropping a stage in use is refused', async () => {
    expect((await admin.request('GET', '/api/funnel')).json()).toEqual({
      stages: ['Prospecting', 'Meeting', 'Discovery', 'Proposal', 'Negotiation', 'Won'],
      lost: 'Lost',
    });
    const set = await admin.request('PUT', '/api/funnel', {
      stages: ['Prospecting', 'Demo', 'Negotiation', 'Won'],
      lost: 'Lost',
    });
    expect(set.statusCode).toBe(200);
    const dup = await admin.request('PUT', '/api/funnel', { stages: ['Won', 'won'] });
    expect(dup.statusCode).toBe(400);
    await upload(
      admin,
      { kind: 'opportunities' },
      'p.csv',
      `id,owner_email,account,name,amount,created_at,stage,closed_at,won\nF1,${t.r1.email},A,B,1,2026-05-04,Demo,,`,
    );
    const drop = await admin.request('PUT', '/api/funnel', { stages: ['Prospecting', 'Won'] });
    expect(drop.statusCode).toBe(400);
    expect(drop.json().detail).toMatch(/1 at "Demo"/);
    const rep = await signedInAs(app.app, database, t.org.id, t.r1);
    expect((await rep.request('GET', '/api/funnel')).statusCode).toBe(200);
    expect((await rep.request('PUT', '/api/funnel', { stages: ['A', 'B'] })).statusCode).toBe(403);
  });
});
