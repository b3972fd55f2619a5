/**
 * A goal's progress: the actual value against the straight-line path from baseline (at the start)
 * to target (at the due date). Pure; the actual comes from imported data for a KPI goal.
 */

export const GOAL_STATUSES = ['on_track', 'at_risk', 'off_track', 'done'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** How far behind the path (as a share of the whole way) still counts as on track… */
export const ON_TRACK_SLACK = 0.1;
/** …and as at risk rather than off track. */
export const AT_RISK_SLACK = 0.3;

export interface GoalProgress {
  /** Where the path says the value should be today. */
  expected: number;
  /** The share of the way from baseline to target covered (1: reached), null without an actual. */
  covered: number | null;
  /** The share of the time from start to due date gone (0–1). */
  elapsed: number;
  status: GoalStatus | null;
}

const DAY = 86_400_000;

export function goalProgress(g: {
  baseline: number;
  target: number;
  actual: number | null;
  startOn: string;
  dueOn: string;
  today: string;
  /** The KPI's direction (a described outcome counts up). */
  higherIsBetter?: boolean;
}): GoalProgress {
  const span = Math.max(1, (Date.parse(g.dueOn) - Date.parse(g.startOn)) / DAY);
  const gone = (Date.parse(g.today) - Date.parse(g.startOn)) / DAY;
  const elapsed = Math.min(1, Math.max(0, gone / span));
  const expected = g.baseline + (g.target - g.baseline) * elapsed;
  if (g.actual === null) return { expected, covered: null, elapsed, status: null };
  const way = g.target - g.baseline;
  // A target equal to the baseline asks to hold the line: reached while not below it.
  const covered = way === 0 ? (g.actual >= g.target ? 1 : 0) : (g.actual - g.baseline) / way;
  const up = g.higherIsBetter ?? true;
  let status: GoalStatus;
  // Reached means at or past the target in the KPI's good direction, whatever the baseline was.
  if (up ? g.actual >= g.target : g.actual <= g.target) status = 'done';
  else if (elapsed >= 1) status = 'off_track';
  else if (covered >= elapsed - ON_TRACK_SLACK) status = 'on_track';
  else if (covered >= elapsed - AT_RISK_SLACK) status = 'at_risk';
  else status = 'off_track';
  return { expected, covered, elapsed, status };
}
