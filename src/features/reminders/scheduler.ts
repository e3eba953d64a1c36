import type { AdminList } from '../../infrastructure/config/admins.ts';
import { cardReply } from '../../chat/reply.ts';
import { type Inventory } from '../inventory/inventory.ts';
import { fleetUnavailable } from '../../chat/ports.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { OutboxEntry, ReminderRecord, ReminderStore } from '../../infrastructure/store/store.ts';
import { checkSchedule, slotsBetween } from '../../domain/schedule/cron-plan.ts';
import type { CancelTimer, Clock } from '../../infrastructure/clock.ts';
import type { Outbox, OutboxStatus } from './outbox.ts';
import { buildReminder } from './reminder-message.ts';
import { platformOf } from '../../chat/message.ts';
import type { PostNowOutcome } from '../../chat/ports.ts';

export interface SchedulerOptions {
  readonly store: ReminderStore;
  readonly inventory: Inventory | null;
  readonly outbox: Outbox;
  readonly admins: AdminList;
  /** Says what is due, and ticks the scheduler at the start of every minute. */
  readonly clock: Clock;
  readonly log: Logger;
  /** Identifies this process in slot claims. */
  readonly instanceId: string;
  /** A slot missed by at most this much (downtime) is still sent, once; older ones are skipped. */
  readonly graceMs: number;
}

/** The planner never looks further back than this; longer downtimes only skip more. */
const MAX_LOOKBACK_MS = 30 * 24 * 3_600_000;
/** Slots are minutes: the scheduler ticks at the start of each. */
const MINUTE_MS = 60_000;

/**
 * Turns reminders into posts. Every tick asks the planner which slots fell due since the reminder was
 * last planned, claims the latest one in the store (so every process sharing the store posts it once),
 * queues its message in the outbox in the same transaction, and drains the outbox.
 */
export class ReminderScheduler {
  private stopTicking: CancelTimer | null = null;
  private ticking: Promise<void> | null = null;
  /** The last permanent delivery failure per conversation, for {@link postNow}. */
  private readonly failures = new Map<string, string>();

  constructor(private readonly options: SchedulerOptions) {}

  /**
   * Ticks now (to catch slots missed while down) and then at the start of every minute, on the injected
   * clock. A tick that comes while the last one still runs joins it (see {@link tick}).
   */
  start(): void {
    void this.tick();
    this.tickAtNextMinute();
  }

  private tickAtNextMinute(): void {
    const { clock } = this.options;
    this.stopTicking = clock.setTimer(MINUTE_MS - (clock.now().getTime() % MINUTE_MS), () => {
      this.tickAtNextMinute();
      void this.tick();
    });
  }

  /**
   * Stops ticking. Posts in flight get `deliveryGraceMs` to be answered and recorded; then they are
   * abandoned (and retried later), so a hung post never holds up shutdown for longer.
   */
  async stop(deliveryGraceMs = 0): Promise<void> {
    this.stopTicking?.();
    this.stopTicking = null;
    await this.options.outbox.stop(deliveryGraceMs);
    await this.ticking;
  }

  /** Why the bot cannot post into a conversation, as its platform says, or null (see {@link Outbox.probe}). */
  cannotPost(conversationKey: string, platform: OutboxEntry['platform']): Promise<string | null> {
    return this.options.outbox.probe(conversationKey, platform);
  }

  /** What delivery is doing in this process, for `/healthz`. */
  deliveryStatus(): OutboxStatus {
    return this.options.outbox.status();
  }

