import type { Funnel } from './funnel.js';

/**
 * The KPI catalog: each KPI defined once (name, unit, formula, direction, the skill it speaks to)
 * and computed from the same rep totals everywhere — team page, rep page, one-on-one snapshot,
 * goals, reports. Pure: the totals come from the CRM feature's rollups.
 */

export type KpiUnit = 'per_week' | 'fraction' | 'money' | 'days' | 'per_100';

/** A unit as a goal states it: "%" (the value itself is a share from 0 to 1), "a week", "USD"… */
export function unitLabel(unit: KpiUnit, currency: string): string {
  switch (unit) {
    case 'fraction':
      return '%';
    case 'per_week':
      return 'a week';
    case 'money':
      return currency;
    case 'days':
      return 'days';
    case 'per_100':
      return 'per 100 outreach activities';
  }
}

export interface KpiDefinition {
  id: string;
  name: string;
  unit: KpiUnit;
  /** How it is computed, in words a manager can check. */
  formula: string;
  higherIsBetter: boolean;
  /** The skill slug this KPI speaks to. */
  skill: string;
  /** One value per funnel stage (conversion, days in stage) or per activity type. */
  per?: 'stage' | 'activity_type';
}

export const KPIS = {
  new_opportunities: {
    id: 'new_opportunities',
    name: 'New opportunities per week',
    unit: 'per_week',
    formula:
      'opportunities created in the window ÷ weeks of tenure in the window (weeks before the ramp ends are left out)',
    higherIsBetter: true,
    skill: 'prospecting',
  },
  activities: {
    id: 'activities',
    name: 'Activities per week',
    unit: 'per_week',
    formula: 'activities of each type in the window ÷ weeks of tenure in the window',
    higherIsBetter: true,
    skill: 'prospecting',
    per: 'activity_type',
  },
  conversion: {
    id: 'conversion',
    name: 'Stage conversion',
    unit: 'fraction',
    formula:
      'of the opportunities that entered the stage in the window and were resolved there by the as-of date, the share that moved on (open ones are left out, skipped stages count as passed)',
    higherIsBetter: true,
    skill: 'by stage',
    per: 'stage',
  },
  win_rate: {
    id: 'win_rate',
    name: 'Win rate',
    unit: 'fraction',
    formula: 'won ÷ (won + lost), opportunities closed in the window',
    higherIsBetter: true,
    skill: 'closing',
  },
  avg_won_deal: {
    id: 'avg_won_deal',
    name: 'Average won deal',
    unit: 'money',
    formula: 'value won ÷ deals won, deals closed in the window',
    higherIsBetter: true,
    skill: 'presenting',
  },
  sales_cycle_days: {
    id: 'sales_cycle_days',
    name: 'Sales cycle',
    unit: 'days',
    formula: 'average days from created to won, deals won in the window',
    higherIsBetter: false,
    skill: 'closing',
  },
  days_in_stage: {
    id: 'days_in_stage',
    name: 'Days in stage',
    unit: 'days',
    formula:
      'average days from entering the stage to entering a later one, entries that moved on in the window',
    higherIsBetter: false,
    skill: 'by stage',
    per: 'stage',
  },
  open_pipeline: {
    id: 'open_pipeline',
    name: 'Open pipeline',
    unit: 'money',
    formula: 'value of the opportunities open on the as-of date',
    higherIsBetter: true,
    skill: 'prospecting',
  },
  c_level_engagement: {
    id: 'c_level_engagement',
    name: 'C-level engagement',
    unit: 'fraction',
    formula: 'share of the opportunities created in the window with an activity at C-level or VP level',
    higherIsBetter: true,
    skill: 'executive-engagement',
  },
  activity_yield: {
    id: 'activity_yield',
    name: 'Activity yield',
    unit: 'per_100',
    formula: '(new opportunities + meetings) per 100 outreach activities (calls, emails, social touches)',
    higherIsBetter: true,
    skill: 'prospecting',
  },
} as const satisfies Record<string, KpiDefinition>;

export type KpiId = keyof typeof KPIS;

/** The set a one-on-one shows until the organisation chooses its own. */
export const DEFAULT_MEETING_KPIS: readonly KpiId[] = [
  'new_opportunities',
  'conversion',
  'win_rate',
  'open_pipeline',
  'sales_cycle_days',
];

/** A set is a few KPIs the conversation can cover, not the whole catalog. */
export const MAX_MEETING_KPIS = 8;

/** Activity types counted as outreach for the activity yield. */
export const OUTREACH_TYPES = ['call', 'email', 'social'] as const;

