/** The part of jStat (https://github.com/jstat/jstat) Touchline uses: beta and gamma distributions, the median. */
declare module 'jstat' {
  interface ContinuousDistribution {
    /** Cumulative distribution function. Beta: (x, alpha, beta); gamma: (x, shape, scale). */
    cdf(x: number, a: number, b: number): number;
    /** Quantile function. Beta: (p, alpha, beta); gamma: (p, shape, scale). */
    inv(p: number, a: number, b: number): number;
  }
  interface JStat {
    beta: ContinuousDistribution;
    gamma: ContinuousDistribution;
    /** The median of a list (the mean of the middle two when it has an even length). */
    median(values: number[]): number;
    /** The k-th percentile (0 ≤ k ≤ 1) of a list, interpolated. */
    percentile(values: number[], k: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
