// Shared by every benchmark: repeated runs in alternating order (so a machine that slows down during the run
// hurts both sides equally), and figures printed as min/median/max of the runs, never a single sample.

/** The runs of one measured quantity. */
export interface Sample {
  readonly values: readonly number[];
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

/** "min / median / max unit" with a fixed number of decimals. */
export function formatSpread(values: readonly number[], unit = '', decimals = 0): string {
  const s = spread(values);
  const f = (n: number) => n.toFixed(decimals);
  const u = unit ? ` ${unit}` : '';
  return `${f(s.min)} / ${f(s.median)} / ${f(s.max)}${u} (min/median/max of ${s.runs})`;
}

/**
 * Runs every contender `runs` times, rotating which one goes first in each round, and returns the measured
 * values per contender name. A contender returns the figure it measured (ms, requests/s, ...).
 */
export async function alternate(
  runs: number,
  contenders: Readonly<Record<string, () => Promise<number>>>,
): Promise<Record<string, number[]>> {
  const names = Object.keys(contenders);
  const results: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      results[name].push(await contenders[name]());
    }
  }
  return results;
}

/** Per-round ratios a[i] / b[i] (the runs were paired by `alternate`), as a spread. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error('pairedRatios() needs runs of equal length');
  return a.map((v, i) => v / b[i]);
}

/** True when `--quick` was passed to `npm run bench` (a one-minute subset with fewer, smaller runs). */
export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--quick');
}

/** Runs per figure: at least 3 (the README quotes ranges), fewer only in quick mode. */
export function runCount(full = 3, quick = 1): number {
  return isQuick() ? quick : Math.max(3, full);
}
