/**
 * With TOUCHLINE_IMPORT_TIMING=1, a function that prints how long each phase took since the last
 * one, on stderr (for tuning and benchmarks); otherwise one that does nothing.
 */
export function phaseTimer(label: string): (phase: string) => void {
  if (!process.env.TOUCHLINE_IMPORT_TIMING) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    process.stderr.write(`${label}: ${phase} in ${((now - last) / 1000).toFixed(2)} s\n`);
    last = now;
  };
}
