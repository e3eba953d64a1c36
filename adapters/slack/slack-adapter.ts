import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type RespondArguments, type AllMiddlewareArgs, type SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.ts';
import { parsePlatformKey, type Conversation, type IncomingMessage } from '../../src/core/message.ts';
import type { BriefingPublisher } from '../../src/briefings/briefing-service.ts';
import { attachmentsIn, cardReply, type Reply } from '../../src/core/reply.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { HttpRoute } from '../../src/http/http-server.ts';
import type { Logger } from '../../src/log.ts';
import { OUTBOUND_TIMEOUT_MS } from '../../src/reminders/delivery.ts';
import type { SlackIdentity } from './delivery-origin.ts';
import { guardDeliveries, learnIdentity } from './delivery-guard.ts';
import { RecentDeliveries, type DeliveryLog } from './recent-deliveries.ts';
import { slackStartError } from './start-error.ts';
import { asNotInConversation } from './not-in-channel.ts';
import { ACTION_RUN_COMMAND, ACTION_SHARE, renderBlockKit, type RenderOptions, type SlackMessage } from './render-block-kit.ts';
import { describeUploadFailure, uploadAttachment } from './upload-attachments.ts';

/** Where Slack sends slash commands, events and interactivity in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The second slash command (manifest.yml), for people who will not type screenos for a Junos box: the
 * same core, with the versions read as Junos OS. Registered beside SLACK_COMMAND unless that is `/junos`.
 */
export const JUNOS_SLASH_COMMAND = '/junos';

export interface SlackAdapterOptions {
  readonly bot: Bot;
  readonly config: SlackConfig;
  readonly log: Logger;
  /**
   * How long a slash command may take before it is acknowledged with "working on it" and answered
   * through `response_url` instead. Slack allows 3 s; the default leaves room for the network.
   */
  readonly ackBudgetMs?: number;
  /**
   * Called when the bot joins a channel or a channel is created, with its name (incident briefings).
   * `prepare` runs only if the callee decides to post (it joins a newly created channel).
   */
  readonly onChannel?: (conversation: Conversation, prepare: () => Promise<void>) => Promise<unknown>;
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
}

const DEFAULT_ACK_BUDGET_MS = 2000;
const WORKING = 'Working on it…';

