// Concept: the handlers — slash commands, mentions, direct messages and buttons go to the core, its answers come back.
import type { RespondArguments } from '@slack/bolt';
import type { Bot } from '../../src/chat/bot.ts';
import type { IncomingMessage } from '../../src/chat/message.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { settleWithin, type Clock } from '../../src/infrastructure/clock.ts';
import { ACTION_RUN_COMMAND, ACTION_SHARE, renderBlockKit, type RenderOptions, type SlackMessage } from './render-block-kit.ts';
import { slackMessage, stripMentions } from './slack-message.ts';
import type { HuntSharedFiles, SharedFile } from './shared-files.ts';
import type { PostAttachments } from './upload-attachments.ts';
import type { CommandHandler, DeliveryRouter } from './delivery-router.ts';

/**
 * The second slash command (manifest.yml), for people who will not type screenos for a Junos box: the
 * same core, with the versions read as Junos OS. Registered beside SLACK_COMMAND unless that is `/junos`.
 */
export const JUNOS_SLASH_COMMAND = '/junos';

const WORKING = 'Working on it…';

/** What the handlers need from the composition: the core, and the adapter's own pieces. */
export interface AnswerDependencies {
  readonly bot: Bot;
  /** This app's slash command (SLACK_COMMAND), as commands in answers are shown. */
  readonly slashCommand: string;
  /** How long a slash command may take before it is acknowledged with "working on it". */
  readonly ackBudgetMs: number;
  /** Times that budget. */
  readonly clock: Clock;
  readonly withEmail: (message: IncomingMessage) => Promise<IncomingMessage>;
  readonly render: (reply: Reply, options?: RenderOptions) => SlackMessage;
  readonly postAttachments: PostAttachments;
  readonly huntSharedFiles: HuntSharedFiles;
}

/**
 * Registers the handlers for what people send the bot: `/screenos`, `/junos`, mentions, direct messages
 * (a shared log file is hunted) and the buttons of earlier answers.
 */
export function registerAnswers(router: DeliveryRouter, deps: AnswerDependencies): void {
  const { bot, ackBudgetMs, clock, withEmail, render, postAttachments, huntSharedFiles } = deps;

  /**
   * A slash command: `/screenos` hands its text to the core as typed; `/junos` puts the core's `junos`
   * command word in front, which reads versions as Junos OS and runs any other command named after it.
   */
  const answerSlashCommand =
    (commandWord: string | null): CommandHandler =>
    async ({ command, ack, respond, client }) => {
      const text = commandWord === null ? command.text : `${commandWord} ${command.text}`.trim();
      const message = slackMessage({
        channelId: command.channel_id,
        channelName: command.channel_name,
        userId: command.user_id,
        userName: command.user_name,
        text,
      });
      const pending = withEmail(message).then((m) => bot.handle(m));
      const early = ackBudgetMs <= 0 ? undefined : await settleWithin(clock, pending, ackBudgetMs, () => undefined);
      if (early !== undefined) {
        await ack(commandResponse(early, text, deps.slashCommand));
        await postAttachments(client, early, command.channel_id, undefined, respond);
        return;
      }
      await ack({ response_type: 'ephemeral', text: WORKING });
      const reply = await pending;
      await respond(commandResponse(reply, text, deps.slashCommand));
      await postAttachments(client, reply, command.channel_id, undefined, respond);
    };
  router.command(deps.slashCommand, answerSlashCommand(null));
  if (deps.slashCommand !== JUNOS_SLASH_COMMAND) router.command(JUNOS_SLASH_COMMAND, answerSlashCommand('junos'));

  router.event('app_mention', async ({ event, client, context }) => {
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

  router.event('message', async ({ message, client, context }) => {
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

  router.action({ prefix: `${ACTION_RUN_COMMAND}:` }, async ({ ack, action, body, respond, client }) => {
    await ack();
    if (action.type !== 'button' || action.value === undefined) return;
    const reply = await bot.handle(await withEmail(slackMessage({ channelId: body.channel?.id ?? body.user.id, userId: body.user.id, text: action.value })));
    await respond({ ...commandResponse(reply, action.value, deps.slashCommand), replace_original: false });
    if (body.channel?.id !== undefined) await postAttachments(client, reply, body.channel.id, undefined, respond);
  });

  router.action(ACTION_SHARE, async ({ ack, action, body, respond, client }) => {
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
}

/** Block Kit already built for a kept (frozen) reply, per command text and slash command: repeated answers skip rendering. */
const renderedResponses = new WeakMap<Reply, Map<string, RespondArguments>>();

/**
 * The response to a slash command, as its acknowledgement carries it: a private reply stays ephemeral and
 * offers to share itself; a public one goes to the channel.
 */
export function commandResponse(reply: Reply, commandText: string, slashCommand: string): RespondArguments {
  if (!Object.isFrozen(reply)) return renderCommandResponse(reply, commandText, slashCommand);
  let byText = renderedResponses.get(reply);
  if (byText === undefined) {
    byText = new Map<string, RespondArguments>();
    renderedResponses.set(reply, byText);
  }
  const key = `${slashCommand} ${commandText}`;
  let response = byText.get(key);
  if (response === undefined) {
    response = Object.freeze(renderCommandResponse(reply, commandText, slashCommand));
    byText.set(key, response);
  }
  return response;
}

function renderCommandResponse(reply: Reply, commandText: string, slashCommand: string): RespondArguments {
  const options: RenderOptions = {
    slashCommand,
    ...(reply.visibility === 'private' && reply.shareable === true && commandText.trim() !== '' ? { shareCommand: commandText } : {}),
  };
  return { response_type: reply.visibility === 'private' ? 'ephemeral' : 'in_channel', ...renderBlockKit(reply, options) };
}
