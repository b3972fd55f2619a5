import jStat from 'jstat';
import type { KpiId } from '../../core/kpis.js';
import type { Db } from '../../db/open.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { getPerson } from '../people/service.js';

/**
 * A KPI's value for a goal's owner today, from the diagnosis (the same figures as every page): a
 * rep's own; a team's, the median of its reps. With the teammates' values (for the SMART check's
 * Attainable) and, for a per-stage KPI, the skill the stage speaks to.
 */
export async function kpiValuesOf(
  db: Db,
  opts: {
    orgId: string;
    ownerId: string;
    kpi: KpiId;
    key: string | null;
    today: string;
    /** The days the value covers, ending on `today`. */
    windowDays: number;
  },
): Promise<{ own: number | null; team: number[]; stageSkill: string | null }> {
  const owner = await getPerson(db, { orgId: opts.orgId, personId: opts.ownerId });
  const asOf = new Date(`${opts.today}T12:00:00Z`);
  const managerId = owner.role === 'rep' ? owner.managerId : owner.id;
  if (!managerId && owner.role === 'rep') {
    const alone = await diagnoseReps(db, {
      orgId: opts.orgId,
      target: { repId: owner.id },
      asOf,
      windowDays: opts.windowDays,
    });
    const v = kpiValue(alone.reps[0]?.kpis ?? [], opts.kpi, opts.key);
    return { own: v, team: v === null ? [] : [v], stageSkill: stageSkillOf(alone.reps[0], opts.key) };
  }
  const diagnosis = await diagnoseReps(db, {
    orgId: opts.orgId,
    target: { managerId: managerId ?? owner.id },
    asOf,
    windowDays: opts.windowDays,
  });
  const team =
    owner.role === 'rep'
      ? diagnosis.reps.filter((r) => r.manager === diagnosis.reps.find((x) => x.id === owner.id)?.manager)
      : diagnosis.reps;
  const values = team.map((r) => kpiValue(r.kpis, opts.kpi, opts.key)).filter((v): v is number => v !== null);
  const own =
    owner.role === 'rep'
      ? kpiValue(diagnosis.reps.find((r) => r.id === owner.id)?.kpis ?? [], opts.kpi, opts.key)
      : values.length > 0
        ? jStat.median(values)
        : null;
  return { own, team: values, stageSkill: stageSkillOf(diagnosis.reps[0], opts.key) };
}

function kpiValue(
  kpis: readonly { kpi: string; key?: string | undefined; value: number | null }[],
  kpi: string,
  key: string | null,
) {
  return kpis.find((k) => k.kpi === kpi && (k.key ?? null) === key)?.value ?? null;
}

function stageSkillOf(
  rep: { assessments: { metric: string; stage: string; skill: string }[] } | undefined,
  stage: string | null,
) {
  if (!rep || !stage) return null;
  return rep.assessments.find((a) => a.metric === 'conversion' && a.stage === stage)?.skill ?? null;
}
