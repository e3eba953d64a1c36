// Concept: Slack's words for a message and the core's — an incoming message, its text without mentions, a key's channel.
import { parsePlatformKey, type IncomingMessage } from '../../src/chat/message.ts';

/** The Slack channel id of a conversation key (`slack:C123` → `C123`). */
export function channelOf(conversationKey: string): string {
  return parsePlatformKey(conversationKey)?.id ?? conversationKey;
}

/** The core's view of a Slack message. */
export function slackMessage(m: { channelId: string; channelName?: string; userId: string; userName?: string; text: string }): IncomingMessage {
  return {
    conversation: { platform: 'slack', id: m.channelId, ...(m.channelName === undefined ? {} : { name: m.channelName }) },
    author: { platform: 'slack', id: m.userId, ...(m.userName === undefined ? {} : { name: m.userName }) },
    text: m.text,
    addressedToBot: true,
  };
}

/** Removes `<@BOT>` mentions (and a leading mention of anyone, as Slack puts the bot's first). */
export function stripMentions(text: string, botUserId: string | undefined): string {
  // A label stops at the next `<` too (Slack escapes it inside text): otherwise every unclosed `<@BOT|`
  // would search the rest of the message for a `>`.
  const own = botUserId === undefined ? null : new RegExp(`<@${botUserId}(\\|[^<>]*)?>`, 'g');
  return (own === null ? text : text.replace(own, '')).replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, '').trim();
}
