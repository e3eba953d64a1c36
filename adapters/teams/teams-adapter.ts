import {
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Bot } from '../../src/chat/bot.ts';
import type { Conversation } from '../../src/chat/message.ts';
import type { BriefingPublisher } from '../../src/features/briefings/briefing-service.ts';
import { attachmentsIn, withoutImages, type Attachment, type Reply } from '../../src/chat/reply.ts';
import type { TeamsConfig } from '../../src/infrastructure/config.ts';
import type { HttpRoute } from '../../src/infrastructure/http/http-server.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import type { ConversationStore } from '../../src/infrastructure/store/store.ts';
import { OUTBOUND_TIMEOUT_MS, withinTimeout, type Delivery, type DeliveryResult } from '../../src/features/reminders/delivery.ts';
import { systemClock, type Clock } from '../../src/infrastructure/clock.ts';
import { createTurnHandler, replyActivity } from './teams-turn.ts';
import type { AttachmentLink } from './render-adaptive-card.ts';
import { isPermanent, statusOf } from './connector-errors.ts';
import { createMessagesRoute, VerifiedCloudAdapter } from './teams-endpoint.ts';

export interface TeamsAdapterOptions {
  readonly bot: Bot;
  readonly config: TeamsConfig;
  readonly store: ConversationStore;
  readonly log: Logger;
  /** Dates what is stored about conversations, and times request verification; the machine's unless given. */
  readonly clock?: Clock;
  /** Called when the bot is added to a team or channel, with its name (incident briefings). */
  readonly onChannel?: (conversation: Conversation) => Promise<unknown>;
  /**
   * Bot Framework endpoint settings under botbuilder's names (`ToBotFromChannelOpenIdMetadataUrl`,
   * `ToBotFromChannelTokenIssuer`, `ToChannelFromBotLoginUrl`, …): a fake identity service in tests.
   * Naming one makes botbuilder drop all its public-cloud defaults, so name them all.
   */
  readonly botFrameworkEndpoints?: Readonly<Record<string, string | boolean>>;
  /** How long request verification may wait for the key endpoints (default 10 s). */
  readonly authTimeoutMs?: number;
  /**
   * Publishes a picture or a file behind an https link under `PUBLIC_URL`: an Adaptive Card shows an Image
   * only from a URL, and a bot cannot attach a file in a channel. Without it, a picture is shown as its
   * description and a file is not handed over (the card says why, and how else to get it).
   */
  readonly links?: { publish(attachment: Attachment): Promise<{ readonly url: string; readonly expiresAt: Date }> } | null;
}

/** What a proactive post came to. */
export type ProactiveResult = 'sent' | 'inactive' | 'unknown_conversation' | 'removed';

export interface TeamsAdapter {
  readonly routes: readonly HttpRoute[];
  /** Posts a reply into a stored conversation without being asked (reminders, briefings). */
  postProactive(conversationKey: string, reply: Reply): Promise<ProactiveResult>;
  health(): { readonly authenticated: boolean; readonly warning: string | null };
  /** Posts, edits and threads briefings in stored conversations. */
  readonly briefings: BriefingPublisher;
}

/**
 * Why Teams gets no file without PUBLIC_URL. A Teams bot can send a file itself only in a personal chat,
 * through a file consent card, or through Microsoft Graph with access to the team's SharePoint; the bot
 * does neither, and serves the file from a link of its own instead.
 */
export const NO_PUBLIC_URL =
  'Teams lets a bot attach a file only in a personal chat, so the bot hands files over through a link under PUBLIC_URL, which is not set: ask whoever runs the bot to set it.';

export const UNAUTHENTICATED_WARNING = 'Teams requests are NOT verified (TEAMS_ALLOW_UNAUTHENTICATED=true, no MicrosoftAppId): for local testing only';

