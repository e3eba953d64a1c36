import { statSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * What one setting is, in one place: the parser that reads a given value and its default alike, the
 * README's row (meaning and default), and whether the value is a credential. The README's settings table
 * is generated from these rows (`npm run docs:settings`), and a test fails when it is stale.
 */
export interface Setting<T> {
  /** The README's "meaning" cell, in Markdown. */
  readonly meaning: string;
  /** The README's "default" cell, in Markdown: derived from {@link default} unless it needs words. */
  readonly defaultText: string;
  /** A credential: never quoted in a problem (even when pasted into another setting), redacted from the log. */
  readonly secret: boolean;
  /**
   * The text read, by the same {@link parse}, when the setting is not given; a function of the folders
   * the project ships when the default lies among them; null when the setting has no value then.
   */
  readonly default: string | ((shipped: ShippedPaths) => string) | null;
  /** Reads a given value, trimmed and never empty (an empty value counts as unset). */
  readonly parse: (text: string) => T | Refusal<T>;
}

/** The project's own files a default may point at: computed once from the project root. */
export interface ShippedPaths {
  /** The folder of bulletins shipped with the bot. */
  readonly advisories: string;
  /** The fleet the console demo audits when no inventory is configured. */
  readonly exampleFleet: string;
}

/**
 * A value a parser will not take. The problems say what is wrong without the setting's name (the loader
 * prefixes it) and never quote a secret. `carryOn` is what the loader goes on with to find the other
 * problems, for a setting whose default may be refused too (a folder that is missing).
 */
export class Refusal<T> {
  constructor(
    readonly problems: readonly string[],
    readonly carryOn?: T,
  ) {}
}

/** Refuses a value for one or more reasons. */
export function refuse<T = never>(...problems: string[]): Refusal<T> {
  return new Refusal<T>(problems);
}

/** What a table of settings yields once read: each setting's value, null where an optional one is unset. */
export type ValuesOf<S> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/**
 * What the per-area builders (Slack, Teams, inventory) get: the values of their settings, and which
 * were given or refused, so that a refused value raises no second problem about what follows from it.
 */
export interface Readings<S> {
  readonly values: ValuesOf<S>;
  readonly given: (name: keyof S & string) => boolean;
  readonly refused: (name: keyof S & string) => boolean;
}

interface RowText {
  readonly meaning: string;
  readonly secret?: boolean;
}

/**
 * A setting that always has a value. Its README default is the default text in backticks, followed by
 * `note` when given (`67108864` (64 MiB)); `defaultText` replaces both when the default needs words.
 */
export function setting<T>(
  spec: RowText &
    ({ readonly default: string; readonly note?: string } | { readonly default: (shipped: ShippedPaths) => string; readonly defaultText: string }) & {
      readonly parse: (text: string) => T | Refusal<T>;
    },
): Setting<T> {
  const defaultText = 'defaultText' in spec ? spec.defaultText : `\`${spec.default}\`${'note' in spec && spec.note !== undefined ? ` ${spec.note}` : ''}`;
  return { meaning: spec.meaning, defaultText, secret: spec.secret ?? false, default: spec.default, parse: spec.parse };
}

/**
 * A setting without a value when unset (null). Its README default is `unset`, followed by `: note`
 * when given; `defaultText` replaces it when what happens then depends on other settings.
 */
export function optional<T>(
  spec: RowText & { readonly note?: string; readonly defaultText?: string; readonly parse: (text: string) => T | Refusal<T> },
): Setting<T | null> {
  const defaultText = spec.defaultText ?? (spec.note === undefined ? 'unset' : `unset: ${spec.note}`);
  return { meaning: spec.meaning, defaultText, secret: spec.secret ?? false, default: null, parse: spec.parse };
}

/** The text as given. */
export const asText = (text: string): string => text;

/** One of a closed list of words, case-sensitive. */
export function oneOf<const T extends string>(choices: readonly T[]): (text: string) => T | Refusal<T> {
  return (text) => ((choices as readonly string[]).includes(text) ? (text as T) : refuse(`“${text}” is not one of ${choices.join(', ')}`));
}

/** A whole number within bounds; the bounds are part of the problem, so the fix is in the message. */
export function wholeNumber(min: number, max: number): (text: string) => number | Refusal<number> {
  return (text) => {
    const n = Number(text);
    return Number.isInteger(n) && n >= min && n <= max ? n : refuse(`“${text}” is not a whole number from ${min} to ${max}`);
  };
}

/** Whether `text` is an absolute http: or https: URL. */
export function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** A DNS name: letters, digits, hyphens and dots, no scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** An IP address or a DNS name, as a listener binds or a URL names. */
export function isHostName(text: string): boolean {
  return isIP(text) !== 0 || HOST_NAME.test(text);
}

/** Whether `file` exists (whatever it is). */
export function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Whether `dir` exists and is a folder. */
export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
