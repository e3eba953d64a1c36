import { webApi } from '@slack/bolt';
import { mentionsIn, type Reply } from '../../src/chat/reply.ts';
import type { SlackConfig } from '../../src/infrastructure/config.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import { OUTBOUND_TIMEOUT_MS, timedOut, type Delivery, type DeliveryResult, type PostedCheck } from '../../src/features/reminders/delivery.ts';
import { systemClock, timeoutSignal, type Clock } from '../../src/infrastructure/clock.ts';
import { renderBlockKit } from './render-block-kit.ts';
import { channelOf } from './slack-message.ts';
import { describeNotInChannel, slackErrorCode } from './not-in-channel.ts';
import { isEmailAddress } from '../../src/domain/text.ts';

/** Slack errors after which posting to that conversation cannot succeed until someone acts. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'account_inactive',
  'invalid_auth',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'not_authed',
  'team_access_not_granted',
]);
const LOOKUP_TTL_MS = 60 * 60_000;
/** The message metadata event type that tags a post with the outbox entry it delivers. */
export const OUTBOX_EVENT_TYPE = 'screenos_bot_outbox';
/** History pages read when looking for an earlier post; a channel busier than this in minutes is searched no further. */
const HISTORY_PAGES = 5;
/** Errors after which the history cannot be read until someone acts; the entry is then posted again. */
const HISTORY_UNREADABLE = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'is_archived']);

export interface SlackDeliveryOptions {
  /** How long one Web API call may take. A whole attempt may take twice that. */
  readonly timeoutMs?: number;
  /** Times each call and the owner lookups' cache; the machine's unless given. */
  readonly clock?: Clock;
}

/**
 * Posts reminders to Slack channels. Its Web API client neither retries nor waits on rate limits by
 * itself: the outbox does both, honouring Retry-After, so that one channel's 429 delays only that channel.
 * Every call has a timeout, so a Slack that never answers costs one timeout, not the client's request queue.
 * Owners given as emails are looked up (users.lookupByEmail, cached for an hour) and mentioned.
 *
 * Each post carries message metadata naming its outbox entry, so that a replica taking over an entry
 * whose earlier attempt has no known outcome finds it in `conversations.history` instead of posting twice.
 */
