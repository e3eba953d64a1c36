// Concept: the Slack adapter's composition — create the Bolt app and wire the pieces of this folder together.
import { App } from '@slack/bolt';
import type { Bot } from '../../src/chat/bot.ts';
import type { BriefingPublisher } from '../../src/features/briefings/briefing-service.ts';
import type { Reply } from '../../src/chat/reply.ts';
import type { SlackConfig } from '../../src/infrastructure/config.ts';
import type { HttpRoute } from '../../src/infrastructure/http/http-server.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import { OUTBOUND_TIMEOUT_MS } from '../../src/features/reminders/delivery.ts';
import { systemClock, type Clock } from '../../src/infrastructure/clock.ts';
import type { SlackIdentity } from './delivery-origin.ts';
import { guardDeliveries, learnIdentity } from './delivery-guard.ts';
import { RecentDeliveries, type DeliveryLog } from './recent-deliveries.ts';
import { slackStartError } from './start-error.ts';
import { boltLogger, logHandlerErrors } from './bolt-logging.ts';
import { chooseReceiver, SLACK_EVENTS_PATH } from './slack-receiver.ts';
import { authorEmails } from './author-emails.ts';
import { renderBlockKit, type RenderOptions, type SlackMessage } from './render-block-kit.ts';
import { attachmentPoster } from './upload-attachments.ts';
import { sharedFileHunter } from './shared-files.ts';
import { registerAnswers } from './message-handlers.ts';
import { registerBriefingEvents, type OnChannel } from './briefing-events.ts';
import { DeliveryRouter } from './delivery-router.ts';
import { slackBriefingPublisher } from './briefing-publisher.ts';
import { HandledDeliveries } from './handled-deliveries.ts';

export interface SlackAdapterOptions {
  readonly bot: Bot;
  readonly config: SlackConfig;
  readonly log: Logger;
  /** Times the acknowledgement budget and dates delivery ids and cached emails; the machine's unless given. */
  readonly clock?: Clock;
  /**
   * How long a slash command may take before it is acknowledged with "working on it" and answered
   * through `response_url` instead. Slack allows 3 s; the default leaves room for the network.
   */
  readonly ackBudgetMs?: number | undefined;
  /** Called when the bot joins a channel or a channel is created (incident briefings); see {@link OnChannel}. */
  readonly onChannel?: OnChannel;
  /** Look authors' emails up (users.info, cached), for admins configured by email. */
  readonly lookupEmails?: boolean;
  /** Where delivery ids are kept across restarts (the store); memory only when absent. */
  readonly deliveryLog?: DeliveryLog;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  /** The routes to mount on the shared listener (none in Socket Mode). */
  readonly routes: readonly HttpRoute[];
  /**
   * Checks the token with `auth.test` and learns who the bot is, then connects the socket in Socket Mode.
   * Throws a `slack_start_failed` BotError naming the setting at fault (a token, or SLACK_API_URL).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): { readonly mode: 'http' | 'socket'; readonly botUserId: string | null };
  /** Posts, edits and threads briefings with the bot's own client. */
  readonly briefings: BriefingPublisher;
  /**
   * Resolves once every delivery received so far has been handled. An event is acknowledged before it is
   * handled, so the answer to a request does not tell; see {@link HandledDeliveries}.
   */
  settled(): Promise<void>;
}

const DEFAULT_ACK_BUDGET_MS = 2000;

/**
 * The Slack side of the bot, with Bolt: `/screenos`, `/junos`, mentions and direct messages go to the core, and
 * its replies come back as Block Kit. Requests are verified by Bolt's receiver with the signing secret
 * (HTTP mode) or arrive over the authenticated socket (Socket Mode); there is no unverified mode.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { bot, config, log } = options;
  const ackBudgetMs = options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
  const clock = options.clock ?? systemClock;
  const logger = boltLogger(log);
  // A few quick retries for answers and briefings; the reminder outbox has its own, longer policy.
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 }, timeout: OUTBOUND_TIMEOUT_MS };
  const { mode, receiver, httpReceiver } = chooseReceiver(config, logger, clientOptions);
  // Initialisation waits for start(): Bolt would otherwise check the token in the constructor, and a
  // refused token would end the process with an unhandled rejection instead of a clear error. Bolt's
  // conversation store stays off: nothing reads context.conversation, and its lookup builds an Error for
  // every delivery of a conversation it has not stored.
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, extendedErrorHandler: true, deferInitialization: true, convoStore: false });
  const deliveries = new RecentDeliveries(clock.now, options.deliveryLog ?? null);
  const withEmail = authorEmails(app.client, log, options.lookupEmails === true, clock.now);
  const postAttachments = attachmentPoster(log);
  let botUserId: string | null = null;
  let identity: SlackIdentity | null = null;

  const handled = new HandledDeliveries();
  const router = new DeliveryRouter();
  guardDeliveries(app, { identity: () => identity, deliveries, log, handled, route: (args) => router.route(args) });
  // Commands in answers are shown as this app's slash command.
  const render = (reply: Reply, options: RenderOptions = {}): SlackMessage => renderBlockKit(reply, { slashCommand: config.command, ...options });
  const huntSharedFiles = sharedFileHunter(config, bot, render);

  registerAnswers(router, { bot, slashCommand: config.command, ackBudgetMs, clock, withEmail, render, postAttachments, huntSharedFiles });
  registerBriefingEvents(router, options.onChannel);
  logHandlerErrors(app, log);

  return {
    mode,
    routes: httpReceiver === null ? [] : [{ path: SLACK_EVENTS_PATH, methods: ['POST'], handler: httpReceiver.requestListener }],
    async start() {
      try {
        const learned = await learnIdentity(app.client, log);
        identity = learned.identity;
        botUserId = learned.botUserId;
        log.info('slack: authenticated', { team: learned.team, teamId: identity.teamId, appId: identity.appId, botUserId, mode });
        await app.init();
      } catch (error) {
        throw slackStartError(error, 'SLACK_BOT_TOKEN', config.apiUrl);
      }
      if (mode === 'http') return;
      try {
        await app.start();
      } catch (error) {
        throw slackStartError(error, 'SLACK_APP_TOKEN', config.apiUrl);
      }
    },
    async stop() {
      if (mode === 'socket') await app.stop();
    },
    health: () => ({ mode, botUserId }),
    briefings: slackBriefingPublisher(app.client, render, postAttachments),
    settled: () => handled.settled(),
  };
}
