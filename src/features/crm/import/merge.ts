import { sql } from 'drizzle-orm';
import type { Funnel } from '../../../core/funnel.js';
import type { Db } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import { createTouchedPairs, refreshDealRollups, refreshStageRollups, weekOf } from '../rollups.js';
import type { StagedKind } from './specs.js';

export interface MergeCounts {
  inserted: number;
  updated: number;
}

interface Range {
  orgId: string;
  /** The import's staging table. */
  table: string;
  from: number;
  to: number;
}

/**
 * Merges one range of staged lines into the real tables and keeps the rollups of the reps and weeks
 * it changed, in one transaction: a killed import leaves whole ranges or nothing (its staging table
 * goes with its session), and a re-run finds the merged ranges unchanged and finishes the job.
 */
export async function mergeRange(
  db: Db,
  kind: StagedKind,
  range: Range,
  funnel: Funnel,
): Promise<MergeCounts> {
  return db.transaction(async (tx) => {
    // One merge at a time per organisation: two imports of one org cannot interleave their upserts
    // and rollup updates (and a plain insert of new keys cannot collide with another import's).
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('touchline.import'), hashtext(${range.orgId}))`,
    );
    await createTouchedPairs(tx);
    const counts =
      kind === 'opportunities'
        ? await mergeOpportunities(tx, range)
        : kind === 'stage_history'
          ? await mergeHistory(tx, range)
          : await mergeActivities(tx, range);
    if (kind !== 'activities') await refreshStageRollups(tx, range.orgId, funnel);
    if (kind !== 'stage_history') await refreshDealRollups(tx, range.orgId, funnel);
    return counts;
  });
}

/** The range's staged rows, with the org they are for. */
const staged = (r: Range) =>
  sql`select ${r.orgId}::uuid as org_id, * from ${sql.raw(r.table)} where line between ${r.from} and ${r.to}`;

async function counted(tx: Db, statement: ReturnType<typeof sql>): Promise<MergeCounts> {
  const [row] = await queryRows<{ inserted: number; updated: number }>(tx, statement);
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}

async function mergeOpportunities(tx: Db, r: Range): Promise<MergeCounts> {
  // Remember current owners: if an opportunity changes hands, the old owner's rollups change too.
  await tx.execute(sql`create temp table old_owner on commit drop as
    select o.crm_id, o.owner_id, o.created_at from opportunities o
    where o.org_id = ${r.orgId} and o.crm_id in (select crm_id from (${staged(r)}) s)`);
  const counts = await counted(
    tx,
    sql`with up as (
        insert into opportunities (org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won)
        select org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won
        from (${staged(r)}) s
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
        select org_id, opportunity_id, stage, entered_at from (${staged(r)}) s
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

/** A row that reaches a senior contact on an opportunity (`alias.` prefixes its columns). */
const senior = (alias = '') =>
  sql.raw(`${alias}contact_level in ('c_level', 'vp') and ${alias}opportunity_id is not null`);

/**
 * Activities: changed rows are updated and new ones inserted — a plain insert, since the advisory lock
 * and the duplicate check leave nothing for ON CONFLICT's per-row speculation to catch. The range's
 * stored rows are read first into a small table, so the insert never scans the table it writes
 * (the planner, seeing it empty, would loop over it once per row). The activity rollup is kept by
 * deltas — +1 for each new row, −1/+1 for the old and new values of each changed row — so its cost
 * follows the rows imported, not the rows stored. A deal's rollup changes when its opportunity gains
 * or loses its first senior (C-level or VP) contact: the opportunities new and changed rows point to
 * are compared before and after.
 */
async function mergeActivities(tx: Db, r: Range): Promise<MergeCounts> {
  const s = sql.raw(r.table);
  const range = sql`s.line between ${r.from} and ${r.to}`;
  await tx.execute(sql`create temp table stored_activities on commit drop as
    select s.crm_id, a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level,
      (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
        is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level) as changed
    from ${s} s join activities a on a.org_id = ${r.orgId} and a.crm_id = s.crm_id
    where ${range}`);
  await tx.execute(sql`analyze stored_activities`);
  await tx.execute(sql`create temp table senior_before on commit drop as
    select c.opportunity_id, exists (
        select 1 from activities a where a.org_id = ${r.orgId} and a.opportunity_id = c.opportunity_id
          and a.contact_level in ('c_level', 'vp')) as reached
    from (select s.opportunity_id from ${s} s left join stored_activities x on x.crm_id = s.crm_id
          where ${range} and ${senior('s.')} and (x.crm_id is null or x.changed)
          union select opportunity_id from stored_activities where changed and ${senior()}) c`);
  const [up] = await queryRows<{ updated: number }>(
    tx,
    sql`with up as (
        update activities a set owner_id = s.owner_id, type = s.type, occurred_at = s.occurred_at,
          opportunity_id = s.opportunity_id, contact_level = s.contact_level
        from ${s} s join stored_activities x on x.crm_id = s.crm_id and x.changed
        where a.org_id = ${r.orgId} and a.crm_id = s.crm_id and ${range}
        returning 1
      ) select count(*)::int as updated from up`,
  );
  const [ins] = await queryRows<{ inserted: number }>(
    tx,
    sql`with ins as (
        insert into activities (org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level)
        select ${r.orgId}, s.crm_id, s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level
        from ${s} s
        where ${range} and not exists (select 1 from stored_activities x where x.crm_id = s.crm_id)
        returning owner_id, type, occurred_at
      ), counted as (
        insert into activity_week_rollup (org_id, owner_id, type, week, count)
        select ${r.orgId}, owner_id, type, ${weekOf(sql`occurred_at`)}, count(*)::int from ins group by 2, 3, 4
        on conflict (org_id, owner_id, type, week) do update set count = activity_week_rollup.count + excluded.count
        returning 1
      ) select count(*)::int as inserted from ins`,
  );
  const updated = up?.updated ?? 0;
  if (updated > 0) {
    await tx.execute(sql`insert into activity_week_rollup (org_id, owner_id, type, week, count)
      select ${r.orgId}, owner_id, type, week, sum(delta)::int from (
        select owner_id, type, ${weekOf(sql`occurred_at`)} as week, -1 as delta from stored_activities where changed
        union all
        select s.owner_id, s.type, ${weekOf(sql`s.occurred_at`)}, 1
        from ${s} s join stored_activities x on x.crm_id = s.crm_id and x.changed where ${range}
      ) d group by 2, 3, 4
      on conflict (org_id, owner_id, type, week) do update set count = activity_week_rollup.count + excluded.count`);
    await tx.execute(sql`delete from activity_week_rollup r
      using (select distinct owner_id, type, ${weekOf(sql`occurred_at`)} as week from stored_activities where changed) c
      where r.org_id = ${r.orgId} and r.owner_id = c.owner_id and r.type = c.type and r.week = c.week and r.count = 0`);
  }
  await tx.execute(sql`insert into touched_deals (owner_id, week)
    select distinct o.owner_id, ${weekOf(sql`o.created_at`)}
    from senior_before b join opportunities o on o.org_id = ${r.orgId} and o.crm_id = b.opportunity_id
    where b.reached <> exists (
      select 1 from activities a where a.org_id = ${r.orgId} and a.opportunity_id = b.opportunity_id
        and a.contact_level in ('c_level', 'vp'))`);
  await tx.execute(sql`drop table stored_activities`);
  await tx.execute(sql`drop table senior_before`);
  return { inserted: ins?.inserted ?? 0, updated };
}
