/** Words and `key=value` options of a command's arguments; values may be quoted: `site="New York"`. */
export interface ParsedArgs {
  readonly words: string[];
  readonly options: Map<string, string>;
}

export function parseArgs(args: string): ParsedArgs {
  const words: string[] = [];
  const options = new Map<string, string>();
  for (const match of args.matchAll(/(\w+)=(?:"([^"]*)"|'([^']*)'|“([^”]*)”|(\S*))|"([^"]*)"|(\S+)/g)) {
    const [, key, dq, sq, cq, bare, quotedWord, word] = match;
    if (key !== undefined) options.set(key.toLowerCase(), (dq ?? sq ?? cq ?? bare ?? '').trim());
    else words.push(quotedWord ?? word ?? '');
  }
  return { words, options };
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
  if (date.getTime() <= now.getTime()) return { reason: `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC is not in the future` };
  if (date.getTime() - now.getTime() > 366 * 24 * HOUR) return { reason: 'that is more than a year away: pick a nearer date and extend it later' };
  return date;
}

/** "2026-12-01 00:00 UTC" */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
