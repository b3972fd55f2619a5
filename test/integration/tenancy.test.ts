import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { signedInAs, testApp } from '../helpers/http.js';

let database: Database;
let app: App;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database);
  a = await makeOrg(database.db);
  b = await makeOrg(database.db);
});
afterAll(async () => {
  await app.app.close();
  await database.close();
});

/** Tables that hold no tenant's data: the tenants themselves and pre-sign-in throttling. */
const NOT_TENANT_OWNED = new Set(['orgs', 'login_failures']);

describe('organisations are sealed from each other', () => {
  it('gives no admin of one organisation any person of another, through any route', async () => {
    const admin = await signedInAs(app.app, database, a.org.id, a.admin);
    const list = await admin.request('GET', '/api/people?includeInactive=true');
    const ids = new Set((list.json().people as { id: string }[]).map((p) => p.id));
    for (const p of [b.admin, b.leader, b.m1, b.m2, b.r1, b.r2, b.r3]) {
      expect(ids.has(p.id)).toBe(false);
      expect((await admin.request('GET', `/api/people/${p.id}`)).statusCode).toBe(404);
      expect((await admin.request('PATCH', `/api/people/${p.id}`, { name: 'Hijacked' })).statusCode).toBe(
        404,
      );
      expect(
        (await admin.request('PUT', `/api/people/${p.id}/password`, { password: 'hijacked-password' }))
          .statusCode,
      ).toBe(404);
    }
    const managerFromB = await admin.request('POST', '/api/people', {
      email: 'new@a.test',
      name: 'New',
      role: 'rep',
      managerId: b.m1.id,
    });
    expect(managerFromB.statusCode).toBe(400);
    const filtered = await admin.request('GET', `/api/people?managerId=${b.m1.id}`);
    expect(filtered.json().people).toEqual([]);
    const unchanged = await queryRows<{ name: string }>(
      database.db,
      sql`select name from people where org_id = ${b.org.id} and id = ${b.r1.id}`,
    );
    expect(unchanged[0]?.name).toBe(b.r1.name);
  });

  it('keys every tenant-owned table by org_id: primary, unique and foreign keys all include it', async () => {
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not like '%drizzle%'`,
    );
    const constraints = await queryRows<{
      table_name: string;
      conname: string;
      contype: string;
      columns: string[];
    }>(
      database.db,
      sql`select c.conrelid::regclass::text as table_name, c.conname, c.contype,
                 array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns
          from pg_constraint c join pg_namespace n on n.oid = c.connamespace
          where n.nspname = 'public' and c.contype in ('p', 'u', 'f')`,
    );
    const owned = tables.map((t) => t.table_name).filter((n) => !NOT_TENANT_OWNED.has(n));
    expect(owned).toEqual(expect.arrayContaining(['people', 'passwords', 'sessions', 'api_tokens']));
    for (const table of owned) {
      const own = constraints.filter((c) => c.table_name === table);
      expect(
        own.some((c) => c.contype === 'p'),
        `${table} has a primary key`,
      ).toBe(true);
      for (const c of own) {
        const references = c.contype === 'f' && c.columns.length === 1 && c.columns[0] === 'org_id';
        expect(
          references || c.columns.includes('org_id'),
          `${table}.${c.conname} (${c.columns.join(', ')}) includes org_id`,
        ).toBe(true);
      }
    }
  });
});