/**
 * The Slack side of the bot, with Bolt: `/screenos`, `/junos`, mentions and direct messages go to the core, and
 * its replies come back as Block Kit. Requests are verified by Bolt's receiver with the signing secret
 * (HTTP mode) or arrive over the authenticated socket (Socket Mode); there is no unverified mode.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { bot, config, log } = options;
  const ackBudgetMs = options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
  const logger = boltLogger(log);
  // A few quick retries for answers and briefings; the reminder outbox has its own, longer policy.
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 }, timeout: OUTBOUND_TIMEOUT_MS };
  const mode = config.appToken === null ? 'http' : 'socket';
  const httpReceiver =
    config.appToken === null
      ? new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false })
      : null;
  const receiver =
    httpReceiver ??
    new SocketModeReceiver({ appToken: config.appToken ?? '', logger, installerOptions: { clientOptions } });
  // Initialisation waits for start(): Bolt would otherwise check the token in the constructor, and a
  // refused token would end the process with an unhandled rejection instead of a clear error.
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, extendedErrorHandler: true, deferInitialization: true });
  const deliveries = new RecentDeliveries(options.deliveryLog ?? null);
  const emails = new Map<string, { email: string | undefined; at: number }>();

  /** The author's email where admins are configured by email; users.info, cached for an hour. */
  async function withEmail(message: IncomingMessage): Promise<IncomingMessage> {
    if (options.lookupEmails !== true) return message;
    const id = message.author.id;
    let cached = emails.get(id);
    if (cached === undefined || Date.now() - cached.at > 3_600_000) {
      let email: string | undefined;
      try {
        email = (await app.client.users.info({ user: id })).user?.profile?.email;
      } catch (error) {
        log.warn('slack: could not look up an author’s email', { user: id, error });
      }
      cached = { email, at: Date.now() };
      emails.set(id, cached);
    }
    return cached.email === undefined ? message : { ...message, author: { ...message.author, email: cached.email } };
  }
  let botUserId: string | null = null;
  let identity: SlackIdentity | null = null;

  guardDeliveries(app, { identity: () => identity, deliveries, log });
  // Commands in answers are shown as this app's slash command.
  const render = (reply: Reply, options: RenderOptions = {}): SlackMessage => renderBlockKit(reply, { slashCommand: config.command, ...options });

  /**
   * A slash command: `/screenos` hands its text to the core as typed; `/junos` puts the core's `junos`
   * command word in front, which reads versions as Junos OS and runs any other command named after it.
   */
  const answerSlashCommand = (commandWord: string | null) => async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = commandWord === null ? command.text : `${commandWord} ${command.text}`.trim();
    const message = slackMessage({ channelId: command.channel_id, channelName: command.channel_name, userId: command.user_id, userName: command.user_name, text });
    const pending = withEmail(message).then((m) => bot.handle(m));
    const early = await settleWithin(pending, ackBudgetMs);
    if (early !== undefined) {
      await ack(commandResponse(early, text, config.command));
      await postAttachments(client, early, command.channel_id, undefined, respond);
      return;
    }
    await ack({ response_type: 'ephemeral', text: WORKING });
    const reply = await pending;
    await respond(commandResponse(reply, text, config.command));
    await postAttachments(client, reply, command.channel_id, undefined, respond);
  };
  app.command(config.command, answerSlashCommand(null));
  if (config.command !== JUNOS_SLASH_COMMAND) app.command(JUNOS_SLASH_COMMAND, answerSlashCommand('junos'));

  app.event('app_mention', async ({ event, client, context }) => {
    const text = stripMentions(event.text, context.botUserId);
    const files = (event as { files?: SharedFile[] }).files;
    if (files !== undefined && files.length > 0 && (text === '' || /^hunt\b/i.test(text))) {
      await huntSharedFiles(files, event.channel, event.thread_ts ?? event.ts, client);
      return;
    }
    const reply = await bot.handle(await withEmail(slackMessage({ channelId: event.channel, userId: event.user ?? 'unknown', text })));
    // A mention is a question asked in public: the answer goes to its thread, visibly.
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, unfurl_links: false, ...render(reply) });
    await postAttachments(client, reply, event.channel, event.thread_ts ?? event.ts);
  });

  app.message(async ({ message, client, context }) => {
    if (message.channel_type !== 'im') return;
    if (message.subtype === 'file_share') {
      // A log file shared with the bot in a direct message: hunt it.
      await huntSharedFiles(message.files, message.channel, undefined, client);
      return;
    }
    if (message.subtype !== undefined || message.bot_id !== undefined) return;
    const text = stripMentions(message.text ?? '', context.botUserId);
    const reply = await bot.handle(await withEmail(slackMessage({ channelId: message.channel, userId: message.user, text })));
    await client.chat.postMessage({ channel: message.channel, unfurl_links: false, ...render(reply) });
    await postAttachments(client, reply, message.channel);
  });

  app.action(new RegExp(`^${ACTION_RUN_COMMAND}:`), async ({ ack, action, body, respond, client }) => {
    await ack();
    if (action.type !== 'button' || action.value === undefined) return;
    const reply = await bot.handle(await withEmail(slackMessage({ channelId: body.channel?.id ?? body.user.id, userId: body.user.id, text: action.value })));
    await respond({ ...commandResponse(reply, action.value, config.command), replace_original: false });
    if (body.channel?.id !== undefined) await postAttachments(client, reply, body.channel.id, undefined, respond);
  });

  app.action(ACTION_SHARE, async ({ ack, action, body, respond, client }) => {
    await ack();
    if (action.type !== 'button' || action.value === undefined) return;
    const userId = body.user.id;
    const reply = await bot.handle(await withEmail(slackMessage({ channelId: body.channel?.id ?? userId, userId, text: action.value })));
    // User ids are Slack's own (U…/W…), never user text, so the attribution may mention them.
    const footerMarkup = /^[UW][A-Z0-9]+$/.test(userId) ? `Shared by <@${userId}>` : 'Shared from a private answer';
    await respond({ response_type: 'in_channel', replace_original: false, ...render(reply, { footerMarkup }) });
    await respond({ delete_original: true });
    if (body.channel?.id !== undefined) await postAttachments(client, { ...reply, visibility: 'public' }, body.channel.id, undefined, respond);
  });

  /**
   * Uploads the pictures and files of a public reply after it (files cannot be ephemeral: a private answer
   * keeps their description alone). A failed upload is logged and, where the asker can be told, explained;
   * the rest are not tried, as they would fail the same way.
   */
  async function postAttachments(client: typeof app.client, reply: Reply, channel: string, threadTs?: string, tell?: (message: RespondArguments) => Promise<unknown>): Promise<void> {
    if (reply.visibility !== 'public') return;
    for (const attachment of attachmentsIn(reply)) {
      try {
        await uploadAttachment(client, attachment, channel, threadTs);
      } catch (error) {
        log.warn(`slack: ${attachment.kind === 'image' ? 'a chart' : 'a file'} could not be uploaded`, { channel, error, code: (error as { data?: { error?: unknown } }).data?.error });
        await tell?.({ response_type: 'ephemeral', replace_original: false, text: describeUploadFailure(error, attachment) }).catch(() => undefined);
        return;
      }
    }
  }

  // Errors outside the core (a Slack API call that failed, say) are logged with where they happened;
  // the core already answers its own failures with an apology.
  /**
   * Streams each shared file (with the bot token, and only from Slack's own file hosts or the configured
   * API host) through the log hunt, which stops at its size limit, and posts what it found.
   */
  async function huntSharedFiles(files: readonly SharedFile[] | undefined, channel: string, threadTs: string | undefined, client: typeof app.client): Promise<void> {
    for (const file of (files ?? []).slice(0, 3)) {
      const url = file.url_private_download ?? file.url_private;
      let reply: Reply;
      if (url === undefined || !isSlackFileUrl(url, config.apiUrl)) {
        reply = cardReply({ title: 'I cannot read that file', tone: 'info', elements: [{ kind: 'text', text: 'Share a text log file (event log or syslog) uploaded to Slack.' }], actions: [] });
      } else {
        const response = await fetch(url, { headers: { authorization: `Bearer ${config.botToken}` }, redirect: 'error' });
        reply = response.ok && response.body !== null
          ? await bot.hunt(response.body as AsyncIterable<Uint8Array>)
          : cardReply({ title: 'I could not download that file', tone: 'warning', elements: [{ kind: 'text', text: `Slack answered HTTP ${response.status}; does the app have the files:read scope?` }], actions: [] });
      }
      await client.chat.postMessage({ channel, ...(threadTs === undefined ? {} : { thread_ts: threadTs }), unfurl_links: false, ...render(reply) });
    }
  }

  // Incident channels: brief a channel the bot is added to, or one created with a matching name.
  app.event('member_joined_channel', async ({ event, client, context }) => {
    if (options.onChannel === undefined || event.user !== context.botUserId) return;
    const info = await client.conversations.info({ channel: event.channel });
    await options.onChannel({ platform: 'slack', id: event.channel, ...(info.channel?.name === undefined ? {} : { name: info.channel.name }) }, () => Promise.resolve());
  });

  app.event('channel_created', async ({ event, client }) => {
    if (options.onChannel === undefined) return;
    const channel = event.channel as { id: string; name: string };
    await options.onChannel({ platform: 'slack', id: channel.id, name: channel.name }, async () => {
      await client.conversations.join({ channel: channel.id });
    });
  });

  app.error(async ({ error, body, context }: { error: Error; body: unknown; context: Readonly<Record<string, unknown>> }) => {
    const record = body as { type?: string; event?: { type?: string; channel?: string }; channel_id?: string; command?: string };
    log.error('slack: handler failed', {
      error,
      code: (error as { code?: unknown }).code,
      type: record.event?.type ?? record.command ?? record.type,
      channel: record.event?.channel ?? record.channel_id,
      team: context.teamId,
    });
    return Promise.resolve();
  });

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
    briefings: {
      // not_in_channel and channel_not_found become the core's not_in_conversation, worded for Slack,
      // so that `brief` tells the user to invite the bot rather than apologise for a failure.
      // The chart cannot sit in an edited message: it goes into the briefing's thread when posted, and
      // again with each "what changed" note, so the newest chart is always at the end of the thread.
      async publish(conversationKey, reply) {
        let posted: string;
        try {
          posted = (await app.client.chat.postMessage({ channel: channelOf(conversationKey), unfurl_links: false, ...render(reply) })).ts ?? '';
        } catch (error) {
          throw asNotInConversation(error);
        }
        if (posted !== '') await postAttachments(app.client, reply, channelOf(conversationKey), posted);
        return posted;
      },
      async update(conversationKey, messageRef, reply) {
        await app.client.chat.update({ channel: channelOf(conversationKey), ts: messageRef, ...render(reply) });
      },
      async note(conversationKey, messageRef, reply) {
        await app.client.chat.postMessage({ channel: channelOf(conversationKey), thread_ts: messageRef, unfurl_links: false, ...render(reply) });
        await postAttachments(app.client, reply, channelOf(conversationKey), messageRef);
      },
    },
  };
}

