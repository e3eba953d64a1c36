import type { ActionsBlock, Button, ContextBlock, KnownBlock, RichTextBlock, RichTextElement, RichTextList, RichTextSection } from '@slack/types';
import type { Card, CardAction, CardElement, Reply, RichText, Span } from '../../src/chat/reply.ts';
import { splitSurroundingSpace, stripBidiControls } from '../../src/domain/text.ts';
import { escapeSlackText, safeLinkTarget } from './escape.ts';

/** Slack's published limits for messages and blocks. */
export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actions: 25,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

/** Blocks a single list may take before the rest is summarised as "and N more". */
const MAX_BLOCKS_PER_LIST = 3;

/** The slash command when the adapter is not told another (SLACK_COMMAND). */
export const DEFAULT_SLASH_COMMAND = '/screenos';

export const ACTION_RUN_COMMAND = 'run_command';
export const ACTION_SHARE = 'share_reply';

const TONE_EMOJI: Readonly<Record<Card['tone'], string>> = { danger: '🔴', warning: '🟠', good: '🟢', info: '🔵' };

/** A message as chat.postMessage, chat.update and response_url take it: blocks, and text for notifications. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button that posts `command` again, visibly. */
  readonly shareCommand?: string;
  /** A context line appended to the last card, e.g. who shared the answer (already Slack markup). */
  readonly footerMarkup?: string;
  /** Owners resolved to Slack user ids (by email), so that mentions notify them. */
  readonly mentions?: ReadonlyMap<string, string>;
  /** How commands are shown (`/screenos devices`): the app's slash command. */
  readonly slashCommand?: string;
}

interface Context {
  readonly mentions: ReadonlyMap<string, string>;
  readonly slashCommand: string;
}

/**
 * Turns a neutral reply into a Slack message: the cards' blocks at the top level (a message whose blocks
 * sit in attachments shows its text above them a second time), each card opened by a header whose emoji
 * carries the tone. Text goes into `rich_text` blocks, which Slack shows as they are: no mrkdwn, no
 * mentions or links but the ones we make, so indicators and log lines arrive character for character.
 * Slack's limits are respected, and what does not fit is counted in an "and N more" line.
 */
export function renderBlockKit(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const context: Context = { mentions: options.mentions ?? NO_MENTIONS, slashCommand: options.slashCommand ?? DEFAULT_SLASH_COMMAND };
  const rendered = reply.cards.map((card, index) => {
    const isLast = index === reply.cards.length - 1;
    const extraActions: Button[] = isLast && options.shareCommand !== undefined ? [shareButton(options.shareCommand)] : [];
    return renderCard(card, index, extraActions, isLast ? options.footerMarkup : undefined, context);
  });
  const text = truncate(escapeSlackText(reply.fallback), SLACK_LIMITS.fallbackText);
  const total = rendered.reduce((n, blocks) => n + blocks.length, 0);
  if (total <= SLACK_LIMITS.blocks) return { text, blocks: rendered.flat() };
  // Too long: keep blocks in order (each card keeps its buttons), and say how much was left out.
  let room = SLACK_LIMITS.blocks - 1;
  const blocks: KnownBlock[] = [];
  for (const cardBlocks of rendered) {
    if (room <= 0) break;
    const last = cardBlocks[cardBlocks.length - 1];
    const actions = last?.type === 'actions' ? [last] : [];
    const content = cardBlocks.slice(0, cardBlocks.length - actions.length);
    const kept = room >= cardBlocks.length ? cardBlocks : [...content.slice(0, Math.max(0, room - actions.length)), ...actions].slice(0, room);
    blocks.push(...kept);
    room -= kept.length;
  }
  blocks.push(
    notice(
      `…and ${total - blocks.length} more sections are not shown: Slack allows ${SLACK_LIMITS.blocks} blocks a message. Ask for fewer versions at a time.`,
    ),
  );
  return { text, blocks };
}

const NO_MENTIONS: ReadonlyMap<string, string> = new Map();

function renderCard(card: Card, cardIndex: number, extraActions: readonly Button[], footer: string | undefined, context: Context): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(escapeSlackText(`${TONE_EMOJI[card.tone]} ${card.title}`), SLACK_LIMITS.headerText), emoji: true },
    },
  ];
  for (const element of card.elements) blocks.push(...renderElement(element, context));
  if (footer !== undefined)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(stripBidiControls(footer), SLACK_LIMITS.contextText), verbatim: true }] });
  const buttons = [...card.actions.map((action, i) => commandButton(action, cardIndex, i)), ...extraActions].slice(0, SLACK_LIMITS.actions);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `actions_${cardIndex}`, elements: buttons } satisfies ActionsBlock);
  return blocks;
}

