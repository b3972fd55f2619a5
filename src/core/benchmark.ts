/** What a rep is compared with: the team's median, the organisation's median, or the team's top quarter. */
export type BenchmarkKind = 'team_median' | 'org_median' | 'top_quartile';
export const BENCHMARK_KINDS: readonly BenchmarkKind[] = ['team_median', 'org_median', 'top_quartile'];
