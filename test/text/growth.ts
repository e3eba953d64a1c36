/**
 * Checks that work grows linearly with its input without trusting the wall clock: the time for an input
 * four times as long, divided by the time for the input, is about 4 for linear work and about 16 for
 * quadratic work, whatever the machine's speed; so wide a gap that a busy machine's noise does not close it. The same ratio for a known-linear function (a global replace over
 * the same input) is measured alongside, so that what slows every function on big inputs (caches, the
 * garbage collector) is allowed for. Each time is the minimum of several rounds, which shared machines
 * only ever make slower, never faster.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

/** How much longer the large input is than the small one. */
const FACTOR = 4;

export interface Growth {
  /** Time for the input {@link FACTOR} times as long over time for the input. */
  readonly ratio: number;
  /** The same for `String.prototype.replace` over the same inputs. */
  readonly baselineRatio: number;
}

type Work = (input: string) => unknown;

const ROUNDS = 7;
/** Each sample repeats the work until it takes this long, so that timer resolution does not matter. */
const SAMPLE_MS = 4;
const ATTEMPTS = 5;

async function runTimes(work: Work, input: string, times: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < times; i++) await work(input);
  return performance.now() - start;
}

/** How many calls on `input` make one sample: at least one, however slow a call is. */
async function repetitions(work: Work, input: string): Promise<number> {
  let times = 1;
  while ((await runTimes(work, input, times)) < SAMPLE_MS && times < 1_000_000) times *= 2;
  return times;
}

async function minimumRatio(work: Work, small: string, large: string): Promise<number> {
  await runTimes(work, small, 2);
  await runTimes(work, large, 2);
  const times = await repetitions(work, small);
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    bestSmall = Math.min(bestSmall, await runTimes(work, small, times));
    bestLarge = Math.min(bestLarge, await runTimes(work, large, times));
  }
  return bestLarge / Math.max(bestSmall, Number.EPSILON);
}

const linearBaseline: Work = (input) => input.replace(/[\s\S]/g, '.');

/** Measures how the time of `work` grows from `input(n)` to `input(4n)`, next to the linear baseline. */
export async function measureGrowth(work: Work, input: (n: number) => string, n: number): Promise<Growth> {
  const small = input(n);
  const large = input(FACTOR * n);
  return { ratio: await minimumRatio(work, small, large), baselineRatio: await minimumRatio(linearBaseline, small, large) };
}

/**
 * Fails unless four times the input takes at most about four times as long: the ratio must stay under 8,
 * or under 1.5 times the baseline's ratio when big inputs slow even the baseline (capped at 10, still well
 * below quadratic growth's 16). A measurement disturbed by other processes is taken again, up to five times.
 */
export async function assertLinear(work: Work, input: (n: number) => string, n: number): Promise<void> {
  const seen: Growth[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const growth = await measureGrowth(work, input, n);
    if (growth.ratio < Math.min(2.5 * FACTOR, Math.max(2 * FACTOR, 1.5 * growth.baselineRatio))) return;
    seen.push(growth);
  }
  const figures = seen.map((g) => `${g.ratio.toFixed(1)}× (baseline ${g.baselineRatio.toFixed(1)}×)`).join(', ');
  assert.fail(`${FACTOR} times the input (from ${n.toLocaleString('en-US')} characters) multiplied the time by ${figures}: more than linear`);
}
