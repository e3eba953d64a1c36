import { formatUtc } from '../../src/chat/args.ts';
import {
  attachmentFileName,
  type Attachment,
  type Card,
  type CardAction,
  type CardElement,
  type FileElement,
  type Reply,
  type RichText,
  type Span,
  type Tone,
} from '../../src/chat/reply.ts';
import { isEmailAddress, replaceMatches, splitSurroundingSpace, stripBidiControls } from '../../src/domain/text.ts';
import { planActions } from './card-actions.ts';

/** An Adaptive Card as JSON; Teams renders schema 1.5. */
export type AdaptiveCard = Record<string, unknown> & { readonly type: 'AdaptiveCard'; readonly version: string; readonly body: Record<string, unknown>[] };

type Json = Record<string, unknown>;

/** Items shown per list before "and N more", unless a message must shrink to fit Teams' size limit. */
export const MAX_LIST_ITEMS = 25;
const MAX_TEXT = 4000;

/** How people address the bot in a Teams channel: the app's `name.short` in manifest.json. */
export const TEAMS_BOT_MENTION = '@screenos-bot';

/**
 * Text colours: Warning and Good are 1.5:1 and 2.1:1 against Teams' light theme, too faint to read, so
 * the tone is carried by the emoji and only danger (Attention) and info (Accent) colour the title.
 */
const TONE_COLOR: Readonly<Record<Tone, string>> = { danger: 'Attention', warning: 'Default', good: 'Default', info: 'Accent' };
const TONE_ICON: Readonly<Record<Tone, string>> = { danger: '🔴', warning: '🟠', good: '🟢', info: '🔵' };

/**
 * Markdown escaping for the one place text still goes through a TextBlock: a line that mentions an owner
 * (Teams resolves `<at>…</at>` only in TextBlock and FactSet). The characters that start emphasis or a
 * link are backslash-escaped, a list marker at the start of a line is escaped, and angle brackets become
 * look-alikes so that no tag or mention can form. Everything else is rendered as TextRuns, which Teams
 * shows as they are. Bidirectional controls are removed.
 */
export function escapeTeamsText(text: string): string {
  const escaped = replaceMatches(stripBidiControls(text), MARKUP, ([char = '']) => MARKUP_ESCAPES[char] ?? char);
  return replaceMatches(escaped, LIST_MARKER, ([, space = '', marker = '']) => `${space}${marker.replace(/([-+.])/, '\\$1')}`);
}

// Emphasis and link characters are backslash-escaped; angle brackets become look-alikes.
const MARKUP = /[\\*_[\]<>]/g;
const MARKUP_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '*': '\\*', _: '\\_', '[': '\\[', ']': '\\]', '<': '‹', '>': '›' };

// Indentation is spaces and tabs only: `\s*` would also cross line breaks, and then every line start of a
// long run of blank lines would rescan the rest of the run.
const LIST_MARKER = /^([ \t]*)([-+]|\d+\.)(?=\s)/gm;

/**
 * One pure function: a neutral reply in, one Adaptive Card per neutral card out. Text goes into
 * RichTextBlocks of TextRuns: a TextRun is never Markdown (the schema says so, and the adaptivecards
 * renderer sets it as `innerText`), never a mention and never a link unless we give it a `selectAction`,
 * so indicators, versions and log templates arrive character for character; code is Monospace.
 */
export function renderAdaptiveCards(reply: Reply, maxListItems = MAX_LIST_ITEMS, links: AttachmentLinks = NO_LINKS): AdaptiveCard[] {
  return reply.cards.map((card) => renderCard(card, reply.fallback, maxListItems, links));
}

/**
 * Where a picture or a file can be fetched (an https link the bot serves, and until when), or why it has
 * no link. Teams shows a card's Image only from a URL, and a bot cannot attach a file in a channel.
 */
export type AttachmentLink = { readonly url: string; readonly expiresAt: Date } | { readonly problem: string };

/**
 * The links of a reply's pictures and files. A picture without a link is shown as its description; a
 * file without one says why (its `problem`) and how else to get it.
 */
export type AttachmentLinks = ReadonlyMap<Attachment, AttachmentLink>;
const NO_LINKS: AttachmentLinks = new Map();

/** Mention entities collected while a card renders: Teams notifies only people named in one. */
type Mentions = Map<string, { type: 'mention'; text: string; mentioned: { id: string; name: string } }>;

