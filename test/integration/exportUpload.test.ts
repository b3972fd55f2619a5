import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { Database } from '../../src/db/open.js';
import type { ExportReport } from '../../src/features/crm/exports/contract.js';
import { listPeople } from '../../src/features/people/service.js';
import { SESSION_COOKIE } from '../../src/server/access.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

/** Issue 12: the CRM data page uploads a Salesforce export's .zip, checks it, then imports it. */
const FIXTURE = new URL('../fixtures/salesforce-export/', import.meta.url).pathname;
let database: Database;
let app: App;
let t: TestOrg;
let admin: Client;
let zip: Buffer;

function zipped(): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const name of readdirSync(FIXTURE)) if (name.endsWith('.csv')) z.addFile(join(FIXTURE, name), name);
  z.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => parts.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    z.outputStream.on('error', reject);
  });
}

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  t = await makeOrg(database.db);
  admin = await signedInAs(app.app, database, t.org.id, t.admin);
  zip = await zipped();
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

function send(client: Client, fields: Record<string, string>, fileName: string, content: Buffer) {
  const boundary = '----touchline-export-boundary';
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const payload = Buffer.concat([
    Buffer.from(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/zip\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.app.inject({
    method: 'POST',
    url: '/api/imports/export',
    cookies: { [SESSION_COOKIE]: client.cookie },
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': client.csrf },
    payload,
  });
}

describe('uploading a whole CRM export', () => {
  it('checks the .zip first (what it holds, changing nothing), then imports it', async () => {
    const check = await send(admin, { source: 'salesforce', dryRun: 'true' }, 'export.zip', zip);
    expect(check.statusCode, check.body).toBe(200);
    const found = check.json();
    expect(found).toMatchObject({ source: 'salesforce', dryRun: true, people: { users: 7, added: 4 } });
    expect(found.files.find((f: { object: string }) => f.object === 'OpportunityHistory')).toMatchObject({
      file: 'OpportunityHistory.csv',
      encoding: 'utf-16le',
    });
    const before = await listPeople(database.db, { orgId: t.org.id, includeInactive: true });
    expect(before.map((p) => p.email)).not.toContain('carlos.pena@acme.example');
    const done = await send(admin, { source: 'salesforce' }, 'export.zip', zip);
    expect(done.statusCode, done.body).toBe(200);
    const report = done.json();
    // The check went through every row of every file, as the import then did: the same counts.
    const counts = (r: ExportReport) =>
      r.objects.map((o) => [o.object, o.kind, o.summary.inserted, o.summary.updated, o.summary.rejected]);
    expect(counts(found)).toEqual(counts(report));
    expect(counts(found)).toContainEqual(['Task', 'activities', 5, 0, 0]);
    // The organisation already has people but no CRM data: the export's funnel is taken.
    expect(report.funnel.from).toBe('export');
    expect(report.objects.find((o: { object: string }) => o.object === 'Opportunity').summary).toMatchObject({
      inserted: 7,
      rejected: 0,
    });
  });

  it('answers 400 for a file that is not a .zip, a bad field, or a damaged zip; 403 for a rep', async () => {
    const notZip = await send(admin, { source: 'salesforce' }, 'export.csv', Buffer.from('a,b\n'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().errors[0]).toMatchObject({ path: 'file' });
    const badField = await send(admin, { source: 'salesforce', dateFormat: 'YMD' }, 'export.zip', zip);
    expect(badField.statusCode).toBe(400);
    expect(badField.json().errors[0]).toMatchObject({ path: 'dateFormat', message: 'use DMY or MDY' });
    const damaged = await send(admin, { source: 'salesforce' }, 'export.zip', zip.subarray(0, 200));
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().detail).toContain('not a readable .zip file');
    const rep = await signedInAs(app.app, database, t.org.id, t.r1);
    expect((await send(rep, { source: 'salesforce' }, 'export.zip', zip)).statusCode).toBe(403);
  });
});
