// Concept: file download — log files shared with the bot, fetched with the bot token from Slack's hosts only, hunted.
import type { App } from '@slack/bolt';
import { cardReply, type Reply } from '../../src/chat/reply.ts';
import type { SlackMessage } from './render-block-kit.ts';
import type { Bot } from '../../src/chat/bot.ts';

type WebClient = App['client'];

/** A file as Slack describes it in message and mention events. */
export interface SharedFile {
  readonly name?: string | null;
  readonly url_private?: string;
  readonly url_private_download?: string;
}

/** Hunts the files shared in a message and posts what each holds, in the thread when `threadTs` is set. */
export type HuntSharedFiles = (files: readonly SharedFile[] | undefined, channel: string, threadTs: string | undefined, client: WebClient) => Promise<void>;

/** The bot token goes only to Slack's own hosts, or to the configured API host (a gateway, a test). */
export function isSlackFileUrl(url: string, apiUrl: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (target.protocol === 'https:' && (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))) return true;
  return target.origin === new URL(apiUrl).origin;
}

/**
 * Streams each shared file (with the bot token, and only from Slack's own file hosts or the configured
 * API host) through the log hunt, which stops at its size limit, and posts what it found.
 */
export function sharedFileHunter(
  settings: { readonly apiUrl: string; readonly botToken: string },
  bot: Pick<Bot, 'hunt'>,
  render: (reply: Reply) => SlackMessage,
): HuntSharedFiles {
  return async function huntSharedFiles(files, channel, threadTs, client): Promise<void> {
    for (const file of (files ?? []).slice(0, 3)) {
      const url = file.url_private_download ?? file.url_private;
      let reply: Reply;
      if (url === undefined || !isSlackFileUrl(url, settings.apiUrl)) {
        reply = cardReply({
          title: 'I cannot read that file',
          tone: 'info',
          elements: [{ kind: 'text', text: 'Share a text log file (event log or syslog) uploaded to Slack.' }],
          actions: [],
        });
      } else {
        const response = await fetch(url, { headers: { authorization: `Bearer ${settings.botToken}` }, redirect: 'error' });
        reply =
          response.ok && response.body !== null
            ? await bot.hunt(response.body as AsyncIterable<Uint8Array>)
            : cardReply({
                title: 'I could not download that file',
                tone: 'warning',
                elements: [{ kind: 'text', text: `Slack answered HTTP ${response.status}; does the app have the files:read scope?` }],
                actions: [],
              });
      }
      await client.chat.postMessage({ channel, ...(threadTs === undefined ? {} : { thread_ts: threadTs }), unfurl_links: false, ...render(reply) });
    }
  };
}