function renderCard(card: Card, fallback: string, maxListItems: number, links: AttachmentLinks): AdaptiveCard {
  const mentions: Mentions = new Map();
  const body: Json[] = [richTextBlock([{ text: `${TONE_ICON[card.tone]} ${card.title}` }], { size: 'Large', weight: 'Bolder', color: TONE_COLOR[card.tone] })];
  let separator = false;
  for (const element of card.elements) {
    if (element.kind === 'divider') {
      separator = true;
      continue;
    }
    const rendered = renderElement(element, mentions, maxListItems, links);
    if (separator && rendered[0] !== undefined) rendered[0] = { ...rendered[0], separator: true };
    separator = false;
    body.push(...rendered);
  }
  const actions = planActions(card.actions).map(({ action, title, primary }) => submitAction(action, title, primary));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    // Shown as plain text by clients that cannot draw the card: exact, like the card itself.
    fallbackText: stripBidiControls(fallback).slice(0, MAX_TEXT),
    msteams: { width: 'Full', ...(mentions.size > 0 ? { entities: [...mentions.values()] } : {}) },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

function renderElement(element: Exclude<CardElement, { kind: 'divider' }>, mentions: Mentions, maxListItems: number, links: AttachmentLinks): Json[] {
  switch (element.kind) {
    case 'text':
      return [textElement(element.text, mentions)];
    case 'fields':
      return [
        {
          type: 'Container',
          items: element.fields.map((f, i) => textElement(f.value, mentions, {}, { spacing: i === 0 ? 'Default' : 'Small' }, `${f.label}: `)),
        },
      ];
    case 'list': {
      // Numbers and bullets are our own text, not Markdown lists: a Markdown list in a TextBlock is
      // indented by the renderer and clips long numbers on a phone.
      const items = element.items
        .slice(0, maxListItems)
        .map((item, i) => textElement(item, mentions, {}, { spacing: 'Small' }, undefined, `${element.ordered === true ? `${i + 1}.` : '•'} `));
      const hidden = element.items.length - Math.min(element.items.length, maxListItems);
      if (hidden > 0) items.push(richTextBlock([{ text: `…and ${hidden} more` }], { isSubtle: true }, { spacing: 'Small' }));
      const title = element.title === undefined ? [] : [richTextBlock([{ text: element.title }], { weight: 'Bolder' }, { spacing: 'Medium' })];
      return [{ type: 'Container', items: [...title, ...items] }];
    }
    case 'context':
      return [textElement(element.text, mentions, { isSubtle: true, size: 'Small' })];
    case 'image': {
      const link = links.get(element);
      const alt = stripBidiControls(element.alt).slice(0, MAX_TEXT);
      // Stretched to the card's width; a tap opens it full size (Teams' stage view).
      if (link !== undefined && 'url' in link) return [{ type: 'Image', url: link.url, altText: alt, size: 'Stretch', msteams: { allowExpand: true } }];
      return [richTextBlock([{ text: `📈 ${alt}` }], { isSubtle: true })];
    }
    case 'file':
      return renderFile(element, links.get(element), mentions);
    default: {
      const never: never = element;
      return never;
    }
  }
}

/**
 * A file: what it holds, then a button that opens its link (Teams downloads it, as the bot serves it as an
 * attachment) and until when the link works; or, without a link, why, and the command that writes it.
 */
function renderFile(file: FileElement, link: AttachmentLink | undefined, mentions: Mentions): Json[] {
  const caption = richTextBlock([{ text: `📄 ${file.title}`, style: 'bold' }, { text: `: ${file.description}` }]);
  if (link !== undefined && 'url' in link) {
    return [
      caption,
      { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: `Download ${attachmentFileName(file)}`, url: link.url }] },
      richTextBlock([{ text: `The link works until ${formatUtc(link.expiresAt)}; ask again for a new one.` }], { isSubtle: true, size: 'Small' }),
    ];
  }
  const why = link?.problem ?? 'Teams lets a bot attach a file only in a personal chat; this file has no link.';
  const elsewhere = typeof file.elsewhere === 'string' ? [{ text: file.elsewhere }] : file.elsewhere;
  return [caption, richTextBlock([{ text: why }]), textElement([{ text: 'On the command line: ' }, ...elsewhere], mentions, { isSubtle: true })];
}

/**
 * A RichTextBlock for rich text; a TextBlock only when the text mentions an owner Teams can notify.
 * `label` leads in bold (a field), `marker` leads as it is (a list number).
 */
