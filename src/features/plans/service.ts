import { and, desc, eq } from 'drizzle-orm';
import { authorize, type RuleName } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { DEFAULT_REVIEW_DAYS } from '../../core/planProposal.js';
import { levelOf, type MasteryRules, masteryOf, type SkillLevel } from '../../core/skillProfile.js';
import type { Db } from '../../db/open.js';
import { developmentPlans } from '../../db/schema/plans.js';
import type { RepDiagnosis } from '../diagnosis/contract.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { getPerson, listPeopleBrief, placeOf } from '../people/service.js';
import { asEvidence, getMasteryRules, listEvidence, listSkills } from '../skills/service.js';
import type { DevelopmentProfile, Plan, PlanAction, PlanClose, PlanFocus, PlanInput } from './contract.js';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(Date.parse(day) + n * DAY);

type Row = typeof developmentPlans.$inferSelect;
type RepRef = { id: string; name: string; email: string };

/** Whom a plan is for, whatever their role is now, and whether they are a rep (who has a diagnosis). */
export async function personOf(
  db: Db,
  orgId: string,
  personId: string,
): Promise<RepRef & { isRep: boolean }> {
  const p = await getPerson(db, { orgId, personId });
  return { id: p.id, name: p.name, email: p.email, isRep: p.role === 'rep' };
}

/** A person as plans and proposals name them. */
export const refOf = ({ id, name, email }: RepRef): RepRef => ({ id, name, email });

/** The rep a plan is started or proposed for: refused for anyone who is not a rep. */
export async function repOf(db: Db, orgId: string, repId: string): Promise<RepRef & { isRep: boolean }> {
  const person = await getPerson(db, { orgId, personId: repId });
  if (person.role !== 'rep')
    throw invalid(`${person.name} is a ${person.role}; development plans are for reps`, 'personId');
  return { id: person.id, name: person.name, email: person.email, isRep: true };
}

/**
 * The diagnosis of one person now: the flagged gaps and every cell (for a KPI's current value).
 * Someone who is no longer a rep (promoted since their plan) has none.
 */
export async function diagnosisOf(
  db: Db,
  orgId: string,
  person: { id: string; isRep: boolean },
  today: string,
): Promise<RepDiagnosis | undefined> {
  if (!person.isRep) return undefined;
  const d = await diagnoseReps(db, {
    orgId,
    target: { repId: person.id },
    asOf: new Date(`${today}T12:00:00Z`),
  });
  return d.reps[0];
}

/** Each skill's level from the rep's evidence today, and the organisation's mastery rules. */
export async function levelsOf(db: Db, orgId: string, repId: string, today: string) {
  const [evidence, rules] = await Promise.all([
    listEvidence(db, { orgId, personIds: [repId] }),
    getMasteryRules(db, { orgId }),
  ]);
  const bySkill = new Map<string, typeof evidence>();
  for (const e of evidence) {
    const list = bySkill.get(e.skill);
    if (list) list.push(e);
    else bySkill.set(e.skill, [e]);
  }
  const levels = new Map<string, SkillLevel>(
    [...bySkill].map(([skill, items]) => [skill, levelOf(asEvidence(items), today)]),
  );
  return { evidence, bySkill, levels, rules };
}

/** Checks the focus skills against the framework: current, not retired, each once. */
async function checkPlan(db: Db, orgId: string, input: Pick<PlanInput, 'focus' | 'actions'>): Promise<void> {
  const skills = new Set((await listSkills(db, { orgId })).filter((s) => !s.retired).map((s) => s.slug));
  const seen = new Set<string>();
  for (const [i, f] of input.focus.entries()) {
    if (!skills.has(f.skill))
      throw invalid(`"${f.skill}" is not a current skill of the framework`, `focus.${i}.skill`);
    if (seen.has(f.skill)) throw invalid(`"${f.skill}" is a focus twice`, `focus.${i}.skill`);
    seen.add(f.skill);
  }
  for (const [i, a] of input.actions.entries())
    if (!seen.has(a.skill))
      throw invalid(
        `the action is about "${a.skill}", which is not a focus of the plan`,
        `actions.${i}.skill`,
      );
}

/** Starts a rep's plan (the manager's edit of the proposal). One active plan per rep. */
export async function startPlan(
  db: Db,
  opts: {
    orgId: string;
    repId: string;
    actorId: string | null;
    input: PlanInput;
    today: string;
    renews?: string;
  },
): Promise<string> {
  await repOf(db, opts.orgId, opts.repId);
  await checkPlan(db, opts.orgId, opts.input);
  if (opts.input.reviewOn <= opts.today) throw invalid('the review date must be after today', 'reviewOn');
  const [active] = await db
    .select({ id: developmentPlans.id })
    .from(developmentPlans)
    .where(
      and(
        eq(developmentPlans.orgId, opts.orgId),
        eq(developmentPlans.repId, opts.repId),
        eq(developmentPlans.status, 'active'),
      ),
    );
  if (active) throw conflict('This rep already has an active plan: review and close it first.');
  const [row] = await db
    .insert(developmentPlans)
    .values({
      orgId: opts.orgId,
      repId: opts.repId,
      startedBy: opts.actorId ?? opts.repId,
      status: 'active',
      focus: opts.input.focus,
      actions: opts.input.actions,
      startedOn: opts.today,
      reviewOn: opts.input.reviewOn,
      renews: opts.renews ?? null,
    })
    .returning({ id: developmentPlans.id });
  if (!row) throw new Error('startPlan: the insert returned no row');
  return row.id;
}

