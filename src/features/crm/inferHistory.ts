import { sql } from 'drizzle-orm';
import { defaultFunnel, wonStage } from '../../core/funnel.js';
import type { Db } from '../../db/open.js';
import { inPipeline } from '../../db/schema/crm.js';
import { queryRows } from '../../db/sql.js';
import { allFunnels } from './funnel.js';
import { createTouchedPairs, refreshStageRollups, weekOf } from './rollups.js';

/**
 * Gives every opportunity of the organisation that has no stage history at all a minimal one, marked
 * `inferred`: it entered its pipeline's funnel's first stage when it was created, and the stage it is at now
 * when it closed (won or lost) or, while open, when it was created — the stages between count as
 * passed, as for any skipped stage. Many exports carry no history (only the created date, current
 * stage and close date); without this their opportunities would never enter the funnel. A real
 * history imported later replaces the inferred entries (`mergeHistory`). Keeps the stage rollups of
 * the reps and weeks it touches, in one transaction. Returns how many opportunities it gave a history.
 */
export async function inferHistory(db: Db, opts: { orgId: string }): Promise<number> {
  const { orgId } = opts;
  const { funnel: diagnosedFunnel, funnels: kept } = await allFunnels(db, orgId);
  // Deals that name no pipeline, before a funnel of theirs is set, enter the default one.
  const funnels = kept.some((f) => !f.pipeline) ? kept : [...kept, defaultFunnel()];
  return db.transaction(async (tx) => {
    await createTouchedPairs(tx);
    let opportunities = 0;
    for (const funnel of funnels) {
      const first = funnel.stages[0] as string;
      const [row] = await queryRows<{ opportunities: number }>(
        tx,
        sql`with bare as (
          select o.crm_id, o.owner_id, o.created_at, o.stage, o.closed_at, o.won from opportunities o
          where o.org_id = ${orgId} and ${inPipeline('o', funnel.pipeline ?? '')}
            and not exists (select 1 from stage_history h where h.org_id = o.org_id and h.opportunity_id = o.crm_id)
        ), entries as (
          select crm_id, owner_id, ${first}::text as stage, created_at as entered_at from bare
          union all
          select crm_id, owner_id,
            case when won is true then ${wonStage(funnel)} when won is false then ${funnel.lost} else stage end,
            case when won is null then created_at else greatest(created_at, coalesce(closed_at, created_at)) end
          from bare where stage <> ${first} or won is not null
        ), ins as (
          insert into stage_history (org_id, opportunity_id, stage, entered_at, inferred)
          select ${orgId}, crm_id, stage, entered_at, true from entries
          on conflict do nothing
          returning opportunity_id, entered_at
        ), touched as (
          insert into touched_pairs (owner_id, week)
          select distinct e.owner_id, ${weekOf(sql`e.entered_at`)} from entries e
          returning 1
        )
        select count(distinct opportunity_id)::int as opportunities, (select count(*) from touched)::int as pairs from ins`,
      );
      opportunities += row?.opportunities ?? 0;
    }
    // Only the diagnosed pipeline's entries count in the rollups.
    await refreshStageRollups(tx, orgId, diagnosedFunnel);
    return opportunities;
  });
}
