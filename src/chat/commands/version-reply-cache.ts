import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import type { Reply } from '../reply.ts';

/** Texts longer than this are answered afresh each time: the cache holds short keys only. */
const KEY_LIMIT = 200;
/** Distinct texts kept per catalog; past this the cache starts over (a flood of distinct texts costs no memory). */
const ENTRY_LIMIT = 5_000;

interface Entry {
  readonly reply: Reply;
  readonly freshness: number;
}

/**
 * The rendered answer of a version check, per catalog, command text and forced product. Chats repeat the
 * same question (`/screenos 6.2.0r16` across a team), and the answer is built from the catalog's verdicts
 * alone, so it is kept for as long as the catalog's {@link AdvisoryCatalog.freshness} holds: a KEV listing
 * change or the support epoch moving on (the clock) renders it again. Neither the asker, the conversation
 * nor the inventory enters a version answer. A kept reply is frozen, so that no caller can alter the
 * answer another asker will receive.
 */
export class VersionReplyCache {
  private readonly byCatalog = new WeakMap<AdvisoryCatalog, Map<string, Entry>>();

  /** The kept answer for `text`, or the one `render` builds now (kept when the text is short). */
  answer(catalog: AdvisoryCatalog, forced: string | null, text: string, render: () => Reply): Reply {
    if (text.length > KEY_LIMIT) return render();
    const freshness = catalog.freshness();
    let entries = this.byCatalog.get(catalog);
    if (entries === undefined) {
      entries = new Map();
      this.byCatalog.set(catalog, entries);
    }
    const key = `${forced ?? ''}|${text}`;
    const kept = entries.get(key);
    if (kept !== undefined && kept.freshness === freshness) return kept.reply;
    const reply = deepFreeze(render());
    if (entries.size >= ENTRY_LIMIT) entries.clear();
    entries.set(key, { reply, freshness });
    return reply;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
