/**
 * A development plan proposed for one rep: at most two focus skills — the diagnosis's highest-impact
 * gaps whose skills the rep has not yet shown at the target level — each with a KPI target (reach the
 * benchmark the gap was measured against by the review date) and actions to practise it on the job.
 * A rep with no such gap grows their weakest rated skill, with no KPI target.
 * Pure: the diagnosis's gaps and the skill levels come in; the manager edits the result.
 */

/** Focus skills a plan holds: one or two, so coaching stays on the rep's own gap. */
export const MAX_FOCUS_SKILLS = 2;
/** The level a focus skill aims for unless the manager sets another ("consistently, in hard situations"). */
export const DEFAULT_TARGET_LEVEL = 4;
/** Days from the start to the plan's review, unless the manager sets another date. */
export const DEFAULT_REVIEW_DAYS = 60;

/** The kinds of action a plan suggests; later features link them to ride-alongs, modules and plays. */
export const ACTION_KINDS = ['practice', 'ride_along', 'training', 'play'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** What the diagnosis says about one weak spot (its `gaps`, highest impact first). */
export interface DiagnosedGap {
  metric: 'conversion' | 'new_opportunities';
  /** The stage converted out of (conversion), or the first stage (volume). */
  stage: string;
  /** The rep's rate (share, or new opportunities a week) and what it is compared with. */
  rate: number;
  benchmark: number;
  /** Won revenue a quarter at stake, whole units. */
  impactLow: number;
  impactHigh: number;
  skill: string;
}

export interface ProposedFocus {
  skill: string;
  /** The level now (null: not yet rated by anyone but the rep) and the one to reach. */
  currentLevel: number | null;
  targetLevel: number;
  /** The KPI that should move; null for a focus the skill profile chose (no credible KPI gap). */
  kpi: { metric: DiagnosedGap['metric']; stage: string; from: number; target: number } | null;
  impactLow: number;
  impactHigh: number;
}

export interface ProposedAction {
  skill: string;
  kind: ActionKind;
  text: string;
}

export interface ProposedPlan {
  focus: ProposedFocus[];
  actions: ProposedAction[];
  /** The review date (ISO). */
  reviewOn: string;
}

/** What to do on the job for each skill: practise, be observed, learn, use a play. Our own words. */
export const SKILL_ACTIONS: Record<string, Partial<Record<ActionKind, string>>> = {
  prospecting: {
    practice:
      'Block two outreach hours on the calendar each week and keep them; review replies together on Fridays.',
    ride_along: 'Sit in on a call block: the manager listens to five openers and gives one point to change.',
    play: 'Run a three-touch sequence (call, email, social) on ten accounts that fit the ideal customer.',
  },
  rapport: {
    practice: 'Open each first call with one thing specific to the buyer found beforehand.',
    ride_along:
      'On a first meeting, the manager notes how long until the buyer talks about their own situation.',
  },
  qualifying: {
    practice: 'Before creating an opportunity, write down need, budget range, decision maker and timeline.',
    ride_along: 'Review three new opportunities together: which would you disqualify now, and why?',
  },
  discovery: {
    practice:
      'Prepare five questions about the buyer’s business impact before each discovery call; let the buyer talk most.',
    ride_along:
      'On a discovery call the manager only watches, then asks: what did the buyer say it costs them?',
    play: 'Use the discovery call guide: situation, problem, impact, then the buyer’s own summary.',
  },
  presenting: {
    practice: 'Cut the demo to what answers the needs from discovery; open with the buyer’s words.',
    ride_along: 'Rehearse the next presentation with the manager as the buyer’s CFO.',
  },
  'objection-handling': {
    practice: 'Keep a list of the objections heard this month; role-play the three most common each week.',
    ride_along: 'On a late-stage call the manager notes each objection and whether the answer settled it.',
  },
  closing: {
    practice: 'End every call with a dated next step the buyer agreed to; write it in the CRM the same day.',
    ride_along:
      'Before a negotiation, plan the mutual close plan together; debrief what the buyer committed to.',
    play: 'Use a mutual action plan with every deal past the proposal: steps, owners and dates on both sides.',
  },
  'pipeline-discipline': {
    practice:
      'Update stages, amounts and next steps every Friday; close out deals with no activity in 30 days.',
    ride_along: 'Review the pipeline together weekly against the stage conversion rates.',
  },
  'social-selling': {
    practice: 'Connect with target buyers before reaching out, and share one useful piece a week.',
  },
  'executive-engagement': {
    practice:
      'On each deal above the average size, reach a VP or C-level buyer with a one-page business agenda.',
    ride_along:
      'Prepare and attend an executive meeting together; the manager coaches the agenda, not the pitch.',
    play: 'Prospect high: open new accounts with an insight for the executive, not a demo for the user.',
  },
  'insight-selling': {
    practice: 'Bring one relevant benchmark or market insight to each first meeting, linked to the buyer.',
    play: 'Write one short point of view on a buyer problem each month and use it in outreach.',
  },
};

const DAY = 86_400_000;

/**
 * The proposal: gaps in the diagnosis's order (highest impact first), one focus per skill, skipping
 * skills the rep already shows at the target level (the gap lies elsewhere), at most
 * `MAX_FOCUS_SKILLS`; each KPI target is the benchmark the gap was measured against.
 */
export function proposePlan(
  gaps: readonly DiagnosedGap[],
  levels: ReadonlyMap<string, number | null>,
  opts: { today: string; targetLevel?: number; reviewDays?: number },
): ProposedPlan {
  const targetLevel = opts.targetLevel ?? DEFAULT_TARGET_LEVEL;
  const focus: ProposedFocus[] = [];
  for (const g of gaps) {
    if (focus.length >= MAX_FOCUS_SKILLS) break;
    if (focus.some((f) => f.skill === g.skill)) continue;
    const currentLevel = levels.get(g.skill) ?? null;
    if (currentLevel !== null && currentLevel >= targetLevel) continue;
    focus.push({
      skill: g.skill,
      currentLevel,
      targetLevel,
      kpi: { metric: g.metric, stage: g.stage, from: g.rate, target: g.benchmark },
      impactLow: g.impactLow,
      impactHigh: g.impactHigh,
    });
  }
  // No credible KPI gap on a skill below target: the rep's weakest rated skill is the one to grow.
  if (focus.length === 0) {
    const weakest = [...levels]
      .filter((e): e is [string, number] => e[1] !== null && e[1] < targetLevel)
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
    if (weakest)
      focus.push({
        skill: weakest[0],
        currentLevel: weakest[1],
        targetLevel,
        kpi: null,
        impactLow: 0,
        impactHigh: 0,
      });
  }
  const actions = focus.flatMap((f) =>
    ACTION_KINDS.flatMap((kind): ProposedAction[] => {
      const text = SKILL_ACTIONS[f.skill]?.[kind];
      return text ? [{ skill: f.skill, kind, text }] : [];
    }),
  );
  const reviewOn = new Date(Date.parse(opts.today) + (opts.reviewDays ?? DEFAULT_REVIEW_DAYS) * DAY)
    .toISOString()
    .slice(0, 10);
  return { focus, actions, reviewOn };
}
