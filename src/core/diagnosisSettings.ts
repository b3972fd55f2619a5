import { type BenchmarkKind, DEFAULT_BENCHMARK } from './benchmark.js';

/** How the diagnosis judges a rep: when a shortfall is credible and large enough to be called a gap. */
export interface DiagnosisSettings {
  benchmark: BenchmarkKind;
  /** Flag a gap only when the posterior probability that the rate is below the benchmark is at least this. */
  minProbability: number;
  /** …and the conversion estimate is at least this far below the benchmark, as a fraction of it. */
  minShortfall: number;
  /**
   * The same for new-opportunity volume: reps' volumes differ more than their conversions do, so a
   * volume gap must be larger before it is worth a coach's time.
   */
  minVolumeShortfall: number;
  /**
   * Fewest resolved opportunities at a stage before its conversion can be flagged: below that, any
   * verdict is mostly noise and the cell is shown without a flag.
   */
  minResolved: number;
  /** Cap on the conversion prior's strength, in pseudo-opportunities (a team never outweighs a rep's own record). */
  maxPriorStrength: number;
  /** Cap on the volume prior's strength, in pseudo-weeks. */
  maxPriorWeeks: number;
}

export const DEFAULT_DIAGNOSIS_SETTINGS: DiagnosisSettings = {
  benchmark: DEFAULT_BENCHMARK,
  minProbability: 0.9,
  minShortfall: 0.25,
  minVolumeShortfall: 0.35,
  minResolved: 20,
  maxPriorStrength: 10,
  maxPriorWeeks: 8,
};
