import { sql } from 'drizzle-orm';
import type { Funnel } from '../../../core/funnel.js';
import type { Db } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import {
  createTouchedPairs,
  refreshActivityRollups,
  refreshDealRollups,
  refreshStageRollups,
  weekOf,
} from '../rollups.js';
import { SPECS, type StagedKind } from './specs.js';

export interface MergeCounts {
  inserted: number;
  updated: number;
}

interface Range {
  orgId: string;
  jobId: string;
  from: number;
  to: number;
}

/**
 * Merges one range of staged lines into the real tables, keeps the rollups of the reps and weeks it
 * changed, and clears those staged lines — all in one transaction, so a killed import leaves whole
 * ranges or nothing, and a re-run finishes the job.
 */
export async function mergeRange(
  db: Db,
  kind: StagedKind,
  range: Range,
  funnel: Funnel,
): Promise<MergeCounts> {
  return db.transaction(async (tx) => {
    await createTouchedPairs(tx);
    const counts =
      kind === 'opportunities'
        ? await mergeOpportunities(tx, range)
        : kind === 'stage_history'
          ? await mergeHistory(tx, range)
          : await mergeActivities(tx, range);
    if (kind === 'activities') await refreshActivityRollups(tx, range.orgId);
    else await refreshStageRollups(tx, range.orgId, funnel);
    if (kind !== 'stage_history') await refreshDealRollups(tx, range.orgId, funnel);
    await tx.execute(sql`delete from ${sql.raw(SPECS[kind].stageTable)}
      where org_id = ${range.orgId} and job_id = ${range.jobId} and line between ${range.from} and ${range.to}`);
    return counts;
  });
}

const staged = (table: string, r: Range) =>
  sql`select * from ${sql.raw(table)} where org_id = ${r.orgId} and job_id = ${r.jobId} and line between ${r.from} and ${r.to}`;

async function counted(tx: Db, statement: ReturnType<typeof sql>): Promise<MergeCounts> {
  const [row] = await queryRows<{ inserted: number; updated: number }>(tx, statement);
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}

async function mergeOpportunities(tx: Db, r: Range): Promise<MergeCounts> {
  // Remember current owners: if an opportunity changes hands, the old owner's rollups change too.
  await tx.execute(sql`create temp table old_owner on commit drop as
    select o.crm_id, o.owner_id, o.created_at from opportunities o
    where o.org_id = ${r.orgId} and o.crm_id in (select crm_id from (${staged('import_stage_opportunities', r)}) s)`);
  const counts = await counted(
    tx,
    sql`with up as (
        insert into opportunities (org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won)
        select org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won
        from (${staged('import_stage_opportunities', r)}) s
        on conflict (org_id, crm_id) do update set
          owner_id = excluded.owner_id, account = excluded.account, name = excluded.name,
          amount_minor = excluded.amount_minor, created_at = excluded.created_at, stage = excluded.stage,
          closed_at = excluded.closed_at, won = excluded.won
        where (opportunities.owner_id, opportunities.account, opportunities.name, opportunities.amount_minor,
               opportunities.created_at, opportunities.stage, opportunities.closed_at, opportunities.won)
          is distinct from (excluded.owner_id, excluded.account, excluded.name, excluded.amount_minor,
               excluded.created_at, excluded.stage, excluded.closed_at, excluded.won)
        returning crm_id, owner_id, created_at, (xmax = 0) as inserted
      ), deals as (
        insert into touched_deals (owner_id, week)
        select owner_id, ${weekOf(sql`created_at`)} from up
        union select oo.owner_id, ${weekOf(sql`oo.created_at`)} from old_owner oo join up on up.crm_id = oo.crm_id
        returning 1
      ), touched as (
        insert into touched_pairs (owner_id, week)
        select distinct t.owner_id, ${weekOf(sql`h.entered_at`)}
        from (select crm_id, owner_id from up
              union select oo.crm_id, oo.owner_id from old_owner oo join up on up.crm_id = oo.crm_id) t
        join stage_history h on h.org_id = ${r.orgId} and h.opportunity_id = t.crm_id
        returning 1
      )
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
             (select count(*) from touched)::int as pairs, (select count(*) from deals)::int as deals
      from up`,
  );
  await tx.execute(sql`drop table old_owner`);
  return counts;
}

