import { webApi } from '@slack/bolt';
import { mentionsIn, type Reply } from '../../src/core/reply.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { OUTBOUND_TIMEOUT_MS, timedOut, type Delivery, type DeliveryResult } from '../../src/reminders/delivery.ts';
import { renderBlockKit } from './render-block-kit.ts';
import { channelOf } from './slack-adapter.ts';

/** Slack errors after which posting to that conversation cannot succeed until someone acts. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope', 'restricted_action', 'not_authed', 'team_access_not_granted']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOOKUP_TTL_MS = 60 * 60_000;

export interface SlackDeliveryOptions {
  /** How long one Web API call may take; tests make it small. A whole attempt may take twice that. */
  readonly timeoutMs?: number;
}

/**
 * Posts reminders to Slack channels. Its Web API client neither retries nor waits on rate limits by
 * itself: the outbox does both, honouring Retry-After, so that one channel's 429 delays only that channel.
 * Every call has a timeout, so a Slack that never answers costs one timeout, not the client's request queue.
 * Owners given as emails are looked up (users.lookupByEmail, cached for an hour) and mentioned.
 */
export function createSlackDelivery(config: SlackConfig, log: Logger, options: SlackDeliveryOptions = {}): Delivery {
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const client = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: webApi.LogLevel.ERROR,
  });
  const users = new Map<string, { id: string | null; at: number }>();

  async function resolveMentions(reply: Reply): Promise<Map<string, string>> {
    const resolved = new Map<string, string>();
    for (const owner of mentionsIn(reply)) {
      if (!EMAIL.test(owner)) continue;
      const cached = users.get(owner.toLowerCase());
      if (cached !== undefined && Date.now() - cached.at < LOOKUP_TTL_MS) {
        if (cached.id !== null) resolved.set(owner, cached.id);
        continue;
      }
      try {
        const answer = await client.users.lookupByEmail({ email: owner });
        const id = answer.user?.id ?? null;
        users.set(owner.toLowerCase(), { id, at: Date.now() });
        if (id !== null) resolved.set(owner, id);
      } catch (error) {
        // users_not_found and the like: show the owner as text; the reminder still goes out.
        users.set(owner.toLowerCase(), { id: null, at: Date.now() });
        log.debug('slack: owner not resolved to a user', { owner, code: (error as { data?: { error?: string } }).data?.error });
      }
    }
    return resolved;
  }

  return {
    minIntervalMs: 1000,
    // Owner lookups come before the post; they are cached, and one that fails only leaves an owner unmentioned.
    timeoutMs: 2 * timeoutMs,
    async deliver(conversationKey, reply, signal): Promise<DeliveryResult> {
      const channel = channelOf(conversationKey);
      try {
        const message = renderBlockKit(reply, { mentions: await resolveMentions(reply), slashCommand: config.command });
        // The outbox stopped waiting while owners were looked up: posting now could only duplicate.
        if (signal?.aborted === true) return timedOut(timeoutMs);
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        return { kind: 'sent' };
      } catch (error) {
        return classify(error, timeoutMs);
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
      return PERMANENT.has(slackError) ? { kind: 'permanent', reason: slackError } : { kind: 'retry', reason: slackError };
    }
    case webApi.ErrorCode.HTTPError:
      return { kind: 'retry', reason: `HTTP ${e.statusCode ?? '?'}` };
    case undefined:
    default:
      return { kind: 'retry', reason: e.message ?? 'network error' };
  }
}
