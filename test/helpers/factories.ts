import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/open.js';
import type { Org } from '../../src/features/orgs/contract.js';
import { createOrg } from '../../src/features/orgs/service.js';
import type { Person, PersonCreate } from '../../src/features/people/contract.js';
import { addPerson } from '../../src/features/people/service.js';

export const uniq = (): string => randomBytes(4).toString('hex');

/**
 * An organisation of its own for one test:
 *   admin (no manager)
 *   leader ─┬─ m1 ─┬─ r1
 *           │      └─ r2
 *           └─ m2 ─── r3
 */
export interface TestOrg {
  org: Org;
  admin: Person;
  leader: Person;
  m1: Person;
  m2: Person;
  r1: Person;
  r2: Person;
  r3: Person;
}

export async function makeOrg(db: Db, opts: { password?: string } = {}): Promise<TestOrg> {
  const org = await createOrg(db, { slug: `t-${uniq()}`, name: 'Test Co' });
  const add = (handle: string, role: PersonCreate['role'], manager?: Person) =>
    addPerson(db, {
      orgId: org.id,
      person: {
        email: `${handle}@${org.slug}.test`,
        name: `${handle.toUpperCase()} Person`,
        role,
        managerId: manager?.id ?? null,
        team: manager ? `Team ${manager.name}` : null,
        startDate: '2025-01-15',
        ...(opts.password ? { password: opts.password } : {}),
      },
    });
  const admin = await add('admin', 'admin');
  const leader = await add('leader', 'leader');
  const m1 = await add('m1', 'manager', leader);
  const m2 = await add('m2', 'manager', leader);
  const r1 = await add('r1', 'rep', m1);
  const r2 = await add('r2', 'rep', m1);
  const r3 = await add('r3', 'rep', m2);
  return { org, admin, leader, m1, m2, r1, r2, r3 };
}
