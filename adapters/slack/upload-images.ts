import type { App } from '@slack/bolt';
import { imagesIn, type Reply } from '../../src/core/reply.ts';
import { stripBidiControls } from '../../src/core/text.ts';
import { describeNotInChannel, slackErrorCode } from './not-in-channel.ts';

type WebClient = App['client'];

/** Slack's limit on a file's description for screen readers. */
const ALT_TEXT_LIMIT = 1000;

/**
 * Posts each picture a reply carries into a channel, or into a thread with `threadTs`, with Slack's
 * external upload (the client's `files.uploadV2`: `files.getUploadURLExternal`, the bytes POSTed to
 * the URL it gives, then `files.completeUploadExternal` into the channel). Block Kit cannot carry the
 * bytes, so the picture follows the message it belongs to. Needs the `files:write` scope.
 */
export async function uploadImages(client: WebClient, reply: Reply, channel: string, threadTs?: string): Promise<void> {
  for (const image of imagesIn(reply)) {
    const common = { file: Buffer.from(image.png, 'base64'), filename: image.fileName, title: stripBidiControls(image.title), alt_text: stripBidiControls(image.alt).slice(0, ALT_TEXT_LIMIT) };
    await client.files.uploadV2(threadTs === undefined ? { ...common, channel_id: channel } : { ...common, channel_id: channel, thread_ts: threadTs });
  }
}

/** Why a picture could not be posted, in words the person who asked can act on. */
export function describeUploadFailure(error: unknown): string {
  const code = slackErrorCode(error);
  const notIn = describeNotInChannel(code);
  if (notIn !== null) return `The chart could not be posted: ${notIn}.`;
  if (code === 'missing_scope') return 'The chart could not be posted: the app lacks the files:write scope; reinstall it from the current manifest.';
  return `The chart could not be posted${code === undefined ? '' : ` (Slack: ${code})`}; the figures above stand without it.`;
}