function renderElement(element: CardElement, context: Context): KnownBlock[] {
  switch (element.kind) {
    case 'text':
      return packSections([richSection(element.text, context)]);
    case 'fields':
      // One line per field, label in bold: readable on a phone, and the value exact.
      return packSections(
        element.fields.map((f, i) =>
          richSection([{ text: `${f.label}: `, style: 'bold' }, ...spansOf(f.value), ...(i < element.fields.length - 1 ? [{ text: '\n' }] : [])], context),
        ),
      );
    case 'list': {
      const title = element.title === undefined ? [] : [richSection([{ text: element.title, style: 'bold' }], context)];
      const items = element.items.map((item) => richSection(item, context));
      const blocks = packList(title, items, element.ordered === true ? 'ordered' : 'bullet');
      if (blocks.length <= MAX_BLOCKS_PER_LIST) return blocks;
      const kept = blocks.slice(0, MAX_BLOCKS_PER_LIST);
      const shown = kept.reduce((n, b) => n + b.elements.reduce((m, e) => m + (e.type === 'rich_text_list' ? e.elements.length : 0), 0), 0);
      return [...kept, notice(`…and ${items.length - shown} more`)];
    }
    case 'context':
      return [contextBlock(element.text, context)];
    case 'divider':
      return [{ type: 'divider' }];
    case 'image':
      // Block Kit takes no picture bytes: the adapter uploads the picture into the conversation after the
      // message (files.getUploadURLExternal), and the message says what it shows.
      return [
        {
          type: 'context',
          elements: [{ type: 'plain_text', text: truncate(escapeSlackText(stripBidiControls(`📈 ${element.alt}`)), SLACK_LIMITS.contextText), emoji: true }],
        },
      ];
    case 'file':
      // The same for a file: uploaded after the message, which names it.
      return [
        {
          type: 'context',
          elements: [
            {
              type: 'plain_text',
              text: truncate(escapeSlackText(stripBidiControls(`📄 ${element.title}: ${element.description}`)), SLACK_LIMITS.contextText),
              emoji: true,
            },
          ],
        },
      ];
    default: {
      const never: never = element;
      return never;
    }
  }
}

function spansOf(text: RichText): readonly Span[] {
  return typeof text === 'string' ? [{ text }] : text;
}

/**
 * Rich text as `rich_text` elements: each span's text as it is (a `text` element is never parsed for
 * markup, mentions or links), its style as a style flag. A mention whose owner resolved to a Slack user
 * becomes a `user` element (an id Slack gave us, never text from the inventory); a link an http(s) `link`.
 */
export function renderRichText(text: RichText, mentions: ReadonlyMap<string, string> = NO_MENTIONS, slashCommand = DEFAULT_SLASH_COMMAND): RichTextElement[] {
  const elements: RichTextElement[] = [];
  for (const span of spansOf(text)) {
    const userId = span.mention === undefined ? undefined : mentions.get(span.mention);
    if (userId !== undefined && /^[UW][A-Z0-9]+$/.test(userId)) {
      elements.push({ type: 'user', user_id: userId });
      continue;
    }
    const value = truncate(stripBidiControls(span.style === 'command' ? `${slashCommand} ${span.text}` : span.text), SLACK_LIMITS.text, false);
    if (value === '') continue;
    const style =
      span.style === 'bold'
        ? { bold: true }
        : span.style === 'italic'
          ? { italic: true }
          : span.style === 'code' || span.style === 'command'
            ? { code: true }
            : undefined;
    const target = span.url === undefined ? null : safeLinkTarget(span.url);
    if (target !== null) elements.push({ type: 'link', url: target, text: value, ...(style === undefined ? {} : { style }) });
    else elements.push({ type: 'text', text: value, ...(style === undefined ? {} : { style }) });
  }
  return elements;
}

function richSection(text: RichText, context: Context): RichTextSection {
  const elements = renderRichText(text, context.mentions, context.slashCommand);
  return { type: 'rich_text_section', elements: elements.length > 0 ? elements : [{ type: 'text', text: ' ' }] };
}

/** Characters a rich text element shows, for packing blocks under Slack's text limit. */
function lengthOf(section: RichTextSection): number {
  return section.elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : e.type === 'link' ? e.url.length : 12), 0);
}

/** Sections into rich_text blocks of at most Slack's 3,000 characters each. */
function packSections(sections: readonly RichTextSection[]): RichTextBlock[] {
  const blocks: RichTextBlock[] = [];
  let current: RichTextSection[] = [];
  let size = 0;
  for (const section of sections) {
    const length = lengthOf(section);
    if (current.length > 0 && size + length > SLACK_LIMITS.text) {
      blocks.push({ type: 'rich_text', elements: current });
      current = [];
      size = 0;
    }
    current.push(section);
    size += length;
  }
  if (current.length > 0) blocks.push({ type: 'rich_text', elements: current });
  return blocks;
}

