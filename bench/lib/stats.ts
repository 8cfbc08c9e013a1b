/** Latency and rate figures for the benchmarks. */

export interface LatencySummary {
  count: number;
  /** Queries per second over the wall time of the run. */
  rate: number;
  p50: number;
  p99: number;
  mean: number;
}

/** The nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Latencies in ms and the run's wall time in seconds → rate, p50, p99, mean. */
export function summarize(latenciesMs: readonly number[], wallSeconds: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    count: sorted.length,
    rate: sorted.length / wallSeconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: total / Math.max(1, sorted.length),
  };
}

export const ms = (x: number) => (x < 10 ? x.toFixed(3) : x.toFixed(1));

/** A search run's latency figures and its recall@10 against the exact top-10. */
export interface Measured {
  summary: LatencySummary;
  recall: number;
}

/** Seconds elapsed since `from`, a `performance.now()` reading. */
export const secondsSince = (from: number) => (performance.now() - from) / 1000;
