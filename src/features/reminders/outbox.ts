import type { Platform } from '../../chat/message.ts';
import type { Reply } from '../../chat/reply.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { OutboxEntry, OutboxStore } from '../../infrastructure/store/store.ts';
import { settleWithin, timeoutSignal, type Clock } from '../../infrastructure/clock.ts';
import { OUTBOUND_TIMEOUT_MS, timedOut, type Delivery, type DeliveryResult, type PostedCheck } from './delivery.ts';

export interface OutboxOptions {
  readonly store: OutboxStore;
  readonly deliveries: Partial<Record<Platform, Delivery>>;
  /** Times attempts, backoffs, pacing, leases and the stop's grace. */
  readonly clock: Clock;
  readonly log: Logger;
  /** Identifies this process in leases. */
  readonly owner: string;
  /** Called once when an entry fails for good (a channel gone, the bot removed). */
  readonly onPermanent: (entry: OutboxEntry, reason: string) => Promise<void>;
  readonly random?: () => number;
  /** How long one attempt may take when its delivery names no timeout of its own. */
  readonly attemptTimeoutMs?: number;
  /** Told how each attempt on an entry ended (the deliveries counter of `/metrics`); nobody when absent. */
  readonly onOutcome?: (platform: Platform, outcome: DeliveryOutcome) => void;
}

/**
 * How one go at an entry ended: posted; found already posted by an earlier attempt; put back to be
 * tried again (a 429, a 5xx, no answer, or an earlier attempt not accounted for); or given up on.
 */
export type DeliveryOutcome = 'sent' | 'already_posted' | 'retried' | 'failed';

/** A conversation whose messages are not getting through, as `/healthz` shows it. */
export interface StuckConversation {
  readonly conversation: string;
  /** When its current run of failed attempts began (ISO 8601). */
  readonly since: string;
  /** Attempts made so far on the message at its head. */
  readonly attempts: number;
  readonly lastError: string;
}

/** What the outbox of this process is doing, for `/healthz`. */
export interface OutboxStatus {
  /** Messages this process holds: being posted, or waiting for their turn in their conversation. */
  readonly pending: number;
  /** Conversations whose last attempt failed and has not succeeded since. */
  readonly stuck: readonly StuckConversation[];
}

/** Retries made in place (waiting as asked) before an entry is put back for a later drain. */
const INLINE_ATTEMPTS = 6;
/** Longer waits are not slept through: the entry goes back with its time, and the next drain takes it. */
const INLINE_MAX_WAIT_MS = 5_000;
/** After this many attempts in all, an entry is given up on and the admins are told. */
const MAX_ATTEMPTS = 12;
const MAX_WAIT_MS = 60_000;
const LEASE_MS = 5 * 60_000;
const BATCH = 5000;
/** Conversations served at once; the rest wait for a free slot, never for a particular conversation. */
const PARALLEL_CONVERSATIONS = 64;
/**
 * How far before an attempt's recorded start the platform's history is searched for it: the clocks of
 * the replica and the platform may disagree by this much.
 */
const HISTORY_MARGIN_MS = 2 * 60_000;

/** One conversation's delivery, running on its own. */
interface ConversationTask {
  readonly queue: OutboxEntry[];
  current: OutboxEntry | null;
  done: Promise<void>;
}

/** After an entry: go on with the conversation's next one, or leave the rest to a later drain. */
type Next = 'next' | 'hold';

/**
 * Delivers queued messages, one queue per conversation. Within a conversation messages go in order and
 * no faster than the platform allows; each conversation is its own task, so a slow or hung one never
 * holds up the others. 429 waits for its Retry-After, 5xx and network errors back off exponentially with
 * full jitter, and permanent errors end the entry and are reported. Every attempt has a timeout: one
 * that gets no answer counts as an attempt whose outcome is unknown, and is retried by a later drain.
 * Entries are leased, so two processes never send the same one.
 *
 * Every attempt is recorded as started before anything is sent. An entry leased with an attempt whose
 * outcome nobody learned (its process died mid-send, or the platform did not answer) is first looked
 * for in the conversation (see {@link Delivery.findPosted}); found, it is marked sent without posting.
 */
