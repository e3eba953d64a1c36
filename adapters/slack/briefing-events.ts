// Concept: briefing events — the channel events (bot added, channel created) that may start an incident briefing.
import type { Conversation } from '../../src/chat/message.ts';
import type { DeliveryRouter } from './delivery-router.ts';

/**
 * Called when the bot joins a channel or a channel is created, with its name (incident briefings).
 * `prepare` runs only if the callee decides to post (it joins a newly created channel).
 */
export type OnChannel = (conversation: Conversation, prepare: () => Promise<void>) => Promise<unknown>;

/** Incident channels: brief a channel the bot is added to, or one created with a matching name. */
export function registerBriefingEvents(router: DeliveryRouter, onChannel: OnChannel | undefined): void {
  router.event('member_joined_channel', async ({ event, client, context }) => {
    if (onChannel === undefined || event.user !== context.botUserId) return;
    const info = await client.conversations.info({ channel: event.channel });
    await onChannel({ platform: 'slack', id: event.channel, ...(info.channel?.name === undefined ? {} : { name: info.channel.name }) }, () =>
      Promise.resolve(),
    );
  });

  router.event('channel_created', async ({ event, client }) => {
    if (onChannel === undefined) return;
    const channel = event.channel as { id: string; name: string };
    await onChannel({ platform: 'slack', id: channel.id, name: channel.name }, async () => {
      await client.conversations.join({ channel: channel.id });
    });
  });
}