/**
 * Microsoft Teams through the Bot Framework's CloudAdapter. Everything that knows botbuilder lives in
 * this folder, so that a move to the Teams SDK or the Microsoft 365 Agents SDK touches nothing else.
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { bot, config, store, log } = options;
  const clock = options.clock ?? systemClock;
  const { now } = clock;
  // With no app id botbuilder skips authentication; its credential factory insists on a tenant for
  // single-tenant apps, so the unauthenticated test mode is declared multi-tenant.
  const settings = {
    ...options.botFrameworkEndpoints,
    ...(config.allowUnauthenticated
      ? { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }
      : {
          MicrosoftAppId: config.appId,
          MicrosoftAppPassword: config.appPassword,
          MicrosoftAppType: config.appType,
          ...(config.tenantId === null ? {} : { MicrosoftAppTenantId: config.tenantId }),
        }),
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const authentication = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const adapter = new VerifiedCloudAdapter(authentication);
  // The connector client's pipeline (Azure core-rest-pipeline) already retries 429 and 503 after the
  // Retry-After it is given, and 5xx and network errors with exponential backoff and jitter, three
  // times; a second retry loop here would only multiply attempts. 403/404 are never retried.
  const send = async (context: TurnContext, activity: Partial<Activity>): Promise<void> => {
    await context.sendActivity(activity);
  };
  /**
   * The activity of a reply, each picture and file published behind its link first. One that cannot be
   * published (no PUBLIC_URL, the store failing) is described instead, a file with the reason: the answer
   * itself must not fail for it.
   */
  const activityFor = async (reply: Reply): Promise<Partial<Activity>> => {
    const links = new Map<Attachment, AttachmentLink>();
    const publisher = options.links ?? null;
    for (const attachment of attachmentsIn(reply)) {
      if (publisher === null) {
        if (attachment.kind === 'file') links.set(attachment, { problem: NO_PUBLIC_URL });
        continue;
      }
      try {
        links.set(attachment, await publisher.publish(attachment));
      } catch (error) {
        log.warn(`teams: ${attachment.kind === 'image' ? 'a chart' : 'a file'} could not be published; it is described instead`, { error });
        if (attachment.kind === 'file')
          links.set(attachment, { problem: 'The file could not be kept for its link (the bot’s store failed); try again in a moment.' });
      }
    }
    return replyActivity(reply, links);
  };
  const turn = createTurnHandler({ bot, store, log, now, send, activityFor, ...(options.onChannel === undefined ? {} : { onChannel: options.onChannel }) });

  /** Runs `logic` in a stored conversation, optionally re-addressed (a channel thread). */
  const inConversation = async (key: string, logic: (context: TurnContext) => Promise<void>, thread?: string): Promise<void> => {
    const stored = await store.conversation(key);
    if (stored === null || !stored.active) throw new Error(`no active Teams conversation ${key}`);
    const reference = stored.reference as Partial<ConversationReference>;
    const conversation = reference.conversation;
    const addressed =
      thread === undefined || conversation === undefined
        ? reference
        : { ...reference, conversation: { ...conversation, id: `${conversation.id.split(';')[0] ?? conversation.id};messageid=${thread}` } };
    // An error inside the callback would go to onTurnError (an apology in the channel): carry it out instead.
    const outcome: { failure: Error | null } = { failure: null };
    await adapter.continueConversationAsync(config.appId, addressed, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        outcome.failure = error instanceof Error ? error : new Error(`connector failure: ${JSON.stringify(error)}`);
      }
    });
    if (outcome.failure !== null) throw outcome.failure;
  };

  // Anything a turn throws outside the core: log it with where it happened, apologise, keep serving.
  adapter.onTurnError = async (context, error) => {
    log.error('teams: turn failed', { error, type: context.activity.type, conversation: context.activity.conversation?.id });
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again.');
    } catch (sendError) {
      log.error('teams: apology could not be sent', { error: sendError });
    }
  };

  if (config.allowUnauthenticated) log.warn(`teams: ${UNAUTHENTICATED_WARNING}`);
  if (options.links == null) log.info('teams: PUBLIC_URL is not set: progress charts are described in words, not shown, and exports are not handed over');

  return {
    routes: [
      createMessagesRoute({
        adapter,
        authentication,
        turn,
        log,
        clock,
        allowUnauthenticated: config.allowUnauthenticated,
        serviceUrlHosts: config.serviceUrlHosts,
        ...(options.authTimeoutMs === undefined ? {} : { authTimeoutMs: options.authTimeoutMs }),
      }),
    ],
    async postProactive(key, reply) {
      const stored = await store.conversation(key);
      if (stored === null) return 'unknown_conversation';
      if (!stored.active) return 'inactive';
      let failure: Error | null = null;
      const activity = await activityFor(reply);
      try {
        await inConversation(key, async (context) => {
          await send(context, activity);
        });
      } catch (error) {
        failure = error instanceof Error ? error : new Error(`connector failure: ${JSON.stringify(error)}`);
      }
      if (failure === null) return 'sent';
      if (!isPermanent(failure)) throw failure;
      // 403/404: the bot was removed. Remember that, so nothing keeps retrying it.
      await store.markConversationInactive(key, `the connector answered ${String(statusOf(failure))}`, now());
      log.warn('teams: conversation is gone; marked inactive', { conversation: key, error: failure });
      return 'removed';
    },
    health: () => ({ authenticated: !config.allowUnauthenticated, warning: config.allowUnauthenticated ? UNAUTHENTICATED_WARNING : null }),
    briefings: {
      async publish(key, reply) {
        let id = '';
        const activity = await activityFor(reply);
        await inConversation(key, async (context) => {
          id = (await context.sendActivity(activity))?.id ?? '';
        });
        if (id === '') throw new Error('the connector returned no activity id for the briefing');
        return id;
      },
      // The card is replaced whole, its chart with it: a new link each time, so the picture is current.
      async update(key, messageRef, reply) {
        const activity = await activityFor(reply);
        await inConversation(key, async (context) => {
          await context.updateActivity({ ...activity, id: messageRef });
        });
      },
      async note(key, messageRef, reply) {
        // In a channel, a reply goes into the briefing's thread (conversation id ;messageid=<id>).
        const channel =
          ((await store.conversation(key))?.reference as { conversation?: { conversationType?: string } } | undefined)?.conversation?.conversationType ===
          'channel';
        // The briefing above shows the current chart; the note in its thread says what changed, in words.
        await inConversation(
          key,
          async (context) => {
            await send(context, replyActivity(withoutImages(reply)));
          },
          channel ? messageRef : undefined,
        );
      },
    },
  };
}

