/**
 * Picks the version strings out of what people paste: `6.2.0r16 6.3.0r19b`, `is 6.2.0r16 affected?`,
 * whole `get system` output, `6.3.0 r19` with a stray space. Every token that starts with a digit is a
 * candidate (so junk is reported, never dropped); words without digits are the prose around them.
 */
export function findVersionCandidates(text: string): string[] {
  const fromGetSystem = [...text.matchAll(/software version:\s*([^\s,]+)/gi)].map((m) => m[1] ?? '');
  if (fromGetSystem.length > 0) return fromGetSystem;

  const tokens = text
    .split(/[\s,;]+/)
    .map(stripEnclosing)
    .filter((t) => t !== '');
  const candidates: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (!/^v?\d/i.test(token)) continue;
    // `6.3.0 r19`: a train followed by a release word is one version.
    if (/^\d+\.\d+(\.\d+)?$/.test(token) && next !== undefined && /^r\d/i.test(next)) {
      candidates.push(token + next);
      i++;
      continue;
    }
    candidates.push(token.replace(/^v(?=\d)/i, ''));
  }
  if (candidates.length > 0) return candidates;
  // Nothing starts with a digit: report the tokens that have one rather than say nothing.
  return tokens.filter((t) => /\d/.test(t));
}

const OPENING = new Set('`\'"([{<“‘«');
const CLOSING = new Set('`\'"])}>,;:!?.”’»');

/**
 * Quotes, brackets and sentence punctuation around a pasted version, in any nesting: `("6.3.0r19").`
 * becomes `6.3.0r19`. A FIPS build keeps its `.t`. Two index walks rather than `/[…]+$/`, which tries
 * every start of a long run of dots again: quadratic on `6……x`.
 */
export function stripEnclosing(token: string): string {
  let start = 0;
  while (start < token.length && OPENING.has(token.charAt(start))) start++;
  let end = token.length;
  while (end > start && CLOSING.has(token.charAt(end - 1))) end--;
  return token.slice(start, end);
}
