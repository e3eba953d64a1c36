import type { CancelTimer, Clock } from '../../infrastructure/clock.ts';
import { CoalescingJob } from '../../infrastructure/coalescing-job.ts';
import type { Conversation, Platform } from '../../chat/message.ts';
import { cardReply, imagesIn, type Reply } from '../../chat/reply.ts';
import { describeChanges } from '../../domain/fleet/changes.ts';
import { type Inventory } from '../inventory/inventory.ts';
import { fleetUnavailable, type BriefingPort } from '../../chat/ports.ts';
import { type DeviceView } from '../../domain/fleet/fleet-audit.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { dayOf } from '../../domain/progress/burn-down.ts';
import { loadProgress, progressChart } from '../../chat/render/progress-report.ts';
import type { BriefingStore, LeaseStore, ProgressStore } from '../../infrastructure/store/store.ts';
import { withLease, type LeaseTerms } from '../../infrastructure/store/with-lease.ts';
import { buildBriefing, type BriefingDigest, type BriefingProgress } from './briefing.ts';
import { platformKey } from '../../chat/message.ts';

/** A platform's way of posting a message it can edit later, and of adding a line to its thread. */
export interface BriefingPublisher {
  /**
   * Posts visibly; resolves with the platform's id of the message. Rejects with a `not_in_conversation`
   * BotError, worded by the platform (how to invite the bot), when the bot may not post there.
   */
  publish(conversationKey: string, reply: Reply): Promise<string>;
  update(conversationKey: string, messageRef: string, reply: Reply): Promise<void>;
  /** A short follow-up in the message's thread ("what changed"). */
  note(conversationKey: string, messageRef: string, reply: Reply): Promise<void>;
}

/** How long a replica may hold the right to edit briefings (or post one) before another may take it. */
const BRIEFING_LEASE_MS = 2 * 60_000;
const REFRESH_LEASE = 'briefing-refresh';

export interface BriefingServiceOptions {
  readonly store: BriefingStore & LeaseStore & Pick<ProgressStore, 'progressHistory'>;
  readonly catalog: AdvisoryCatalog;
  readonly inventory: Inventory | null;
  /** What the briefings show is as of its now; it also times the retry after another replica's edit. */
  readonly clock: Clock;
  readonly log: Logger;
  /** Channels whose name matches get a briefing when the bot joins or they are created. */
  readonly channelPattern: RegExp;
  readonly defaultAdvisory: string;
  /** Names this process in the briefing leases. */
  readonly owner: string;
  /** How soon a refresh that found another replica editing tries again; tests make it short. */
  readonly retryMs?: number;
}

/**
 * Incident briefings as living messages: posted once per conversation and bulletin, stored with the
 * platform's message id, and edited in place whenever the exposure they show changes (an inventory
 * sync, an ack or snooze), with a one-line "what changed" in their thread. Survives restarts.
 *
 * Replicas edit under a lease, one at a time: a refresh that finds another replica editing tries again
 * shortly after, and then compares against what that replica stored, so a change is applied once.
 */
export class BriefingService implements BriefingPort {
  /** Filled in by the composition root as each adapter starts. */
  readonly publishers: Partial<Record<Platform, BriefingPublisher>> = {};
  private readonly refreshing = new CoalescingJob(
    () => this.refreshAll(),
    (error) => this.options.log.error('briefing: refresh failed', { error }),
  );
  /** Channel briefings being posted right now, so that two events for one channel post once. */
  private readonly briefing = new Set<string>();
  private cancelRetry: CancelTimer | null = null;

  constructor(private readonly options: BriefingServiceOptions) {}

  /** The bulletin briefed when none is named (`BRIEFING_DEFAULT_ADVISORY`). */
  get defaultAdvisory(): string {
    return this.options.defaultAdvisory;
  }

  /** The bulletin a channel name points at (`inc-jsa10713-…`), the default when it names none, or null when it is no incident channel. */
  advisoryForChannel(name: string | undefined): string | null {
    if (name === undefined || !this.options.channelPattern.test(name)) return null;
    const named = /jsa\d+/i.exec(name)?.[0]?.toUpperCase();
    return named !== undefined && this.options.catalog.findAdvisory(named) !== undefined ? named : this.options.defaultAdvisory;
  }

  /**
   * The briefing's reply and what it shows, at the injected clock's now, with the pace of patching from
   * the progress history; its burn-down chart too when `chart` is true (drawing it costs tens of
   * milliseconds, so a refresh first builds without it to see whether anything changed).
   */
  async build(
    advisoryId: string,
    views?: readonly DeviceView[],
    options: { readonly chart?: boolean } = {},
  ): Promise<{ reply: Reply; digest: BriefingDigest } | null> {
    const advisory = this.options.catalog.findAdvisory(advisoryId);
    if (advisory === undefined) return null;
    const { inventory, store } = this.options;
    const { now } = this.options.clock;
    views ??= inventory === null ? [] : await inventory.view(now());
    const freshness = inventory === null ? 'No inventory configured: exposure unknown.' : `${inventory.description}: ${inventory.freshness(now())}`;
    const unavailable = fleetUnavailable(inventory);
    let progress: BriefingProgress | null = null;
    if (unavailable === null) {
      const report = await loadProgress(store, views, { advisory: advisory.id, site: null, now: now() });
      progress = { pace: report.pace, chart: options.chart === false ? null : progressChart(report) };
    }
    return buildBriefing(advisory, this.options.catalog, views, freshness, unavailable, progress);
  }

