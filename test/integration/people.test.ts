import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Database } from '../../src/db/open.js';
import {
  addPerson,
  ancestorIds,
  getPerson,
  listPeople,
  relationOf,
  subtreeIds,
  updatePerson,
} from '../../src/features/people/service.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('people and reporting lines', () => {
  it('knows teams (direct reports) and subtrees (everyone below)', async () => {
    const t = await makeOrg(database.db);
    const db = database.db;
    expect((await subtreeIds(db, t.org.id, t.leader.id)).sort()).toEqual(
      [t.m1.id, t.m2.id, t.r1.id, t.r2.id, t.r3.id].sort(),
    );
    expect((await subtreeIds(db, t.org.id, t.m1.id)).sort()).toEqual([t.r1.id, t.r2.id].sort());
    expect(await ancestorIds(db, t.org.id, t.r1.id)).toEqual([t.m1.id, t.leader.id]);
    const team = await listPeople(db, { orgId: t.org.id, managerId: t.m1.id });
    expect(team.map((p) => p.email).sort()).toEqual([t.r1.email, t.r2.email].sort());
    expect((await getPerson(db, { orgId: t.org.id, personId: t.m1.id })).directReports).toBe(2);
  });

  it('places a target relative to the actor', async () => {
    const t = await makeOrg(database.db);
    const rel = (a: string, b: string) => relationOf(database.db, t.org.id, a, b);
    expect(await rel(t.m1.id, t.m1.id)).toBe('self');
    expect(await rel(t.leader.id, t.r2.id)).toBe('below');
    expect(await rel(t.r2.id, t.leader.id)).toBe('above');
    expect(await rel(t.m1.id, t.r3.id)).toBe('outside');
    const other = await makeOrg(database.db);
    expect(await rel(t.m1.id, other.r1.id)).toBeUndefined();
  });

  it('scopes lists: a manager sees their subtree, a rep only themself', async () => {
    const t = await makeOrg(database.db);
    const manager = await listPeople(database.db, {
      orgId: t.org.id,
      actor: { personId: t.m1.id, role: 'manager' },
    });
    expect(manager.map((p) => p.id).sort()).toEqual([t.m1.id, t.r1.id, t.r2.id].sort());
    const rep = await listPeople(database.db, { orgId: t.org.id, actor: { personId: t.r1.id, role: 'rep' } });
    expect(rep.map((p) => p.id)).toEqual([t.r1.id]);
  });

  it('refuses a loop in the reporting line, a rep as manager, and a manager from another org', async () => {
    const t = await makeOrg(database.db);
    const other = await makeOrg(database.db);
    const loop = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.admin.id, role: 'admin' },
        personId: t.leader.id,
        patch: { managerId: t.r1.id },
      }),
    );
    expect(loop.message).toMatch(/rep/);
    const loop2 = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.admin.id, role: 'admin' },
        personId: t.leader.id,
        patch: { managerId: t.m1.id },
      }),
    );
    expect(loop2.message).toMatch(/loop/);
    expect(loop2.issues[0]?.path).toBe('managerId');
    const self = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.admin.id, role: 'admin' },
        personId: t.m1.id,
        patch: { managerId: t.m1.id },
      }),
    );
    expect(self.message).toMatch(/themselves/);
    const foreign = await rejection(
      addPerson(database.db, {
        orgId: t.org.id,
        person: {
          email: 'x@example.com',
          name: 'X',
          role: 'rep',
          managerId: other.m1.id,
        },
      }),
    );
    expect(foreign.message).toMatch(/not a person of this organisation/);
  });

  it('will not deactivate or demote a manager who still has reports, nor the last admin', async () => {
    const t = await makeOrg(database.db);
    const deactivate = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.admin.id, role: 'admin' },
        personId: t.m1.id,
        patch: { active: false },
      }),
    );
    expect(deactivate.message).toMatch(/2 active people reporting/);
    const demote = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.admin.id, role: 'admin' },
        personId: t.m2.id,
        patch: { role: 'rep' },
      }),
    );
    expect(demote.issues[0]?.path).toBe('role');
    const lastAdmin = await rejection(
      updatePerson(database.db, {
        orgId: t.org.id,
        actor: { personId: t.leader.id, role: 'leader' },
        personId: t.admin.id,
        patch: { role: 'leader' },
      }),
    );
    expect(lastAdmin.message).toMatch(/only active administrator/);
    // Once the reps move, the manager can leave.
    await updatePerson(database.db, {
      orgId: t.org.id,
      actor: { personId: t.admin.id, role: 'admin' },
      personId: t.r1.id,
      patch: { managerId: t.m2.id },
    });
    await updatePerson(database.db, {
      orgId: t.org.id,
      actor: { personId: t.admin.id, role: 'admin' },
      personId: t.r2.id,
      patch: { managerId: t.m2.id },
    });
    const left = await updatePerson(database.db, {
      orgId: t.org.id,
      actor: { personId: t.admin.id, role: 'admin' },
      personId: t.m1.id,
      patch: { active: false },
    });
    expect(left.active).toBe(false);
    expect((await getPerson(database.db, { orgId: t.org.id, personId: t.m2.id })).directReports).toBe(3);
  });

  it('rejects bad input with field paths and keeps what was saved', async () => {
    const t = await makeOrg(database.db);
    const before = await listPeople(database.db, { orgId: t.org.id });
    const bad = await rejection(
      addPerson(database.db, {
        orgId: t.org.id,
        person: {
          email: 'not-an-email',
          name: '',
          role: 'rep',
          startDate: '2026-02-30',
        },
      }),
    );
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['email', 'name', 'startDate']);
    const dup = await rejection(
      addPerson(database.db, {
        orgId: t.org.id,
        person: { email: t.r1.email.toUpperCase(), name: 'Dup', role: 'rep' },
      }),
    );
    expect(dup.code).toBe('conflict');
    expect(dup.message).toContain(t.r1.email);
    expect(await listPeople(database.db, { orgId: t.org.id })).toEqual(before);
  });

  it('lets the same email exist in two organisations', async () => {
    const a = await makeOrg(database.db);
    const b = await makeOrg(database.db);
    const pa = await addPerson(database.db, {
      orgId: a.org.id,
      person: {
        email: 'same@example.com',
        name: 'Same A',
        role: 'rep',
      },
    });
    const pb = await addPerson(database.db, {
      orgId: b.org.id,
      person: {
        email: 'same@example.com',
        name: 'Same B',
        role: 'rep',
      },
    });
    expect(pa.id).not.toBe(pb.id);
  });
});