/** A file as Slack describes it in message and mention events. */
interface SharedFile {
  readonly name?: string | null;
  readonly url_private?: string;
  readonly url_private_download?: string;
}

/** The bot token goes only to Slack's own hosts, or to the configured API host (a gateway, a test). */
export function isSlackFileUrl(url: string, apiUrl: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (target.protocol === 'https:' && (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))) return true;
  return target.origin === new URL(apiUrl).origin;
}

/** The Slack channel id of a conversation key (`slack:C123` → `C123`). */
export function channelOf(conversationKey: string): string {
  return parsePlatformKey(conversationKey)?.id ?? conversationKey;
}

/** The core's view of a Slack message. */
function slackMessage(m: { channelId: string; channelName?: string; userId: string; userName?: string; text: string }): IncomingMessage {
  return {
    conversation: { platform: 'slack', id: m.channelId, ...(m.channelName === undefined ? {} : { name: m.channelName }) },
    author: { platform: 'slack', id: m.userId, ...(m.userName === undefined ? {} : { name: m.userName }) },
    text: m.text,
    addressedToBot: true,
  };
}

/** A private reply stays ephemeral and offers to share itself; a public one goes to the channel. */
function commandResponse(reply: Reply, commandText: string, slashCommand: string): RespondArguments {
  const options: RenderOptions = { slashCommand, ...(reply.visibility === 'private' && reply.shareable === true && commandText.trim() !== '' ? { shareCommand: commandText } : {}) };
  return { response_type: reply.visibility === 'private' ? 'ephemeral' : 'in_channel', ...renderBlockKit(reply, options) };
}

