/**
 * Sweeps log lines for the loaded bulletins' own indicators: the `log_pattern`, `ip_address` and
 * `file_hash` values of the advisory files (see src/domain/advisories/log-indicators.ts), compiled once, each
 * line searched in time linear in its length whatever it holds. No indicator value is written here.
 */
import { isLogIndicator, literalParts, WILDCARD, type LogIndicator, type LogIndicatorKind } from '../advisories/log-indicators.ts';
import type { Advisory, IndicatorKind } from '../advisories/types.ts';

/** What the sweep needs of a bulletin. */
export type SweptBulletin = Pick<Advisory, 'id' | 'indicators'>;

/** One indicator seen in the log. */
export interface IndicatorHit {
  readonly kind: LogIndicatorKind;
  /** As the advisory file writes it. */
  readonly value: string;
  /** The file's words on what a hit means (an attempt, a compromise). */
  readonly description: string;
  /** Lines holding it. */
  readonly lines: number;
  /** The first few of those, 1-based, ascending. */
  readonly firstLines: readonly number[];
  /** The first of those lines, cut to {@link MAX_LINE_SHOWN} characters around the match (`…` where cut). */
  readonly excerpt: string;
}

/** The indicators of one bulletin seen in the log, in the file's order. */
export interface BulletinHits {
  readonly bulletin: string;
  /** Lines holding at least one of them. */
  readonly lines: number;
  readonly indicators: readonly IndicatorHit[];
}

/** What a sweep looks for, to say so when it finds nothing. */
export interface SweepCoverage {
  /** Bulletins with indicators searched, and how many each, in the catalog's order. */
  readonly searched: readonly { readonly bulletin: string; readonly indicators: number }[];
  /** Bulletins whose log patterns are lines another hunt reads (the JSA10713 login pair), not swept. */
  readonly readElsewhere: readonly string[];
  /** Bulletins with indicators that are not log content (file names, IDS rules, …), and those kinds. */
  readonly notLogContent: readonly { readonly bulletin: string; readonly kinds: readonly IndicatorKind[] }[];
}

/** Line numbers kept per indicator. */
export const FIRST_LINES_KEPT = 5;
/** A matched line longer than this is shown cut, around its match. */
export const MAX_LINE_SHOWN = 160;
/** Characters kept before the match when a line is cut. */
const BEFORE_MATCH = 40;

interface Compiled {
  readonly bulletin: string;
  readonly indicator: LogIndicator;
  /** Where the indicator first occurs in the line, or -1. */
  readonly find: (text: string) => number;
}

/** Where `text` holds `value` from `from` on, in any case, or -1. */
type Search = (text: string, from: number) => number;

/**
 * A case-insensitive search for a literal: a regular expression of the escaped value alone cannot
 * backtrack beyond the value's length, and without the `u` flag `i` folds no other character into
 * A–Z (the Kelvin sign stays apart from `k`). `test` and `lastIndex` find it without allocating, which
 * keeps a line of thousands of near misses linear in practice too, not only in theory.
 */
