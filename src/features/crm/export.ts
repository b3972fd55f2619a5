import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { activities, opportunities, stageHistory } from '../../db/schema/crm.js';
import { listPeople } from '../people/service.js';
import { IMPORT_FILES, type ImportKind } from './contract.js';
import { toCsv } from './csvOut.js';
import { PEOPLE_COLUMNS } from './import/people.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';

const iso = (d: Date | null) => (d ? d.toISOString() : '');
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Writes a query's rows to a CSV file page by page (keyset pagination keeps memory flat). */
async function writePaged<T>(
  path: string,
  header: readonly string[],
  page: (after: T | undefined) => Promise<T[]>,
  row: (r: T) => unknown[],
) {
  const file = await open(path, 'w');
  try {
    await file.write(toCsv([header as string[]]));
    let after: T | undefined;
    for (;;) {
      const rows = await page(after);
      if (rows.length === 0) break;
      await file.write(toCsv(rows.map(row)));
      after = rows[rows.length - 1];
    }
  } finally {
    await file.close();
  }
}

const PAGE = 10_000;

/** Writes the organisation's people and CRM data in the generic format (all four files). */
export async function exportOrg(
  db: Db,
  opts: { orgId: string; dir: string },
): Promise<Record<ImportKind, number>> {
  const { orgId, dir } = opts;
  mkdirSync(dir, { recursive: true });
  const people = await listPeople(db, { orgId, includeInactive: true });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const counts: Record<ImportKind, number> = {
    people: people.length,
    opportunities: 0,
    stage_history: 0,
    activities: 0,
  };
  const byId = new Map(people.map((p) => [p.id, p]));
  await writePaged<(typeof people)[number]>(
    join(dir, IMPORT_FILES.people),
    PEOPLE_COLUMNS,
    async (after) => (after ? [] : people),
    (p) => [
      p.email,
      p.name,
      p.role,
      p.managerId ? (byId.get(p.managerId)?.email ?? '') : '',
      p.team ?? '',
      p.startDate ?? '',
    ],
  );
  type Opp = typeof opportunities.$inferSelect;
  await writePaged<Opp>(
    join(dir, IMPORT_FILES.opportunities),
    OPPORTUNITY_COLUMNS,
    (after) =>
      db
        .select()
        .from(opportunities)
        .where(
          and(
            eq(opportunities.orgId, orgId),
            after ? sql`${opportunities.crmId} > ${after.crmId}` : undefined,
          ),
        )
        .orderBy(asc(opportunities.crmId))
        .limit(PAGE),
    (o) => {
      counts.opportunities++;
      return [
        o.crmId,
        emailOf.get(o.ownerId) ?? '',
        o.account,
        o.name,
        money(o.amountMinor),
        iso(o.createdAt),
        o.stage,
        iso(o.closedAt),
        o.won === null ? '' : o.won,
      ];
    },
  );
  type Hist = typeof stageHistory.$inferSelect;
  await writePaged<Hist>(
    join(dir, IMPORT_FILES.stage_history),
    HISTORY_COLUMNS,
    (after) =>
      db
        .select()
        .from(stageHistory)
        .where(
          and(
            eq(stageHistory.orgId, orgId),
            after
              ? sql`(${stageHistory.opportunityId}, ${stageHistory.enteredAt}, ${stageHistory.stage}) > (${after.opportunityId}, ${after.enteredAt.toISOString()}::timestamptz, ${after.stage})`
              : undefined,
          ),
        )
        .orderBy(asc(stageHistory.opportunityId), asc(stageHistory.enteredAt), asc(stageHistory.stage))
        .limit(PAGE),
    (h) => {
      counts.stage_history++;
      return [h.opportunityId, h.stage, iso(h.enteredAt)];
    },
  );
  type Act = typeof activities.$inferSelect;
  await writePaged<Act>(
    join(dir, IMPORT_FILES.activities),
    ACTIVITY_COLUMNS,
    (after) =>
      db
        .select()
        .from(activities)
        .where(
          and(eq(activities.orgId, orgId), after ? sql`${activities.crmId} > ${after.crmId}` : undefined),
        )
        .orderBy(asc(activities.crmId))
        .limit(PAGE),
    (a) => {
      counts.activities++;
      return [
        a.crmId,
        emailOf.get(a.ownerId) ?? '',
        a.type,
        iso(a.occurredAt),
        a.opportunityId ?? '',
        a.contactLevel ?? '',
      ];
    },
  );
  return counts;
}
