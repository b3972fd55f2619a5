import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { forEachPage } from '../../db/cursor.js';
import type { Db } from '../../db/open.js';
import { listPeople } from '../people/service.js';
import { IMPORT_FILES, type ImportKind } from './contract.js';
import { toCsv } from './csvOut.js';
import { PEOPLE_COLUMNS } from './import/people.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';

/** Rows per page read from the database and written to the file. */
const PAGE = 10_000;

/** A timestamp as `Date.toISOString` writes it, in SQL (UTC, milliseconds, `Z`). */
const iso = (column: string) =>
  `coalesce(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;

/** Writes one CSV file from a query whose columns are already the file's text, page by page. */
async function writeFile(
  db: Db,
  path: string,
  header: readonly string[],
  query: SQL,
  row: (r: Record<string, string>) => string[] = Object.values,
): Promise<number> {
  const file = await open(path, 'w');
  let count = 0;
  try {
    await file.write(toCsv([header as string[]]));
    await forEachPage<Record<string, string>>(db, query, PAGE, async (rows) => {
      count += rows.length;
      await file.write(toCsv(rows.map(row)));
    });
  } finally {
    await file.close();
  }
  return count;
}

/**
 * Writes the organisation's people and CRM data in the generic format (all four files). The CRM
 * files stream through one cursor each, with the values formatted by the database, so a few million
 * activities take about as long as the database takes to read them.
 */
export async function exportOrg(
  db: Db,
  opts: { orgId: string; dir: string },
): Promise<Record<ImportKind, number>> {
  const { orgId, dir } = opts;
  mkdirSync(dir, { recursive: true });
  const people = await listPeople(db, { orgId, includeInactive: true });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const owner = (id: string | undefined) => (id ? (emailOf.get(id) ?? '') : '');
  const peopleFile = await open(join(dir, IMPORT_FILES.people), 'w');
  try {
    await peopleFile.write(toCsv([PEOPLE_COLUMNS as unknown as string[]]));
    await peopleFile.write(
      toCsv(
        people.map((p) => [
          p.email,
          p.name,
          p.role,
          owner(p.managerId ?? undefined),
          p.team ?? '',
          p.startDate ?? '',
        ]),
      ),
    );
  } finally {
    await peopleFile.close();
  }
  const opportunities = await writeFile(
    db,
    join(dir, IMPORT_FILES.opportunities),
    OPPORTUNITY_COLUMNS,
    sql`select crm_id, owner_id::text as owner, account, name,
          to_char(amount_minor / 100.0, 'FM999999999999999990.00') as amount,
          ${sql.raw(iso('created_at'))} as created_at, stage, ${sql.raw(iso('closed_at'))} as closed_at,
          coalesce(won::text, '') as won
        from opportunities where org_id = ${orgId} order by crm_id`,
    (r) =>
      [
        r.crm_id,
        owner(r.owner),
        r.account,
        r.name,
        r.amount,
        r.created_at,
        r.stage,
        r.closed_at,
        r.won,
      ] as string[],
  );
  const history = await writeFile(
    db,
    join(dir, IMPORT_FILES.stage_history),
    HISTORY_COLUMNS,
    sql`select opportunity_id, stage, ${sql.raw(iso('entered_at'))} as entered_at
        from stage_history where org_id = ${orgId} order by opportunity_id, stage_history.entered_at, stage`,
  );
  const activityRows = await writeFile(
    db,
    join(dir, IMPORT_FILES.activities),
    ACTIVITY_COLUMNS,
    sql`select crm_id, owner_id::text as owner, type, ${sql.raw(iso('occurred_at'))} as occurred_at,
          coalesce(opportunity_id, '') as opportunity_id, coalesce(contact_level, '') as contact_level
        from activities where org_id = ${orgId} order by crm_id`,
    (r) => [r.crm_id, owner(r.owner), r.type, r.occurred_at, r.opportunity_id, r.contact_level] as string[],
  );
  return { people: people.length, opportunities, stage_history: history, activities: activityRows };
}
