/** Where delivery ids outlive the process: the store, so that a restart does not forget them. */
export interface DeliveryLog {
  /**
   * True the first time `key` is marked while unexpired, false for every repeat; keys past their
   * `expiresAt` are forgotten. Shared by every process on the store, so one of them wins.
   */
  markDelivery(key: string, at: Date, expiresAt: Date): Promise<boolean>;
}

/**
 * Slack redelivers an event when it did not see the acknowledgement in time (`x-slack-retry-num`),
 * and occasionally delivers one twice. Each delivery carries a stable id: `event_id` for events,
 * `trigger_id` for slash commands and button presses. Remembering the ids seen in the last hour
 * (Slack retries within minutes) makes every answer go out once.
 *
 * The ids are kept in the store as well: Slack accepts a signed request for five minutes, so a captured
 * request replayed after a restart would otherwise run a state change again. Memory answers the
 * frequent repeat (a retry) without touching the store.
 */
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => Date,
    private readonly durable: DeliveryLog | null = null,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly capacity = 50_000,
  ) {}

  /** True the first time a key is offered within the time window; false for every repeat. */
  async isFirst(key: string): Promise<boolean> {
    const now = this.now().getTime();
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(key, now);
    if (this.seen.size > this.capacity) this.evict(now);
    return this.durable === null ? true : this.durable.markDelivery(key, new Date(now), new Date(now + this.ttlMs));
  }

  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at >= this.ttlMs || this.seen.size > this.capacity) this.seen.delete(key);
      else break;
    }
  }
}

/** The id that identifies one delivery, or null when the body has none. */
export function deliveryKey(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.event_id === 'string') return `slack:event:${record.event_id}`;
  if (typeof record.trigger_id === 'string') return `slack:trigger:${record.trigger_id}`;
  return null;
}