function textElement(text: RichText, mentions: Mentions, runStyle: Json = {}, blockStyle: Json = {}, label?: string, marker?: string): Json {
  const spans: readonly Span[] = typeof text === 'string' ? [{ text }] : text;
  if (spans.some((s) => s.mention !== undefined && isEmailAddress(s.mention))) {
    const lead = `${marker ?? ''}${label === undefined ? '' : `**${escapeTeamsText(label.trimEnd())}** `}`;
    const markdownStyle = { ...(runStyle.isSubtle === true ? { isSubtle: true } : {}), ...(runStyle.size === undefined ? {} : { size: runStyle.size }) };
    return textBlock(`${lead}${renderRichText(text, mentions)}`, { ...markdownStyle, ...blockStyle });
  }
  const lead: Span[] = [...(marker === undefined ? [] : [{ text: marker }]), ...(label === undefined ? [] : [{ text: label, style: 'bold' as const }])];
  return richTextBlock([...lead, ...spans], runStyle, blockStyle);
}

function richTextBlock(spans: readonly Span[], runStyle: Json = {}, blockStyle: Json = {}): Json {
  let room = MAX_TEXT;
  const inlines: { type: 'TextRun'; text: string }[] = [];
  let previous: Json | null = null;
  for (const span of spans) {
    if (room <= 0) break;
    const full = stripBidiControls(span.style === 'command' ? `${TEAMS_BOT_MENTION} ${span.text}` : span.text);
    if (full === '') continue;
    const text = full.length > room ? `${full.slice(0, room - 1)}…` : full;
    room -= text.length;
    const style = runStyleOf(span);
    const last = inlines[inlines.length - 1];
    // Neighbouring spans of one style are one run: the same text in fewer bytes (Teams limits a message's size).
    if (last !== undefined && previous !== null && style.selectAction === undefined && JSON.stringify(style) === JSON.stringify(previous)) last.text += text;
    else inlines.push({ type: 'TextRun', text, ...runStyle, ...style });
    previous = style.selectAction === undefined ? style : null;
  }
  return { type: 'RichTextBlock', inlines: inlines.length > 0 ? inlines : [{ type: 'TextRun', text: ' ' }], ...blockStyle };
}

function runStyleOf(span: Span): Json {
  const style: Json =
    span.style === 'bold'
      ? { weight: 'Bolder' }
      : span.style === 'italic'
        ? { italic: true }
        : span.style === 'code' || span.style === 'command'
          ? { fontType: 'Monospace' }
          : {};
  // A link is an action on the run; its text stays as it is.
  if (span.url !== undefined && /^https?:\/\//i.test(span.url) && URL.canParse(span.url))
    style.selectAction = { type: 'Action.OpenUrl', url: stripBidiControls(span.url) };
  return style;
}

/**
 * Rich text as Adaptive Card Markdown, for the TextBlocks that carry a mention: styles from the spans,
 * their text escaped. An owner given as an email becomes a real mention (`<at>…</at>` plus an entity
 * naming the user by that address); the mention markup is ours, its name escaped like any other text.
 */
export function renderRichText(text: RichText, mentions: Mentions = new Map()): string {
  if (typeof text === 'string') return escapeTeamsText(text);
  return text
    .map((span) => {
      const escaped = escapeTeamsText(span.style === 'command' ? `${TEAMS_BOT_MENTION} ${span.text}` : span.text);
      if (span.mention !== undefined && isEmailAddress(span.mention)) {
        const markup = `<at>${escaped}</at>`;
        mentions.set(span.mention, { type: 'mention', text: markup, mentioned: { id: stripBidiControls(span.mention), name: stripBidiControls(span.text) } });
        return markup;
      }
      if (span.url !== undefined)
        return /^https?:\/\//.test(span.url) ? `[${escaped}](${stripBidiControls(span.url).replace(/[()\s]/g, encodeURIComponent)})` : escaped;
      if (span.style === undefined || escaped.trim() === '') return escaped;
      const [lead, core, trail] = splitSurroundingSpace(escaped);
      const marker = span.style === 'bold' ? '**' : span.style === 'italic' ? '_' : '';
      return span.style === 'bold' || span.style === 'italic' ? `${lead}${marker}${core}${marker}${trail}` : `${lead}“${core}”${trail}`;
    })
    .join('');
}

function textBlock(text: string, extra: Json = {}): Json {
  return { type: 'TextBlock', text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text, wrap: true, ...extra };
}

/** The command travels in the submit data; the bot runs it as if the user had typed it. */
function submitAction(action: CardAction, title: string, primary: boolean): Json {
  return {
    type: 'Action.Submit',
    title: stripBidiControls(title),
    data: { command: stripBidiControls(action.command) },
    ...(primary ? {} : { mode: 'secondary' }),
    ...(action.style === 'danger' ? { style: 'destructive' } : action.style === 'primary' ? { style: 'positive' } : {}),
  };
}
