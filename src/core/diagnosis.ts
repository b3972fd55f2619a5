import type { BenchmarkKind } from './benchmark.js';
import { DEFAULT_DIAGNOSIS_SETTINGS, type DiagnosisSettings } from './diagnosisSettings.js';
import type { Funnel } from './funnel.js';
import { type RepTotals, skillForStage, VOLUME_SKILL } from './kpis.js';
import {
  type BetaPrior,
  betaPosterior,
  fitBetaPrior,
  fitGammaPrior,
  type GammaPrior,
  gammaPosterior,
  type Posterior,
} from './shrinkage.js';

/**
 * Where each rep's funnel breaks. For every open stage (conversion out of it) and for new-opportunity
 * volume, each rep's rate is shrunk toward the team (empirical Bayes), compared with a benchmark, and
 * flagged only when the posterior probability of being below it is high and the shortfall matters.
 * Gaps are ranked by the won revenue a quarter that closing them would bring. Pure: the caller
 * supplies the totals (from the rollups) and the settings.
 */

export { BENCHMARK_KINDS, type BenchmarkKind } from './benchmark.js';
export { DEFAULT_DIAGNOSIS_SETTINGS, type DiagnosisSettings } from './diagnosisSettings.js';

export interface DiagnosisRep {
  id: string;
  email: string;
  name: string;
  /** The team is the reps who share a manager. */
  managerId: string | null;
  managerEmail: string | null;
  totals: RepTotals;
  /** Weeks of tenure within the window, ramp included (for per-week entry rates). */
  tenureWeeks: number;
}

export type Metric = 'conversion' | 'new_opportunities';

export interface Assessment {
  metric: Metric;
  /** The stage converted from, or the first stage for volume. */
  stage: string;
  /** Posterior mean: a fraction for conversion, opportunities per week for volume. */
  rate: number;
  benchmark: number;
  /** 90% credible interval. */
  low: number;
  high: number;
  probabilityBelow: number;
  /** Resolved opportunities (conversion) or weeks of tenure (volume). */
  n: number;
  /** The rep's raw rate (k/n or count/weeks), null without data. */
  observed: number | null;
  /**
   * Won revenue a quarter, whole units: for a gap (or an unflagged cell) what moving to the benchmark
   * would win (negative when already above it); for a strength, what it wins above the benchmark.
   */
  impact: number;
  impactLow: number;
  impactHigh: number;
  skill: string;
  flag: 'gap' | 'strength' | null;
}

export interface RepDiagnosis {
  id: string;
  email: string;
  name: string;
  managerEmail: string | null;
  /** Still inside the ramp: not judged on volume. */
  ramping: boolean;
  assessments: Assessment[];
  /** Flagged gaps, highest impact first. */
  gaps: Assessment[];
  strengths: Assessment[];
}

const WEEKS_PER_QUARTER = 13;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

function benchmarkOf(values: number[], kind: BenchmarkKind): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return quantile(sorted, kind === 'top_quartile' ? 0.75 : 0.5);
}

interface Group<T> {
  key: string;
  members: T[];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Group<T>[] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return [...map].map(([k, members]) => ({ key: k, members }));
}

/** Per-rep posteriors for one metric: the prior's strength fitted org-wide, its centre per team. */
interface Scored {
  rep: DiagnosisRep;
  posterior: Posterior;
  n: number;
  observed: number | null;
}

/*
 * Leave-one-out: a rep's prior is centred on the rest of the team, and the benchmark is taken over
 * the rest of the team, so a weak rep does not pull the yardstick toward themself.
 */
