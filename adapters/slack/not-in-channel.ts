import { BotError } from '../../src/domain/errors.ts';

/**
 * The name people type to invite the bot, as the manifest (adapters/slack/manifest.yml) names its user.
 * A workspace that renamed the bot will recognise it anyway: the invite dialog finds it by either name.
 */
export const SLACK_BOT_HANDLE = 'screenos-bot';

/** Slack's answers when the bot may not post in a conversation until someone invites it. */
const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found']);

/**
 * What to tell the user when Slack refused a post for that reason, or null for any other error. With
 * `chat:write.public` the bot posts in public channels uninvited, so this is about private channels
 * (Slack says `channel_not_found` for a private channel the bot is not in) and installs without that scope.
 */
export function describeNotInChannel(slackError: string | undefined): string | null {
  if (slackError === undefined || !NOT_IN_CHANNEL.has(slackError)) return null;
  return `the bot is not in this channel (Slack: ${slackError}); invite it with /invite @${SLACK_BOT_HANDLE}`;
}

/** The Slack error code of a failed Web API call (`data.error`), if it has one. */
export function slackErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failed post as the core understands it: a `not_in_conversation` BotError worded for Slack, which
 * commands show as it is; any other error unchanged.
 */
export function asNotInConversation(error: unknown): unknown {
  const described = describeNotInChannel(slackErrorCode(error));
  return described === null ? error : new BotError('not_in_conversation', described, { cause: error });
}
