import { z } from 'zod';
import { GOAL_STATUSES } from '../../core/goalProgress.js';
import { PIP_OUTCOMES, PIP_STATUSES } from '../../core/improvementPlan.js';
import { KPIS, type KpiId } from '../../core/kpis.js';
import { SMART_LETTERS } from '../../core/smartCheck.js';

const isoDate = z.iso.date('use a date such as 2027-03-31');
const words = (max: number, what: string) =>
  z.string().trim().min(1, `write the ${what}`).max(max, `keep the ${what} under ${max} characters`);
const KPI_IDS = Object.keys(KPIS) as [KpiId, ...KpiId[]];
const Ref = z.object({ id: z.uuid(), name: z.string() });

/** The most check-ins a goal plans (one a fortnight over a year). */
export const MAX_CHECK_INS = 26;

/** A goal as a manager writes it; the baseline comes from the data, never from the form. */
export const GoalInput = z
  .strictObject({
    title: words(200, 'goal’s title'),
    kpi: z.enum(KPI_IDS, { error: `use a KPI of the catalog: ${KPI_IDS.join(', ')}` }).nullable(),
    kpiKey: z.string().trim().min(1).nullable().optional().describe('the stage of a per-stage KPI'),
    outcome: z.string().trim().max(1000, 'keep the outcome under 1,000 characters').nullable().optional(),
    unit: z
      .string()
      .trim()
      .max(40, 'keep the unit short')
      .nullable()
      .optional()
      .describe('for a described outcome'),
    target: z.number({ error: 'give a number to reach' }).finite(),
    startOn: isoDate.optional().describe('default today'),
    dueOn: isoDate,
    checkIns: z.array(isoDate).max(MAX_CHECK_INS, `plan at most ${MAX_CHECK_INS} check-ins`),
    parentId: z.uuid().nullable().optional().describe('the team goal this one rolls up into'),
  })
  .meta({ id: 'GoalDraft' });
export type GoalInput = z.infer<typeof GoalInput>;

export const SmartResultShape = z.object({
  letter: z.enum(SMART_LETTERS),
  status: z.enum(['pass', 'warning']),
  because: z.string(),
});

/** The live SMART check of a draft: each letter, and the baseline the data gives today. */
export const GoalCheck = z
  .object({ smart: z.array(SmartResultShape), baseline: z.number().nullable(), unit: z.string() })
  .meta({ id: 'GoalCheck' });
export type GoalCheck = z.infer<typeof GoalCheck>;

export const Goal = z
  .object({
    id: z.uuid(),
    owner: Ref,
    ownerKind: z.enum(['rep', 'team']),
    title: z.string(),
    kpi: z.string().nullable(),
    kpiKey: z.string().nullable(),
    /** The catalog's unit of a KPI goal (fraction, per_week, money, days, per_100), for formatting. */
    kpiUnit: z.string().nullable(),
    outcome: z.string().nullable(),
    unit: z.string(),
    baseline: z.number().nullable(),
    target: z.number(),
    /** From the imported data for a KPI goal; the recorded measure for a described outcome. */
    actual: z.number().nullable(),
    startOn: z.string(),
    dueOn: z.string(),
    checkIns: z.array(z.string()),
    parentId: z.uuid().nullable(),
    pipId: z.uuid().nullable(),
    closed: z.boolean(),
    progress: z.object({
      expected: z.number().nullable(),
      covered: z.number().nullable(),
      elapsed: z.number(),
      status: z.enum(GOAL_STATUSES).nullable(),
    }),
    smart: z.array(SmartResultShape),
  })
  .meta({ id: 'Goal' });
export type Goal = z.infer<typeof Goal>;

export const GoalList = z.object({ goals: z.array(Goal) }).meta({ id: 'GoalList' });
export type GoalList = z.infer<typeof GoalList>;

export const GoalUpdate = z
  .strictObject({
    manualActual: z.number().finite().nullable().optional().describe('a described outcome’s measure'),
    closed: z.literal(true).optional(),
  })
  .meta({ id: 'GoalUpdate' });
export type GoalUpdate = z.infer<typeof GoalUpdate>;

/** A manager's team goals with the goals that roll up into them, and every rep goal's status. */
export const GoalRollup = z
  .object({
    teamGoals: z.array(Goal.extend({ children: z.array(Goal) })),
    reps: z.array(
      z.object({
        rep: Ref,
        counts: z.object({
          on_track: z.number(),
          at_risk: z.number(),
          off_track: z.number(),
          done: z.number(),
        }),
      }),
    ),
  })
  .meta({ id: 'GoalRollup' });
export type GoalRollup = z.infer<typeof GoalRollup>;

/** How the organisation judges goals (the SMART check's Attainable). */
export const GoalSettings = z
  .strictObject({
    maxImprovement: z
      .number({ error: 'give the largest stretch as a share, such as 0.5 for +50%' })
      .min(0.05, 'allow at least a 5% stretch')
      .max(3, 'a stretch beyond +300% is not a goal'),
  })
  .meta({ id: 'GoalSettings' });
export type GoalSettings = z.infer<typeof GoalSettings>;

export const GoalParams = z.strictObject({ goalId: z.uuid() });
export const PersonParams = z.strictObject({ personId: z.uuid() });

