/**
 * A rep's skill profile from the evidence about them: the current level per skill, how their own
 * view differs from others', and the mastery stage — taught, learned, applied, mastered — with the
 * evidence that moved it there. Pure: the evidence and the day come in as parameters.
 */

/** Where a rating came from; later features add evidence through the same service. */
export const EVIDENCE_SOURCES = [
  'manager_assessment',
  'self_assessment',
  'ride_along',
  'call_review',
  'knowledge_check',
  'kpi_diagnosis',
  'training',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** Sources that watched the rep do it on the job: they count for "applied" and "mastered". */
export const FIELD_SOURCES: readonly EvidenceSource[] = ['ride_along', 'call_review'];

/**
 * How much a source counts toward the current level: watching the rep work counts most, a manager's
 * judgement a little less, a test or the numbers less again. Self-ratings count for nothing here —
 * they are shown beside the others, as the perception gap.
 */
export const SOURCE_WEIGHTS: Record<EvidenceSource, number> = {
  ride_along: 1,
  call_review: 1,
  manager_assessment: 0.8,
  kpi_diagnosis: 0.5,
  knowledge_check: 0.4,
  training: 0,
  self_assessment: 0,
};

/** Days after which a rating counts half as much as a new one. */
export const EVIDENCE_HALF_LIFE_DAYS = 90;

export interface Evidence {
  skill: string;
  /** 1–5 on the skill's rubric (a knowledge check: 3 when passed, 1 when failed). */
  level: number;
  source: EvidenceSource;
  /** The day it was observed (ISO date). */
  observedOn: string;
}

/** What it takes to reach each mastery stage; organisations may set their own. */
export interface MasteryRules {
  /** An assessment or knowledge check at or above this level: learned. */
  learnedLevel: number;
  /** Seen on the job at or above this level: applied. */
  appliedLevel: number;
  /** Seen on the job at or above this level … */
  masteredLevel: number;
  /** … on this many separate days … */
  masteredOccasions: number;
  /** … spread over at least this many days, and the skill's KPI gap no longer flagged. */
  masteredSpanDays: number;
}

export const DEFAULT_MASTERY_RULES: MasteryRules = {
  learnedLevel: 3,
  appliedLevel: 3,
  masteredLevel: 4,
  masteredOccasions: 3,
  masteredSpanDays: 30,
};

export const MASTERY_STAGES = ['not_started', 'taught', 'learned', 'applied', 'mastered'] as const;
export type MasteryStage = (typeof MASTERY_STAGES)[number];

export interface Mastery {
  stage: MasteryStage;
  /** Why, in words, naming the evidence and its day ("observed at level 3 on the ride-along of 2026-10-12"). */
  because: string;
}

const SOURCE_WORDS: Record<EvidenceSource, string> = {
  manager_assessment: 'the manager’s assessment',
  self_assessment: 'the self-assessment',
  ride_along: 'the ride-along',
  call_review: 'the call review',
  knowledge_check: 'the knowledge check',
  kpi_diagnosis: 'the KPI diagnosis',
  training: 'the training',
};

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

/**
 * The mastery stage of one skill from its evidence (any order). `taught`: a training on it, or a
 * development plan focusing on it (`inPlan`). The KPI condition of mastery comes in as `kpiGapFlagged`
 * (true while the diagnosis still flags a gap the skill speaks to).
 */
export function masteryOf(
  evidence: readonly Evidence[],
  opts: { inPlan: boolean; kpiGapFlagged: boolean; rules?: MasteryRules },
): Mastery {
  const rules = opts.rules ?? DEFAULT_MASTERY_RULES;
  const sorted = [...evidence].sort((a, b) => a.observedOn.localeCompare(b.observedOn));
  const field = sorted.filter((e) => FIELD_SOURCES.includes(e.source));
  const strong = field.filter((e) => e.level >= rules.masteredLevel);
  const days = [...new Set(strong.map((e) => e.observedOn))];
  const first = days[0];
  const last = days[days.length - 1];
  if (
    days.length >= rules.masteredOccasions &&
    first &&
    last &&
    daysBetween(first, last) >= rules.masteredSpanDays
  ) {
    const span = `observed at level ${rules.masteredLevel} or above on ${days.length} days from ${first} to ${last}`;
    if (!opts.kpiGapFlagged)
      return { stage: 'mastered', because: `mastered: ${span}, and its KPI gap is closed` };
    const applied = strong[strong.length - 1] as Evidence;
    return {
      stage: 'applied',
      because: `applied: ${span}, but the diagnosis still flags its KPI gap (last seen on ${SOURCE_WORDS[applied.source]} of ${applied.observedOn})`,
    };
  }
  const applied = [...field].reverse().find((e) => e.level >= rules.appliedLevel);
  if (applied)
    return {
      stage: 'applied',
      because: `applied: observed at level ${applied.level} on ${SOURCE_WORDS[applied.source]} of ${applied.observedOn}`,
    };
  const learned = [...sorted]
    .reverse()
    .find(
      (e) =>
        (e.source === 'knowledge_check' || e.source === 'manager_assessment') &&
        e.level >= rules.learnedLevel,
    );
  if (learned)
    return {
      stage: 'learned',
      because:
        learned.source === 'knowledge_check'
          ? `learned: passed the knowledge check of ${learned.observedOn}`
          : `learned: rated ${learned.level} in ${SOURCE_WORDS[learned.source]} of ${learned.observedOn}`,
    };
  const training = [...sorted].reverse().find((e) => e.source === 'training');
  if (training) return { stage: 'taught', because: `taught: the training of ${training.observedOn}` };
  if (opts.inPlan) return { stage: 'taught', because: 'taught: a focus of the development plan' };
  return { stage: 'not_started', because: 'no training, assessment or observation yet' };
}

export interface SkillLevel {
  /** Weighted by source and age; null when only the rep has rated it (or nobody has). */
  level: number | null;
  /** The rep's latest self-rating, if any. */
  self: number | null;
  /** self − level: positive when the rep sees themself higher than others do. */
  perceptionGap: number | null;
  /** Ratings that went into `level`. */
  ratings: number;
}

/**
 * The current level of one skill: recent evidence counts more than old (half as much after
 * `EVIDENCE_HALF_LIFE_DAYS`), field observation more than a manager's rating, which counts more
 * than a test; self-ratings are kept apart.
 */
export function levelOf(evidence: readonly Evidence[], today: string): SkillLevel {
  let weight = 0;
  let sum = 0;
  let ratings = 0;
  for (const e of evidence) {
    const w =
      SOURCE_WEIGHTS[e.source] *
      0.5 ** (Math.max(0, daysBetween(e.observedOn, today)) / EVIDENCE_HALF_LIFE_DAYS);
    if (w <= 0) continue;
    weight += w;
    sum += w * e.level;
    ratings++;
  }
  const self =
    [...evidence]
      .filter((e) => e.source === 'self_assessment')
      .sort((a, b) => a.observedOn.localeCompare(b.observedOn))
      .at(-1)?.level ?? null;
  const level = weight > 0 ? Math.round((sum / weight) * 10) / 10 : null;
  return {
    level,
    self,
    perceptionGap: level !== null && self !== null ? Math.round((self - level) * 10) / 10 : null,
    ratings,
  };
}
