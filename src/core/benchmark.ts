/** What a rep is compared with: the team's median, the organisation's median, or the team's top quarter. */
export type BenchmarkKind = 'team_median' | 'org_median' | 'top_quartile';
export const BENCHMARK_KINDS = [
  'team_median',
  'org_median',
  'top_quartile',
] as const satisfies readonly BenchmarkKind[];
/** What a diagnosis compares with when nobody says otherwise. */
export const DEFAULT_BENCHMARK: BenchmarkKind = 'team_median';

/**
 * The diagnosis window: the days of history, ending on the as-of date, that a diagnosis reads. Shorter
 * windows hold too few resolved opportunities for any verdict; longer ones mix in a team that has
 * since changed. The default is about two quarters.
 */
export const DIAGNOSIS_WINDOW_DAYS = { min: 28, max: 730, default: 180 } as const;

export function isWindowDays(n: number): boolean {
  return Number.isInteger(n) && n >= DIAGNOSIS_WINDOW_DAYS.min && n <= DIAGNOSIS_WINDOW_DAYS.max;
}
