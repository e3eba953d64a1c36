/**
 * Checks that work grows linearly with its input without trusting the wall clock: the time for an input
 * twice as long, divided by the time for the input, is about 2 for linear work and about 4 for quadratic
 * work, whatever the machine's speed. The same ratio for a known-linear function (a global replace over
 * the same input) is measured alongside, so that what slows every function on big inputs (caches, the
 * garbage collector) is allowed for. Each time is the minimum of several rounds, which shared machines
 * only ever make slower, never faster.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

export interface Growth {
  /** Time for the doubled input over time for the input. */
  readonly ratio: number;
  /** The same for `String.prototype.replace` over the same inputs. */
  readonly baselineRatio: number;
}

type Work = (input: string) => unknown;

const ROUNDS = 7;
/** Each sample repeats the work until it takes this long, so that timer resolution does not matter. */
const SAMPLE_MS = 4;
const ATTEMPTS = 3;

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

/** Measures how the time of `work` grows from `input(n)` to `input(2n)`, next to the linear baseline. */
export async function measureGrowth(work: Work, input: (n: number) => string, n: number): Promise<Growth> {
  const small = input(n);
  const large = input(2 * n);
  return { ratio: await minimumRatio(work, small, large), baselineRatio: await minimumRatio(linearBaseline, small, large) };
}

/**
 * Fails unless doubling the input at most about doubles the time of `work`: the ratio must stay under 3,
 * or under 1.5 times the baseline's ratio when big inputs slow even the baseline (capped at 3.6, still
 * well below quadratic growth). A measurement disturbed by other processes is taken again, up to three times.
 */
export async function assertLinear(work: Work, input: (n: number) => string, n: number): Promise<void> {
  const seen: Growth[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const growth = await measureGrowth(work, input, n);
    if (growth.ratio < Math.min(3.6, Math.max(3, 1.5 * growth.baselineRatio))) return;
    seen.push(growth);
  }
  const figures = seen.map((g) => `${g.ratio.toFixed(1)}× (baseline ${g.baselineRatio.toFixed(1)}×)`).join(', ');
  assert.fail(`doubling the input from ${n.toLocaleString('en-US')} characters multiplied the time by ${figures}: more than linear`);
}
