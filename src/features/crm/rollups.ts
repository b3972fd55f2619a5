import { type SQL, sql } from 'drizzle-orm';
import type { Funnel } from '../../core/funnel.js';
import type { Db } from '../../db/open.js';

/** The funnel's stages with their order, as an inline table for SQL (the lost stage has none). */
function funnelTable(funnel: Funnel): SQL {
  const rows = funnel.stages.map((name, i) => sql`(${name}::text, ${i}::int)`);
  return sql`(values ${sql.join(rows, sql`, `)}) as f(name, position)`;
}

const weekOf = (column: SQL) => sql`date_trunc('week', ${column} at time zone 'UTC')::date`;

/**
 * Recomputes the rep × stage × week rollup for the (rep, week) pairs in the temp table
 * `touched_pairs(owner_id, week)`. For each stage entry: advanced when the opportunity ever entered a
 * later funnel stage (skipped stages count as passed), lost when it did not and was lost, else open.
 * Entries into the won stage are only counted as entered: there is nowhere further to go.
 */
export async function refreshStageRollups(tx: Db, orgId: string, funnel: Funnel): Promise<void> {
  await distinctPairs(tx);
  await tx.execute(sql`delete from stage_week_rollup r using rollup_pairs p
    where r.org_id = ${orgId} and r.owner_id = p.owner_id and r.week = p.week`);
  // How far each opportunity of the touched reps ever got, computed once and analysed, so the
  // planner joins it by hash (a correlated lookup per entry took minutes on 300k entries).
  await tx.execute(sql`drop table if exists opportunity_reach`);
  await tx.execute(sql`create temp table opportunity_reach on commit drop as
    select h.opportunity_id, max(f.position) as top
    from stage_history h
    join opportunities o on o.org_id = h.org_id and o.crm_id = h.opportunity_id
    join (select distinct owner_id from rollup_pairs) ro on ro.owner_id = o.owner_id
    join ${funnelTable(funnel)} on f.name = h.stage
    where h.org_id = ${orgId}
    group by h.opportunity_id`);
  await tx.execute(sql`analyze opportunity_reach`);
  await tx.execute(sql`
    insert into stage_week_rollup (org_id, owner_id, stage, week, entered, advanced, lost, open)
    select ${orgId}, e.owner_id, e.stage, e.week, count(*)::int,
           count(*) filter (where e.advanced)::int,
           count(*) filter (where not e.advanced and not e.is_won and e.lost_outcome)::int,
           count(*) filter (where not e.advanced and not e.is_won and not e.lost_outcome)::int
    from (
      select o.owner_id, h.stage, p.week,
             r.top > fh.position as advanced,
             fh.position = ${funnel.stages.length - 1} as is_won,
             (o.won is false or o.stage = ${funnel.lost}) as lost_outcome
      from stage_history h
      join opportunities o on o.org_id = h.org_id and o.crm_id = h.opportunity_id
      join (select name, position from ${funnelTable(funnel)}) fh on fh.name = h.stage
      join rollup_pairs p on p.owner_id = o.owner_id and p.week = ${weekOf(sql`h.entered_at`)}
      join opportunity_reach r on r.opportunity_id = h.opportunity_id
      where h.org_id = ${orgId}
    ) e
    group by e.owner_id, e.stage, e.week`);
}

/** Recomputes the rep × activity type × week rollup for the pairs in `touched_pairs`. */
export async function refreshActivityRollups(tx: Db, orgId: string): Promise<void> {
  await distinctPairs(tx);
  await tx.execute(sql`delete from activity_week_rollup r using rollup_pairs p
    where r.org_id = ${orgId} and r.owner_id = p.owner_id and r.week = p.week`);
  await tx.execute(sql`
    insert into activity_week_rollup (org_id, owner_id, type, week, count)
    select ${orgId}, a.owner_id, a.type, ${weekOf(sql`a.occurred_at`)}, count(*)::int
    from activities a
    join rollup_pairs p on p.owner_id = a.owner_id and p.week = ${weekOf(sql`a.occurred_at`)}
    where a.org_id = ${orgId}
    group by a.owner_id, a.type, ${weekOf(sql`a.occurred_at`)}`);
}

/**
 * The distinct pairs, keyed and analysed: without statistics on a fresh temp table the planner may
 * pick a nested loop over it and a 40k-row import takes minutes instead of seconds.
 */
async function distinctPairs(tx: Db): Promise<void> {
  await tx.execute(sql`drop table if exists rollup_pairs`);
  await tx.execute(
    sql`create temp table rollup_pairs (owner_id uuid, week date, primary key (owner_id, week)) on commit drop`,
  );
  await tx.execute(sql`insert into rollup_pairs select distinct owner_id, week from touched_pairs`);
  await tx.execute(sql`analyze rollup_pairs`);
}

/** `touched_pairs` for a transaction: (rep, week) pairs whose rollups must be recomputed. */
export async function createTouchedPairs(tx: Db): Promise<void> {
  await tx.execute(
    sql`create temp table if not exists touched_pairs (owner_id uuid not null, week date not null) on commit drop`,
  );
}

export { weekOf };
