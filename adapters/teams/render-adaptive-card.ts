import type { Card, CardAction, CardElement, Reply, RichText, Tone } from '../../src/core/reply.ts';
import { isEmailAddress, splitSurroundingSpace, stripBidiControls } from '../../src/core/text.ts';

/** An Adaptive Card as JSON; Teams renders schema 1.5. */
export type AdaptiveCard = Record<string, unknown> & { readonly type: 'AdaptiveCard'; readonly version: string; readonly body: Record<string, unknown>[] };

/** Teams shows at most a handful of buttons well; more go to the text. */
const MAX_ACTIONS = 6;
/** Items shown per list before "and N more"; keeps cards well under Teams' 28 KB message limit. */
const MAX_LIST_ITEMS = 40;
const MAX_TEXT = 4000;

const TONE_COLOR: Readonly<Record<Tone, string>> = { danger: 'Attention', warning: 'Warning', good: 'Good', info: 'Accent' };
const TONE_ICON: Readonly<Record<Tone, string>> = { danger: '🔴', warning: '🟠', good: '🟢', info: '🔵' };

/**
 * Text in an Adaptive Card TextBlock is Markdown (bold, italic, links, lists), and Teams turns
 * `<at>…</at>` into mentions. Dynamic text (a device name, an advisory, the user's own words) is shown
 * as typed: the characters that start emphasis or a link are backslash-escaped, a list marker at the
 * start of a line is escaped, and angle brackets become look-alikes so that no tag or mention can form.
 * The rest is left alone, so versions such as 6.2.0r16 read cleanly. Bidirectional controls are removed.
 */
export function escapeTeamsText(text: string): string {
  return stripBidiControls(text)
    .replace(/[\\*_[\]]/g, (c) => `\\${c}`)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(LIST_MARKER, (_m, space: string, marker: string) => `${space}${marker.replace(/([-+.])/, '\\$1')}`);
}

// Indentation is spaces and tabs only: `\s*` would also cross line breaks, and then every line start of a
// long run of blank lines would rescan the rest of the run.
const LIST_MARKER = /^([ \t]*)([-+]|\d+\.)(?=\s)/gm;

/** One pure function: a neutral reply in, one Adaptive Card per neutral card out. */
export function renderAdaptiveCards(reply: Reply): AdaptiveCard[] {
  return reply.cards.map((card) => renderCard(card, reply.fallback));
}

/** Mention entities collected while a card renders: Teams notifies only people named in one. */
type Mentions = Map<string, { type: 'mention'; text: string; mentioned: { id: string; name: string } }>;

function renderCard(card: Card, fallback: string): AdaptiveCard {
  const mentions: Mentions = new Map();
  const renderRich = (text: RichText): string => renderRichText(text, mentions);
  const textBlockOf = (text: RichText, extra: Record<string, unknown> = {}): Record<string, unknown> => textBlock(renderRich(text), extra);
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: `${TONE_ICON[card.tone]} ${escapeTeamsText(card.title)}`,
      size: 'Large',
      weight: 'Bolder',
      color: TONE_COLOR[card.tone],
      wrap: true,
      style: 'heading',
    },
  ];
  let separator = false;
  for (const element of card.elements) {
    if (element.kind === 'divider') {
      separator = true;
      continue;
    }
    const rendered = renderElement(element, renderRich, textBlockOf);
    if (separator && rendered[0] !== undefined) rendered[0] = { ...rendered[0], separator: true };
    separator = false;
    body.push(...rendered);
  }
  const actions = card.actions.slice(0, MAX_ACTIONS).map(submitAction);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: escapeTeamsText(fallback).slice(0, MAX_TEXT),
    msteams: { width: 'Full', ...(mentions.size > 0 ? { entities: [...mentions.values()] } : {}) },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

function renderElement(
  element: Exclude<CardElement, { kind: 'divider' }>,
  renderRich: (text: RichText) => string,
  textBlockOf: (text: RichText, extra?: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown>[] {
  switch (element.kind) {
    case 'text':
      return [textBlockOf(element.text)];
    case 'fields':
      return [{ type: 'FactSet', facts: element.fields.map((f) => ({ title: escapeTeamsText(f.label), value: renderRich(f.value) })) }];
    case 'list': {
      const items = element.items.slice(0, MAX_LIST_ITEMS).map((item, i) => textBlock(`${element.ordered === true ? `${i + 1}.` : '•'} ${renderRich(item)}`, { spacing: 'Small' }));
      const hidden = element.items.length - Math.min(element.items.length, MAX_LIST_ITEMS);
      if (hidden > 0) items.push(textBlock(`…and ${hidden} more`, { isSubtle: true, spacing: 'Small' }));
      const title = element.title === undefined ? [] : [textBlock(`**${escapeTeamsText(element.title)}**`, { spacing: 'Medium' })];
      return [{ type: 'Container', items: [...title, ...items] }];
    }
    case 'context':
      return [textBlockOf(element.text, { isSubtle: true, size: 'Small' })];
    default: {
      const never: never = element;
      return never;
    }
  }
}

/**
 * Rich text as Adaptive Card Markdown: styles from the spans, their text escaped. An owner given as an
 * email becomes a real mention (`<at>…</at>` plus an entity naming the user by that address); the
 * mention markup is ours, its name escaped like any other text.
 */
export function renderRichText(text: RichText, mentions: Mentions = new Map()): string {
  if (typeof text === 'string') return escapeTeamsText(text);
  return text
    .map((span) => {
      const escaped = escapeTeamsText(span.text);
      if (span.mention !== undefined && isEmailAddress(span.mention)) {
        const markup = `<at>${escaped}</at>`;
        mentions.set(span.mention, { type: 'mention', text: markup, mentioned: { id: stripBidiControls(span.mention), name: stripBidiControls(span.text) } });
        return markup;
      }
      if (span.url !== undefined) return /^https?:\/\//.test(span.url) ? `[${escaped}](${stripBidiControls(span.url).replace(/[()\s]/g, encodeURIComponent)})` : escaped;
      if (span.style === undefined || escaped.trim() === '') return escaped;
      const [lead, core, trail] = splitSurroundingSpace(escaped);
      // Adaptive Cards have no inline code; monospace is not available inside a TextBlock run.
      const marker = span.style === 'bold' ? '**' : span.style === 'italic' ? '_' : '';
      return span.style === 'code' ? `${lead}“${core}”${trail}` : `${lead}${marker}${core}${marker}${trail}`;
    })
    .join('');
}

function textBlock(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextBlock', text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text, wrap: true, ...extra };
}

/** The command travels in the submit data; the bot runs it as if the user had typed it. */
function submitAction(action: CardAction): Record<string, unknown> {
  return {
    type: 'Action.Submit',
    title: stripBidiControls(action.label),
    data: { command: stripBidiControls(action.command) },
    ...(action.style === 'danger' ? { style: 'destructive' } : action.style === 'primary' ? { style: 'positive' } : {}),
  };
}
