import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEFAULT_FUNNEL, type Funnel } from '../../src/core/funnel.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import type { ImportKind } from '../../src/features/crm/contract.js';
import { rebuildRollups } from '../../src/features/crm/rollups.js';
import { importCsv } from '../../src/features/crm/service.js';
import type { TestOrg } from './factories.js';

export const NOW = new Date('2026-06-30T12:00:00Z');
export const run = (
  database: Database,
  t: { org: { id: string } },
  kind: ImportKind,
  csv: string,
  extra: { strict?: boolean; dryRun?: boolean } = {},
) =>
  importCsv(database, {
    orgId: t.org.id,
    request: { kind, format: 'generic', dryRun: extra.dryRun ?? false, strict: extra.strict ?? false },
    input: Readable.from([csv]),
    fileName: `${kind}.csv`,
    now: NOW,
  });

export function crm(t: TestOrg) {
  const r1 = t.r1.email;
  const r2 = t.r2.email;
  return {
    opportunities: [
      'id,owner_email,account,name,amount,created_at,stage,closed_at,won',
      `O1,${r1},Acme,Acme renewal,12000,2026-05-04,Won,2026-06-01,true`,
      `O2,${r1},Beta,"Beta, expansion",8000.50,2026-05-05,Lost,2026-06-02,false`,
      `O3,${r2},Gamma,Gamma pilot,5000,2026-05-06,Proposal,,`,
    ].join('\n'),
    stage_history: [
      'opportunity_id,stage,entered_at',
      'O1,Prospecting,2026-05-04',
      'O1,Discovery,2026-05-11T10:00:00Z',
      'O1,Won,2026-06-01',
      'O2,Prospecting,2026-05-05',
      'O2,Lost,2026-06-02',
      'O3,Prospecting,2026-05-06',
      'O3,Proposal,2026-05-20',
    ].join('\n'),
    activities: [
      'id,owner_email,type,occurred_at,opportunity_id,contact_level',
      `A1,${r1},call,2026-05-04T09:00:00Z,O1,c_level`,
      `A2,${r1},email,2026-05-05T09:00:00Z,,`,
      `A3,${r2},meeting,2026-05-06T09:00:00Z,O3,vp`,
    ].join('\n'),
  };
}

/** Every rollup row of an organisation, in a stable order. */
export async function rollupsOf(database: Database, orgId: string) {
  return {
    stages: await queryRows(
      database.db,
      sql`select owner_id, stage, week::text, resolved_week::text, entered, advanced, lost, days_advanced from stage_week_rollup where org_id = ${orgId} order by 1, 2, 3, 4`,
    ),
    deals: await queryRows(
      database.db,
      sql`select owner_id, week::text, closed_week::text, outcome, count, amount_minor, cycle_days, senior_reached from opportunity_week_rollup where org_id = ${orgId} order by 1, 2, 3, 4`,
    ),
    activities: await queryRows<{ owner_id: string; type: string; week: string; count: number }>(
      database.db,
      sql`select owner_id, type, week::text, count from activity_week_rollup where org_id = ${orgId} order by 1, 2, 3`,
    ),
  };
}

/** Checks that the rollups are what recomputing them from the rows gives, and returns them. */
export async function expectRollupsUpToDate(
  database: Database,
  orgId: string,
  funnel: Funnel = DEFAULT_FUNNEL,
) {
  const incremental = await rollupsOf(database, orgId);
  await rebuildRollups(database.db, orgId, funnel);
  expect(await rollupsOf(database, orgId)).toEqual(incremental);
  return incremental;
}
