import { type SQL, sql } from 'drizzle-orm';
import { type Funnel, wonStage } from '../../core/funnel.js';
import type { Db } from '../../db/open.js';
import { inPipeline, seniorContact } from '../../db/schema/crm.js';
import type { Slice } from '../../db/slices.js';
import { queryRows } from '../../db/sql.js';

/**
 * The opportunity `o` is in the funnel's pipeline (the diagnosed one; the unnamed one holds every
 * opportunity that names none). Deals of other pipelines are kept, not counted. The rollups below use
 * it in a join's condition, a CASE or an aggregate's FILTER, never as a WHERE filter on `o`: a freshly
 * loaded table has no statistics, the planner guesses such a filter keeps 0.5% of the rows, and the
 * plan it then picks (nested loops) took minutes on a million activities instead of seconds.
 */
const inFunnelPipeline = (funnel: Funnel): SQL => inPipeline('o', funnel.pipeline ?? '');

/** The funnel's stages with their order, as an inline table for SQL (the lost stage has none). */
function funnelTable(funnel: Funnel): SQL {
  const rows = funnel.stages.map((name, i) => sql`(${name}::text, ${i}::int)`);
  return sql`(values ${sql.join(rows, sql`, `)}) as f(name, position)`;
}

const weekOf = (column: SQL) => sql`date_trunc('week', ${column} at time zone 'UTC')::date`;
const days = (from: SQL, to: SQL) => sql`extract(epoch from (${to} - ${from})) / 86400.0`;

/**
 * Recomputes the rep × stage × week rollup for the (rep, week) pairs in the temp table
 * `touched_pairs(owner_id, week)`. Each stage entry is advanced when the opportunity later entered a
 * further funnel stage (skipped stages count as passed; resolved the week it did), lost when it did
 * not and the opportunity was lost (resolved the week it was lost), else open (`infinity`). Entries
 * into the won stage are only counted as entered: there is nowhere further to go.
 */
export async function refreshStageRollups(tx: Db, orgId: string, funnel: Funnel): Promise<void> {
  await distinctPairs(tx, 'touched_pairs', 'rollup_pairs');
  await tx.execute(sql`delete from stage_week_rollup r using rollup_pairs p
    where r.org_id = ${orgId} and r.owner_id = p.owner_id and r.week = p.week`);
  // Every history row of the touched reps' opportunities, computed once and analysed, so the
  // planner joins it by hash (a correlated lookup per entry took minutes on 300k entries).
  await tx.execute(sql`drop table if exists stage_entries`);
  await tx.execute(sql`create temp table stage_entries on commit drop as
    select h.opportunity_id, h.stage, h.entered_at, f.position, o.owner_id,
           (o.won is false or o.stage = ${funnel.lost}) as lost_outcome, o.closed_at
    from stage_history h
    join opportunities o on o.org_id = h.org_id and o.crm_id = h.opportunity_id
    join (select distinct owner_id from rollup_pairs) ro on ro.owner_id = o.owner_id
    left join ${funnelTable(funnel)} on f.name = h.stage and ${inFunnelPipeline(funnel)}
    where h.org_id = ${orgId}`);
  await tx.execute(sql`analyze stage_entries`);
  const won = funnel.stages.length - 1;
  await tx.execute(sql`
    insert into stage_week_rollup (org_id, owner_id, stage, week, resolved_week, entered, advanced, lost, days_advanced)
    select ${orgId}, e.owner_id, e.stage, e.week, e.resolved_week, count(*)::int,
           count(*) filter (where e.kind = 'advanced')::int,
           count(*) filter (where e.kind = 'lost')::int,
           coalesce(round(sum(e.days) filter (where e.kind = 'advanced')), 0)::int
    from (
      select x.owner_id, x.stage, x.week, x.kind, x.days,
             case x.kind
               when 'advanced' then ${weekOf(sql`x.next_at`)}
               when 'lost' then ${weekOf(sql`coalesce(x.lost_at, x.closed_at, x.entered_at)`)}
               when 'won' then x.week
               else 'infinity'::date end as resolved_week
      from (
        select e.owner_id, e.stage, e.entered_at, e.closed_at, ${weekOf(sql`e.entered_at`)} as week,
               nx.next_at, la.lost_at, ${days(sql`e.entered_at`, sql`nx.next_at`)} as days,
               case when nx.next_at is not null then 'advanced'
                    when e.position = ${won} then 'won'
                    when e.lost_outcome then 'lost'
                    else 'open' end as kind
        from stage_entries e
        join rollup_pairs p on p.owner_id = e.owner_id and p.week = ${weekOf(sql`e.entered_at`)}
        left join (
          select a.opportunity_id, a.position, a.entered_at, min(b.entered_at) as next_at
          from stage_entries a
          join stage_entries b on b.opportunity_id = a.opportunity_id and b.position > a.position
                              and b.entered_at >= a.entered_at
          group by a.opportunity_id, a.position, a.entered_at
        ) nx on nx.opportunity_id = e.opportunity_id and nx.position = e.position and nx.entered_at = e.entered_at
        left join (
          select opportunity_id, max(entered_at) as lost_at from stage_entries
          where stage = ${funnel.lost} group by opportunity_id
        ) la on la.opportunity_id = e.opportunity_id
        where e.position is not null
      ) x
    ) e
    group by e.owner_id, e.stage, e.week, e.resolved_week`);
}

