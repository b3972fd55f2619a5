import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import type { StagedKind } from './specs.js';

export interface LineReject {
  line: number;
  column: string;
  reason: string;
}

/** Rows whose key appears earlier in the same file: the first stays, later ones are rejected. */
function duplicates(table: string, scope: SQL, key: SQL, column: string, what: SQL): SQL {
  return sql`select line, ${column}::text as "column",
      ${what} || ' (first on line ' || first_line || ')' as reason
    from (
      select s.*, min(line) over (partition by ${key}) as first_line
      from ${sql.raw(table)} s where ${scope}
    ) d where line > first_line`;
}

function unknownOpportunity(table: string, orgId: string, jobId: string): SQL {
  return sql`select s.line, 'opportunity_id' as "column",
      'no opportunity with id "' || s.opportunity_id || '" (import opportunities first)' as reason
    from ${sql.raw(table)} s
    where s.org_id = ${orgId} and s.job_id = ${jobId} and s.opportunity_id is not null
      and not exists (select 1 from opportunities o where o.org_id = s.org_id and o.crm_id = s.opportunity_id)`;
}

/**
 * Checks that need the whole file or the database: duplicate keys within the file, references to
 * opportunities that do not exist, and history that contradicts its opportunity's current stage.
 */
export async function findRejects(
  db: Db,
  kind: StagedKind,
  orgId: string,
  jobId: string,
): Promise<LineReject[]> {
  const scope = sql`org_id = ${orgId} and job_id = ${jobId}`;
  const queries: SQL[] = [];
  if (kind === 'opportunities') {
    queries.push(
      duplicates(
        'import_stage_opportunities',
        scope,
        sql`crm_id`,
        'id',
        sql`'duplicate id "' || crm_id || '"'`,
      ),
    );
  }
  if (kind === 'activities') {
    queries.push(
      duplicates('import_stage_activities', scope, sql`crm_id`, 'id', sql`'duplicate id "' || crm_id || '"'`),
    );
    queries.push(unknownOpportunity('import_stage_activities', orgId, jobId));
  }
  if (kind === 'stage_history') {
    queries.push(
      duplicates(
        'import_stage_history',
        scope,
        sql`opportunity_id, stage, entered_at`,
        'entered_at',
        sql`'duplicate row: ' || opportunity_id || ' entered ' || stage || ' at the same time'`,
      ),
    );
    queries.push(unknownOpportunity('import_stage_history', orgId, jobId));
    // The newest entry, from the file and from what is stored, must name the stage the opportunity is at.
    queries.push(sql`with staged as (
          select opportunity_id, stage, entered_at, line from import_stage_history where ${scope}
        ), entries as (
          select * from staged
          union all
          select h.opportunity_id, h.stage, h.entered_at, null from stage_history h
          where h.org_id = ${orgId} and h.opportunity_id in (select opportunity_id from staged)
        ), latest as (
          select distinct on (opportunity_id) opportunity_id, stage, entered_at, line from entries
          order by opportunity_id, entered_at desc, line desc nulls last
        )
        select s.line, 'stage' as "column",
          'opportunity ' || o.crm_id || ' is at stage "' || o.stage || '" but its latest history row'
            || coalesce(' (line ' || l.line || ')', '') || ' says "' || l.stage || '"' as reason
        from latest l
        join opportunities o on o.org_id = ${orgId} and o.crm_id = l.opportunity_id
        join staged s on s.opportunity_id = l.opportunity_id
        where l.stage <> o.stage`);
  }
  const rejects: LineReject[] = [];
  for (const q of queries) rejects.push(...(await queryRows<LineReject>(db, q)));
  return rejects;
}
