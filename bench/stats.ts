/** Summary of one measured operation, in milliseconds. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  /** nearest-rank p95: with 10 runs this is the slowest run */
  p95: number;
  max: number;
  runs: number[];
}

const round = (x: number) => Math.round(x * 10) / 10;

export function summarize(runs: number[]): Summary {
  const a = [...runs].sort((x, y) => x - y);
  if (!a.length) throw new Error('no runs');
  const at = (i: number) => a[Math.min(a.length - 1, Math.max(0, i))] as number;
  const mid = a.length / 2;
  const median = a.length % 2 ? at(Math.floor(mid)) : (at(mid - 1) + at(mid)) / 2;
  return {
    n: a.length,
    min: round(at(0)),
    median: round(median),
    p95: round(at(Math.ceil(0.95 * a.length) - 1)),
    max: round(at(a.length - 1)),
    runs: runs.map(round),
  };
}

/** Runs `fn` `n` times in sequence and returns each duration it reports. */
export async function repeat(n: number, fn: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}
