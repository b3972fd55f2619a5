import type { DevelopmentProfile, Plan } from './api.ts';

/** Plain words for the development pages. */
export type MasteryStage = DevelopmentProfile['skills'][number]['mastery']['stage'];

export const MASTERY_WORDS: Record<MasteryStage, string> = {
  not_started: 'Not started',
  taught: 'Taught',
  learned: 'Learned',
  applied: 'Applied',
  mastered: 'Mastered',
};

/** Badge colours dark enough for their text to read on a light badge. */
export const MASTERY_COLORS: Record<MasteryStage, string> = {
  not_started: 'gray',
  taught: 'blue',
  learned: 'indigo',
  applied: 'teal',
  mastered: 'green',
};

export const SOURCE_WORDS: Record<DevelopmentProfile['evidence'][number]['source'], string> = {
  manager_assessment: 'Manager’s assessment',
  self_assessment: 'Self-assessment',
  ride_along: 'Ride-along',
  call_review: 'Call review',
  knowledge_check: 'Knowledge check',
  kpi_diagnosis: 'KPI diagnosis',
  training: 'Training',
};

export const ACTION_WORDS: Record<Plan['actions'][number]['kind'], string> = {
  practice: 'Practise',
  ride_along: 'Ride-along',
  training: 'Training',
  play: 'Play',
};

export const OUTCOME_WORDS: Record<NonNullable<Plan['outcome']>, string> = {
  achieved: 'Achieved',
  partly: 'Partly achieved',
  not_achieved: 'Not achieved',
};

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** A focus's KPI in words: "Negotiation conversion 30% → 60% (now 34%)". */
export function kpiWords(kpi: Plan['focus'][number]['kpi'], now: number | null = null): string {
  if (!kpi) return 'A skill to grow: no KPI gap tied to it';
  const f = (v: number) => (kpi.metric === 'conversion' ? pct(v) : `${v.toFixed(1)} a week`);
  const what = kpi.metric === 'conversion' ? `${kpi.stage} conversion` : 'New opportunities';
  return `${what} ${f(kpi.from)} → ${f(kpi.target)}${now === null ? '' : ` (now ${f(now)})`}`;
}

export const levelText = (level: number | null) => (level === null ? '—' : level.toFixed(1));
