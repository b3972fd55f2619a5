import type { DiagnosedGap } from '../../core/planProposal.js';
import { proposePlan } from '../../core/planProposal.js';
import type { Db } from '../../db/open.js';
import type { Assessment, RepDiagnosis } from '../diagnosis/contract.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { listPeopleBrief, subtreeIds } from '../people/service.js';
import type { ProposedPlan } from './contract.js';
import { diagnosisOf, levelsOf, refOf, repOf } from './service.js';

/** Plans proposed from the diagnosis and the skill profile, for managers to edit and start. */

const asGap = (a: Assessment): DiagnosedGap => ({
  metric: a.metric,
  stage: a.stage,
  rate: a.rate,
  benchmark: a.benchmark,
  impactLow: a.impactLow,
  impactHigh: a.impactHigh,
  skill: a.skill,
});

/** The plan proposed for a rep: their diagnosis's biggest gaps on skills below target. */
export async function proposeFor(
  db: Db,
  opts: {
    orgId: string;
    repId: string;
    today: string;
    /** The rep's diagnosis when the caller has it (a team's, diagnosed once); else it is computed. */
    diagnosis?: RepDiagnosis | undefined;
  },
): Promise<ProposedPlan> {
  const rep = await repOf(db, opts.orgId, opts.repId);
  const [diagnosis, { levels }] = await Promise.all([
    opts.diagnosis ?? diagnosisOf(db, opts.orgId, rep, opts.today),
    levelsOf(db, opts.orgId, opts.repId, opts.today),
  ]);
  const proposal = proposePlan(
    (diagnosis?.gaps ?? []).map(asGap),
    new Map([...levels].map(([skill, l]) => [skill, l.level])),
    { today: opts.today },
  );
  return {
    rep: refOf(rep),
    focus: proposal.focus.map((f) => ({
      skill: f.skill,
      startLevel: f.currentLevel,
      targetLevel: f.targetLevel,
      kpi: f.kpi,
      impactLow: f.impactLow,
      impactHigh: f.impactHigh,
    })),
    actions: proposal.actions,
    reviewOn: proposal.reviewOn,
  };
}

/** Proposals for every rep below a manager, or in the organisation (`touchline plans propose`). */
export async function proposeForReps(
  db: Db,
  opts: { orgId: string; managerId?: string | undefined; today: string },
): Promise<ProposedPlan[]> {
  const everyone = await listPeopleBrief(db, opts.orgId);
  const below = opts.managerId ? new Set(await subtreeIds(db, opts.orgId, opts.managerId)) : undefined;
  const reps = everyone
    .filter((p) => p.role === 'rep' && (!below || below.has(p.id)))
    .sort((a, b) => a.email.localeCompare(b.email));
  // One diagnosis of the whole team (or organisation), not one per rep.
  const diagnosed = await diagnoseReps(db, {
    orgId: opts.orgId,
    target: opts.managerId ? { managerId: opts.managerId } : 'org',
    asOf: new Date(`${opts.today}T12:00:00Z`),
  });
  const byId = new Map(diagnosed.reps.map((d) => [d.id, d]));
  const out: ProposedPlan[] = [];
  for (const r of reps)
    out.push(
      await proposeFor(db, { orgId: opts.orgId, repId: r.id, today: opts.today, diagnosis: byId.get(r.id) }),
    );
  return out;
}
