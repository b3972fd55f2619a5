import { Mutex } from 'async-mutex';
import { sql } from 'drizzle-orm';
import type { Funnel } from '../../../core/funnel.js';
import type { Database, Db } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import { createTouchedPairs, refreshDealRollups, refreshStageRollups, weekOf } from '../rollups.js';
import { phaseTimer } from './timing.js';

/** The first key of the advisory lock that serialises the merges of one organisation's imports. */
export const ORG_LOCK = sql.raw(`hashtext('touchline.import')`);

const embeddedMerges = new Map<string, Mutex>();

/**
 * Runs `merge` while no other merge of the org's imports runs. On PostgreSQL the advisory lock the
 * merges take does that. On PGlite every import shares the one session, which an advisory lock never
 * keeps out, and a merge gives way between its slices (`db/slices.ts`): this process's lock per org
 * keeps a second import's merge from slipping into those gaps.
 */
export function oneMergeAtATime<T>(database: Database, orgId: string, merge: () => Promise<T>): Promise<T> {
  if (database.parallelism > 1) return merge();
  let lock = embeddedMerges.get(orgId);
  if (!lock) {
    lock = new Mutex();
    embeddedMerges.set(orgId, lock);
  }
  return lock.runExclusive(merge);
}

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
 * it changed, in one transaction: a killed import leaves whole ranges or nothing (the next import of
 * the org drops its staging table), and a re-run finds the merged ranges unchanged and finishes the job.
 */
export async function mergeRange(
  db: Db,
  kind: 'opportunities' | 'stage_history',
  range: Range,
  funnel: Funnel,
): Promise<MergeCounts> {
  return db.transaction(async (tx) => {
    // One merge at a time per organisation: two imports of one org cannot interleave their upserts
    // and rollup updates (an activities import holds the same lock for its whole merge).
    await tx.execute(sql`select pg_advisory_xact_lock(${ORG_LOCK}, hashtext(${range.orgId}))`);
    const timing = phaseTimer(`${kind} merge (lines ${range.from}–${range.to})`);
    await createTouchedPairs(tx);
    const counts =
      kind === 'opportunities' ? await mergeOpportunities(tx, range) : await mergeHistory(tx, range);
    timing('rows written');
    await refreshStageRollups(tx, range.orgId, funnel);
    timing('stage rollup');
    if (kind === 'opportunities') {
      await refreshDealRollups(tx, range.orgId, funnel);
      timing('deal rollup');
    }
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
        insert into opportunities (org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won, amount, currency, pipeline)
        select org_id, crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won, amount, currency, pipeline
        from (${staged(r)}) s
        on conflict (org_id, crm_id) do update set
          owner_id = excluded.owner_id, account = excluded.account, name = excluded.name,
          amount_minor = excluded.amount_minor, created_at = excluded.created_at, stage = excluded.stage,
          closed_at = excluded.closed_at, won = excluded.won, amount = excluded.amount, currency = excluded.currency,
          pipeline = excluded.pipeline
        where (opportunities.owner_id, opportunities.account, opportunities.name, opportunities.amount_minor,
               opportunities.created_at, opportunities.stage, opportunities.closed_at, opportunities.won,
               opportunities.amount, opportunities.currency, opportunities.pipeline)
          is distinct from (excluded.owner_id, excluded.account, excluded.name, excluded.amount_minor,
               excluded.created_at, excluded.stage, excluded.closed_at, excluded.won, excluded.amount, excluded.currency,
               excluded.pipeline)
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
  // A real history replaces the entries inferred for its opportunities (`inferHistory`).
  await tx.execute(sql`with gone as (
      delete from stage_history h
      using (select distinct opportunity_id from (${staged(r)}) s) s
      where h.org_id = ${r.orgId} and h.opportunity_id = s.opportunity_id and h.inferred
      returning h.opportunity_id, h.entered_at
    )
    insert into touched_pairs (owner_id, week)
    select distinct o.owner_id, ${weekOf(sql`g.entered_at`)}
    from gone g join opportunities o on o.org_id = ${r.orgId} and o.crm_id = g.opportunity_id`);
  return counted(
    tx,
    // ON CONFLICT, not an anti-join: one HubSpot line may give the same entry twice (two of its
    // stages mapped to one funnel stage, entered at the same time), which the line check keeps.
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
