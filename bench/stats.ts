/** Small statistics for benchmark figures: these machines are shared, so a figure is a distribution. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank on the sorted values, interpolated: p95 of 10 values is not just the maximum.
  const at = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (at - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p95: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    p95: percentile(values, 95),
  };
}

/** "412 ms (398–460, n=5)": the median first, then the spread it came from. */
export function fmt(s: Summary, unit: string, digits = 0): string {
  if (s.n === 0 || Number.isNaN(s.median)) return 'n/a';
  const f = (v: number) => v.toFixed(digits);
  if (s.n === 1) return `${f(s.median)}${unit} (n=1)`;
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)}, n=${s.n})`;
}
