import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.js';
import { DEFAULT_FUNNEL, defaultFunnel, type Funnel, funnelIssues, knownStages } from '../../core/funnel.js';
import type { Db } from '../../db/open.js';
import { crmSettings, funnelStages, inPipeline, pipelineOf } from '../../db/schema/crm.js';
import { queryRows } from '../../db/sql.js';
import { rebuildRollups } from './rollups.js';

/** The pipeline the diagnosis reads, as SQL to embed in another query ('' when none is chosen). */
export function diagnosedPipelineSql(orgId: string): SQL<string> {
  return sql<string>`coalesce((select pipeline from crm_settings where org_id = ${orgId}), '')`;
}

/** The pipeline the diagnosis reads (`crm_settings`); the empty name when the CRM names none. */
export async function diagnosedPipeline(db: Db, orgId: string): Promise<string> {
  const [row] = await queryRows<{ pipeline: string }>(
    db,
    sql`select ${diagnosedPipelineSql(orgId)} as pipeline`,
  );
  return row?.pipeline ?? '';
}

/** A funnel of these rows (in order), or the default funnel when there are none. */
function funnelOf(rows: { name: string; kind: 'open' | 'won' | 'lost' }[], pipeline: string): Funnel {
  const funnel =
    rows.length === 0
      ? defaultFunnel()
      : {
          stages: rows.filter((r) => r.kind !== 'lost').map((r) => r.name),
          lost: rows.find((r) => r.kind === 'lost')?.name ?? DEFAULT_FUNNEL.lost,
        };
  return pipeline ? { ...funnel, pipeline } : funnel;
}

/** A pipeline's funnel; without `pipeline`, the diagnosed pipeline's — the organisation's funnel. */
export async function getFunnel(db: Db, opts: { orgId: string; pipeline?: string }): Promise<Funnel> {
  const { orgId } = opts;
  const pipeline = opts.pipeline ?? (await diagnosedPipeline(db, orgId));
  const rows = await db
    .select({ name: funnelStages.name, kind: funnelStages.kind })
    .from(funnelStages)
    .where(and(eq(funnelStages.orgId, orgId), eq(funnelStages.pipeline, pipeline)))
    .orderBy(asc(funnelStages.position));
  return funnelOf(rows, pipeline);
}

/**
 * Every pipeline's funnel the organisation keeps, the diagnosed pipeline's first (always there: the
 * default funnel while none is set), with that pipeline's name and funnel apart.
 */
export async function allFunnels(
  db: Db,
  orgId: string,
): Promise<{ diagnosed: string; funnel: Funnel; funnels: Funnel[] }> {
  const diagnosed = await diagnosedPipeline(db, orgId);
  const rows = await db
    .select({ pipeline: funnelStages.pipeline, name: funnelStages.name, kind: funnelStages.kind })
    .from(funnelStages)
    .where(eq(funnelStages.orgId, orgId))
    .orderBy(asc(funnelStages.pipeline), asc(funnelStages.position));
  const names = [diagnosed, ...new Set(rows.map((r) => r.pipeline).filter((p) => p !== diagnosed))];
  const funnels = names.map((p) =>
    funnelOf(
      rows.filter((r) => r.pipeline === p),
      p,
    ),
  );
  return { diagnosed, funnel: funnels[0] as Funnel, funnels };
}

/**
 * Replaces a pipeline's funnel (without `pipeline`: the diagnosed one's). Refused while opportunities
 * of the pipeline sit at a stage the new funnel drops: their history would stop making sense (rename
 * in the CRM export and re-import, or keep the stage).
 */
