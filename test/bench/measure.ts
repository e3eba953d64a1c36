import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly name: string;
  /** Operations per second, the median of the timed passes. */
  readonly perSecond: number;
  readonly passes: number;
}

/**
 * Runs `pass` (which performs `operations` operations) after a warm-up until at least `minMs` have
 * passed, and reports the median rate over the passes: the median resists a noisy shared machine.
 */
export function measure(name: string, operations: number, pass: () => void, minMs = 1000): Measurement {
  for (let i = 0; i < 3; i++) pass();
  const rates: number[] = [];
  const start = performance.now();
  while (performance.now() - start < minMs || rates.length < 5) {
    const t0 = performance.now();
    pass();
    rates.push(operations / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { name, perSecond: rates[Math.floor(rates.length / 2)] ?? 0, passes: rates.length };
}

export function printTable(rows: readonly Measurement[], baseline: Measurement): void {
  for (const row of rows) {
    const ratio = row.perSecond / baseline.perSecond;
    const perOp = 1e6 / row.perSecond;
    console.log(
      `  ${row.name.padEnd(40)} ${Math.round(row.perSecond).toLocaleString('en-US').padStart(12)}/s  ${perOp.toFixed(3).padStart(8)} µs each  ${ratio.toFixed(1).padStart(6)}x baseline`,
    );
  }
}
