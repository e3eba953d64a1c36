import { sleepOn, type CancelTimer, type Clock } from '../../src/infrastructure/clock.ts';

interface PendingTimer {
  readonly due: number;
  /** Order of setting, so that timers due at one instant fire in the order they were set. */
  readonly order: number;
  readonly ms: number;
  readonly fn: () => void;
}

/**
 * The setting for a bot whose clock a test moves by days: one inventory sync a day rather than every
 * 15 minutes, since moving the clock runs each sync that falls due on the way, and those are not what
 * such a test checks.
 */
export const ONE_SYNC_A_DAY = { INVENTORY_SYNC_MINUTES: '1440' } as const;

/** Event-loop turns given to the work a timer starts before the next one fires (see {@link ManualClock.advance}). */
const SETTLE_TURNS = 20;

/**
 * A clock that stands still until the test moves it. {@link advance} and {@link moveTo} run the timers
 * and sleeps that fall due on the way, each at its own instant and in order, and let the work each one
 * starts settle before the next; nothing fires on its own. A timer set for no time at all (a 429 that
 * asks for no wait) fires on the next turn of the event loop, as a real one would.
 *
 * Work that waits on the network is not "settled" by turning the event loop a few times: a test first
 * waits for what shows that the code got as far as waiting on the clock (a fake received the request,
 * {@link waitingFor} resolved), then advances.
 */
export class ManualClock implements Clock {
  private at: number;
  private timers: PendingTimer[] = [];
  private order = 0;
  private readonly watchers: { readonly ms: number; readonly resolve: () => void }[] = [];

  constructor(start: Date | string) {
    this.at = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.at);

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer: PendingTimer = { due: this.at + ms, order: this.order++, ms, fn };
    this.timers.push(timer);
    for (const watcher of this.watchers.filter((w) => w.ms === ms)) {
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /**
   * Resolves once something waits `ms` on this clock (a sleep, a timeout, a timer of that length set
   * and not yet fired or cancelled): the barrier a test passes before it advances past that wait.
   */
  waitingFor(ms: number): Promise<void> {
    if (this.timers.some((t) => t.ms === ms)) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ ms, resolve }));
  }

  /** Moves time forward by `ms` (see {@link moveTo}). */
  advance(ms: number): Promise<void> {
    return this.moveTo(new Date(this.at + ms));
  }

  /**
   * Moves time forward to `to`, firing every timer due by then at its own instant, earliest first,
   * including those that the fired ones set. Time never goes back: a `to` in the past is refused.
   */
  async moveTo(to: Date | string): Promise<void> {
    const target = new Date(to).getTime();
    if (target < this.at) throw new Error(`the clock does not go back from ${this.now().toISOString()} to ${new Date(target).toISOString()}`);
    await settle();
    for (let next = this.nextDue(target); next !== undefined; next = this.nextDue(target)) {
      this.timers = this.timers.filter((t) => t !== next);
      this.at = next.due;
      next.fn();
      await settle();
    }
    this.at = target;
    await settle();
  }

  private nextDue(target: number): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.timers) {
      if (timer.due > target) continue;
      if (next === undefined || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) next = timer;
    }
    return next;
  }
}

/** Lets promise chains and callbacks already queued run: a few turns of the event loop, never a wait on time. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < SETTLE_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
}
