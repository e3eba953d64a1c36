// Concept: a reply's pictures and files posted after it, with Slack's external upload, and failures explained.
import type { App, RespondArguments } from '@slack/bolt';
import { attachmentBytes, attachmentFileName, attachmentsIn, plainText, type Attachment, type Reply } from '../../src/chat/reply.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import { stripBidiControls } from '../../src/domain/text.ts';
import { describeNotInChannel, slackErrorCode } from './not-in-channel.ts';

type WebClient = App['client'];

/** Slack's limit on a file's description for screen readers. */
const ALT_TEXT_LIMIT = 1000;

/**
 * Posts a picture or a file into a channel, or into a thread with `threadTs`, with Slack's external
 * upload (the client's `files.uploadV2`: `files.getUploadURLExternal`, the bytes POSTed to the URL it
 * gives, then `files.completeUploadExternal` into the channel). Block Kit cannot carry the bytes, so the
 * attachment follows the message it belongs to. Needs the `files:write` scope.
 */
export async function uploadAttachment(client: WebClient, attachment: Attachment, channel: string, threadTs?: string): Promise<void> {
  const common = {
    file: attachmentBytes(attachment),
    filename: attachmentFileName(attachment),
    title: stripBidiControls(attachment.title),
    // A picture is described for screen readers; a file's message already says what it holds.
    ...(attachment.kind === 'image' ? { alt_text: stripBidiControls(attachment.alt).slice(0, ALT_TEXT_LIMIT) } : {}),
  };
  await client.files.uploadV2(threadTs === undefined ? { ...common, channel_id: channel } : { ...common, channel_id: channel, thread_ts: threadTs });
}

/** Why an attachment could not be posted, in words the person who asked can act on. */
export function describeUploadFailure(error: unknown, attachment: Attachment): string {
  const what = attachment.kind === 'image' ? 'The chart' : 'The CSV file';
  const code = slackErrorCode(error);
  const notIn = describeNotInChannel(code);
  if (notIn !== null) return `${what} could not be posted: ${notIn}.`;
  if (code === 'missing_scope') return `${what} could not be posted: the app lacks the files:write scope; reinstall it from the current manifest.`;
  const slack = code === undefined ? '' : ` (Slack: ${code})`;
  if (attachment.kind === 'image') return `${what} could not be posted${slack}; the figures above stand without it.`;
  return `${what} could not be posted${slack}. Try again; on the command line, ${plainText(attachment.elsewhere)}`;
}

/** Posts a reply's attachments after it; `tell` explains a failed upload to the asker where possible. */
export type PostAttachments = (
  client: WebClient,
  reply: Reply,
  channel: string,
  threadTs?: string,
  tell?: (message: RespondArguments) => Promise<unknown>,
) => Promise<void>;

/**
 * Uploads the pictures and files of a public reply after it (files cannot be ephemeral: a private answer
 * keeps their description alone). A failed upload is logged and, where the asker can be told, explained;
 * the rest are not tried, as they would fail the same way.
 */
export function attachmentPoster(log: Logger): PostAttachments {
  return async function postAttachments(client, reply, channel, threadTs, tell): Promise<void> {
    if (reply.visibility !== 'public') return;
    for (const attachment of attachmentsIn(reply)) {
      try {
        await uploadAttachment(client, attachment, channel, threadTs);
      } catch (error) {
        log.warn(`slack: ${attachment.kind === 'image' ? 'a chart' : 'a file'} could not be uploaded`, {
          channel,
          error,
          code: (error as { data?: { error?: unknown } }).data?.error,
        });
        await tell?.({ response_type: 'ephemeral', replace_original: false, text: describeUploadFailure(error, attachment) }).catch(() => undefined);
        return;
      }
    }
  };
}