/** Removes `<@BOT>` mentions (and a leading mention of anyone, as Slack puts the bot's first). */
export function stripMentions(text: string, botUserId: string | undefined): string {
  // A label stops at the next `<` too (Slack escapes it inside text): otherwise every unclosed `<@BOT|`
  // would search the rest of the message for a `>`.
  const own = botUserId === undefined ? null : new RegExp(`<@${botUserId}(\\|[^<>]*)?>`, 'g');
  return (own === null ? text : text.replace(own, '')).replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, '').trim();
}

/** The value when the promise settles within `ms`, else undefined (the promise keeps running). */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Bolt's logger interface over ours, so that Bolt's own messages land in the same redacted log. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  const enabled = (wanted: LogLevel): boolean => {
    const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
    return order.indexOf(wanted) >= order.indexOf(level);
  };
  return {
    debug: (...msg: unknown[]) => enabled(LogLevel.DEBUG) && log.debug(`bolt: ${text(msg)}`),
    info: (...msg: unknown[]) => enabled(LogLevel.INFO) && log.info(`bolt: ${text(msg)}`),
    warn: (...msg: unknown[]) => enabled(LogLevel.WARN) && log.warn(`bolt: ${text(msg)}`),
    error: (...msg: unknown[]) => log.error(`bolt: ${text(msg)}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
