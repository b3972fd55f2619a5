import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { addPerson, listPeople } from '../../src/features/people/service.js';
import { run } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { uniq } from '../helpers/factories.js';

/**
 * Issue 12: people are written set-wise, with the rules each person added one at a time obeys judged
 * over the whole file — a manager further down the file, a manager who is a rep, a loop, the last
 * administrator, a manager with reports made a rep — each refused row named by line and column.
 */
let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

async function org() {
  const o = await createOrg(database.db, { slug: `pi-${uniq()}`, name: 'People Co' });
  await addPerson(database.db, {
    orgId: o.id,
    person: { email: 'boss@x.test', name: 'Boss', role: 'admin' },
  });
  return { org: o };
}

const header = 'email,name,role,manager_email,team,start_date';

describe('people import', () => {
  it('judges the whole file: managers further down, reps as managers, loops', async () => {
    const t = await org();
    const summary = await run(
      database,
      t,
      'people',
      [
        header,
        'rep1@x.test,Rep One,rep,mgr@x.test,East,2026-01-05',
        'mgr@x.test,Manager,manager,lead@x.test,,',
        'lead@x.test,Leader,leader,,,',
        'rep2@x.test,Rep Two,rep,rep1@x.test,,',
        'a@x.test,A,manager,b@x.test,,',
        'b@x.test,B,manager,a@x.test,,',
        'c@x.test,C,rep,nobody@x.test,,',
        'd@x.test,D,rep,,,2026-02-30',
      ].join('\n'),
    );
    expect(summary).toMatchObject({ inserted: 3, rejected: 5 });
    expect(summary.rejects.map((r) => [r.line, r.column])).toEqual([
      [5, 'manager_email'],
      [6, 'manager_email'],
      [7, 'manager_email'],
      [8, 'manager_email'],
      [9, 'start_date'],
    ]);
    expect(summary.rejects[0]?.reason).toBe(
      'Rep One is a sales rep; reps cannot have people reporting to them',
    );
    expect(summary.rejects[1]?.reason).toContain('loop');
    const people = await listPeople(database.db, { orgId: t.org.id });
    const byEmail = new Map(people.map((p) => [p.email, p]));
    expect(byEmail.get('rep1@x.test')?.managerId).toBe(byEmail.get('mgr@x.test')?.id);
    expect(byEmail.get('mgr@x.test')?.managerId).toBe(byEmail.get('lead@x.test')?.id);
    expect(byEmail.get('rep1@x.test')).toMatchObject({ team: 'East', startDate: '2026-01-05' });
  });

  it('keeps the last administrator, and a manager with reports, from being made reps', async () => {
    const t = await org();
    await run(
      database,
      t,
      'people',
      [header, 'mgr@x.test,Manager,manager,,,', 'r@x.test,R,rep,mgr@x.test,,'].join('\n'),
    );
    const summary = await run(
      database,
      t,
      'people',
      [header, 'boss@x.test,Boss,rep,,,', 'mgr@x.test,Manager,rep,,,', 'r@x.test,R,rep,mgr@x.test,,'].join(
        '\n',
      ),
    );
    expect(summary.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
      [2, 'role', 'this is the only active administrator; make someone else an administrator first'],
      [
        3,
        'role',
        'Manager has 1 people reporting to them; give them another manager before Manager is made a sales rep',
      ],
    ]);
    expect(summary).toMatchObject({ unchanged: 1, rejected: 2 });
    const roles = Object.fromEntries(
      (await listPeople(database.db, { orgId: t.org.id })).map((p) => [p.email, p.role]),
    );
    expect(roles).toMatchObject({ 'boss@x.test': 'admin', 'mgr@x.test': 'manager' });
  });

  it('writes nothing under --strict when a row is refused, and everything when none is', async () => {
    const t = await org();
    const bad = [header, 'm@x.test,M,manager,,,', 'r@x.test,R,rep,r2@x.test,,', 'r2@x.test,R2,rep,,,'].join(
      '\n',
    );
    expect(await run(database, t, 'people', bad, { strict: true })).toMatchObject({
      inserted: 0,
      rejected: 1,
    });
    expect(await listPeople(database.db, { orgId: t.org.id })).toHaveLength(1);
    const good = [header, 'm@x.test,M,manager,,,', 'r@x.test,R,rep,m@x.test,,'].join('\n');
    expect(await run(database, t, 'people', good, { strict: true })).toMatchObject({
      inserted: 2,
      rejected: 0,
    });
    expect(await listPeople(database.db, { orgId: t.org.id })).toHaveLength(3);
  });
});
