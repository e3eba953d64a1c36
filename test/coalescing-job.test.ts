import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoalescingJob } from '../src/infrastructure/coalescing-job.ts';

/** A job whose every run waits until the test ends it, counting runs and how many were under way at once. */
class HeldJob {
  runs = 0;
  underWay = 0;
  mostAtOnce = 0;
  private readonly ends: (() => void)[] = [];

  readonly run = async (): Promise<void> => {
    this.runs++;
    this.underWay++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.underWay);
    await new Promise<void>((resolve) => this.ends.push(resolve));
    this.underWay--;
  };

  /** Ends the oldest run still waiting. */
  endOne(): void {
    const end = this.ends.shift();
    assert.ok(end !== undefined, 'a run is waiting to end');
    end();
  }
}

/** Resolves once every promise reaction already due has run: the microtask queue drains before setImmediate fires; no clock is involved. */
function everythingSettled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('a coalescing job', () => {
  it('runs once more, not once per call, for the calls that came while it ran, and never two runs at once', async () => {
    const held = new HeldJob();
    const job = new CoalescingJob(held.run, (error) => assert.fail(String(error)));
    const first = job.run();
    for (let i = 0; i < 3; i++) void job.run();
    held.endOne();
    await first;
    assert.equal(held.runs, 2, 'the three calls made one more run');
    held.endOne();
    await job.idle();
    assert.equal(held.runs, 2);
    assert.equal(held.mostAtOnce, 1);
  });

  it('runs again for a call after the last run ended', async () => {
    const held = new HeldJob();
    const job = new CoalescingJob(held.run, (error) => assert.fail(String(error)));
    const first = job.run();
    held.endOne();
    await first;
    const second = job.run();
    held.endOne();
    await second;
    assert.equal(held.runs, 2);
  });

  it('waits, when idle is asked for, for the run a call asked for while another was under way', async () => {
    const held = new HeldJob();
    const job = new CoalescingJob(held.run, (error) => assert.fail(String(error)));
    const first = job.run();
    void job.run();
    let idle = false;
    const waiting = job.idle().then(() => (idle = true));
    held.endOne();
    await first;
    await everythingSettled();
    assert.equal(held.runs, 2);
    assert.equal(idle, false, 'the second run is under way');
    held.endOne();
    await waiting;
    assert.equal(idle, true);
  });

  it('never rejects: a failure goes to onError, and the next call runs the job again', async () => {
    const failures: unknown[] = [];
    let runs = 0;
    const job = new CoalescingJob(
      () => {
        runs++;
        return runs === 1 ? Promise.reject(new Error('the store is closed')) : Promise.resolve();
      },
      (error) => failures.push(error),
    );
    await job.run();
    assert.deepEqual(
      failures.map((e) => (e as Error).message),
      ['the store is closed'],
    );
    await job.run();
    assert.equal(runs, 2);
    assert.equal(failures.length, 1);
  });
});