function scoreConversions(reps: readonly DiagnosisRep[], stageIndex: number, s: DiagnosisSettings): Scored[] {
  const data = (r: DiagnosisRep) => {
    const st = r.totals.stages[stageIndex];
    return { k: st?.advanced ?? 0, n: (st?.advanced ?? 0) + (st?.lost ?? 0) };
  };
  const orgPrior = fitBetaPrior(reps.map(data), { maxStrength: s.maxPriorStrength });
  const strength = orgPrior.alpha + orgPrior.beta;
  const out: Scored[] = [];
  for (const team of groupBy(reps, teamKey)) {
    const pooled = team.members
      .map(data)
      .reduce((acc, d) => ({ k: acc.k + d.k, n: acc.n + d.n }), { k: 0, n: 0 });
    for (const rep of team.members) {
      const d = data(rep);
      const rest = { k: pooled.k - d.k, n: pooled.n - d.n };
      const mean = rest.n > 0 ? clampRate(rest.k / rest.n) : orgPrior.alpha / strength;
      const prior: BetaPrior = { alpha: mean * strength, beta: (1 - mean) * strength };
      out.push({ rep, posterior: betaPosterior(prior, d), n: d.n, observed: d.n > 0 ? d.k / d.n : null });
    }
  }
  return out;
}

function scoreVolumes(reps: readonly DiagnosisRep[], s: DiagnosisSettings): Scored[] {
  const judged = reps.filter((r) => r.totals.weeks > 0);
  const data = (r: DiagnosisRep) => ({ count: r.totals.created, weeks: r.totals.weeks });
  const orgPrior = fitGammaPrior(judged.map(data), { maxWeeks: s.maxPriorWeeks });
  const out: Scored[] = [];
  for (const team of groupBy(judged, teamKey)) {
    const count = team.members.reduce((sum, r) => sum + r.totals.created, 0);
    const weeks = team.members.reduce((sum, r) => sum + r.totals.weeks, 0);
    for (const rep of team.members) {
      const d = data(rep);
      const restWeeks = weeks - d.weeks;
      const mean =
        restWeeks > 0 ? Math.max(1e-6, (count - d.count) / restWeeks) : orgPrior.shape / orgPrior.rate;
      const prior: GammaPrior = { shape: mean * orgPrior.rate, rate: orgPrior.rate };
      out.push({ rep, posterior: gammaPosterior(prior, d), n: d.weeks, observed: d.count / d.weeks });
    }
  }
  return out;
}

const byRep = (scored: Scored[]) => new Map(scored.map((x) => [x.rep.id, x]));
const clampRate = (x: number) => Math.min(0.999, Math.max(0.001, x));
const teamKey = (r: DiagnosisRep) => r.managerId ?? 'none';

/**
 * Benchmarks per rep for one metric: the median (or top quartile) of the estimates of the rest of the
 * team, or of the rest of the org; a team with fewer than three others with data uses the org.
 */
function benchmarks(scored: readonly Scored[], kind: BenchmarkKind): Map<string, number> {
  const out = new Map<string, number>();
  const withData = scored.filter((m) => m.n > 0);
  const orgWide = (id: string) =>
    benchmarkOf(
      withData.filter((m) => m.rep.id !== id).map((m) => m.posterior.estimate),
      kind,
    );
  if (kind === 'org_median') {
    // The org's median barely moves without one rep: computed once.
    const b = benchmarkOf(
      withData.map((m) => m.posterior.estimate),
      kind,
    );
    for (const m of scored) out.set(m.rep.id, b);
    return out;
  }
  for (const g of groupBy(scored, (x) => teamKey(x.rep))) {
    for (const m of g.members) {
      const others = g.members.filter((o) => o.rep.id !== m.rep.id && o.n > 0);
      out.set(
        m.rep.id,
        others.length >= 3
          ? benchmarkOf(
              others.map((o) => o.posterior.estimate),
              kind,
            )
          : orgWide(m.rep.id),
      );
    }
  }
  return out;
}

/** What one more unit of the metric is worth to a rep a quarter, in won revenue (whole units). */
interface Worth {
  perUnit: number;
}

function dealSize(rep: DiagnosisRep, teamAverage: number): number {
  return rep.totals.wonPriced >= 5 ? rep.totals.wonAmountMinor / 100 / rep.totals.wonPriced : teamAverage;
}