/** Default stage → skill, by stage name (the skills issue lets an org override it). */
export const DEFAULT_STAGE_SKILLS: Record<string, string> = {
  Prospecting: 'prospecting',
  Meeting: 'qualifying',
  Discovery: 'discovery',
  Proposal: 'presenting',
  Negotiation: 'closing',
};
const SKILLS_BY_POSITION = ['prospecting', 'qualifying', 'discovery', 'presenting', 'closing'];
export const VOLUME_SKILL = 'prospecting';

/**
 * The skill to coach for a weak conversion out of `stage`: the default mapping by name; a stage it
 * does not know takes the skill of its place in the funnel (the last open stage is closing).
 */
export function skillForStage(funnel: Funnel, stage: string, overrides: Record<string, string> = {}): string {
  const named = overrides[stage] ?? DEFAULT_STAGE_SKILLS[stage];
  if (named) return named;
  const open = funnel.stages.length - 1;
  const i = funnel.stages.indexOf(stage);
  if (i < 0) return 'discovery';
  if (i === open - 1) return 'closing';
  const scaled = Math.round((i / Math.max(1, open - 1)) * (SKILLS_BY_POSITION.length - 1));
  return SKILLS_BY_POSITION[scaled] ?? 'discovery';
}

/** A rep's totals over a window, as the rollups give them. Money in minor units. */
export interface RepTotals {
  /** Weeks of tenure in the window after the ramp (exposure for volumes); 0 while ramping. */
  weeks: number;
  /** Per open funnel stage, in funnel order. */
  stages: { stage: string; entered: number; advanced: number; lost: number; daysAdvanced: number }[];
  created: number;
  createdSeniorReached: number;
  won: number;
  lost: number;
  /** Summed over the won deals whose amount is known in the organisation's currency… */
  wonAmountMinor: number;
  /** …which are this many of `won`: deal size divides by this. */
  wonPriced: number;
  wonCycleDays: number;
  openPipelineMinor: number;
  activities: Record<string, number>;
}

/** Totals with nothing in them, for the open stages of a funnel. */
export function emptyTotals(funnel: Funnel): RepTotals {
  return {
    weeks: 0,
    stages: funnel.stages
      .slice(0, -1)
      .map((stage) => ({ stage, entered: 0, advanced: 0, lost: 0, daysAdvanced: 0 })),
    created: 0,
    createdSeniorReached: 0,
    won: 0,
    lost: 0,
    wonAmountMinor: 0,
    wonPriced: 0,
    wonCycleDays: 0,
    openPipelineMinor: 0,
    activities: {},
  };
}

export interface KpiValue {
  kpi: KpiId;
  /** The stage or activity type, for per-stage and per-type KPIs. */
  key?: string;
  /** Null when there is nothing to compute it from. */
  value: number | null;
  /** The count it rests on (resolved entries, weeks, deals…). */
  n: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Every catalog KPI for one rep's totals. Money comes out in whole currency units. */
export function computeKpis(t: RepTotals): KpiValue[] {
  const out: KpiValue[] = [{ kpi: 'new_opportunities', value: ratio(t.created, t.weeks), n: t.weeks }];
  for (const [type, count] of Object.entries(t.activities).sort())
    out.push({ kpi: 'activities', key: type, value: ratio(count, t.weeks), n: t.weeks });
  for (const s of t.stages) {
    const resolved = s.advanced + s.lost;
    out.push({ kpi: 'conversion', key: s.stage, value: ratio(s.advanced, resolved), n: resolved });
  }
  out.push({ kpi: 'win_rate', value: ratio(t.won, t.won + t.lost), n: t.won + t.lost });
  out.push({ kpi: 'avg_won_deal', value: ratio(t.wonAmountMinor / 100, t.wonPriced), n: t.wonPriced });
  out.push({ kpi: 'sales_cycle_days', value: ratio(t.wonCycleDays, t.won), n: t.won });
  for (const s of t.stages)
    out.push({ kpi: 'days_in_stage', key: s.stage, value: ratio(s.daysAdvanced, s.advanced), n: s.advanced });
  out.push({ kpi: 'open_pipeline', value: t.openPipelineMinor / 100, n: 1 });
  out.push({ kpi: 'c_level_engagement', value: ratio(t.createdSeniorReached, t.created), n: t.created });
  const outreach = OUTREACH_TYPES.reduce((sum, type) => sum + (t.activities[type] ?? 0), 0);
  const meetings = t.activities.meeting ?? 0;
  out.push({ kpi: 'activity_yield', value: ratio(100 * (t.created + meetings), outreach), n: outreach });
  return out;
}
