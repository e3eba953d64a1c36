import type { Reply } from '../core/reply.ts';

/** How one attempt to post went: sent, worth retrying (after a wait the platform may name), or never. */
export type DeliveryResult =
  | { readonly kind: 'sent' }
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string };

/** A platform's way of posting into a stored conversation without being asked. */
export interface Delivery {
  /** The least time between two posts to one conversation (Slack allows about one a second). */
  readonly minIntervalMs: number;
  /** `conversationKey` is the full key, `slack:C123` or `teams:<id>`. Never throws. */
  deliver(conversationKey: string, reply: Reply): Promise<DeliveryResult>;
}
