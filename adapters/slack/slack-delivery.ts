import { webApi } from '@slack/bolt';
import { mentionsIn, type Reply } from '../../src/core/reply.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import type { Delivery, DeliveryResult } from '../../src/reminders/delivery.ts';
import { renderBlockKit } from './render-block-kit.ts';
import { channelOf } from './slack-adapter.ts';

/** Slack errors after which posting to that conversation cannot succeed until someone acts. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope', 'restricted_action', 'not_authed', 'team_access_not_granted']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOOKUP_TTL_MS = 60 * 60_000;

/**
 * Posts reminders to Slack channels. Its Web API client neither retries nor waits on rate limits by
 * itself: the outbox does both, honouring Retry-After, so that one channel's 429 delays only that channel.
 * Owners given as emails are looked up (users.lookupByEmail, cached for an hour) and mentioned.
 */
export function createSlackDelivery(config: SlackConfig, log: Logger): Delivery {
  const client = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
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
    async deliver(conversationKey, reply): Promise<DeliveryResult> {
      const channel = channelOf(conversationKey);
      try {
        const message = renderBlockKit(reply, { mentions: await resolveMentions(reply) });
        await client.chat.postMessage({ channel, text: message.text, attachments: message.attachments, unfurl_links: false, unfurl_media: false });
        return { kind: 'sent' };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

/** Maps a Web API error to what the outbox should do about it. */
function classify(error: unknown): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
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
