import { stripBidiControls } from '../../src/domain/text.ts';

/**
 * Slack treats `&`, `<` and `>` as control characters in message text: `<!channel>` pings a channel,
 * `<@U123>` a person, `<http://x|y>` makes a link. Every string that did not come from this adapter's
 * own formatting goes through here first, so none of them ever takes effect. Bidirectional controls are
 * removed, so that no text can reorder what is shown around it.
 */
export function escapeSlackText(text: string): string {
  return stripBidiControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link target that cannot break out of `<url|label>`: http(s) only, with `|` and `>` percent-encoded. */
export function safeLinkTarget(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}
