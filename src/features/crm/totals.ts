import { sql } from 'drizzle-orm';
import type { Funnel } from '../../core/funnel.js';
import { emptyTotals, type RepTotals } from '../../core/kpis.js';
import type { Db } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';

/**
 * Reps' totals over a window of whole ISO weeks, read from the rollups the imports keep — never
 * the raw rows, so the cost grows with reps × stages × weeks, not with activities.
 */
export interface TotalsWindow {
  /** Monday of the first week in the window (ISO date). */
  fromWeek: string;
  /** Monday of the as-of week (ISO date): outcomes resolved up to that week count. */
  asOfWeek: string;
}

export type WindowTotals = Omit<RepTotals, 'weeks'>;

function empty(funnel: Funnel): WindowTotals {
  const { weeks: _, ...totals } = emptyTotals(funnel);
  return totals;
}

/** Totals per rep id for the given reps (every rep id gets an entry, zeros when idle). */
export async function windowTotals(
  db: Db,
  orgId: string,
  funnel: Funnel,
  ownerIds: readonly string[],
  w: TotalsWindow,
): Promise<Map<string, WindowTotals>> {
  const out = new Map<string, WindowTotals>(ownerIds.map((id) => [id, empty(funnel)]));
  if (ownerIds.length === 0) return out;
  const owners = sql`${`{${ownerIds.join(',')}}`}::uuid[]`;
  const stageIndex = new Map(funnel.stages.slice(0, -1).map((s, i) => [s, i]));

  const stages = await queryRows<{
    owner_id: string;
    stage: string;
    entered: number;
    advanced: number;
    lost: number;
    days: number;
  }>(
    db,
    // One index range per rep (LATERAL over the ids): the plan cannot degrade into a scan of the
    // org's whole rollup when statistics are stale, and a team page stays a handful of lookups.
    sql`select o.id as owner_id, r.stage, r.entered, r.advanced, r.lost, r.days
        from unnest(${owners}) as o(id)
        cross join lateral (
          select stage, sum(entered)::int as entered,
            coalesce(sum(advanced) filter (where resolved_week <= ${w.asOfWeek}::date), 0)::int as advanced,
            coalesce(sum(lost) filter (where resolved_week <= ${w.asOfWeek}::date), 0)::int as lost,
            coalesce(sum(days_advanced) filter (where resolved_week <= ${w.asOfWeek}::date), 0)::int as days
          from stage_week_rollup
          where org_id = ${orgId} and owner_id = o.id
            and week between ${w.fromWeek}::date and ${w.asOfWeek}::date
          group by stage) r`,
  );
  for (const r of stages) {
    const i = stageIndex.get(r.stage);
    const cell = i === undefined ? undefined : out.get(r.owner_id)?.stages[i];
    if (!cell) continue;
    cell.entered = r.entered;
    cell.advanced = r.advanced;
    cell.lost = r.lost;
    cell.daysAdvanced = r.days;
  }

  const deals = await queryRows<{
    owner_id: string;
    created: number;
    senior: number;
    won: number;
    lost: number;
    won_amount: string;
    won_priced: number;
    won_cycle: number;
    pipeline: string;
  }>(
    db,
    sql`select o.id as owner_id, r.*
        from unnest(${owners}) as o(id)
        cross join lateral (
          select coalesce(sum(count) filter (where week >= ${w.fromWeek}::date), 0)::int as created,
            coalesce(sum(senior_reached) filter (where week >= ${w.fromWeek}::date), 0)::int as senior,
            coalesce(sum(count) filter (where closed_week ${inWindow(w)} and outcome = 'won'), 0)::int as won,
            coalesce(sum(count) filter (where closed_week ${inWindow(w)} and outcome = 'lost'), 0)::int as lost,
            coalesce(sum(amount_minor) filter (where closed_week ${inWindow(w)} and outcome = 'won'), 0)::text as won_amount,
            coalesce(sum(priced) filter (where closed_week ${inWindow(w)} and outcome = 'won'), 0)::int as won_priced,
            coalesce(sum(cycle_days) filter (where closed_week ${inWindow(w)} and outcome = 'won'), 0)::int as won_cycle,
            coalesce(sum(amount_minor) filter (where closed_week > ${w.asOfWeek}::date), 0)::text as pipeline
          from opportunity_week_rollup
          where org_id = ${orgId} and owner_id = o.id and week <= ${w.asOfWeek}::date) r`,
  );
  for (const r of deals) {
    const t = out.get(r.owner_id);
    if (!t) continue;
    t.created = r.created;
    t.createdSeniorReached = r.senior;
    t.won = r.won;
    t.lost = r.lost;
    t.wonAmountMinor = Number(r.won_amount);
    t.wonPriced = r.won_priced;
    t.wonCycleDays = r.won_cycle;
    t.openPipelineMinor = Number(r.pipeline);
  }

  const acts = await queryRows<{ owner_id: string; type: string; count: number }>(
    db,
    sql`select o.id as owner_id, r.type, r.count
        from unnest(${owners}) as o(id)
        cross join lateral (
          select type, sum(count)::int as count from activity_week_rollup
          where org_id = ${orgId} and owner_id = o.id
            and week between ${w.fromWeek}::date and ${w.asOfWeek}::date
          group by type) r`,
  );
  for (const r of acts) {
    const t = out.get(r.owner_id);
    if (t) t.activities[r.type] = r.count;
  }
  return out;
}

const inWindow = (w: TotalsWindow) => sql`between ${w.fromWeek}::date and ${w.asOfWeek}::date`;