  /**
   * Posts the briefing in `conversation` through its platform, or returns it for the caller to show
   * where the platform has no publisher (the console prints what it is given).
   */
  async post(conversation: Conversation, advisoryId: string): Promise<{ posted: true } | { posted: false; reply: Reply } | { missing: string }> {
    const built = await this.build(advisoryId);
    if (built === null) return { missing: advisoryId };
    const publisher = this.publishers[conversation.platform];
    if (publisher === undefined) return { posted: false, reply: built.reply };
    const key = platformKey(conversation);
    const messageRef = await publisher.publish(key, built.reply);
    const advisory = this.options.catalog.findAdvisory(advisoryId)?.id ?? advisoryId;
    await this.options.store.saveBriefing({
      conversationKey: key,
      advisory,
      platform: conversation.platform,
      messageRef,
      digest: JSON.stringify(built.digest),
      updatedAt: this.options.clock.now(),
    });
    this.options.log.info('briefing posted', { conversation: key, advisory });
    return { posted: true };
  }

  /**
   * Called when the bot joins a channel or one is created: brief it once if its name matches.
   * `prepare` runs first when it will post (joining a channel the bot is not in yet).
   */
  async onChannel(conversation: Conversation, prepare: () => Promise<void> = () => Promise.resolve()): Promise<boolean> {
    const advisory = this.advisoryForChannel(conversation.name);
    if (advisory === null) return false;
    const key = platformKey(conversation);
    // Joining a new channel fires "member joined" while the first briefing is still being posted.
    const claim = `${key} ${advisory}`;
    if (this.briefing.has(claim)) return false;
    this.briefing.add(claim);
    // Across replicas too: channel_created and member_joined may reach two of them at once.
    const { store } = this.options;
    try {
      const posted = await withLease(this.lease(`briefing-post ${claim}`), async () => {
        if ((await store.briefings()).some((b) => b.conversationKey === key && b.advisory === advisory)) return false;
        await prepare();
        const result = await this.post(conversation, advisory);
        return 'posted' in result && result.posted;
      });
      return posted.ran && posted.value;
    } finally {
      this.briefing.delete(claim);
    }
  }

  /**
   * Edits every stored briefing whose exposure changed, and notes what changed in its thread (with the
   * new chart); and edits, without a note, one last edited on an earlier day, so that its pace ("no
   * progress in 5 days"), its chart and the chart's link stay current. Calls that arrive while one runs
   * make it run once more, so no change is missed and none is applied twice.
   */
  refresh(): Promise<void> {
    return this.refreshing.run();
  }

  /** Resolves when no refresh is running (shutdown waits for it), and drops a pending retry. */
  async idle(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    await this.refreshing.idle();
  }

  private async refreshAll(): Promise<void> {
    if ((await this.options.store.briefings()).length === 0) return;
    const edited = await withLease(this.lease(REFRESH_LEASE), () => this.editChanged());
    if (edited.ran) return;
    // Another replica is editing; what it read may predate the change that called this one.
    this.cancelRetry ??= this.options.clock.setTimer(
      this.options.retryMs ?? 2000,
      () => {
        this.cancelRetry = null;
        void this.refresh();
      },
      { keepAlive: false },
    );
  }

  /** The lease `name`, held by this process for {@link BRIEFING_LEASE_MS}. */
  private lease(name: string): LeaseTerms {
    const { store, owner, clock, log } = this.options;
    return { store, name, owner, ms: BRIEFING_LEASE_MS, now: clock.now, log };
  }

  private async editChanged(): Promise<void> {
    const { store, log, inventory, clock } = this.options;
    const briefings = await store.briefings();
    if (briefings.length === 0) return;
    // One instant for the whole round: what the edits show and when they are recorded as made.
    const at = clock.now();
    const views = inventory === null ? [] : await inventory.view(at);
    for (const stored of briefings) {
      const publisher = this.publishers[stored.platform];
      if (publisher === undefined) continue;
      try {
        const plain = await this.build(stored.advisory, views, { chart: false });
        if (plain === null) continue;
        const digest = JSON.stringify(plain.digest);
        const changed = digest !== stored.digest;
        if (!changed && dayOf(stored.updatedAt) >= dayOf(at)) continue;
        const built = (await this.build(stored.advisory, views)) ?? plain;
        await publisher.update(stored.conversationKey, stored.messageRef, built.reply);
        if (changed) {
          const previous = JSON.parse(stored.digest) as BriefingDigest;
          const changes =
            built.digest.unavailable !== undefined
              ? 'our exposure is unknown: the inventory cannot be read'
              : ((previous.unavailable === undefined ? describeChanges(previous.unpatched, built.digest.unpatched, views) : null) ??
                `now ${built.digest.byStatus}`);
          // The note carries the new chart: a platform that cannot edit a picture in place (Slack) posts it with the note.
          const chart = imagesIn(built.reply);
          await publisher.note(
            stored.conversationKey,
            stored.messageRef,
            cardReply({ title: `Briefing updated: ${changes}`, tone: 'info', elements: chart, actions: [] }, 'public', `Briefing updated: ${changes}.`),
          );
        }
        await store.saveBriefing({ ...stored, digest, updatedAt: at });
      } catch (error) {
        log.error('briefing: update failed', { conversation: stored.conversationKey, advisory: stored.advisory, error });
      }
    }
  }
}