export function diagnose(
  reps: readonly DiagnosisRep[],
  funnel: Funnel,
  settings: Partial<DiagnosisSettings> = {},
  skillOverrides: Record<string, string> = {},
): RepDiagnosis[] {
  const s: DiagnosisSettings = { ...DEFAULT_DIAGNOSIS_SETTINGS, ...settings };
  const openStages = funnel.stages.slice(0, -1);
  const conv = openStages.map((_, i) => byRep(scoreConversions(reps, i, s)));
  const vol = byRep(scoreVolumes(reps, s));
  const convBench = conv.map((scored) => benchmarks([...scored.values()], s.benchmark));
  const volBench = benchmarks([...vol.values()], s.benchmark);
  const estimate = (i: number, repId: string) => conv[i]?.get(repId)?.posterior.estimate ?? 0;
  const teamDeal = new Map<string, number>();
  for (const team of groupBy(reps, teamKey)) {
    const priced = team.members.reduce((sum, r) => sum + r.totals.wonPriced, 0);
    const amount = team.members.reduce((sum, r) => sum + r.totals.wonAmountMinor / 100, 0);
    teamDeal.set(team.key, priced > 0 ? amount / priced : 0);
  }

  return reps.map((rep) => {
    const size = dealSize(rep, teamDeal.get(teamKey(rep)) ?? 0);
    const downstream = (from: number) => {
      let p = 1;
      for (let j = from; j < openStages.length; j++) p *= estimate(j, rep.id);
      return p;
    };
    const assessments: Assessment[] = [];
    const weeks = Math.max(1, rep.tenureWeeks);
    for (const [i, stage] of openStages.entries()) {
      const scored = conv[i]?.get(rep.id);
      const b = convBench[i]?.get(rep.id);
      // No one else has data at this stage: there is nothing to judge the rep against.
      if (!scored || b === undefined || !Number.isFinite(b)) continue;
      const entriesPerQuarter = ((rep.totals.stages[i]?.entered ?? 0) / weeks) * WEEKS_PER_QUARTER;
      const worth: Worth = { perUnit: entriesPerQuarter * downstream(i + 1) * size };
      assessments.push(
        assess('conversion', stage, scored, b, worth, skillForStage(funnel, stage, skillOverrides), s),
      );
    }
    const v = vol.get(rep.id);
    const vb = volBench.get(rep.id);
    if (v && vb !== undefined && Number.isFinite(vb)) {
      const worth: Worth = { perUnit: WEEKS_PER_QUARTER * downstream(0) * size };
      assessments.push(assess('new_opportunities', funnel.stages[0] ?? '', v, vb, worth, VOLUME_SKILL, s));
    }
    return {
      id: rep.id,
      email: rep.email,
      name: rep.name,
      managerEmail: rep.managerEmail,
      ramping: rep.totals.weeks === 0,
      assessments,
      gaps: assessments.filter((a) => a.flag === 'gap').sort((a, b) => b.impact - a.impact),
      strengths: assessments.filter((a) => a.flag === 'strength').sort((a, b) => b.impact - a.impact),
    };
  });
}

function assess(
  metric: Metric,
  stage: string,
  scored: Scored,
  benchmark: number,
  worth: Worth,
  skill: string,
  s: DiagnosisSettings,
): Assessment {
  const p = scored.posterior;
  const probabilityBelow = scored.n > 0 ? p.probabilityBelow(benchmark) : 0.5;
  const shortfall = benchmark > 0 ? (benchmark - p.estimate) / benchmark : 0;
  const minimum = metric === 'conversion' ? s.minShortfall : s.minVolumeShortfall;
  const flag =
    scored.n === 0 || (metric === 'conversion' && scored.n < s.minResolved)
      ? null
      : probabilityBelow >= s.minProbability && shortfall >= minimum
        ? 'gap'
        : 1 - probabilityBelow >= s.minProbability && -shortfall >= minimum
          ? 'strength'
          : null;
  const money = (delta: number) => Math.round(delta * worth.perUnit);
  // A gap is worth what closing it would win; a strength, what it wins above the benchmark.
  const sign = flag === 'strength' ? -1 : 1;
  return {
    metric,
    stage,
    rate: p.estimate,
    benchmark,
    low: p.low,
    high: p.high,
    probabilityBelow,
    n: scored.n,
    observed: scored.observed,
    impact: money(sign * (benchmark - p.estimate)),
    impactLow: money(Math.max(0, sign * (benchmark - (sign > 0 ? p.high : p.low)))),
    impactHigh: money(Math.max(0, sign * (benchmark - (sign > 0 ? p.low : p.high)))),
    skill,
    flag,
  };
}
