import { z } from 'zod';
import { ACTION_KINDS, MAX_FOCUS_SKILLS } from '../../core/planProposal.js';
import { MASTERY_STAGES } from '../../core/skillProfile.js';
import { MAX_LEVEL, MIN_LEVEL } from '../../core/skills.js';
import { EvidenceItem } from '../skills/contract.js';

const isoDate = z.iso.date('use a date such as 2026-11-22');
const levelMessage = `use a whole level from ${MIN_LEVEL} to ${MAX_LEVEL}`;

export const PLAN_OUTCOMES = ['achieved', 'partly', 'not_achieved'] as const;

/** A focus skill of a plan: where the rep is, where they aim, and the KPI that should move. */
export const PlanFocus = z
  .object({
    skill: z.string().trim().min(1),
    /** The level when the plan started (null: not yet rated by anyone but the rep). */
    startLevel: z.number().nullable(),
    targetLevel: z
      .number({ error: levelMessage })
      .int(levelMessage)
      .min(MIN_LEVEL, levelMessage)
      .max(MAX_LEVEL, levelMessage),
    kpi: z
      .object({
        metric: z.enum(['conversion', 'new_opportunities']),
        /** The stage converted out of (conversion); the first stage for new opportunities. */
        stage: z.string().trim().min(1),
        from: z.number().min(0),
        target: z.number().min(0),
      })
      .nullable(),
  })
  .meta({ id: 'PlanFocus' });
export type PlanFocus = z.infer<typeof PlanFocus>;

export const PlanAction = z
  .object({
    skill: z.string().trim().min(1),
    kind: z.enum(ACTION_KINDS),
    text: z.string().trim().min(1, 'describe the action').max(500, 'keep an action under 500 characters'),
  })
  .meta({ id: 'PlanAction' });
export type PlanAction = z.infer<typeof PlanAction>;

/** What a manager starts or edits: the focus skills, the actions and the review date. */
export const PlanInput = z
  .strictObject({
    focus: z
      .array(PlanFocus)
      .min(1, 'choose a focus skill')
      .max(MAX_FOCUS_SKILLS, `a plan focuses on at most ${MAX_FOCUS_SKILLS} skills`),
    actions: z.array(PlanAction).max(12, 'keep a plan to 12 actions'),
    reviewOn: isoDate,
  })
  .meta({ id: 'PlanDraft' });
export type PlanInput = z.infer<typeof PlanInput>;

/** How a plan ends at its review: its outcome, a note, and whether a new plan carries it on. */
export const PlanClose = z
  .strictObject({
    outcome: z.enum(PLAN_OUTCOMES, { error: `use one of ${PLAN_OUTCOMES.join(', ')}` }),
    note: z.string().trim().max(2000, 'keep the note under 2,000 characters').optional(),
    renew: z.boolean().optional().describe('start a new plan on the same focus, reviewed later'),
    reviewOn: isoDate.optional().describe('the renewed plan’s review date (default: as long as this one)'),
  })
  .meta({ id: 'PlanClose' });
export type PlanClose = z.infer<typeof PlanClose>;

export const PlanParams = z.strictObject({ planId: z.uuid() });
export const RepParams = z.strictObject({ personId: z.uuid() });

const Mastery = z.object({ stage: z.enum(MASTERY_STAGES), because: z.string() });

export const Plan = z
  .object({
    id: z.uuid(),
    rep: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    startedBy: z.string().nullable(),
    status: z.enum(['active', 'closed']),
    focus: z.array(
      PlanFocus.extend({
        /** Progress, computed now: the level from the evidence, the mastery stage, the KPI now. */
        currentLevel: z.number().nullable(),
        mastery: Mastery,
        kpiNow: z.number().nullable(),
      }),
    ),
    actions: z.array(PlanAction),
    startedOn: z.string(),
    reviewOn: z.string(),
    acknowledgedAt: z.string().nullable(),
    closedOn: z.string().nullable(),
    outcome: z.enum(PLAN_OUTCOMES).nullable(),
    reviewNote: z.string().nullable(),
    renews: z.string().nullable(),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

/** A plan proposed from the diagnosis and the skill profile, for the manager to edit and start. */
export const ProposedPlan = z
  .object({
    rep: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    focus: z.array(PlanFocus.extend({ impactLow: z.number(), impactHigh: z.number() })),
    actions: z.array(PlanAction),
    reviewOn: z.string(),
  })
  .meta({ id: 'ProposedPlan' });
export type ProposedPlan = z.infer<typeof ProposedPlan>;

/** `touchline plans propose --json`: one proposal per rep, by email. */
export const PlanProposalsReport = z
  .object({
    plans: z.array(
      z.object({
        rep: z.string(),
        focus: z.array(
          z.object({
            skill: z.string(),
            targetLevel: z.number().int(),
            kpi: z.enum(['conversion', 'new_opportunities']).nullable(),
            stage: z.string().nullable(),
            from: z.number().nullable(),
            target: z.number().nullable(),
          }),
        ),
        actions: z.array(PlanAction),
        reviewOn: z.string(),
      }),
    ),
  })
  .meta({ id: 'PlanProposalsReport' });
export type PlanProposalsReport = z.infer<typeof PlanProposalsReport>;

export function proposalsReport(plans: readonly ProposedPlan[]): PlanProposalsReport {
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return PlanProposalsReport.parse({
    plans: plans.map((p) => ({
      rep: p.rep.email,
      focus: p.focus.map((f) => ({
        skill: f.skill,
        targetLevel: f.targetLevel,
        kpi: f.kpi?.metric ?? null,
        stage: f.kpi?.stage ?? null,
        from: f.kpi ? round(f.kpi.from) : null,
        target: f.kpi ? round(f.kpi.target) : null,
      })),
      actions: p.actions,
      reviewOn: p.reviewOn,
    })),
  });
}

/** A rep's skills as the evidence shows them, with mastery, their plan and its history. */
export const DevelopmentProfile = z
  .object({
    rep: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    skills: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        level: z.number().nullable(),
        self: z.number().nullable(),
        perceptionGap: z.number().nullable(),
        ratings: z.number().int(),
        mastery: Mastery,
      }),
    ),
    evidence: z.array(EvidenceItem),
    plan: Plan.nullable(),
    pastPlans: z.array(Plan),
  })
  .meta({ id: 'DevelopmentProfile' });
export type DevelopmentProfile = z.infer<typeof DevelopmentProfile>;

export const QUEUE_REASONS = ['no_plan', 'review_due', 'kpi_wrong_way', 'not_acknowledged'] as const;

/** What a manager should do next about their reps' development, most urgent first. */
export const CoachingQueue = z
  .object({
    items: z.array(
      z.object({
        rep: z.object({ id: z.uuid(), name: z.string() }),
        reason: z.enum(QUEUE_REASONS),
        planId: z.uuid().nullable(),
        /** In words: "review was due on 2026-11-30", "Negotiation conversion 31% → 24%". */
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: 'CoachingQueue' });
export type CoachingQueue = z.infer<typeof CoachingQueue>;

/** The reps below a manager × the skills: each rep's current level per skill, for the team matrix. */
export const SkillMatrix = z
  .object({
    skills: z.array(z.object({ slug: z.string(), name: z.string() })),
    reps: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        /** Skill slug → level (null: not yet rated but by the rep). */
        levels: z.record(z.string(), z.number().nullable()),
        /** The focus skills of the rep's active plan. */
        focus: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'SkillMatrix' });
export type SkillMatrix = z.infer<typeof SkillMatrix>;
