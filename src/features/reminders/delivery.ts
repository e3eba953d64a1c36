import type { Reply } from '../../chat/reply.ts';
import { settleWithin, type Clock } from '../../infrastructure/clock.ts';

/**
 * How long one call to a chat platform may take before it is given up. A platform that accepts the
 * connection and never answers would otherwise hold whatever waits on it for ever.
 */
export const OUTBOUND_TIMEOUT_MS = 15_000;

/**
 * How one attempt to post went: sent, worth retrying (after a wait the platform may name), or never.
 * `timedOut` marks an attempt that got no answer in time: the message may or may not have been posted,
 * so it is retried later rather than at once.
 */
export type DeliveryResult =
  | { readonly kind: 'sent' }
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number; readonly timedOut?: boolean }
  | { readonly kind: 'permanent'; readonly reason: string };

/** What the outbox tells a delivery about one attempt. */
export interface DeliveryContext {
  /** Aborts when the outbox stops waiting (timeout or shutdown): a delivery should then post nothing more. */
  readonly signal?: AbortSignal;
  /**
   * The outbox entry being posted. A platform that can tag a message with it (Slack's message metadata)
   * should, so that {@link Delivery.findPosted} can tell later whether the post went out.
   */
  readonly entryId?: number;
}

/** Whether a post whose attempt ended without an answer is in the conversation after all. */
export type PostedCheck = { readonly kind: 'posted' } | { readonly kind: 'absent' } | { readonly kind: 'unknown'; readonly reason: string };

/** A platform's way of posting into a stored conversation without being asked. */
export interface Delivery {
  /** The least time between two posts to one conversation (Slack allows about one a second). */
  readonly minIntervalMs: number;
  /** How long one attempt may take; past it the outbox stops waiting. Defaults to the outbox's own. */
  readonly timeoutMs?: number;
  /** `conversationKey` is the full key, `slack:C123` or `teams:<id>`. Never throws. */
  deliver(conversationKey: string, reply: Reply, context?: DeliveryContext): Promise<DeliveryResult>;
  /**
   * Looks in the conversation for a post tagged with outbox entry `entryId` made since `since`. The
   * outbox asks before posting again an entry whose earlier attempt has no known outcome (the process
   * died mid-send, or the platform did not answer). A platform that cannot tag posts leaves it out, and
   * such an entry is posted again: it may then appear twice.
   */
  findPosted?(conversationKey: string, entryId: number, since: Date, signal?: AbortSignal): Promise<PostedCheck>;
  /**
   * Why the bot cannot post into the conversation (worded by the platform: "the bot is not in this
   * channel; invite it with …"), or null when it can or cannot tell. Asked when a reminder is added, so
   * that the problem is told then rather than at the first slot. Never throws.
   */
  probe?(conversationKey: string, signal?: AbortSignal): Promise<string | null>;
}

/** The result of an attempt that got no answer within `ms`. */
export function timedOut(ms: number): DeliveryResult {
  return { kind: 'retry', reason: `no answer within ${ms} ms; it may or may not have been posted`, timedOut: true };
}

/**
 * Settles with `attempt`, or with {@link timedOut} once `ms` have passed on `clock`, whichever comes
 * first; the attempt itself may go on in the background, but nothing waits on it any more.
 */
export function withinTimeout(clock: Clock, attempt: Promise<DeliveryResult>, ms: number): Promise<DeliveryResult> {
  return settleWithin(clock, attempt, ms, () => timedOut(ms));
}
