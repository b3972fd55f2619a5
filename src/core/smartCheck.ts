import jStat from 'jstat';

/**
 * The SMART check of a goal: each letter passes or warns, with the reason in plain words. It judges
 * the structured fields (metric, baseline, target, unit, dates, owner's plan), not free text beyond
 * refusing the vague. Doran, Management Review, Nov 1981; Attainable and Relevant as used today. Pure.
 */

export const SMART_LETTERS = ['specific', 'measurable', 'attainable', 'relevant', 'time_bound'] as const;
export type SmartLetter = (typeof SMART_LETTERS)[number];

/** How far past their baseline a goal may ask a rep to move before Attainable warns (a share: 0.5 is +50%). */
export const DEFAULT_MAX_IMPROVEMENT = 0.5;
/** A goal longer than this is a wish; shorter ones keep the conversation going. */
export const MAX_GOAL_DAYS = 366;
/** The team percentile beyond which a target is out of the team's range. */
export const ATTAINABLE_PERCENTILE = 0.9;

/** Words that make an outcome vague on their own: "do better", "improve", "more calls". */
const VAGUE = /\b(better|improve|improvement|more|harder|best|good|great|try|work on|step up)\b/i;

export interface GoalDraft {
  title: string;
  /** A KPI of the catalog, or null for a described outcome measured by hand. */
  kpi: string | null;
  /** The outcome in words, for a goal without a KPI. */
  outcome?: string | null | undefined;
  baseline: number | null;
  target: number | null;
  unit: string | null;
  startOn: string;
  dueOn: string;
  checkIns: readonly string[];
}

export interface SmartContext {
  /** For a KPI goal: whether higher is better. */
  higherIsBetter?: boolean | undefined;
  /** The teammates' current values of the KPI (the owner's included), for Attainable. */
  teamValues?: readonly number[];
  /** The rep's development plan focus skills, and the skill the KPI speaks to. */
  planSkills?: readonly string[];
  kpiSkill?: string | null | undefined;
  /** The team goal this one rolls up into. */
  hasParentGoal?: boolean;
  /** A team's own goal: the top the reps' goals roll up into. */
  isTeamGoal?: boolean;
  maxImprovement?: number;
}

export interface SmartResult {
  letter: SmartLetter;
  status: 'pass' | 'warning';
  because: string;
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const pass = (letter: SmartLetter, because: string): SmartResult => ({ letter, status: 'pass', because });
const warn = (letter: SmartLetter, because: string): SmartResult => ({ letter, status: 'warning', because });

function specific(g: GoalDraft): SmartResult {
  if (g.kpi) return pass('specific', 'It names one KPI.');
  const outcome = (g.outcome ?? '').trim();
  if (outcome.split(/\s+/).filter(Boolean).length < 4)
    return warn('specific', 'Describe the outcome in a sentence: what will be different, and for whom.');
  if (VAGUE.test(outcome) && !/\d/.test(outcome))
    return warn('specific', `“${outcome}” could mean anything: say what exactly will have happened.`);
  return pass('specific', 'It describes a concrete outcome.');
}

function measurable(g: GoalDraft, c: SmartContext): SmartResult {
  if (g.target === null || !Number.isFinite(g.target)) return warn('measurable', 'Give a number to reach.');
  if (!g.unit?.trim()) return warn('measurable', 'Say what the number counts (its unit).');
  if (g.kpi && g.baseline === null)
    return warn('measurable', 'There is no baseline yet: the KPI has no value for this period.');
  const up = c.higherIsBetter ?? true;
  if (g.kpi && g.baseline !== null && (up ? g.target <= g.baseline : g.target >= g.baseline))
    return warn(
      'measurable',
      `The target is no better than today (${round(g.baseline)}): for this KPI, ${up ? 'higher' : 'lower'} is better.`,
    );
  return pass('measurable', `A number to reach, in ${g.unit.trim()}.`);
}

function attainable(g: GoalDraft, c: SmartContext): SmartResult {
  if (g.target === null) return warn('attainable', 'Without a target there is nothing to judge.');
  const up = c.higherIsBetter ?? true;
  const team = [...(c.teamValues ?? [])].filter(Number.isFinite);
  if (team.length >= 3) {
    const edge = jStat.percentile(team, up ? ATTAINABLE_PERCENTILE : 1 - ATTAINABLE_PERCENTILE);
    if (up ? g.target > edge : g.target < edge)
      return warn(
        'attainable',
        `The target is beyond what 9 in 10 of the team reach today (${round(edge)}): check it is realistic.`,
      );
  }
  if (g.baseline !== null && g.baseline !== 0) {
    const change = ((g.target - g.baseline) / Math.abs(g.baseline)) * (up ? 1 : -1);
    const max = c.maxImprovement ?? DEFAULT_MAX_IMPROVEMENT;
    if (change > max)
      return warn(
        'attainable',
        `It asks for ${Math.round(change * 100)}% better than today, more than the ${Math.round(max * 100)}% a goal should stretch.`,
      );
  }
  if (!g.kpi) return pass('attainable', 'A described outcome: agree together that it can be done.');
  return pass('attainable', 'Within the team’s range and a reasonable stretch from today.');
}

function relevant(c: SmartContext): SmartResult {
  if (c.isTeamGoal) return pass('relevant', 'A team goal: the reps’ goals can roll up into it.');
  if (c.hasParentGoal) return pass('relevant', 'It rolls up into a team goal.');
  if (c.kpiSkill && c.planSkills?.includes(c.kpiSkill))
    return pass('relevant', 'It measures a focus skill of the development plan.');
  return warn('relevant', 'Tie it to a focus skill of the development plan or to a team goal.');
}

function timeBound(g: GoalDraft): SmartResult {
  const length = days(g.startOn, g.dueOn);
  if (!Number.isFinite(length) || length <= 0)
    return warn('time_bound', 'The due date must come after the start.');
  if (length > MAX_GOAL_DAYS) return warn('time_bound', 'Keep a goal within 12 months; split a longer one.');
  const between = g.checkIns.filter((d) => d > g.startOn && d < g.dueOn);
  if (between.length === 0)
    return warn('time_bound', 'Plan at least one check-in between the start and the due date.');
  return pass(
    'time_bound',
    `Due in ${length} days, with ${between.length} check-in${between.length === 1 ? '' : 's'} on the way.`,
  );
}

const round = (x: number) => (Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 100) / 100);

/** The five letters, in order. */
export function smartCheck(goal: GoalDraft, context: SmartContext = {}): SmartResult[] {
  return [
    specific(goal),
    measurable(goal, context),
    attainable(goal, context),
    relevant(context),
    timeBound(goal),
  ];
}
