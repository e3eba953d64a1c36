import { ActivityTypes, CardFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Bot } from '../../src/chat/bot.ts';
import { platformKey, type Conversation, type IncomingMessage } from '../../src/chat/message.ts';
import type { Reply } from '../../src/chat/reply.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import type { ConversationStore } from '../../src/infrastructure/store/store.ts';
import { MAX_LIST_ITEMS, renderAdaptiveCards, type AttachmentLinks } from './render-adaptive-card.ts';

/** The store key of a Teams conversation. */
export function conversationKey(conversationId: string): string {
  return platformKey({ platform: 'teams', id: conversationId });
}

/**
 * The most a message may weigh, in UTF-16 code units of its JSON (a JavaScript string's length). Teams
 * measures a message, cards included, encoded as UTF-16; its documented limits are 28 KB (incoming
 * webhooks, Workflows), 40 KB (bot messages, older pages) and about 100 KB (bot messages now). The
 * lowest keeps a briefing deliverable on every path.
 */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;

/** List lengths tried, longest first, until a message fits {@link TEAMS_MESSAGE_LIMIT}. */
const LIST_CAPS = [MAX_LIST_ITEMS, 12, 6, 3, 1];

/**
 * The activity that carries a reply: its cards in one message, with a text summary for notifications.
 * A message over Teams' size limit would be refused (413 MessageSizeTooBig), so long lists are cut
 * shorter ("…and N more") until it fits.
 */
export function replyActivity(reply: Reply, links: AttachmentLinks = new Map()): Partial<Activity> {
  let activity: Partial<Activity> = {};
  for (const cap of LIST_CAPS) {
    activity = {
      type: ActivityTypes.Message,
      summary: reply.fallback.slice(0, 250),
      attachments: renderAdaptiveCards(reply, cap, links).map((card) => CardFactory.adaptiveCard(card)),
    };
    if (JSON.stringify(activity).length <= TEAMS_MESSAGE_LIMIT) break;
  }
  return activity;
}

export interface TurnOptions {
  readonly bot: Bot;
  readonly store: ConversationStore;
  readonly log: Logger;
  readonly now: () => Date;
  /** Sends activities in the turn. */
  readonly send: (context: TurnContext, activity: Partial<Activity>) => Promise<void>;
  /** The activity for a reply, its pictures and files published behind links first; {@link replyActivity} (no links) unless given. */
  readonly activityFor?: (reply: Reply) => Promise<Partial<Activity>>;
  /** Told when the bot is added to a team or channel, with its name (incident briefings). */
  readonly onChannel?: (conversation: Conversation) => Promise<unknown>;
}

/**
 * The bot's logic for one Bot Framework turn: remember the conversation (so that reminders and briefings
 * can be posted later), then answer messages and card buttons through the core. It is the same function
 * for CloudAdapter in production and for botbuilder's TestAdapter in tests.
 */
export function createTurnHandler(options: TurnOptions): (context: TurnContext) => Promise<void> {
  const { bot, store, log, now, send, onChannel } = options;
  const activityFor = options.activityFor ?? ((reply: Reply) => Promise.resolve(replyActivity(reply)));
  return async (context) => {
    const activity = context.activity;
    await rememberConversation(context, store, now);
    switch (activity.type) {
      case 'message': {
        const text = messageText(activity);
        if (text === null) return;
        await send(context, await activityFor(await bot.handle(teamsMessage(activity, text))));
        return;
      }
      case 'invoke': {
        // Universal Actions (Action.Execute) arrive as an invoke; answer it, then post the reply.
        const command = commandOf((activity.value as { action?: { data?: unknown } } | undefined)?.action?.data);
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' } },
        });
        if (command !== null) await send(context, await activityFor(await bot.handle(teamsMessage(activity, command))));
        return;
      }
      case 'conversationUpdate': {
        const added = activity.membersAdded?.some((m) => m.id === activity.recipient.id) ?? false;
        if (added) {
          log.info('teams: installed in a conversation', { conversation: activity.conversation.id, type: activity.conversation.conversationType });
          await send(context, await activityFor(await bot.handle(teamsMessage(activity, 'help'))));
          // An incident team or channel gets its briefing; the channel's name counts, else the team's.
          const channelData = activity.channelData as { channel?: { name?: string }; team?: { name?: string } } | undefined;
          const name = channelData?.channel?.name ?? channelData?.team?.name ?? activity.conversation.name;
          await onChannel?.({ platform: 'teams', id: activity.conversation.id, ...(name === undefined ? {} : { name }) });
        }
        const removed = activity.membersRemoved?.some((m) => m.id === activity.recipient.id) ?? false;
        if (removed) await store.markConversationInactive(conversationKey(activity.conversation.id), 'the bot was removed', now());
        return;
      }
      case 'installationUpdate':
        if (activity.action === 'remove' || activity.action === 'remove-upgrade') {
          await store.markConversationInactive(conversationKey(activity.conversation.id), 'the app was uninstalled', now());
        }
        return;
      default:
        return;
    }
  };
}

/** Every activity refreshes the stored reference: service URLs change, and a reinstall reactivates it. */
async function rememberConversation(context: TurnContext, store: ConversationStore, now: () => Date): Promise<void> {
  const activity = context.activity;
  if (activity.conversation?.id === undefined || activity.serviceUrl === undefined) return;
  if (activity.type === 'installationUpdate' && activity.action?.startsWith('remove') === true) return;
  if (activity.type === 'conversationUpdate' && activity.membersRemoved?.some((m) => m.id === activity.recipient.id) === true) return;
  // Without the activity id: a proactive post is a new message, not a reply to whatever came last.
  const { activityId: _lastActivity, ...reference }: Partial<ConversationReference> = TurnContext.getConversationReference(activity);
  const channelData = activity.channelData as { team?: { name?: string }; channel?: { name?: string } } | undefined;
  const name = activity.conversation.name ?? channelData?.channel?.name ?? channelData?.team?.name ?? null;
  await store.saveConversation({ key: conversationKey(activity.conversation.id), platform: 'teams', name, reference, updatedAt: now() });
}

/** The text to hand the core: a card button's command, or the message without the bot's mention. */
function messageText(activity: Activity): string | null {
  const command = commandOf(activity.value);
  if (command !== null) return command;
  if (typeof activity.text !== 'string') return null;
  const text = decodeEntities(TurnContext.removeRecipientMention(activity) ?? activity.text).trim();
  return text === '' ? 'help' : text;
}

function commandOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const command = (value as { command?: unknown }).command;
  return typeof command === 'string' && command.trim() !== '' ? command.trim() : null;
}

/** Teams delivers message text with HTML entities for a few characters. */
function decodeEntities(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function teamsMessage(activity: Activity, text: string): IncomingMessage {
  const from = activity.from as { id: string; name?: string; aadObjectId?: string };
  return {
    conversation: {
      platform: 'teams',
      id: activity.conversation.id,
      ...(activity.conversation.name === undefined ? {} : { name: activity.conversation.name }),
    },
    author: { platform: 'teams', id: from.aadObjectId ?? from.id, ...(from.name === undefined ? {} : { name: from.name }) },
    text,
    addressedToBot: true,
  };
}