/**
 * Reminders and notices into stored Teams conversations, through the proactive path above. botbuilder's
 * connector takes no timeout or AbortSignal for a proactive send, so each attempt is raced against
 * `timeoutMs` on `clock`: a connector that never answers costs one timeout and is retried, never blocks
 * the outbox.
 */
export function createTeamsDelivery(teams: TeamsAdapter, options: { readonly timeoutMs?: number; readonly clock?: Clock } = {}): Delivery {
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const attempt = async (conversationKey: string, reply: Reply): Promise<DeliveryResult> => {
    try {
      const result = await teams.postProactive(conversationKey, reply);
      if (result === 'sent') return { kind: 'sent' };
      return {
        kind: 'permanent',
        reason:
          result === 'removed'
            ? 'the bot was removed from the conversation (403/404)'
            : result === 'inactive'
              ? 'the conversation is marked inactive'
              : 'the bot was never installed there',
      };
    } catch (error) {
      return { kind: 'retry', reason: `connector: ${statusOf(error) ?? (error as Error).message}` };
    }
  };
  return {
    // Teams allows several messages a second per conversation; a quarter second keeps well inside it.
    minIntervalMs: 250,
    timeoutMs,
    deliver: (conversationKey, reply) => withinTimeout(clock, attempt(conversationKey, reply), timeoutMs),
  };
}