function searchFor(value: string): Search {
  const pattern = new RegExp(value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi');
  return (text, from) => {
    pattern.lastIndex = from;
    return pattern.test(text) ? pattern.lastIndex - value.length : -1;
  };
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * A whole-token search: the value neither follows nor precedes a letter, digit or `_`, so that
 * 129.126.109.50 is not found in 129.126.109.500 nor in 1129.126.109.50, nor a hash inside a longer one.
 * Before an address, a dot after a word character continues it too (`1.129.126.109.50` is another
 * address); after one, a dot does not (tcpdump writes the port so: `129.126.109.50.22`).
 */
function wholeToken(value: string, dotContinuesBefore: boolean): (text: string) => number {
  const search = searchFor(value);
  return (text) => {
    for (let at = search(text, 0); at !== -1; at = search(text, at + 1)) {
      const before = text.charCodeAt(at - 1);
      if (isWordChar(before)) continue;
      if (dotContinuesBefore && before === 46 && isWordChar(text.charCodeAt(at - 2))) continue;
      if (isWordChar(text.charCodeAt(at + value.length))) continue;
      return at;
    }
    return -1;
  };
}

const WHITESPACE = /\s/g;

/**
 * Juniper's wildcard pattern: the literal parts in order within one token (a run without whitespace),
 * `*` standing for anything between them. Leftmost-first is enough: the earliest first part of a token
 * leaves the most room for the rest, so each token is tried once. Each part's next occurrence is
 * remembered, since searches only move right: the whole line is read a bounded number of times per part,
 * never once per token (a regular expression would try every start, and backtrack on each).
 */
function wildcard(parts: readonly string[]): (text: string) => number {
  const [first, ...rest] = parts.map((part) => ({ part, search: searchFor(part) }));
  if (first === undefined) return () => -1;
  return (text) => {
    const next: number[] = rest.map(() => -2);
    for (let start = first.search(text, 0); start !== -1;) {
      WHITESPACE.lastIndex = start;
      const end = WHITESPACE.exec(text)?.index ?? text.length;
      let at = start + first.part.length;
      let inToken = true;
      for (let i = 0; i < rest.length && inToken; i++) {
        const { part, search } = rest[i] ?? first;
        let found = next[i] ?? -2;
        if (found < at) found = search(text, at);
        next[i] = found;
        if (found === -1) return -1;
        inToken = found + part.length <= end;
        at = found + part.length;
      }
      if (inToken) return start;
      start = first.search(text, end);
    }
    return -1;
  };
}

function compile(bulletin: string, indicator: LogIndicator): Compiled {
  const { kind, value } = indicator;
  if (kind !== 'log_pattern') return { bulletin, indicator, find: wholeToken(value, kind === 'ip_address') };
  if (!value.includes(WILDCARD)) {
    const search = searchFor(value);
    return { bulletin, indicator, find: (text) => search(text, 0) };
  }
  return { bulletin, indicator, find: wildcard(literalParts(value)) };
}

/** `text` cut to {@link MAX_LINE_SHOWN} characters around `at`, never between the halves of a surrogate pair. */
function excerptOf(text: string, at: number): string {
  if (text.length <= MAX_LINE_SHOWN) return text;
  // Room for an … at each end that is cut.
  let start = Math.max(0, at - BEFORE_MATCH);
  let end = start + MAX_LINE_SHOWN - (start > 0 ? 2 : 1);
  if (end >= text.length) {
    end = text.length;
    start = text.length - (MAX_LINE_SHOWN - 1);
  }
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The loaded bulletins' log indicators, compiled once. A value twice in one bulletin is searched once;
 * one in two bulletins is reported under each.
 */
export class IndicatorSweep {
  readonly coverage: SweepCoverage;
  private readonly compiled: readonly Compiled[];

  /** `readElsewhere` picks the log patterns another hunt reads better (the backdoor login pair). */
  constructor(bulletins: readonly SweptBulletin[], readElsewhere: (indicator: LogIndicator) => boolean = () => false) {
    const compiled: Compiled[] = [];
    const searched: { bulletin: string; indicators: number }[] = [];
    const elsewhere: string[] = [];
    const notLogContent: { bulletin: string; kinds: IndicatorKind[] }[] = [];
    for (const { id, indicators } of bulletins) {
      const seen = new Set<string>();
      let count = 0;
      for (const indicator of indicators) {
        if (!isLogIndicator(indicator)) continue;
        if (readElsewhere(indicator)) {
          if (!elsewhere.includes(id)) elsewhere.push(id);
          continue;
        }
        const key = `${indicator.kind} ${indicator.value.toLowerCase()}`;
        if (seen.has(key) || !searchable(indicator)) continue;
        seen.add(key);
        compiled.push(compile(id, indicator));
        count++;
      }
      if (count > 0) searched.push({ bulletin: id, indicators: count });
      const others = [...new Set(indicators.filter((i) => !isLogIndicator(i)).map((i) => i.kind))];
      if (others.length > 0) notLogContent.push({ bulletin: id, kinds: others });
    }
    this.compiled = compiled;
    this.coverage = { searched, readElsewhere: elsewhere, notLogContent };
  }

  /** A fresh tally for one log. */
  start(): SweepTally {
    return new SweepTally(this.compiled);
  }
}

/** The loader refuses what cannot be searched; a catalog built by hand is held to the same rule. */
function searchable(indicator: LogIndicator): boolean {
  if (indicator.kind !== 'log_pattern') return indicator.value.trim() !== '';
  return literalParts(indicator.value).length > 0 && !(indicator.value.includes(WILDCARD) && /\s/.test(indicator.value));
}

interface Tally {
  lines: number;
  readonly firstLines: number[];
  excerpt: string;
}

/** The sweep of one log, fed one line at a time; memory stays bounded whatever the log's size. */
export class SweepTally {
  private readonly tallies = new Map<Compiled, Tally>();
  private readonly bulletinLines = new Map<string, number>();
  private linesWithHits = 0;

  constructor(private readonly compiled: readonly Compiled[]) {}

  /** Sweeps one line (without its line break), its 1-based number `line`. */
  read(text: string, line: number): void {
    if (this.compiled.length === 0) return;
    let lastBulletin: string | null = null;
    for (const c of this.compiled) {
      const at = c.find(text);
      if (at === -1) continue;
      const tally = this.tallies.get(c);
      if (tally === undefined) this.tallies.set(c, { lines: 1, firstLines: [line], excerpt: excerptOf(text, at) });
      else {
        tally.lines++;
        if (tally.firstLines.length < FIRST_LINES_KEPT) tally.firstLines.push(line);
      }
      // Compiled indicators are grouped by bulletin, so a bulletin's line is counted once.
      if (c.bulletin !== lastBulletin) this.bulletinLines.set(c.bulletin, (this.bulletinLines.get(c.bulletin) ?? 0) + 1);
      lastBulletin = c.bulletin;
    }
    if (lastBulletin !== null) this.linesWithHits++;
  }

  /** Lines holding at least one indicator of any bulletin. */
  get lines(): number {
    return this.linesWithHits;
  }

  /** What was found, per bulletin in the catalog's order, indicators in the file's order. */
  finish(): BulletinHits[] {
    const byBulletin = new Map<string, IndicatorHit[]>();
    for (const c of this.compiled) {
      const tally = this.tallies.get(c);
      if (tally === undefined) continue;
      const { kind, value, description } = c.indicator;
      const hit: IndicatorHit = { kind, value, description, lines: tally.lines, firstLines: [...tally.firstLines], excerpt: tally.excerpt };
      byBulletin.set(c.bulletin, [...(byBulletin.get(c.bulletin) ?? []), hit]);
    }
    return [...byBulletin].map(([bulletin, indicators]) => ({ bulletin, lines: this.bulletinLines.get(bulletin) ?? 0, indicators }));
  }
}