/**
 * A list as Slack's own `rich_text_list` (numbers and bullets drawn by Slack, hanging indent on a phone),
 * split into blocks of at most 3,000 characters; an ordered list continues its numbering across them.
 */
function packList(title: readonly RichTextSection[], items: readonly RichTextSection[], style: RichTextList['style']): RichTextBlock[] {
  const blocks: RichTextBlock[] = [];
  let start = 0;
  while (start < items.length || (blocks.length === 0 && title.length > 0)) {
    let size = blocks.length === 0 ? title.reduce((n, s) => n + lengthOf(s), 0) : 0;
    let end = start;
    while (end < items.length && (end === start || size + lengthOf(items[end] as RichTextSection) <= SLACK_LIMITS.text))
      size += lengthOf(items[end++] as RichTextSection);
    // `offset` continues the numbering (Slack's rich_text_list field; @slack/types 3.2 does not list it).
    const list: RichTextList & { offset?: number } = {
      type: 'rich_text_list',
      style,
      elements: items.slice(start, end),
      ...(style === 'ordered' && start > 0 ? { offset: start } : {}),
    };
    blocks.push({ type: 'rich_text', elements: [...(blocks.length === 0 ? title : []), ...(end > start ? [list] : [])] });
    start = end;
  }
  return blocks;
}

/**
 * A context block (small grey text). Plain text goes in as `plain_text`; styled text as mrkdwn only when
 * every character then shows as it is (no marker inside a span that would end or start a style), and as
 * `rich_text` otherwise, so exactness never depends on what the text contains.
 */
function contextBlock(text: RichText, context: Context): ContextBlock | RichTextBlock {
  const spans = spansOf(text);
  if (spans.every((s) => s.style === undefined && s.url === undefined && (s.mention === undefined || !context.mentions.has(s.mention)))) {
    const plain = stripBidiControls(spans.map((s) => s.text).join(''));
    return {
      type: 'context',
      elements: [{ type: 'plain_text', text: truncate(escapeSlackText(plain === '' ? ' ' : plain), SLACK_LIMITS.contextText), emoji: false }],
    };
  }
  const markup = exactMrkdwn(spans, context);
  if (markup !== null) return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(markup, SLACK_LIMITS.contextText), verbatim: true }] };
  return { type: 'rich_text', elements: [richSection(text, context)] };
}

/** Spans as mrkdwn that displays every character as it is, or null when some character would format. */
function exactMrkdwn(spans: readonly Span[], context: Context): string | null {
  let out = '';
  for (const span of spans) {
    const userId = span.mention === undefined ? undefined : context.mentions.get(span.mention);
    if (userId !== undefined && /^[UW][A-Z0-9]+$/.test(userId)) {
      out += `<@${userId}>`;
      continue;
    }
    const raw = stripBidiControls(span.style === 'command' ? `${context.slashCommand} ${span.text}` : span.text);
    const escaped = escapeSlackText(raw);
    const target = span.url === undefined ? null : safeLinkTarget(span.url);
    if (target !== null) {
      if (/[|*_~`]/.test(raw)) return null;
      out += `<${target}|${escaped}>`;
      continue;
    }
    const marker = span.style === 'bold' ? '*' : span.style === 'italic' ? '_' : span.style === 'code' || span.style === 'command' ? '`' : '';
    // Inside code only a backtick ends it; elsewhere any marker could start or end a style.
    if (marker === '`' ? raw.includes('`') : /[*_~`]/.test(raw)) return null;
    if (marker === '' || raw.trim() === '') {
      out += escaped;
      continue;
    }
    const [lead, core, trail] = splitSurroundingSpace(escaped);
    out += `${lead}${marker}${core}${marker}${trail}`;
  }
  return out === '' ? ' ' : out;
}

function notice(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'plain_text', text: escapeSlackText(text), emoji: false }] };
}

/** Cuts at `max` characters, never inside an `&amp;`-style entity (in escaped text), and marks the cut. */
function truncate(text: string, max: number, escaped = true): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = escaped ? cut.lastIndexOf('&') : -1;
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

function commandButton(action: CardAction, cardIndex: number, index: number): Button {
  return {
    type: 'button',
    action_id: `${ACTION_RUN_COMMAND}:${cardIndex}:${index}`,
    text: { type: 'plain_text', text: truncate(escapeSlackText(action.label), SLACK_LIMITS.buttonText) },
    value: stripBidiControls(action.command).slice(0, SLACK_LIMITS.buttonValue),
    ...(action.style === undefined ? {} : { style: action.style }),
  };
}

function shareButton(command: string): Button {
  return {
    type: 'button',
    action_id: ACTION_SHARE,
    text: { type: 'plain_text', text: 'Share in channel' },
    value: stripBidiControls(command).slice(0, SLACK_LIMITS.buttonValue),
  };
}