export function createSlackDelivery(config: SlackConfig, log: Logger, options: SlackDeliveryOptions = {}): Delivery {
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const client = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Each call's timeout, on the clock rather than the client's own timer (its `timeout` option), so
    // that a call and the outbox attempt around it give up by the same time.
    fetch: (url, init = {}) => fetch(url, { ...init, signal: timeoutSignal(clock, timeoutMs) }),
    logLevel: webApi.LogLevel.ERROR,
  });
  const users = new Map<string, { id: string | null; at: number }>();

  async function resolveMentions(reply: Reply): Promise<Map<string, string>> {
    const resolved = new Map<string, string>();
    for (const owner of mentionsIn(reply)) {
      if (!isEmailAddress(owner)) continue;
      const cached = users.get(owner.toLowerCase());
      if (cached !== undefined && clock.now().getTime() - cached.at < LOOKUP_TTL_MS) {
        if (cached.id !== null) resolved.set(owner, cached.id);
        continue;
      }
      try {
        const answer = await client.users.lookupByEmail({ email: owner });
        const id = answer.user?.id ?? null;
        users.set(owner.toLowerCase(), { id, at: clock.now().getTime() });
        if (id !== null) resolved.set(owner, id);
      } catch (error) {
        // users_not_found and the like: show the owner as text; the reminder still goes out.
        users.set(owner.toLowerCase(), { id: null, at: clock.now().getTime() });
        log.debug('slack: owner not resolved to a user', { owner, code: (error as { data?: { error?: string } }).data?.error });
      }
    }
    return resolved;
  }

  return {
    minIntervalMs: 1000,
    // Owner lookups come before the post; they are cached, and one that fails only leaves an owner unmentioned.
    timeoutMs: 2 * timeoutMs,
    // A private channel the bot is not in is channel_not_found to it; a public one it may post in uninvited
    // with chat:write.public (see the manifest), so only a member flag of false on a private one counts.
    async probe(conversationKey) {
      const channel = channelOf(conversationKey);
      if (!/^[CG]/.test(channel)) return null;
      try {
        const info = await client.conversations.info({ channel });
        return info.channel?.is_private === true && info.channel.is_member === false ? describeNotInChannel('not_in_channel') : null;
      } catch (error) {
        return describeNotInChannel(slackErrorCode(error));
      }
    },
    async deliver(conversationKey, reply, context = {}): Promise<DeliveryResult> {
      const channel = channelOf(conversationKey);
      try {
        const message = renderBlockKit(reply, { mentions: await resolveMentions(reply), slashCommand: config.command });
        // The outbox stopped waiting while owners were looked up: posting now could only duplicate.
        if (context.signal?.aborted === true) return timedOut(timeoutMs);
        const metadata = context.entryId === undefined ? {} : { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { entry: context.entryId } } };
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false, ...metadata });
        return { kind: 'sent' };
      } catch (error) {
        return classify(error, timeoutMs);
      }
    },
    async findPosted(conversationKey, entryId, since): Promise<PostedCheck> {
      const channel = channelOf(conversationKey);
      let cursor: string | undefined;
      try {
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const answer = await client.conversations.history({
            channel,
            oldest: (since.getTime() / 1000).toFixed(6),
            include_all_metadata: true,
            limit: 200,
            ...(cursor === undefined ? {} : { cursor }),
          });
          const found = (answer.messages ?? []).some((m) => {
            const metadata = (m as { metadata?: { event_type?: string; event_payload?: { entry?: unknown } } }).metadata;
            return metadata?.event_type === OUTBOX_EVENT_TYPE && Number(metadata.event_payload?.entry) === entryId;
          });
          if (found) return { kind: 'posted' };
          cursor = answer.response_metadata?.next_cursor;
          if (answer.has_more !== true || cursor === undefined || cursor === '') return { kind: 'absent' };
        }
        return { kind: 'unknown', reason: `more than ${HISTORY_PAGES * 200} messages since the earlier attempt` };
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code !== undefined && HISTORY_UNREADABLE.has(code)) {
          // Without the history scope (an app installed before it was added) the old behaviour holds:
          // post again, at the risk of a double. Waiting for ever would lose the message instead.
          log.warn('slack: cannot read the channel history to look for an earlier post; posting again', { channel, error: code });
          return { kind: 'absent' };
        }
        const result = classify(error, timeoutMs);
        return { kind: 'unknown', reason: result.kind === 'sent' ? 'unknown error' : result.reason };
      }
    },
  };
}

/** Maps a Web API error to what the outbox should do about it. */
function classify(error: unknown, timeoutMs: number): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string; original?: { name?: string } };
  switch (e.code) {
    case webApi.ErrorCode.RequestError:
      // The client's own timeout: the post may have reached Slack, the answer did not come back.
      if (e.original?.name === 'TimeoutError' || e.original?.name === 'AbortError') return timedOut(timeoutMs);
      return { kind: 'retry', reason: e.message ?? 'network error' };
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'retry', reason: 'rate limited (429)', afterMs: (e.retryAfter ?? 1) * 1000 };
    case webApi.ErrorCode.PlatformError: {
      const slackError = e.data?.error ?? 'unknown_error';
      const notInChannel = describeNotInChannel(slackError);
      if (notInChannel !== null) return { kind: 'permanent', reason: notInChannel };
      return PERMANENT.has(slackError) ? { kind: 'permanent', reason: slackError } : { kind: 'retry', reason: slackError };
    }
    case webApi.ErrorCode.HTTPError:
      return { kind: 'retry', reason: `HTTP ${e.statusCode ?? '?'}` };
    case undefined:
    default:
      return { kind: 'retry', reason: e.message ?? 'network error' };
  }
}