export async function setFunnel(
  db: Db,
  opts: { orgId: string; pipeline?: string; funnel: { stages: string[]; lost?: string | undefined } },
): Promise<Funnel> {
  const { orgId, funnel: input } = opts;
  const diagnosed = await diagnosedPipeline(db, orgId);
  const pipeline = opts.pipeline ?? diagnosed;
  const funnel: Funnel = {
    stages: input.stages.map((s) => s.trim()),
    lost: (input.lost ?? DEFAULT_FUNNEL.lost).trim(),
    ...(pipeline && { pipeline }),
  };
  const issues = funnelIssues(funnel);
  if (issues.length > 0)
    throw new AppError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  const keep = knownStages(funnel);
  const orphaned = await queryRows<{ stage: string; n: number }>(
    db,
    sql`select o.stage, count(*)::int as n from opportunities o
        where o.org_id = ${orgId} and ${inPipeline('o', pipeline)}
          and o.stage not in (${sql.join(
            keep.map((s) => sql`${s}`),
            sql`, `,
          )})
        group by o.stage order by o.stage`,
  );
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
    await tx
      .delete(funnelStages)
      .where(and(eq(funnelStages.orgId, orgId), eq(funnelStages.pipeline, pipeline)));
    await tx.insert(funnelStages).values([
      ...funnel.stages.map((name, position) => ({
        orgId,
        pipeline,
        name,
        position,
        kind: position === funnel.stages.length - 1 ? ('won' as const) : ('open' as const),
      })),
      { orgId, pipeline, name: funnel.lost, position: funnel.stages.length, kind: 'lost' as const },
    ]);
  });
  // Stage order decides what "advanced" means: the rollups are recomputed for the new funnel.
  if (pipeline === diagnosed) await rebuildRollups(db, orgId, funnel);
  return funnel;
}

/** A pipeline with its funnel and how many opportunities are in it. */
export interface PipelineSummary {
  name: string;
  diagnosed: boolean;
  opportunities: number;
  funnel: Funnel;
}

/** The organisation's pipelines: the diagnosed one first, then by opportunities, most first. */
export async function listPipelines(db: Db, orgId: string): Promise<PipelineSummary[]> {
  const { diagnosed, funnels } = await allFunnels(db, orgId);
  const counts = await queryRows<{ pipeline: string; n: number }>(
    db,
    sql`select ${pipelineOf('')} as pipeline, count(*)::int as n
        from opportunities where org_id = ${orgId} group by 1`,
  );
  const count = new Map(counts.map((c) => [c.pipeline, c.n]));
  // Deals of the unnamed pipeline before its funnel is set: the default funnel is theirs.
  const kept = new Set(funnels.map((f) => f.pipeline ?? ''));
  if (count.has('') && !kept.has('')) funnels.push(funnelOf([], ''));
  return funnels
    .map((funnel) => {
      const name = funnel.pipeline ?? '';
      return { name, diagnosed: name === diagnosed, opportunities: count.get(name) ?? 0, funnel };
    })
    .sort((a, b) => Number(b.diagnosed) - Number(a.diagnosed) || b.opportunities - a.opportunities);
}

/**
 * Makes `pipeline` (matched ignoring case) the one the diagnosis reads, and recomputes the rollups
 * for its funnel. Refused for a pipeline the organisation keeps no funnel of, naming those it has.
 */
export async function diagnosePipeline(db: Db, opts: { orgId: string; pipeline: string }): Promise<Funnel> {
  const { orgId } = opts;
  const { diagnosed, funnels } = await allFunnels(db, orgId);
  const wanted = opts.pipeline.trim().toLowerCase();
  // The unnamed pipeline is always there (with the default funnel until one is set).
  const funnel =
    funnels.find((f) => (f.pipeline ?? '').toLowerCase() === wanted) ??
    (wanted ? undefined : funnelOf([], ''));
  if (!funnel)
    throw new AppError(
      'invalid',
      `no pipeline named "${opts.pipeline}"; this organisation's pipelines are ${funnels.map((f) => `"${f.pipeline || '(unnamed)'}"`).join(', ')}`,
      { issues: [{ path: 'pipeline', message: `not one of this organisation's pipelines` }] },
    );
  const name = funnel.pipeline ?? '';
  if (name === diagnosed) return funnel;
  await db
    .insert(crmSettings)
    .values({ orgId, pipeline: name })
    .onConflictDoUpdate({ target: crmSettings.orgId, set: { pipeline: name } });
  await rebuildRollups(db, orgId, funnel);
  return funnel;
}
