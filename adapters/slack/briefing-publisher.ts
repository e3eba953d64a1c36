// Concept: briefings on Slack — a briefing posted, edited in place and followed up in its thread.
import type { App } from '@slack/bolt';
import type { BriefingPublisher } from '../../src/features/briefings/briefing-service.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { asNotInConversation } from './not-in-channel.ts';
import type { SlackMessage } from './render-block-kit.ts';
import { channelOf } from './slack-message.ts';
import type { PostAttachments } from './upload-attachments.ts';

/**
 * Posts, edits and threads briefings with the bot's own client.
 *
 * not_in_channel and channel_not_found become the core's not_in_conversation, worded for Slack, so that
 * `brief` tells the user to invite the bot rather than apologise for a failure. The chart cannot sit in
 * an edited message: it goes into the briefing's thread when posted, and again with each "what changed"
 * note, so the newest chart is always at the end of the thread.
 */
export function slackBriefingPublisher(client: App['client'], render: (reply: Reply) => SlackMessage, postAttachments: PostAttachments): BriefingPublisher {
  return {
    async publish(conversationKey, reply) {
      let posted: string;
      try {
        posted = (await client.chat.postMessage({ channel: channelOf(conversationKey), unfurl_links: false, ...render(reply) })).ts ?? '';
      } catch (error) {
        throw asNotInConversation(error);
      }
      if (posted !== '') await postAttachments(client, reply, channelOf(conversationKey), posted);
      return posted;
    },
    async update(conversationKey, messageRef, reply) {
      await client.chat.update({ channel: channelOf(conversationKey), ts: messageRef, ...render(reply) });
    },
    async note(conversationKey, messageRef, reply) {
      await client.chat.postMessage({ channel: channelOf(conversationKey), thread_ts: messageRef, unfurl_links: false, ...render(reply) });
      await postAttachments(client, reply, channelOf(conversationKey), messageRef);
    },
  };
}
