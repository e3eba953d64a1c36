/**
 * The bot's one source of time. Whatever reads the time or waits on it (reminder slots, retries with
 * backoff, timeouts, periodic syncs, leases, cache ages, log stamps) takes a {@link Clock} handed down
 * from the composition root instead of asking the platform. A test then moves time across a reminder
 * slot, a DST change or a 15-second timeout instead of waiting for it, and nothing it checks drifts
 * with the machine's load. This is the only file under src/, adapters/ and app/ that touches the
 * platform's clock and timers; test/boundary.test.ts holds that.
 */

/** Stops a timer that has not fired yet; does nothing once it has. */
export type CancelTimer = () => void;

export interface TimerOptions {
  /**
   * Whether a pending timer keeps the process alive; true unless false. Housekeeping that nobody waits
   * on (a periodic sync, a retry in the background, the shutdown deadline) passes false, as node's
   * `unref` does, so that it never holds a finished process open.
   */
  readonly keepAlive?: boolean;
}

export interface Clock {
  /**
   * The current instant. A function-valued property rather than a method, so that `clock.now` may be
   * handed on alone to code that only reads the time (`now: () => Date`).
   */
  readonly now: () => Date;
  /**
   * Resolves `ms` from now. Rejects with `signal`'s reason as soon as it aborts, and the timer goes with
   * it, so that a component that is stopping is never held up by a backoff.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once, `ms` from now, unless the returned function is called first. */
  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer;
}

/** The machine's clock and node's timers: what the composition roots hand down outside tests. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) => sleepOn(systemClock, ms, signal),
  setTimer(ms, fn, options = {}) {
    const timer = setTimeout(fn, ms);
    if (options.keepAlive === false) timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * {@link Clock.sleep} built on a clock's timer, so that every clock (the test one included) sleeps and
 * aborts the same way.
 */
export function sleepOn(clock: Pick<Clock, 'setTimer'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(reasonOf(signal));
      return;
    }
    const onAbort = (): void => {
      cancel();
      if (signal !== undefined) reject(reasonOf(signal));
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why `signal` aborted, as an Error (its default reason, an `AbortError`, is one already). */
function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * Calls `fn` every `ms` until cancelled. It never keeps the process alive: periodic work (syncs,
 * refreshes, probes) runs for as long as something else (a listener, the chat) does.
 */
export function repeat(clock: Clock, ms: number, fn: () => void): CancelTimer {
  const background: TimerOptions = { keepAlive: false };
  const tick = (): void => {
    cancel = clock.setTimer(ms, tick, background);
    fn();
  };
  let cancel = clock.setTimer(ms, tick, background);
  return () => cancel();
}

/**
 * A signal that aborts `ms` from now with a `TimeoutError`, as `AbortSignal.timeout` does, but on
 * `clock`. Its timer never keeps the process alive, and is left to run out: aborting a signal nobody
 * listens to any more is harmless.
 */
export function timeoutSignal(clock: Clock, ms: number): AbortSignal {
  const controller = new AbortController();
  clock.setTimer(ms, () => controller.abort(new DOMException(`The operation timed out after ${ms} ms`, 'TimeoutError')), { keepAlive: false });
  return controller.signal;
}

/**
 * Settles as `work` does, or, once `ms` have passed first, with what `expired` returns (or rejects with
 * what it throws). `work` may go on in the background, but nothing waits on it any more; the timer is
 * cancelled whichever way it ends.
 */
export function settleWithin<T, U>(clock: Clock, work: Promise<T>, ms: number, expired: () => U): Promise<T | U> {
  let cancel: CancelTimer = () => undefined;
  const timeout = new Promise<U>((resolve, reject) => {
    cancel = clock.setTimer(ms, () => {
      try {
        resolve(expired());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  return Promise.race([work, timeout]).finally(() => cancel());
}