export class Outbox {
  private readonly random: () => number;
  private readonly attemptTimeoutMs: number;
  private readonly lastPost = new Map<string, number>();
  private readonly tasks = new Map<string, ConversationTask>();
  /** Conversations leased while every slot was taken, in the order they came. */
  private readonly backlog = new Map<string, OutboxEntry[]>();
  private readonly stuck = new Map<string, StuckConversation>();
  /** Aborted by {@link stop}: nothing new is leased, attempted or waited for. */
  private readonly stopping = new AbortController();
  /** Aborted when the stop's grace runs out: attempts still in flight are given up on. */
  private readonly abandoning = new AbortController();
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;

  constructor(private readonly options: OutboxOptions) {
    this.random = options.random ?? Math.random;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? OUTBOUND_TIMEOUT_MS;
  }

  /**
   * Sends everything that is due and resolves when nothing is left to do. Concurrent calls share one
   * run, and a call during a run makes it look for new entries at once. Every attempt is bounded by its
   * timeout, so this never waits on a hung conversation for longer than that.
   */
  drain(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    if (this.running !== null) {
      this.poke();
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Stops within `graceMs`: nothing new is started, and entries not yet tried stay leased until their
   * lease runs out. An attempt already sent may finish within the grace, so that its outcome is recorded
   * (a Teams post abandoned mid-send may be posted twice later); past it, it is abandoned, its outcome
   * unknown, and put back to be retried. With no grace, attempts in flight are abandoned at once.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopping.abort();
    this.poke();
    const cancelGrace = graceMs > 0 ? this.options.clock.setTimer(graceMs, () => this.abandoning.abort()) : undefined;
    if (cancelGrace === undefined) this.abandoning.abort();
    try {
      await this.running;
    } finally {
      cancelGrace?.();
      this.abandoning.abort();
    }
  }

  /**
   * Why the platform says the bot cannot post into a conversation, or null (it can, it cannot tell, or it
   * did not answer within the attempt timeout: adding a reminder must not hang on a platform).
   */
  async probe(conversationKey: string, platform: Platform): Promise<string | null> {
    const delivery = this.options.deliveries[platform];
    if (delivery?.probe === undefined) return null;
    const signal = timeoutSignal(this.options.clock, delivery.timeoutMs ?? this.attemptTimeoutMs);
    const expired = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }));
    return Promise.race([delivery.probe(conversationKey, signal).catch(() => null), expired]);
  }

  status(): OutboxStatus {
    let pending = 0;
    for (const task of this.tasks.values()) pending += task.queue.length + (task.current === null ? 0 : 1);
    for (const entries of this.backlog.values()) pending += entries.length;
    return { pending, stuck: [...this.stuck.values()] };
  }

  private async run(): Promise<void> {
    const { store, clock, owner } = this.options;
    for (;;) {
      this.woken = false;
      if (!this.stopping.signal.aborted) {
        const start = clock.now();
        const entries = await store.leaseOutbox(owner, start, new Date(start.getTime() + LEASE_MS), BATCH);
        for (const entry of entries) this.dispatch(entry);
      }
      if (this.tasks.size === 0) return;
      if (this.woken) continue;
      // Lease again when a conversation finishes (it may have queued a note to the admins, or freed a
      // slot) or when someone queued more; never wait for all conversations together.
      const woken = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      await Promise.race([woken, ...[...this.tasks.values()].map((task) => task.done)]);
      this.wake = null;
    }
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Hands an entry to its conversation's task, starting one when a slot is free. */
  private dispatch(entry: OutboxEntry): void {
    const key = entry.conversationKey;
    const task = this.tasks.get(key);
    if (task !== undefined) {
      task.queue.push(entry);
      return;
    }
    const waiting = this.backlog.get(key);
    if (waiting !== undefined) waiting.push(entry);
    else if (this.tasks.size >= PARALLEL_CONVERSATIONS) this.backlog.set(key, [entry]);
    else this.start(key, [entry]);
  }

  private start(key: string, queue: OutboxEntry[]): void {
    const task: ConversationTask = { queue, current: null, done: Promise.resolve() };
    this.tasks.set(key, task);
    task.done = this.serve(task)
      .catch((error: unknown) => this.options.log.error('outbox: delivery to a conversation failed', { conversation: key, error }))
      .finally(() => {
        this.tasks.delete(key);
        const [next] = this.backlog;
        if (next !== undefined && !this.stopping.signal.aborted) {
          this.backlog.delete(next[0]);
          this.start(next[0], next[1]);
        }
      });
  }

  private async serve(task: ConversationTask): Promise<void> {
    for (let entry = task.queue.shift(); entry !== undefined; entry = task.queue.shift()) {
      if (this.stopping.signal.aborted) {
        // Stopping: the rest keep their lease, untouched, for the next process that drains.
        task.queue.length = 0;
        return;
      }
      task.current = entry;
      const next = await this.deliver(entry);
      task.current = null;
      if (next === 'hold') {
        // The rest keep their lease and come back after it, behind the entry put back for a retry, so
        // the conversation's order holds and a hung channel costs one timeout per drain, not one a message.
        task.queue.length = 0;
        return;
      }
    }
  }

  private async deliver(entry: OutboxEntry): Promise<Next> {
    const { store, deliveries, log } = this.options;
    const { now } = this.options.clock;
    const conversation = entry.conversationKey;
    const delivery = deliveries[entry.platform];
    if (delivery === undefined) {
      await store.completeOutbox(entry.id, { kind: 'failed', error: `no ${entry.platform} adapter is running` });
      this.count(entry, 'failed');
      log.warn('outbox: no adapter for a queued message', { conversation, platform: entry.platform });
      return 'next';
    }
    if (entry.content.kind === 'unreadable') {
      // Written by a release that stores replies differently: posting it could only go wrong.
      await store.completeOutbox(entry.id, { kind: 'failed', error: entry.content.reason });
      this.count(entry, 'failed');
      log.error('outbox: a queued message cannot be read; not posted', { conversation, entry: entry.id, reason: entry.content.reason });
      return 'next';
    }
    const reply = entry.content.reply;
    let attempts = entry.attempts;
    const find = delivery.findPosted?.bind(delivery);
    if (entry.attemptStartedAt !== null && find !== undefined) {
      const since = new Date(entry.attemptStartedAt.getTime() - HISTORY_MARGIN_MS);
      const check = await this.bounded<PostedCheck>(delivery, { kind: 'unknown', reason: 'the platform did not answer in time' }, (signal) =>
        find(conversation, entry.id, since, signal),
      );
      if (check.kind === 'posted') {
        await store.completeOutbox(entry.id, { kind: 'sent', at: now() });
        this.count(entry, 'already_posted');
        this.stuck.delete(conversation);
        log.info('outbox: an earlier attempt had posted the message; not posting it again', { conversation, entry: entry.id });
        return 'next';
      }
      if (check.kind === 'unknown') {
        attempts++;
        const reason = `cannot tell whether an earlier attempt posted it: ${check.reason}`;
        this.stuck.set(conversation, { conversation, since: this.stuck.get(conversation)?.since ?? now().toISOString(), attempts, lastError: reason });
        log.warn('outbox: not posting until an earlier attempt is accounted for', { conversation, entry: entry.id, reason: check.reason });
        const wait = this.random() * Math.min(MAX_WAIT_MS, 1000 * 2 ** Math.max(0, attempts - 1));
        await store.completeOutbox(entry.id, { kind: 'retry', at: new Date(now().getTime() + wait), error: reason, outcomeUnknown: true });
        this.count(entry, 'retried');
        return 'hold';
      }
    }
    for (let inline = 0; ; inline++) {
      await this.pace(conversation, delivery.minIntervalMs);
      if (this.stopping.signal.aborted) return 'hold';
      await store.startAttempt(entry.id, now());
      const result = await this.attempt(delivery, entry, reply);
      this.lastPost.set(conversation, now().getTime());
      attempts++;
      // The store counts every attempt made under this lease, so that MAX_ATTEMPTS holds across drains.
      const made = attempts - entry.attempts;
      if (result.kind === 'sent') {
        await store.completeOutbox(entry.id, { kind: 'sent', at: now(), attempts: made });
        this.count(entry, 'sent');
        this.stuck.delete(conversation);
        return 'next';
      }
      if (result.kind === 'permanent' || attempts >= MAX_ATTEMPTS) {
        const reason = result.kind === 'permanent' ? result.reason : `gave up after ${attempts} attempts: ${result.reason}`;
        await store.completeOutbox(entry.id, { kind: 'failed', error: reason, attempts: made });
        this.count(entry, 'failed');
        this.stuck.delete(conversation);
        log.error('outbox: message could not be delivered', { conversation, reason });
        await this.options.onPermanent(entry, reason);
        return 'next';
      }
      this.count(entry, 'retried');
      const backoff = this.random() * Math.min(MAX_WAIT_MS, 1000 * 2 ** (attempts - 1));
      const wait = Math.min(MAX_WAIT_MS, result.afterMs ?? backoff);
      this.stuck.set(conversation, { conversation, since: this.stuck.get(conversation)?.since ?? now().toISOString(), attempts, lastError: result.reason });
      log.warn('outbox: delivery failed; retrying', { conversation, reason: result.reason, attempt: attempts, waitMs: Math.round(wait) });
      // An attempt that got no answer is not repeated at once: the channel is likely still hung.
      const unknown = result.timedOut === true;
      const hold = unknown || this.stopping.signal.aborted;
      if (hold || inline + 1 >= INLINE_ATTEMPTS || wait > INLINE_MAX_WAIT_MS) {
        // Put it back for a later drain rather than hold this conversation's queue indefinitely.
        await store.completeOutbox(entry.id, {
          kind: 'retry',
          at: new Date(now().getTime() + wait),
          error: result.reason,
          outcomeUnknown: unknown,
          attempts: made,
        });
        return hold ? 'hold' : 'next';
      }
      await this.pause(wait);
    }
  }

  private count(entry: OutboxEntry, outcome: DeliveryOutcome): void {
    this.options.onOutcome?.(entry.platform, outcome);
  }

  /** One attempt, given up on (outcome unknown) at its timeout or when the outbox stops. */
  private attempt(delivery: Delivery, entry: OutboxEntry, reply: Reply): Promise<DeliveryResult> {
    const ms = delivery.timeoutMs ?? this.attemptTimeoutMs;
    return this.bounded<DeliveryResult>(
      delivery,
      timedOut(ms),
      (signal) =>
        delivery
          .deliver(entry.conversationKey, reply, { signal, entryId: entry.id })
          .catch((error: unknown): DeliveryResult => ({ kind: 'retry', reason: error instanceof Error ? error.message : String(error) })),
      { kind: 'retry', reason: 'stopped while posting; it may or may not have been posted', timedOut: true },
    );
  }

  /** Runs `call`, settling with `expired` at the delivery's timeout, or `stopped` when the outbox stops. */
  private async bounded<T>(delivery: Delivery, expired: T, call: (signal: AbortSignal) => Promise<T>, stopped: T = expired): Promise<T> {
    const ms = delivery.timeoutMs ?? this.attemptTimeoutMs;
    const controller = new AbortController();
    const stop = this.onStop<T>(stopped, this.abandoning.signal);
    try {
      return await settleWithin(this.options.clock, Promise.race([call(controller.signal), stop.promise]), ms, () => expired);
    } finally {
      stop.release();
      controller.abort();
    }
  }

  /** Waits until `minIntervalMs` has passed since the last post to this conversation. */
  private async pace(conversationKey: string, minIntervalMs: number): Promise<void> {
    const last = this.lastPost.get(conversationKey);
    if (last === undefined) return;
    const wait = last + minIntervalMs - this.options.clock.now().getTime();
    if (wait > 0) await this.pause(wait);
  }

  /** Sleeps, but no longer than until the outbox stops. */
  private async pause(ms: number): Promise<void> {
    // The sleep ends early, by rejecting, only when the outbox stops.
    await this.options.clock.sleep(ms, this.stopping.signal).catch(() => undefined);
  }

  /** Resolves with `value` when `signal` aborts; `release` detaches it, so waits leave nothing behind. */
  private onStop<T>(value: T, signal: AbortSignal): { readonly promise: Promise<T>; readonly release: () => void } {
    let release = (): void => undefined;
    const promise = new Promise<T>((resolve) => {
      if (signal.aborted) {
        resolve(value);
        return;
      }
      const listener = (): void => resolve(value);
      signal.addEventListener('abort', listener, { once: true });
      release = () => signal.removeEventListener('abort', listener);
    });
    return { promise, release };
  }
}
