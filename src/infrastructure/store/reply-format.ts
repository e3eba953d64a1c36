import { attachmentsIn, imagesIn, type Reply } from '../../chat/reply.ts';
import type { StoredReply } from './store.ts';

/**
 * The format version of a reply kept in the outbox. A release that changes the shape of `Reply` in a way
 * an older one cannot render bumps it; a replica meeting a version it does not know fails that entry with
 * a reason instead of posting something broken, or crashing, during a rolling deploy.
 *
 * Format 2 added pictures (`image` elements), format 3 files (`file` elements). A reply is written in
 * the lowest format that holds it, so a reply without either is still format 1, which every release reads;
 * only a reply with a picture or a file needs a release that can deliver it.
 */
export const REPLY_FORMAT = 3;
const FIRST_FORMAT = 1;
const PICTURE_FORMAT = 2;

/** The outbox's `reply_json`: the reply with the lowest format version that holds it. */
export function encodeReply(reply: Reply): string {
  const format = attachmentsIn(reply).some((a) => a.kind === 'file') ? REPLY_FORMAT : imagesIn(reply).length > 0 ? PICTURE_FORMAT : FIRST_FORMAT;
  return JSON.stringify({ format, reply });
}

/** Reads `reply_json` back, or says why it cannot be posted. */
export function decodeReply(raw: unknown): StoredReply {
  const value = typeof raw === 'string' ? parse(raw) : raw;
  if (typeof value !== 'object' || value === null) return { kind: 'unreadable', reason: 'the stored reply is not a JSON object' };
  const { format, reply } = value as { format?: unknown; reply?: unknown };
  if (typeof format !== 'number') return { kind: 'unreadable', reason: 'the stored reply carries no format version' };
  if (!Number.isInteger(format) || format < FIRST_FORMAT || format > REPLY_FORMAT) {
    return {
      kind: 'unreadable',
      reason: `the stored reply has format version ${format}; this release reads versions ${FIRST_FORMAT} to ${REPLY_FORMAT} (written by ${format > REPLY_FORMAT ? 'a newer' : 'an older'} release)`,
    };
  }
  if (!isReply(reply)) return { kind: 'unreadable', reason: `the stored reply (format ${format}) lacks cards or fallback text` };
  return { kind: 'reply', reply };
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  const { cards, fallback } = value as { cards?: unknown; fallback?: unknown };
  return Array.isArray(cards) && typeof fallback === 'string';
}