/** `touchline goals list --json`. */
export const GoalsReport = z
  .object({
    goals: z.array(
      z.object({
        owner: z.string(),
        title: z.string(),
        metric: z.string(),
        baseline: z.number().nullable(),
        target: z.number(),
        actual: z.number().nullable(),
        dueDate: z.string(),
        status: z.enum(GOAL_STATUSES).nullable(),
      }),
    ),
  })
  .meta({ id: 'GoalsReport' });
export type GoalsReport = z.infer<typeof GoalsReport>;

// ——— Performance improvement plans ———

export const SUPPORT_KINDS = ['coaching', 'training', 'resources', 'ride_along'] as const;
export const PIP_DURATIONS = [30, 60, 90] as const;

export const PipExpectation = z.strictObject({
  title: words(200, 'expectation'),
  kpi: z.enum(KPI_IDS, { error: `use a KPI of the catalog: ${KPI_IDS.join(', ')}` }),
  kpiKey: z.string().trim().min(1).nullable().optional(),
  target: z.number({ error: 'give a number to reach' }).finite(),
});

/** A PIP as its manager writes it. Adjectives are not needed: dated examples and numbers are. */
export const PipDraft = z
  .strictObject({
    concern: words(4000, 'performance concern'),
    examples: z
      .array(z.strictObject({ on: isoDate, text: words(500, 'example') }))
      .min(1, 'give at least one dated, objective example')
      .max(20, 'keep to 20 examples'),
    expectations: z
      .array(PipExpectation)
      .min(1, 'set at least one measurable expectation')
      .max(6, 'keep to 6 expectations'),
    support: z
      .array(z.strictObject({ kind: z.enum(SUPPORT_KINDS), text: words(500, 'support') }))
      .min(1, 'say what support the rep will get')
      .max(12, 'keep to 12 kinds of support'),
    consequences: words(2000, 'consequences'),
    durationDays: z.union(
      PIP_DURATIONS.map((d) => z.literal(d)) as [z.ZodLiteral<30>, z.ZodLiteral<60>, z.ZodLiteral<90>],
      {
        error: 'a plan lasts 30, 60 or 90 days',
      },
    ),
    checkInEveryDays: z
      .number()
      .int()
      .min(7, 'check in at least weekly')
      .max(14, 'check in at least every other week')
      .default(7),
  })
  .meta({ id: 'PipDraft' });
export type PipDraft = z.infer<typeof PipDraft>;

export const PipReview = z
  .strictObject({
    approve: z.boolean(),
    note: z.string().trim().max(2000).optional().describe('what to change, when sending it back'),
  })
  .meta({ id: 'PipReview' });
export const PipAcknowledge = z
  .strictObject({
    response: z.string().trim().max(4000, 'keep the response under 4,000 characters').optional(),
  })
  .meta({ id: 'PipAcknowledge' });
export const PipCheckIn = z
  .strictObject({ on: isoDate, note: words(4000, 'check-in note') })
  .meta({ id: 'PipCheckIn' });
export const PipExtend = z
  .strictObject({ days: z.number().int().min(7).max(60), reason: words(1000, 'reason') })
  .meta({ id: 'PipExtend' });
export const PipClose = z
  .strictObject({
    outcome: z.enum(PIP_OUTCOMES, { error: `use one of ${PIP_OUTCOMES.join(', ')}` }),
    note: words(2000, 'closing note'),
  })
  .meta({ id: 'PipClose' });
export const PipParams = z.strictObject({ pipId: z.uuid() });

export const PipSnapshot = z.object({
  asOf: z.string(),
  rows: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      value: z.number().nullable(),
      team: z.number().nullable(),
    }),
  ),
});

export const Pip = z
  .object({
    id: z.uuid(),
    rep: Ref,
    manager: Ref,
    status: z.enum(PIP_STATUSES),
    concern: z.string(),
    examples: z.array(z.object({ on: z.string(), text: z.string() })),
    snapshot: PipSnapshot,
    expectations: z.array(Goal),
    support: z.array(z.object({ kind: z.enum(SUPPORT_KINDS), text: z.string() })),
    consequences: z.string(),
    durationDays: z.number().int(),
    checkInEveryDays: z.number().int(),
    startOn: z.string().nullable(),
    endOn: z.string().nullable(),
    /** The planned check-ins, from the start to the end. */
    checkInDates: z.array(z.string()),
    reviewer: Ref.nullable(),
    reviewedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    repResponse: z.string().nullable(),
    outcome: z.enum(PIP_OUTCOMES).nullable(),
    closedOn: z.string().nullable(),
    checkIns: z.array(z.object({ on: z.string(), note: z.string(), author: z.string() })),
    events: z.array(
      z.object({
        at: z.string(),
        actor: z.string().nullable(),
        kind: z.string(),
        detail: z.record(z.string(), z.unknown()),
      }),
    ),
    /** What the caller may do next. */
    can: z.object({ edit: z.boolean(), review: z.boolean(), acknowledge: z.boolean(), manage: z.boolean() }),
  })
  .meta({ id: 'Pip' });
export type Pip = z.infer<typeof Pip>;

export const PipList = z
  .object({
    pips: z.array(
      z.object({
        id: z.uuid(),
        rep: Ref,
        manager: Ref,
        status: z.enum(PIP_STATUSES),
        startOn: z.string().nullable(),
        endOn: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PipList' });
export type PipList = z.infer<typeof PipList>;
