import { and, asc, eq, inArray, not, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.js';
import { DEFAULT_FUNNEL, type Funnel, funnelIssues, knownStages } from '../../core/funnel.js';
import type { Db } from '../../db/open.js';
import { funnelStages, opportunities } from '../../db/schema/crm.js';
import { rebuildRollups } from './rollups.js';

export async function getFunnel(db: Db, opts: { orgId: string }): Promise<Funnel> {
  const { orgId } = opts;
  const rows = await db
    .select({ name: funnelStages.name, kind: funnelStages.kind })
    .from(funnelStages)
    .where(eq(funnelStages.orgId, orgId))
    .orderBy(asc(funnelStages.position));
  if (rows.length === 0) return { stages: [...DEFAULT_FUNNEL.stages], lost: DEFAULT_FUNNEL.lost };
  return {
    stages: rows.filter((r) => r.kind !== 'lost').map((r) => r.name),
    lost: rows.find((r) => r.kind === 'lost')?.name ?? DEFAULT_FUNNEL.lost,
  };
}

/**
 * Replaces the funnel. Refused while opportunities sit at a stage the new funnel drops: their history
 * would stop making sense (rename in the CRM export and re-import, or keep the stage).
 */
export async function setFunnel(
  db: Db,
  opts: { orgId: string; funnel: { stages: string[]; lost?: string | undefined } },
): Promise<Funnel> {
  const { orgId, funnel: input } = opts;
  const funnel: Funnel = {
    stages: input.stages.map((s) => s.trim()),
    lost: (input.lost ?? DEFAULT_FUNNEL.lost).trim(),
  };
  const issues = funnelIssues(funnel);
  if (issues.length > 0)
    throw new AppError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  const keep = knownStages(funnel);
  const orphaned = await db
    .select({ stage: opportunities.stage, n: sql<number>`count(*)::int` })
    .from(opportunities)
    .where(and(eq(opportunities.orgId, orgId), not(inArray(opportunities.stage, keep))))
    .groupBy(opportunities.stage);
  if (orphaned.length > 0) {
    const list = orphaned.map((o) => `${o.n} at "${o.stage}"`).join(', ');
    throw new AppError(
      'invalid',
      `opportunities still use stages this funnel drops (${list}); keep those stages or re-import them first`,
      {
        issues: [{ path: 'stages', message: `still in use: ${orphaned.map((o) => o.stage).join(', ')}` }],
      },
    );
  }
  await db.transaction(async (tx) => {
    await tx.delete(funnelStages).where(eq(funnelStages.orgId, orgId));
    await tx.insert(funnelStages).values([
      ...funnel.stages.map((name, position) => ({
        orgId,
        name,
        position,
        kind: position === funnel.stages.length - 1 ? ('won' as const) : ('open' as const),
      })),
      { orgId, name: funnel.lost, position: funnel.stages.length, kind: 'lost' as const },
    ]);
  });
  // Stage order decides what "advanced" means: the rollups are recomputed for the new funnel.
  await rebuildRollups(db, orgId, funnel);
  return funnel;
}