/** An opportunity's (`o`) outcome in the deal rollup: won, lost or open. */
function dealOutcome(funnel: Funnel): SQL {
  return sql`case when o.won is true or o.stage = ${wonStage(funnel)} then 'won'
                  when o.won is false or o.stage = ${funnel.lost} then 'lost' else 'open' end`;
}

/** The week an opportunity (`o`) closed, for the deal rollup ('infinity' while open). */
function dealClosedWeek(funnel: Funnel): SQL {
  return sql`case when o.won is null and o.stage <> ${funnel.lost} and o.stage <> ${wonStage(funnel)} then 'infinity'::date
                  else ${weekOf(sql`coalesce(o.closed_at, o.created_at)`)} end`;
}

/**
 * Moves `senior_reached` in the deal rollup for opportunities whose first senior contact came or went:
 * the table `flipsTable(opportunity_id, gained)` lists them (those in `slice`). Their cells exist (the
 * opportunities import made them), so this is a delta, without reading activities.
 */
export async function applySeniorFlips(
  tx: Db,
  opts: { orgId: string; flipsTable: string; funnel: Funnel; slice: Slice },
): Promise<void> {
  const { orgId, funnel } = opts;
  await tx.execute(sql`update opportunity_week_rollup r set senior_reached = r.senior_reached + d.delta
    from (
      select o.owner_id, ${weekOf(sql`o.created_at`)} as week, ${dealClosedWeek(funnel)} as closed_week,
             (${dealOutcome(funnel)})::deal_outcome as outcome,
             sum(case when ${inFunnelPipeline(funnel)} then (case when f.gained then 1 else -1 end) else 0 end)::int as delta
      from ${sql.raw(opts.flipsTable)} f join opportunities o on o.org_id = ${orgId} and o.crm_id = f.opportunity_id
      where ${opts.slice(sql`f.opportunity_id`)}
      group by 1, 2, 3, 4
    ) d
    where r.org_id = ${orgId} and r.owner_id = d.owner_id and r.week = d.week
      and r.closed_week = d.closed_week and r.outcome = d.outcome`);
}

/**
 * Recomputes the rep × created week × closed week × outcome rollup for the pairs in the temp table
 * `touched_deals(owner_id, week)` (week = ISO week the opportunity was created).
 */