/** Loads a plan and checks the actor may apply `rule` to it (its owner is the rep). */
async function planFor(db: Db, actor: Actor, planId: string, rule: RuleName): Promise<Row> {
  const [row] = await db
    .select()
    .from(developmentPlans)
    .where(and(eq(developmentPlans.orgId, actor.orgId), eq(developmentPlans.id, planId)));
  if (!row) throw notFound('No such development plan in your organisation.');
  authorize(actor, rule, await placeOf(db, actor, { orgId: row.orgId, ownerId: row.repId }));
  return row;
}

export async function updatePlan(
  db: Db,
  opts: { actor: Actor; planId: string; input: PlanInput; today: string },
): Promise<void> {
  const row = await planFor(db, opts.actor, opts.planId, 'plan.manage');
  if (row.status !== 'active') throw conflict('This plan is closed; start a new one instead.');
  await checkPlan(db, row.orgId, opts.input);
  if (opts.input.reviewOn <= opts.today) throw invalid('the review date must be after today', 'reviewOn');
  await db
    .update(developmentPlans)
    .set({
      focus: opts.input.focus,
      actions: opts.input.actions,
      reviewOn: opts.input.reviewOn,
      // A changed plan is acknowledged again.
      acknowledgedAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(developmentPlans.orgId, row.orgId), eq(developmentPlans.id, row.id)));
}

/** The rep says they have read their plan (receipt, not a signature of agreement). */
export async function acknowledgePlan(
  db: Db,
  opts: { actor: Actor; planId: string; now: Date },
): Promise<void> {
  const row = await planFor(db, opts.actor, opts.planId, 'plan.acknowledge');
  if (row.status !== 'active') throw conflict('This plan is closed.');
  if (row.acknowledgedAt) return;
  await db
    .update(developmentPlans)
    .set({ acknowledgedAt: opts.now, updatedAt: opts.now })
    .where(and(eq(developmentPlans.orgId, row.orgId), eq(developmentPlans.id, row.id)));
}

/** Closes a plan at its review, and with `renew` starts the next one on the same focus. */
export async function closePlan(
  db: Db,
  opts: { actor: Actor; planId: string; close: PlanClose; today: string },
): Promise<{ closed: string; renewed: string | null }> {
  const row = await planFor(db, opts.actor, opts.planId, 'plan.manage');
  if (row.status !== 'active') throw conflict('This plan is already closed.');
  const length = Math.max(1, Math.round((Date.parse(row.reviewOn) - Date.parse(row.startedOn)) / DAY));
  return db.transaction(async (tx) => {
    await tx
      .update(developmentPlans)
      .set({
        status: 'closed',
        closedOn: opts.today,
        outcome: opts.close.outcome,
        reviewNote: opts.close.note ?? null,
        updatedAt: new Date(),
      })
      .where(and(eq(developmentPlans.orgId, row.orgId), eq(developmentPlans.id, row.id)));
    if (!opts.close.renew) return { closed: row.id, renewed: null };
    const renewed = await startPlan(tx, {
      orgId: row.orgId,
      repId: row.repId,
      actorId: opts.actor.personId,
      input: {
        focus: row.focus as PlanFocus[],
        actions: row.actions as PlanAction[],
        reviewOn: opts.close.reviewOn ?? addDays(opts.today, length || DEFAULT_REVIEW_DAYS),
      },
      today: opts.today,
      renews: row.id,
    });
    return { closed: row.id, renewed };
  });
}

