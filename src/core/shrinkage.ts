import jStat from 'jstat';

/**
 * Empirical-Bayes shrinkage of reps toward their team (DOMAIN.md: Robinson, "Introduction to
 * Empirical Bayes"). Conversions are beta-binomial; volumes are gamma-Poisson with exposure (weeks of
 * tenure). A rep's estimate leans on the team where the rep has little evidence and on the rep where
 * they have much. The prior's strength is capped: when most reps are alike a fitted prior grows so
 * tight that it hides real outliers, so recall on planted gaps decides the cap (see the tests).
 */

export interface Posterior {
  /** Posterior mean. */
  estimate: number;
  /** 90% credible interval. */
  low: number;
  high: number;
  /** P(true value < x). */
  probabilityBelow(x: number): number;
}

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface Conversions {
  /** Resolved at the stage and moved on. */
  k: number;
  /** Resolved at the stage (moved on or lost there). */
  n: number;
}

export interface ShrinkageOptions {
  /** Largest prior strength, in pseudo-observations (default 40). */
  maxStrength?: number;
  /** Smallest prior strength (default 2). */
  minStrength?: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Method-of-moments beta prior across reps, the binomial noise removed from the spread of their rates. */
export function fitBetaPrior(reps: readonly Conversions[], opts: ShrinkageOptions = {}): BetaPrior {
  const maxStrength = opts.maxStrength ?? 40;
  const minStrength = opts.minStrength ?? 2;
  const withData = reps.filter((r) => r.n > 0);
  const totalN = withData.reduce((s, r) => s + r.n, 0);
  if (totalN === 0) return { alpha: 1, beta: 1 };
  const mean = clamp(withData.reduce((s, r) => s + r.k, 0) / totalN, 0.001, 0.999);
  const rates = withData.map((r) => r.k / r.n);
  const observedVar = rates.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, rates.length - 1);
  const noise = withData.reduce((s, r) => s + (mean * (1 - mean)) / r.n, 0) / withData.length;
  const between = observedVar - noise;
  const strength =
    between > 0 ? clamp((mean * (1 - mean)) / between - 1, minStrength, maxStrength) : maxStrength;
  return { alpha: mean * strength, beta: (1 - mean) * strength };
}

export function betaPosterior(prior: BetaPrior, rep: Conversions): Posterior {
  const a = prior.alpha + rep.k;
  const b = prior.beta + (rep.n - rep.k);
  return {
    estimate: a / (a + b),
    low: jStat.beta.inv(0.05, a, b),
    high: jStat.beta.inv(0.95, a, b),
    probabilityBelow: (x) => jStat.beta.cdf(x, a, b),
  };
}

export interface GammaPrior {
  shape: number;
  /** Rate, in units of exposure (weeks). */
  rate: number;
}

export interface Volume {
  /** Events counted (e.g. new opportunities). */
  count: number;
  /** Exposure in weeks (weeks of tenure within the window). */
  weeks: number;
}

/** Method-of-moments gamma prior for per-week rates, Poisson noise removed; exposure capped like strength. */
export function fitGammaPrior(
  reps: readonly Volume[],
  opts: { maxWeeks?: number; minWeeks?: number } = {},
): GammaPrior {
  const maxWeeks = opts.maxWeeks ?? 8;
  const minWeeks = opts.minWeeks ?? 0.5;
  const withData = reps.filter((r) => r.weeks > 0);
  const totalWeeks = withData.reduce((s, r) => s + r.weeks, 0);
  if (totalWeeks === 0) return { shape: 1, rate: 1 };
  const mean = Math.max(1e-6, withData.reduce((s, r) => s + r.count, 0) / totalWeeks);
  const rates = withData.map((r) => r.count / r.weeks);
  const observedVar = rates.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, rates.length - 1);
  const noise = withData.reduce((s, r) => s + mean / r.weeks, 0) / withData.length;
  const between = observedVar - noise;
  const rate = between > 0 ? clamp(mean / between, minWeeks, maxWeeks) : maxWeeks;
  return { shape: mean * rate, rate };
}

export function gammaPosterior(prior: GammaPrior, rep: Volume): Posterior {
  const shape = prior.shape + rep.count;
  const scale = 1 / (prior.rate + rep.weeks);
  return {
    estimate: shape * scale,
    low: jStat.gamma.inv(0.05, shape, scale),
    high: jStat.gamma.inv(0.95, shape, scale),
    probabilityBelow: (x) => jStat.gamma.cdf(x, shape, scale),
  };
}
