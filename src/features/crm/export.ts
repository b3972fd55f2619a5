import { mkdirSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { FORMULA_TRIGGERS, NUMBER_PATTERN } from '../../core/csvCells.js';
import { toCopyCsvRow } from '../../db/copy.js';
import type { Database, Session } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';
import { listPeople } from '../people/service.js';
import { FUNNEL_FILE, IMPORT_FILES, type ImportKind } from './contract.js';
import { toCsv } from './csvOut.js';
import { allFunnels } from './funnel.js';
import { PEOPLE_COLUMNS } from './import/people.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';

/** Rows per COPY: each slice of a table is held in memory once, on its way to the file. */
const SLICE_ROWS = 200_000;

/** A timestamp as `Date.toISOString` writes it (UTC, milliseconds, `Z`); NULL stays NULL (an empty cell). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The SQL form of `neutraliseCell` (core/csvCells): the same triggers, the same number pattern. */
/** The trigger characters as SQL literals: `left(…, 1) in (…)` is cheap, so the regex runs on suspects only. */
const triggers = FORMULA_TRIGGERS.map((c) => (c === '\t' ? "E'\\t'" : c === '\r' ? "E'\\r'" : `'${c}'`)).join(
  ', ',
);
const cell = (column: string) =>
  `case when left(${column}, 1) in (${triggers}) and ${column} !~ '${NUMBER_PATTERN}' then '''' || ${column} else nullif(${column}, '') end`;

/**
 * Writes one CRM file: its header, then `COPY (query) TO` slice by slice. The slices are cut on the
 * sort key (`cuts` holds the first key of every slice), so the file comes out in order with memory
 * bounded by one slice. Values are formatted by the database exactly as `toCsv` formats them.
 */
async function copyFile(
  session: Session,
  path: string,
  header: readonly string[],
  /** `only`: a condition on `x` the rows written meet (the select says it too). */
  table: { name: string; key: string; order: string; only?: string },
  select: string,
): Promise<number> {
  const db = session.db;
  await db.execute(sql.raw(`drop table if exists export_cuts`));
  await db.execute(
    sql.raw(`create temp table export_cuts as
      select (r / ${SLICE_ROWS})::int as n, k from (
        select d.k, row_number() over (order by d.k) - 1 as r
        from (select distinct ${table.key} as k from ${table.name} x
              where x.org_id = (select org_id from export_org) and ${table.only ?? 'true'}) d
      ) x where r % ${SLICE_ROWS} = 0`),
  );
  const [last] = await queryRows<{ n: number }>(
    db,
    sql.raw(`select coalesce(max(n), -1)::int as n from export_cuts`),
  );
  const slices = (last?.n ?? -1) + 1;
  const file = await open(path, 'w');
  try {
    await file.write(toCsv([header as string[]]));
    for (let n = 0; n < slices; n++) {
      const upper = n + 1 < slices ? `and ${table.key} < (select k from export_cuts where n = ${n + 1})` : '';
      await file.write(
        await session.copyOut(
          `${select} and ${table.key} >= (select k from export_cuts where n = ${n}) ${upper} order by ${table.order}`,
        ),
      );
    }
  } finally {
    await file.close();
  }
  const [count] = await queryRows<{ n: number }>(
    db,
    sql.raw(
      `select count(*)::int as n from ${table.name} x where x.org_id = (select org_id from export_org) and ${table.only ?? 'true'}`,
    ),
  );
  return count?.n ?? 0;
}

/**
 * Writes the organisation's funnel, people and CRM data in the generic format (five files). The CRM
 * files are written by the database itself (`COPY … TO`, a slice at a time), with owners' emails
 * from a temp table of the people the people feature lists: millions of rows in seconds, not
 * minutes, on PGlite and PostgreSQL alike.
 */
export async function exportOrg(
  database: Database,
  opts: { orgId: string; dir: string },
): Promise<Record<ImportKind, number>> {
  const { orgId, dir } = opts;
  mkdirSync(dir, { recursive: true });
  const { diagnosed, funnels } = await allFunnels(database.db, orgId);
  const funnelRows = funnels.flatMap((funnel) => {
    const tail = [funnel.pipeline ?? '', String((funnel.pipeline ?? '') === diagnosed)];
    return [
      ...funnel.stages.map((stage, i) => [stage, i === funnel.stages.length - 1 ? 'won' : 'open', ...tail]),
      [funnel.lost, 'lost', ...tail],
    ];
  });
  await writeFile(join(dir, FUNNEL_FILE.name), toCsv([[...FUNNEL_FILE.columns], ...funnelRows]));
  const people = await listPeople(database.db, { orgId, includeInactive: true });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const peopleFile = await open(join(dir, IMPORT_FILES.people), 'w');
  try {
    await peopleFile.write(toCsv([PEOPLE_COLUMNS as unknown as string[]]));
    await peopleFile.write(
      toCsv(
        people.map((p) => [
          p.email,
          p.name,
          p.role,
          p.managerId ? (emailOf.get(p.managerId) ?? '') : '',
          p.team ?? '',
          p.startDate ?? '',
        ]),
      ),
    );
  } finally {
    await peopleFile.close();
  }
  return database.session(async (session) => {
    const db = session.db;
    // PGlite's sessions share one connection, so its temp tables outlive the session: drop them first and last.
    const dropTemps = () =>
      db.execute(sql.raw('drop table if exists export_org, export_owners, export_cuts'));
    await dropTemps();
    // One snapshot for every slice and count, even while an import lands meanwhile.
    await db.execute(sql.raw('begin isolation level repeatable read'));
    try {
      const counts = await exportCrm(session, people, dir, orgId);
      await db.execute(sql.raw('commit'));
      return counts;
    } catch (err) {
      await db.execute(sql.raw('rollback')).catch(() => {});
      throw err;
    } finally {
      await dropTemps().catch(() => {});
    }
  });
}

/** The three CRM files, through the session's temp tables (`export_org`, `export_owners`, `export_cuts`). */
async function exportCrm(
  session: Session,
  people: readonly { id: string; email: string }[],
  dir: string,
  orgId: string,
): Promise<Record<ImportKind, number>> {
  const db = session.db;
  await db.execute(sql`create temp table export_org as select ${orgId}::uuid as org_id`);
  await db.execute(sql`create temp table export_owners (id uuid primary key, email text not null)`);
  const owners = session.copyWriter('export_owners', ['id', 'email']);
  await owners.write(people.map((p) => toCopyCsvRow([p.id, p.email])).join(''));
  await owners.end();
  const inOrg = `where x.org_id = (select org_id from export_org)`;
  const opportunities = await copyFile(
    session,
    join(dir, IMPORT_FILES.opportunities),
    OPPORTUNITY_COLUMNS,
    { name: 'opportunities', key: 'x.crm_id', order: 'x.crm_id' },
    `select ${cell('x.crm_id')}, ${cell('o.email')}, ${cell('x.account')}, ${cell('x.name')},
       x.amount::text, ${iso('x.created_at')}, ${cell('x.stage')},
       ${iso('x.closed_at')}, x.won::text, ${cell('x.currency')}, ${cell('x.pipeline')}
     from opportunities x left join export_owners o on o.id = x.owner_id ${inOrg}`,
  );
  const history = await copyFile(
    session,
    join(dir, IMPORT_FILES.stage_history),
    HISTORY_COLUMNS,
    // Inferred entries are not the CRM's data: an import infers them again where there is no history.
    {
      name: 'stage_history',
      key: 'x.opportunity_id',
      order: 'x.opportunity_id, x.entered_at, x.stage',
      only: 'not x.inferred',
    },
    `select ${cell('x.opportunity_id')}, ${cell('x.stage')}, ${iso('x.entered_at')}
     from stage_history x ${inOrg} and not x.inferred`,
  );
  const activityRows = await copyFile(
    session,
    join(dir, IMPORT_FILES.activities),
    ACTIVITY_COLUMNS,
    { name: 'activities', key: 'x.crm_id', order: 'x.crm_id' },
    `select ${cell('x.crm_id')}, ${cell('o.email')}, ${cell('x.type')}, ${iso('x.occurred_at')},
       ${cell('x.opportunity_id')}, ${cell('x.contact_level')}
     from activities x left join export_owners o on o.id = x.owner_id ${inOrg}`,
  );
  return { people: people.length, opportunities, stage_history: history, activities: activityRows };
}
