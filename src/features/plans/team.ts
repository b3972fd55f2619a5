import { and, asc, eq, inArray } from 'drizzle-orm';
import { levelOf } from '../../core/skillProfile.js';
import type { Db } from '../../db/open.js';
import { developmentPlans } from '../../db/schema/plans.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { listPeopleBrief, subtreeIds } from '../people/service.js';
import { asEvidence, listEvidence, listSkills } from '../skills/service.js';
import type { CoachingQueue, PlanFocus, SkillMatrix } from './contract.js';

/** The plans of a manager's whole team: what to act on next, and the reps × skills matrix. */

/**
 * What a manager should act on next for the reps below them (everyone, for an admin): reps without
 * an active plan, plans past their review date, plans not yet acknowledged, and plans whose KPI has
 * moved the wrong way since they started.
 */
export async function coachingQueue(
  db: Db,
  opts: { orgId: string; managerId: string | null; today: string },
): Promise<CoachingQueue> {
  const everyone = await listPeopleBrief(db, opts.orgId);
  const below = opts.managerId ? new Set(await subtreeIds(db, opts.orgId, opts.managerId)) : undefined;
  const reps = everyone.filter((p) => p.role === 'rep' && (!below || below.has(p.id)));
  if (reps.length === 0) return { items: [] };
  const active = await db
    .select()
    .from(developmentPlans)
    .where(
      and(
        eq(developmentPlans.orgId, opts.orgId),
        eq(developmentPlans.status, 'active'),
        inArray(
          developmentPlans.repId,
          reps.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(developmentPlans.reviewOn));
  const byRep = new Map(active.map((p) => [p.repId, p]));
  const items: CoachingQueue['items'] = [];
  // One diagnosis of the whole team (or organisation), not one per rep.
  const diagnosed = await diagnoseReps(db, {
    orgId: opts.orgId,
    target: opts.managerId ? { managerId: opts.managerId } : 'org',
    asOf: new Date(`${opts.today}T12:00:00Z`),
  });
  const diagnosisById = new Map(diagnosed.reps.map((d) => [d.id, d]));
  for (const r of [...reps].sort((a, b) => a.name.localeCompare(b.name))) {
    const plan = byRep.get(r.id);
    const rep = { id: r.id, name: r.name };
    if (!plan) {
      items.push({ rep, reason: 'no_plan', planId: null, detail: 'no active development plan' });
      continue;
    }
    if (plan.reviewOn <= opts.today)
      items.push({
        rep,
        reason: 'review_due',
        planId: plan.id,
        detail: `review was due on ${plan.reviewOn}`,
      });
    if (!plan.acknowledgedAt)
      items.push({
        rep,
        reason: 'not_acknowledged',
        planId: plan.id,
        detail: `started on ${plan.startedOn}, not yet acknowledged by ${r.name}`,
      });
    const diagnosis = diagnosisById.get(r.id);
    for (const f of plan.focus as PlanFocus[]) {
      if (!f.kpi) continue;
      const cell = diagnosis?.assessments.find((a) => a.metric === f.kpi?.metric && a.stage === f.kpi.stage);
      if (cell && cell.n > 0 && cell.rate < f.kpi.from)
        items.push({
          rep,
          reason: 'kpi_wrong_way',
          planId: plan.id,
          detail: `${f.kpi.metric === 'conversion' ? `${f.kpi.stage} conversion` : 'new opportunities a week'} ${format(f.kpi.metric, f.kpi.from)} → ${format(f.kpi.metric, cell.rate)} since the plan started`,
        });
    }
  }
  const rank = { review_due: 0, kpi_wrong_way: 1, not_acknowledged: 2, no_plan: 3 } as const;
  items.sort((a, b) => rank[a.reason] - rank[b.reason]);
  return { items };
}

const format = (metric: string, v: number) =>
  metric === 'conversion' ? `${Math.round(v * 100)}%` : (Math.round(v * 10) / 10).toString();

/** The team matrix: every rep below the manager (everyone, without one) × every current skill. */
export async function skillMatrix(
  db: Db,
  opts: { orgId: string; managerId: string | null; today: string },
): Promise<SkillMatrix> {
  const everyone = await listPeopleBrief(db, opts.orgId);
  const below = opts.managerId ? new Set(await subtreeIds(db, opts.orgId, opts.managerId)) : undefined;
  const reps = everyone
    .filter((p) => p.role === 'rep' && (!below || below.has(p.id)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const [skills, evidence, plans] = await Promise.all([
    listSkills(db, { orgId: opts.orgId }),
    listEvidence(db, { orgId: opts.orgId, personIds: reps.map((r) => r.id) }),
    reps.length === 0
      ? []
      : db
          .select({ repId: developmentPlans.repId, focus: developmentPlans.focus })
          .from(developmentPlans)
          .where(
            and(
              eq(developmentPlans.orgId, opts.orgId),
              eq(developmentPlans.status, 'active'),
              inArray(
                developmentPlans.repId,
                reps.map((r) => r.id),
              ),
            ),
          ),
  ]);
  const current = skills.filter((s) => !s.retired);
  // Each rep's evidence per skill, grouped in one pass.
  const grouped = new Map<string, typeof evidence>();
  for (const e of evidence) {
    const key = `${e.personId} ${e.skill}`;
    const list = grouped.get(key);
    if (list) list.push(e);
    else grouped.set(key, [e]);
  }
  const focusOf = new Map(plans.map((p) => [p.repId, (p.focus as PlanFocus[]).map((f) => f.skill)]));
  return {
    skills: current.map((s) => ({ slug: s.slug, name: s.name })),
    reps: reps.map((r) => {
      return {
        id: r.id,
        name: r.name,
        levels: Object.fromEntries(
          current.map((s) => [
            s.slug,
            levelOf(asEvidence(grouped.get(`${r.id} ${s.slug}`) ?? []), opts.today).level,
          ]),
        ),
        focus: focusOf.get(r.id) ?? [],
      };
    }),
  };
}
