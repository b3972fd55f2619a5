import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { createDemo } from '../../src/features/demo/service.js';
import { checkCredentials, findPersonByEmail, listPeople } from '../../src/features/people/service.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

const NOW = new Date('2026-06-30T12:00:00Z');

describe('demo organisation', () => {
  it('tells the brief’s story: Maria’s team with John and Sheila, Omar’s team, a leader above both', async () => {
    const demo = await createDemo(database.db, { now: NOW });
    expect(demo.created).toBe(true);
    expect(demo.org).toMatchObject({ slug: 'demo', currency: 'USD' });
    const people = await listPeople(database.db, { orgId: demo.org.id, scope: 'all' });
    const byHandle = new Map(people.map((p) => [p.email.split('@')[0], p]));
    expect(people.filter((p) => p.role === 'rep').length).toBeGreaterThanOrEqual(12);
    const maria = byHandle.get('maria');
    expect(maria?.role).toBe('manager');
    expect(byHandle.get('john')?.managerId).toBe(maria?.id);
    expect(byHandle.get('sheila')?.managerId).toBe(maria?.id);
    expect(byHandle.get('omar')?.managerId).toBe(byHandle.get('leader')?.id);
    expect(byHandle.get('admin')?.role).toBe('admin');
    // History ends on the day it is created: start dates are relative to it.
    expect(byHandle.get('kofi')?.startDate).toBe('2026-05-16');
    expect(demo.logins).toContainEqual({
      role: 'manager',
      email: 'maria@demo.touchline.test',
      password: 'touchline-demo',
    });
    const signIn = await checkCredentials(database.db, 'sheila@demo.touchline.test', 'touchline-demo');
    expect(signIn.map((s) => s.orgId)).toEqual([demo.org.id]);
  });

  it('is a no-op when it exists, and --reset replaces the demo org and nothing else', async () => {
    const other = await makeOrg(database.db);
    const first = await createDemo(database.db, { now: NOW });
    const again = await createDemo(database.db, { now: NOW });
    expect(again.created).toBe(false);
    expect(again.org.id).toBe(first.org.id);
    const reset = await createDemo(database.db, { now: NOW, reset: true });
    expect(reset.created).toBe(true);
    expect(reset.org.id).not.toBe(first.org.id);
    expect(await findPersonByEmail(database.db, other.org.id, other.r1.email)).toMatchObject({
      id: other.r1.id,
    });
  });
});