/** A plan with its progress now: each focus skill's level, mastery stage and KPI value. */
async function present(
  db: Db,
  orgId: string,
  rows: readonly Row[],
  ctx: {
    rep: RepRef;
    bySkill: Map<string, Awaited<ReturnType<typeof listEvidence>>>;
    levels: Map<string, SkillLevel>;
    rules: MasteryRules;
    diagnosis: RepDiagnosis | undefined;
  },
): Promise<Plan[]> {
  if (rows.length === 0) return [];
  const starters = new Map(
    (await listPeopleBrief(db, orgId, { ids: rows.map((r) => r.startedBy) })).map((p) => [p.id, p.name]),
  );
  const flagged = new Set((ctx.diagnosis?.gaps ?? []).map((g) => g.skill));
  return rows.map((r) => ({
    id: r.id,
    rep: refOf(ctx.rep),
    startedBy: starters.get(r.startedBy) ?? null,
    status: r.status,
    focus: (r.focus as PlanFocus[]).map((f) => {
      const cell = f.kpi
        ? ctx.diagnosis?.assessments.find((a) => a.metric === f.kpi?.metric && a.stage === f.kpi.stage)
        : undefined;
      return {
        ...f,
        currentLevel: ctx.levels.get(f.skill)?.level ?? null,
        mastery: masteryOf(asEvidence(ctx.bySkill.get(f.skill) ?? []), {
          inPlan: true,
          kpiGapFlagged: flagged.has(f.skill),
          rules: ctx.rules,
        }),
        kpiNow: cell && cell.n > 0 ? cell.rate : null,
      };
    }),
    actions: r.actions as PlanAction[],
    startedOn: r.startedOn,
    reviewOn: r.reviewOn,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    closedOn: r.closedOn,
    outcome: r.outcome,
    reviewNote: r.reviewNote,
    renews: r.renews,
  }));
}

export async function getPlan(db: Db, opts: { actor: Actor; planId: string; today: string }): Promise<Plan> {
  const row = await planFor(db, opts.actor, opts.planId, 'plan.read');
  const rep = await personOf(db, row.orgId, row.repId);
  const [diagnosis, levels] = await Promise.all([
    diagnosisOf(db, row.orgId, rep, opts.today),
    levelsOf(db, row.orgId, row.repId, opts.today),
  ]);
  const [plan] = await present(db, row.orgId, [row], { rep, ...levels, diagnosis });
  if (!plan) throw new Error('getPlan: nothing presented');
  return plan;
}

/**
 * A rep's development profile: every current skill's level, self-view and mastery stage, the
 * evidence behind them, the active plan with its progress, and past plans.
 */
export async function developmentProfile(
  db: Db,
  opts: { orgId: string; repId: string; today: string },
): Promise<DevelopmentProfile> {
  const rep = await repOf(db, opts.orgId, opts.repId);
  const [skills, diagnosis, levels, rows] = await Promise.all([
    listSkills(db, { orgId: opts.orgId }),
    diagnosisOf(db, opts.orgId, rep, opts.today),
    levelsOf(db, opts.orgId, opts.repId, opts.today),
    db
      .select()
      .from(developmentPlans)
      .where(and(eq(developmentPlans.orgId, opts.orgId), eq(developmentPlans.repId, opts.repId)))
      .orderBy(desc(developmentPlans.startedOn), desc(developmentPlans.createdAt)),
  ]);
  const plans = await present(db, opts.orgId, rows, { rep, ...levels, diagnosis });
  const active = plans.find((p) => p.status === 'active') ?? null;
  const inPlan = new Set(active?.focus.map((f) => f.skill) ?? []);
  const flagged = new Set((diagnosis?.gaps ?? []).map((g) => g.skill));
  return {
    rep: refOf(rep),
    skills: skills
      .filter((s) => !s.retired)
      .map((s) => {
        const level = levels.levels.get(s.slug) ?? {
          level: null,
          self: null,
          perceptionGap: null,
          ratings: 0,
        };
        return {
          slug: s.slug,
          name: s.name,
          ...level,
          mastery: masteryOf(asEvidence(levels.bySkill.get(s.slug) ?? []), {
            inPlan: inPlan.has(s.slug),
            kpiGapFlagged: flagged.has(s.slug),
            rules: levels.rules,
          }),
        };
      }),
    evidence: levels.evidence.map(({ personId: _, ...e }) => e),
    plan: active,
    pastPlans: plans.filter((p) => p.status === 'closed'),
  };
}

/** A rep's active plan with its progress today, or null (a one-on-one's development check-in). */
export async function activePlanOf(
  db: Db,
  opts: {
    orgId: string;
    repId: string;
    today: string;
    /** The rep's diagnosis when the caller has it (a team's, diagnosed once); else it is computed. */
    diagnosis?: RepDiagnosis | undefined;
  },
): Promise<Plan | null> {
  const rows = await db
    .select()
    .from(developmentPlans)
    .where(
      and(
        eq(developmentPlans.orgId, opts.orgId),
        eq(developmentPlans.repId, opts.repId),
        eq(developmentPlans.status, 'active'),
      ),
    );
  if (rows.length === 0) return null;
  const rep = await personOf(db, opts.orgId, opts.repId);
  const [diagnosis, levels] = await Promise.all([
    opts.diagnosis ?? diagnosisOf(db, opts.orgId, rep, opts.today),
    levelsOf(db, opts.orgId, opts.repId, opts.today),
  ]);
  const [plan] = await present(db, opts.orgId, rows, { rep, ...levels, diagnosis });
  return plan ?? null;
}
