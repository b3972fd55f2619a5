import type { Database, Db } from '../../db/open.js';
import { addDemoCrm } from '../crm/demo.js';
import { addDemoGoals } from '../goals/demo.js';
import { addDemoOneOnOnes } from '../oneOnOnes/demo.js';
import type { Org } from '../orgs/contract.js';
import { createOrg, deleteOrg, findOrgBySlug } from '../orgs/service.js';
import { addDemoPeople, DEMO_PASSWORD, type DemoLogin, demoEmail, demoLogins } from '../people/demo.js';
import { addDemoDevelopment } from '../plans/demo.js';
import type { DemoHint } from './contract.js';

export const DEMO_SLUG = 'demo';

export interface DemoResult {
  org: Org;
  /** False when the demo organisation already existed and was left as it was. */
  created: boolean;
  logins: DemoLogin[];
}

/**
 * The demo organisation: the storefront a newcomer sees on first start. Its history ends at `now`
 * (tests pass a fixed date, so what it shows is reproducible). Each feature adds its part of the
 * story through its own `demo.ts`, called here in dependency order; a failure removes the demo
 * organisation again, so no half-built demo is left behind. `reset` replaces the demo organisation and no other.
 */
export async function createDemo(
  database: Database,
  opts: { now: Date; reset?: boolean },
): Promise<DemoResult> {
  const db = database.db;
  const existing = await findOrgBySlug(db, DEMO_SLUG);
  if (existing && !opts.reset) return { org: existing, created: false, logins: demoLogins() };
  const { org, people } = await db.transaction(async (tx) => {
    if (existing) await deleteOrg(tx, { orgId: existing.id });
    const org = await createOrg(tx, { slug: DEMO_SLUG, name: 'Harbor Analytics (demo)', currency: 'USD' });
    return { org, people: await addDemoPeople(tx, org.id, opts.now) };
  });
  // Bulk loads (COPY) run outside that transaction; if one fails, remove the half-built demo.
  try {
    await addDemoCrm(database, org.id, opts.now);
    await addDemoDevelopment(db, org.id, opts.now);
    await addDemoOneOnOnes(db, org.id, opts.now);
    await addDemoGoals(db, org.id, opts.now);
  } catch (err) {
    await deleteOrg(db, { orgId: org.id });
    throw err;
  }
  return { org, created: true, logins: people };
}

/** What the sign-in page offers a newcomer when the demo organisation exists. */
export async function demoSignInHint(db: Db): Promise<DemoHint> {
  const existing = await findOrgBySlug(db, DEMO_SLUG);
  return { demo: existing ? { manager: demoEmail('maria'), password: DEMO_PASSWORD } : null };
}