  /** One planning pass at the injected clock's now, then delivery. Concurrent calls share one pass. */
  tick(): Promise<void> {
    this.ticking ??= this.plan()
      .then(() => this.options.outbox.drain())
      .catch((error: unknown) => this.options.log.error('reminders: tick failed', { error }))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async plan(): Promise<void> {
    const { store, inventory, clock, log, graceMs, instanceId } = this.options;
    const at = clock.now();
    const reminders = await store.reminders();
    if (reminders.length === 0) return;
    const views = inventory === null ? [] : await inventory.view(at);
    const freshness = inventory === null ? 'no inventory configured' : `${inventory.description}: ${inventory.freshness(at)}`;
    const unavailable = fleetUnavailable(inventory);
    for (const reminder of reminders) {
      const checked = checkSchedule(reminder.cron, reminder.timezone);
      if (!checked.ok) {
        log.error('reminders: stored schedule no longer reads', { reminder: reminder.id, problem: checked.problem });
        continue;
      }
      const from = new Date(Math.max(reminder.checkedThrough.getTime(), at.getTime() - MAX_LOOKBACK_MS));
      const slots = reminder.paused ? [] : slotsBetween(checked.schedule, from, at);
      const onTime = slots.filter((slot) => at.getTime() - slot.at.getTime() <= graceMs);
      for (const missed of slots.filter((slot) => !onTime.includes(slot))) {
        log.warn('reminders: slot missed beyond the grace period; skipped', { reminder: reminder.id, slot: missed.key });
      }
      const latest = onTime.at(-1);
      if (latest !== undefined) {
        for (const older of onTime.slice(0, -1))
          log.info('reminders: an older missed slot is folded into the latest', { reminder: reminder.id, slot: older.key });
        const content = buildReminder(reminder, views, freshness, unavailable);
        const claimed = await store.claimSlot(reminder, latest, instanceId, content.kind === 'post' ? content : { kind: 'quiet' }, at);
        log.info(claimed ? 'reminders: slot claimed' : 'reminders: slot already claimed elsewhere', {
          reminder: reminder.id,
          slot: latest.key,
          action: content.kind,
        });
      }
      await store.updateReminder(reminder.id, { checkedThrough: at });
    }
  }

  /**
   * Posts a reminder at once, outside its schedule (`remind test`), without touching its slots. Resolves
   * once the outbox is done, which each attempt's timeout bounds: a hung channel delays the answer, never
   * stops it. `queued` when the platform did not confirm the post in time (it stays in the outbox and is
   * retried), `failed` with the platform's reason when it refused the post for good (the bot is not in
   * the channel), so that `remind test` never claims a post it cannot see.
   */
  async postNow(reminder: ReminderRecord): Promise<PostNowOutcome> {
    const { store, inventory, clock, outbox } = this.options;
    const at = clock.now();
    const views = inventory === null ? [] : await inventory.view(at);
    const content = buildReminder(
      { ...reminder, lastDigest: null },
      views,
      inventory === null ? 'no inventory configured' : `${inventory.description}: ${inventory.freshness(at)}`,
      fleetUnavailable(inventory),
    );
    this.failures.delete(reminder.conversationKey);
    if (content.kind === 'post') await store.enqueue(reminder.conversationKey, reminder.platform, content.reply, at);
    await outbox.drain();
    const failed = this.failures.get(reminder.conversationKey);
    if (failed !== undefined) return { kind: 'failed', reason: failed };
    return { kind: outbox.status().stuck.some((s) => s.conversation === reminder.conversationKey) ? 'queued' : 'posted' };
  }

  /** A permanent failure pauses the reminder that caused it and tells the admins where they can be told. */
  async onPermanentFailure(entry: OutboxEntry, reason: string): Promise<void> {
    const { store, admins, clock, log } = this.options;
    // Kept for postNow, which asks how the post it queued went; the platform's reason says what to do.
    this.failures.set(entry.conversationKey, reason);
    if (entry.reminderId === null) return;
    await store.updateReminder(
      entry.reminderId,
      { paused: true, pausedReason: reason },
      {
        at: clock.now(),
        platform: entry.platform,
        actor: 'bot',
        actorName: 'screenos-bot',
        action: 'remind pause',
        subject: `reminder ${entry.reminderId}`,
        detail: `delivery to ${entry.conversationKey} failed`,
        reason,
      },
    );
    const notice = cardReply(
      {
        title: `Reminder ${entry.reminderId} is paused`,
        tone: 'warning',
        elements: [
          {
            kind: 'text',
            text: `Posting to ${entry.conversationKey} failed for good: ${reason}. Fix it (or remove the reminder), then: remind resume ${entry.reminderId}`,
          },
        ],
        actions: [],
      },
      'private',
    );
    const targets = admins.conversationKeys().filter((key) => key !== entry.conversationKey);
    for (const key of targets) await store.enqueue(key, platformOf(key), notice, clock.now());
    log.warn('reminders: paused after a permanent delivery failure; admins told', { reminder: entry.reminderId, reason, told: targets });
  }
}