export async function refreshDealRollups(tx: Db, orgId: string, funnel: Funnel): Promise<void> {
  await distinctPairs(tx, 'touched_deals', 'deal_pairs');
  await tx.execute(sql`delete from opportunity_week_rollup r using deal_pairs p
    where r.org_id = ${orgId} and r.owner_id = p.owner_id and r.week = p.week`);
  await tx.execute(sql`
    insert into opportunity_week_rollup (org_id, owner_id, week, closed_week, outcome, count, amount_minor, priced, cycle_days, senior_reached)
    select ${orgId}, d.owner_id, d.week, d.closed_week, d.outcome::deal_outcome, count(*) filter (where d.counted)::int,
           coalesce(sum(d.amount_minor) filter (where d.counted), 0)::bigint,
           count(d.amount_minor) filter (where d.counted)::int,
           coalesce(round(sum(d.cycle) filter (where d.counted and d.outcome <> 'open')), 0)::int,
           count(*) filter (where d.counted and d.senior)::int
    from (
      select o.owner_id, p.week, o.amount_minor, ${inFunnelPipeline(funnel)} as counted,
             ${dealOutcome(funnel)} as outcome,
             ${dealClosedWeek(funnel)} as closed_week,
             greatest(0, ${days(sql`o.created_at`, sql`coalesce(o.closed_at, o.created_at)`)}) as cycle,
             exists (select 1 from activities a
                     where a.org_id = o.org_id and a.opportunity_id = o.crm_id
                       and ${seniorContact('a')}) as senior
      from opportunities o
      join deal_pairs p on p.owner_id = o.owner_id and p.week = ${weekOf(sql`o.created_at`)}
      where o.org_id = ${orgId}
    ) d
    group by d.owner_id, d.week, d.closed_week, d.outcome
    having count(*) filter (where d.counted) > 0`);
}

/** Recomputes the rep × activity type × week rollup for the pairs in `touched_pairs`. */
export async function refreshActivityRollups(tx: Db, orgId: string): Promise<void> {
  await distinctPairs(tx, 'touched_pairs', 'rollup_pairs');
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
async function distinctPairs(tx: Db, from: string, to: string): Promise<void> {
  await tx.execute(sql`drop table if exists ${sql.raw(to)}`);
  await tx.execute(
    sql`create temp table ${sql.raw(to)} (owner_id uuid, week date, primary key (owner_id, week)) on commit drop`,
  );
  await tx.execute(sql`insert into ${sql.raw(to)} select distinct owner_id, week from ${sql.raw(from)}`);
  await tx.execute(sql`analyze ${sql.raw(to)}`);
}

/**
 * `touched_pairs` (rep, week of a stage entry or activity) and `touched_deals` (rep, week an
 * opportunity was created) for a transaction: the rollup cells that must be recomputed.
 */
export async function createTouchedPairs(tx: Db): Promise<void> {
  for (const table of ['touched_pairs', 'touched_deals'])
    await tx.execute(
      sql`create temp table if not exists ${sql.raw(table)} (owner_id uuid not null, week date not null) on commit drop`,
    );
}

/**
 * Recomputes every rollup of an org from the raw tables: after the funnel changes (stage order
 * decides what "advanced" means) and when a migration reshapes the rollups.
 */
export async function rebuildRollups(db: Db, orgId: string, funnel: Funnel): Promise<void> {
  await db.transaction(async (tx) => {
    await createTouchedPairs(tx);
    for (const table of ['stage_week_rollup', 'opportunity_week_rollup', 'activity_week_rollup'])
      await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
    await tx.execute(sql`insert into touched_pairs (owner_id, week)
      select distinct o.owner_id, ${weekOf(sql`h.entered_at`)} from stage_history h
      join opportunities o on o.org_id = h.org_id and o.crm_id = h.opportunity_id where h.org_id = ${orgId}`);
    await refreshStageRollups(tx, orgId, funnel);
    await tx.execute(sql`insert into touched_deals (owner_id, week)
      select distinct owner_id, ${weekOf(sql`created_at`)} from opportunities where org_id = ${orgId}`);
    await refreshDealRollups(tx, orgId, funnel);
    await tx.execute(sql`delete from touched_pairs`);
    await tx.execute(sql`insert into touched_pairs (owner_id, week)
      select distinct owner_id, ${weekOf(sql`occurred_at`)} from activities where org_id = ${orgId}`);
    await refreshActivityRollups(tx, orgId);
  });
}

/**
 * True when the org has opportunities in the funnel's pipeline but no deal rollup: its rollups
 * predate the current shape.
 */
export async function rollupsAreStale(db: Db, orgId: string, funnel: Funnel): Promise<boolean> {
  const [row] = await queryRows<{ stale: boolean }>(
    db,
    sql`select exists (select 1 from opportunities o where o.org_id = ${orgId} and ${inFunnelPipeline(funnel)})
          and not exists (select 1 from opportunity_week_rollup where org_id = ${orgId}) as stale`,
  );
  return row?.stale ?? false;
}

export { weekOf };
