/** Words and `key=value` options of a command's arguments; values may be quoted: `site="New York"`. */
export interface ParsedArgs {
  readonly words: string[];
  readonly options: Map<string, string>;
}

const KEY = /(\w+)=/y;
const NON_SPACE = /\S*/y;
const SPACE = /\s/;
/** The quotes an option value may be enclosed in, opening and closing. */
const VALUE_QUOTES = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
] as const;

/**
 * Splits arguments into words, `key=value` options and `"quoted words"`. A value may be quoted with
 * `"…"`, `'…'` or `“…”`; a quote that is never closed is kept as part of the text, as typed. One pass:
 * the search for each closing quote resumes where the previous one ended (the pattern this replaces
 * searched the rest of the text again after every unclosed `“`).
 */
export function parseArgs(args: string): ParsedArgs {
  const words: string[] = [];
  const options = new Map<string, string>();
  const findClosing = closingQuoteFinder(args);
  const endOfToken = (from: number): number => {
    NON_SPACE.lastIndex = from;
    NON_SPACE.exec(args);
    return NON_SPACE.lastIndex;
  };
  let pos = 0;
  while (pos < args.length) {
    const char = args.charAt(pos);
    if (SPACE.test(char)) {
      pos++;
      continue;
    }
    KEY.lastIndex = pos;
    const key = KEY.exec(args)?.[1];
    if (key !== undefined) {
      const start = KEY.lastIndex;
      const quote = VALUE_QUOTES.find(([open]) => args.charAt(start) === open);
      const close = quote === undefined ? -1 : findClosing(quote[1], start + 1);
      const end = close >= 0 ? close + 1 : endOfToken(start);
      options.set(key.toLowerCase(), (close >= 0 ? args.slice(start + 1, close) : args.slice(start, end)).trim());
      pos = end;
      continue;
    }
    const close = char === '"' ? findClosing('"', pos + 1) : -1;
    const end = close >= 0 ? close + 1 : endOfToken(pos);
    words.push(close >= 0 ? args.slice(pos + 1, close) : args.slice(pos, end));
    pos = end;
  }
  return { words, options };
}

/**
 * Finds the next closing quote of a kind at or after a position that only moves forward, remembering the
 * last answer: every character is searched at most once per kind of quote.
 */
function closingQuoteFinder(text: string): (quote: string, from: number) => number {
  const last = new Map<string, { from: number; at: number }>();
  return (quote, from) => {
    const seen = last.get(quote);
    if (seen !== undefined && seen.from <= from && (seen.at === -1 || seen.at >= from)) return seen.at;
    const at = text.indexOf(quote, from);
    last.set(quote, { from, at });
    return at;
  };
}

/** Option names that are not among `allowed`, for an answer that names them. */
export function unknownOptions(parsed: ParsedArgs, allowed: readonly string[]): string[] {
  return [...parsed.options.keys()].filter((k) => !allowed.includes(k));
}

const RELATIVE = /^(\d{1,4})\s*(h|d|w)$/i;
const HOUR = 3_600_000;

/**
 * A point in time for `until`: `2026-12-01` (00:00 UTC that day), `2026-12-01T18:00` (UTC),
 * `tomorrow`, or a span from now (`12h`, `3d`, `2w`). Returns a reason instead when it cannot read it
 * or when it is not in the future.
 */
export function parseUntil(text: string, now: Date): Date | { reason: string } {
  const value = text.trim().toLowerCase();
  let date: Date | null = null;
  const relative = RELATIVE.exec(value);
  if (relative !== null) {
    const [, amount = '0', unit = 'd'] = relative;
    date = new Date(now.getTime() + Number(amount) * { h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR }[unit as 'h' | 'd' | 'w']);
  } else if (value === 'tomorrow') {
    date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  } else if (/^\d{4}-\d{2}-\d{2}(t\d{2}:\d{2})?$/.test(value)) {
    const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value.toUpperCase()}:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value.slice(0, 10)) date = parsed;
  }
  if (date === null) return { reason: `“${text}” is not a date: use 2026-12-01, 2026-12-01T18:00 (UTC), tomorrow, 12h, 3d or 2w` };
  if (date.getTime() <= now.getTime()) return { reason: `${formatUtc(date)} is not in the future` };
  if (date.getTime() - now.getTime() > 366 * 24 * HOUR) return { reason: 'that is more than a year away: pick a nearer date and extend it later' };
  return date;
}

/** "2026-12-01 00:00 UTC" */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