async function mergeHistory(tx: Db, r: Range): Promise<MergeCounts> {
  return counted(
    tx,
    sql`with ins as (
        insert into stage_history (org_id, opportunity_id, stage, entered_at)
        select org_id, opportunity_id, stage, entered_at from (${staged('import_stage_history', r)}) s
        on conflict do nothing
        returning opportunity_id, entered_at
      ), entries as (
        -- The new rows (not yet visible to this statement's reads) and the stored ones they reclassify.
        select opportunity_id, entered_at from ins
        union
        select h.opportunity_id, h.entered_at from stage_history h
        where h.org_id = ${r.orgId} and h.opportunity_id in (select opportunity_id from ins)
      ), touched as (
        insert into touched_pairs (owner_id, week)
        select distinct o.owner_id, ${weekOf(sql`e.entered_at`)}
        from entries e join opportunities o on o.org_id = ${r.orgId} and o.crm_id = e.opportunity_id
        returning 1
      )
      select count(*)::int as inserted, 0 as updated, (select count(*) from touched)::int as pairs from ins`,
  );
}

async function mergeActivities(tx: Db, r: Range): Promise<MergeCounts> {
  // A changed activity may change which opportunities reached a senior contact: the deal rollup of
  // the opportunity it pointed to before and the one it points to now.
  await tx.execute(sql`insert into touched_deals (owner_id, week)
    select distinct o.owner_id, ${weekOf(sql`o.created_at`)} from activities a
    join (${staged('import_stage_activities', r)}) s on s.crm_id = a.crm_id
    join opportunities o on o.org_id = a.org_id and o.crm_id = a.opportunity_id
    where a.org_id = ${r.orgId} and a.opportunity_id is not null
      and (a.contact_level, a.opportunity_id) is distinct from (s.contact_level, s.opportunity_id)`);
  await tx.execute(sql`insert into touched_pairs (owner_id, week)
    select distinct a.owner_id, ${weekOf(sql`a.occurred_at`)} from activities a
    join (${staged('import_stage_activities', r)}) s on s.crm_id = a.crm_id
    where a.org_id = ${r.orgId}
      and (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
        is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level)`);
  return counted(
    tx,
    sql`with up as (
        insert into activities (org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level)
        select org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level
        from (${staged('import_stage_activities', r)}) s
        on conflict (org_id, crm_id) do update set
          owner_id = excluded.owner_id, type = excluded.type, occurred_at = excluded.occurred_at,
          opportunity_id = excluded.opportunity_id, contact_level = excluded.contact_level
        where (activities.owner_id, activities.type, activities.occurred_at, activities.opportunity_id, activities.contact_level)
          is distinct from (excluded.owner_id, excluded.type, excluded.occurred_at, excluded.opportunity_id, excluded.contact_level)
        returning owner_id, occurred_at, opportunity_id, contact_level, (xmax = 0) as inserted
      ), touched as (
        insert into touched_pairs (owner_id, week)
        select distinct owner_id, ${weekOf(sql`occurred_at`)} from up
        returning 1
      ), deals as (
        insert into touched_deals (owner_id, week)
        select distinct o.owner_id, ${weekOf(sql`o.created_at`)}
        from (select distinct opportunity_id from up
              where opportunity_id is not null and contact_level in ('c_level', 'vp')) u
        join opportunities o on o.org_id = ${r.orgId} and o.crm_id = u.opportunity_id
        returning 1
      )
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
             (select count(*) from touched)::int as pairs, (select count(*) from deals)::int as deals
      from up`,
  );
}
