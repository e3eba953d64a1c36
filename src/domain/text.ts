/**
 * Character rules shared by every place that reads names or shows text: one definition of what counts
 * as a bidirectional control, an invisible character or a look-alike hyphen. Every function here is a
 * single pass over its input, so no text, however long or odd, costs more than its length.
 */

// The explicit embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the implicit marks
// (LRM, RLM, ALM). Any of them can make a line read differently from what it holds: `fw1<U+202E>lanretni`
// shows as `fw1internal`.
const BIDI_CLASS = String.raw`[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]`;
const BIDI_CONTROLS = new RegExp(BIDI_CLASS, 'g');
const IS_BIDI_CONTROL = new RegExp(BIDI_CLASS);

/**
 * `text` without bidirectional controls. Applied to everything the chat renderers output, since names,
 * reasons and pasted logs reach them and none of them should be able to reorder what people read.
 */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

// Controls (C0, DEL, C1), format characters (zero-width space and joiners, bidi controls, soft hyphen,
// BOM, tag characters), what Unicode says renderers should ignore (Hangul fillers, variation selectors),
// and the line and paragraph separators. None of them belongs in a name people type or read.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;

/**
 * The first control or invisible character in `text`, described for an error message
 * (`U+200B, an invisible character`), or null when there is none.
 */
export function findHiddenCharacter(text: string): string | null {
  const match = HIDDEN.exec(text);
  if (match === null) return null;
  const char = match[0];
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = IS_BIDI_CONTROL.test(char) ? 'a text direction control' : /\p{Cc}/u.test(char) ? 'a control character' : 'an invisible character';
  return `${code}, ${kind}`;
}

// Hyphen, figure dash, en dash, em dash, horizontal bar and minus sign, which NFKC keeps (it maps the
// non-breaking hyphen and the small em dash onto them, and fullwidth and small hyphen-minus onto `-`
// itself): word processors and chat clients put them where someone typed `-`.
const HYPHEN_LOOKALIKES = /[\u2010-\u2015\u2212]/g;

/**
 * A name as it is compared and stored: NFKC (fullwidth `ｆｗ` is `fw`, a ligature is its letters, a
 * non-breaking space a space) and every look-alike hyphen as `-`, so `fw‐ams1` (U+2010) and `fw-ams1`
 * name the same device. Case is kept; callers compare without it.
 */
export function normaliseName(text: string): string {
  return text.normalize('NFKC').replace(HYPHEN_LOOKALIKES, '-');
}

/**
 * Splits off the whitespace around `text`: `["  ", "core", " "]`. Chat styles only take when their
 * markers touch the text, so renderers put the markers inside. A pattern such as `/^(\s*)(.*?)(\s*)$/`
 * does the same in time quadratic in a run of inner spaces; trimming is one pass.
 */
export function splitSurroundingSpace(text: string): [lead: string, core: string, trail: string] {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (end <= start) return [text, '', ''];
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}

// Dot-separated labels after the `@`: each character can be read only one way, so a long text cannot make
// the pattern backtrack (`[^\s@]+\.[^\s@]+$` tries every dot against the rest of the text).
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Whether `text` has the shape of an email address (`name@domain.tld`), checked in one pass. */
export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text);
}

/**
 * What `text.replace(pattern, replace)` gives for a global pattern, with each match replaced as it is
 * found. The built-in replace with a function first gathers every match into one array; past 128 KiB (some
 * 16,000 entries) V8 places such an array in memory freshly mapped from the operating system, which on a
 * virtual machine costs far more per page than the matching, so text of many short matches would cost more
 * per character the longer it is.
 */
export function replaceMatches(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): string {
  if (!pattern.global) throw new TypeError(`replaceMatches needs a global pattern, not ${String(pattern)}`);
  let result = '';
  let copied = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const end = match.index + match[0].length;
    result += text.slice(copied, match.index) + replace(match);
    copied = end;
    // An empty match would be found again at the same place: step over one character, as replace does.
    if (match[0] === '') pattern.lastIndex = end + (pattern.unicode && (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
  }
  pattern.lastIndex = 0;
  return result + text.slice(copied);
}
