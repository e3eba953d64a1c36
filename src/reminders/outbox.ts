import type { Platform } from '../core/message.ts';
import type { Logger } from '../log.ts';
import type { OutboxEntry, Store } from '../store/store.ts';
import type { Delivery } from './delivery.ts';

export interface OutboxOptions {
  readonly store: Store;
  readonly deliveries: Partial<Record<Platform, Delivery>>;
  readonly now: () => Date;
  readonly log: Logger;
  /** Identifies this process in leases. */
  readonly owner: string;
  /** Called once when an entry fails for good (a channel gone, the bot removed). */
  readonly onPermanent: (entry: OutboxEntry, reason: string) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
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
/** Conversations served at once: one failing or slow channel never holds up the others. */
const PARALLEL_CONVERSATIONS = 64;

/**
 * Delivers queued messages, one queue per conversation. Within a conversation messages go in order and
 * no faster than the platform allows; across conversations they go in parallel. 429 waits for its
 * Retry-After, 5xx and network errors back off exponentially with full jitter, and permanent errors
 * end the entry and are reported. Entries are leased, so two processes never send the same one.
 */
export class Outbox {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly lastPost = new Map<string, number>();
  private draining: Promise<void> | null = null;

  constructor(private readonly options: OutboxOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Sends everything that is due. Concurrent calls share one run. */
  drain(): Promise<void> {
    this.draining ??= this.run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async run(): Promise<void> {
    const { store, now, owner } = this.options;
    for (;;) {
      const start = now();
      const entries = await store.leaseOutbox(owner, start, new Date(start.getTime() + LEASE_MS), BATCH);
      if (entries.length === 0) return;
      const byConversation = new Map<string, OutboxEntry[]>();
      for (const entry of entries) byConversation.set(entry.conversationKey, [...(byConversation.get(entry.conversationKey) ?? []), entry]);
      const queues = [...byConversation.values()];
      let next = 0;
      const workers = Array.from({ length: Math.min(PARALLEL_CONVERSATIONS, queues.length) }, async () => {
        while (next < queues.length) {
          const queue = queues[next++] ?? [];
          for (const entry of queue) await this.deliver(entry);
        }
      });
      await Promise.all(workers);
      // Go round again: delivering may have queued more (a note to the admins) or freed due retries.
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const { store, deliveries, log, now } = this.options;
    const delivery = deliveries[entry.platform];
    if (delivery === undefined) {
      await store.completeOutbox(entry.id, { kind: 'failed', error: `no ${entry.platform} adapter is running` });
      log.warn('outbox: no adapter for a queued message', { conversation: entry.conversationKey, platform: entry.platform });
      return;
    }
    let attempts = entry.attempts;
    for (let inline = 0; ; inline++) {
      await this.pace(entry.conversationKey, delivery.minIntervalMs);
      const result = await delivery.deliver(entry.conversationKey, entry.reply);
      this.lastPost.set(entry.conversationKey, Date.now());
      attempts++;
      if (result.kind === 'sent') {
        await store.completeOutbox(entry.id, { kind: 'sent', at: now() });
        return;
      }
      if (result.kind === 'permanent' || attempts >= MAX_ATTEMPTS) {
        const reason = result.kind === 'permanent' ? result.reason : `gave up after ${attempts} attempts: ${result.reason}`;
        await store.completeOutbox(entry.id, { kind: 'failed', error: reason });
        log.error('outbox: message could not be delivered', { conversation: entry.conversationKey, reason });
        await this.options.onPermanent(entry, reason);
        return;
      }
      const backoff = this.random() * Math.min(MAX_WAIT_MS, 1000 * 2 ** (attempts - 1));
      const wait = Math.min(MAX_WAIT_MS, result.afterMs ?? backoff);
      log.warn('outbox: delivery failed; retrying', { conversation: entry.conversationKey, reason: result.reason, attempt: attempts, waitMs: Math.round(wait) });
      if (inline + 1 >= INLINE_ATTEMPTS || wait > INLINE_MAX_WAIT_MS) {
        // Put it back for a later drain rather than hold this conversation's queue indefinitely.
        await store.completeOutbox(entry.id, { kind: 'retry', at: new Date(now().getTime() + wait), error: result.reason });
        return;
      }
      await this.sleep(wait);
    }
  }

  /** Waits until `minIntervalMs` has passed since the last post to this conversation. */
  private async pace(conversationKey: string, minIntervalMs: number): Promise<void> {
    const last = this.lastPost.get(conversationKey);
    if (last === undefined) return;
    const wait = last + minIntervalMs - Date.now();
    if (wait > 0) await this.sleep(wait);
  }
}
