import type { types } from '@slack/bolt';
import type { Card, CardAction, CardElement, Reply, RichText, Tone } from '../../src/core/reply.ts';
import { splitSurroundingSpace, stripBidiControls } from '../../src/core/text.ts';
import { escapeSlackText, neutraliseMarker, safeLinkTarget } from './escape.ts';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type ContextBlock = types.ContextBlock;
type KnownBlock = types.KnownBlock;
type MessageAttachment = types.MessageAttachment;
type SectionBlock = types.SectionBlock;

/** Slack's published limits for messages and blocks. */
export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actions: 25,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

/** Sections a single list may take before the rest is summarised as "and N more". */
const MAX_SECTIONS_PER_LIST = 3;

export const ACTION_RUN_COMMAND = 'run_command';
export const ACTION_SHARE = 'share_reply';

const TONE_COLOR: Readonly<Record<Tone, string>> = { danger: '#d4351c', warning: '#f0a30a', good: '#2eb67d', info: '#1d9bd1' };
const TONE_EMOJI: Readonly<Record<Tone, string>> = { danger: '🔴', warning: '🟠', good: '🟢', info: '🔵' };

export interface SlackMessage {
  readonly text: string;
  readonly attachments: MessageAttachment[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button that posts `command` again, visibly. */
  readonly shareCommand?: string;
  /** A context line appended to the last card, e.g. who shared the answer (already Slack markup). */
  readonly footerMarkup?: string;
  /** Owners resolved to Slack user ids (by email), so that mentions notify them. */
  readonly mentions?: ReadonlyMap<string, string>;
}

/**
 * Turns a neutral reply into a Slack message: each card an attachment with the tone's colour bar,
 * holding Block Kit blocks. Every dynamic string is escaped; Slack's limits are respected, and what
 * does not fit is counted in an "and N more" line rather than dropped silently.
 */
export function renderBlockKit(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const rendered = reply.cards.map((card, index) => {
    const isLast = index === reply.cards.length - 1;
    const extraActions: Button[] = isLast && options.shareCommand !== undefined ? [shareButton(options.shareCommand)] : [];
    return { card, blocks: renderCard(card, index, extraActions, isLast ? options.footerMarkup : undefined, options.mentions ?? NO_MENTIONS) };
  });
  const total = rendered.reduce((n, r) => n + r.blocks.length, 0);
  if (total <= SLACK_LIMITS.blocks) {
    return { text: fallbackText(reply), attachments: rendered.map((r) => ({ color: TONE_COLOR[r.card.tone], blocks: r.blocks })) };
  }
  // Too long: keep blocks in order (each card keeps its buttons), and say how much was left out.
  let room = SLACK_LIMITS.blocks - 1;
  let shown = 0;
  const attachments: MessageAttachment[] = [];
  for (const { card, blocks } of rendered) {
    if (room <= 0) break;
    const last = blocks[blocks.length - 1];
    const actions = last?.type === 'actions' ? [last] : [];
    const content = blocks.slice(0, blocks.length - actions.length);
    const kept = room >= blocks.length ? blocks : [...content.slice(0, Math.max(0, room - actions.length)), ...actions].slice(0, room);
    attachments.push({ color: TONE_COLOR[card.tone], blocks: kept });
    room -= kept.length;
    shown += kept.length;
  }
  const note = notice(`…and ${total - shown} more sections are not shown: Slack allows ${SLACK_LIMITS.blocks} blocks a message. Ask for fewer versions at a time.`);
  attachments[attachments.length - 1]?.blocks?.push(note);
  return { text: fallbackText(reply), attachments };
}

function fallbackText(reply: Reply): string {
  return truncate(escapeSlackText(reply.fallback), SLACK_LIMITS.fallbackText);
}

const NO_MENTIONS: ReadonlyMap<string, string> = new Map();

function renderCard(card: Card, cardIndex: number, extraActions: readonly Button[], footer: string | undefined, mentions: ReadonlyMap<string, string>): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${TONE_EMOJI[card.tone]} ${escapeSlackText(card.title)}`, SLACK_LIMITS.headerText), emoji: true } },
  ];
  for (const element of card.elements) blocks.push(...renderElement(element, mentions));
  if (footer !== undefined) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: stripBidiControls(footer), verbatim: true }] });
  const buttons = [...card.actions.map((action, i) => commandButton(action, cardIndex, i)), ...extraActions].slice(0, SLACK_LIMITS.actions);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `actions_${cardIndex}`, elements: buttons } satisfies ActionsBlock);
  return blocks;
}

function renderElement(element: CardElement, mentions: ReadonlyMap<string, string>): KnownBlock[] {
  const renderRich = (text: RichText): string => renderRichText(text, mentions);
  switch (element.kind) {
    case 'text':
      return chunkLines(renderRich(element.text).split('\n')).map(section);
    case 'fields': {
      const shown = element.fields.slice(0, SLACK_LIMITS.fields);
      const fields = shown.map((f) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${neutraliseMarker(escapeSlackText(f.label), '*')}*\n${renderRich(f.value)}`, SLACK_LIMITS.fieldText),
        verbatim: true,
      }));
      const blocks: KnownBlock[] = [{ type: 'section', fields }];
      const hidden = element.fields.length - shown.length;
      if (hidden > 0) blocks.push(notice(`…and ${hidden} more fields`));
      return blocks;
    }
    case 'list': {
      const lines = element.items.map((item, i) => `${element.ordered === true ? `${i + 1}.` : '•'} ${renderRich(item)}`);
      const title = element.title === undefined ? [] : [`*${neutraliseMarker(escapeSlackText(element.title), '*')}*`];
      const chunks = chunkLines([...title, ...lines]);
      if (chunks.length <= MAX_SECTIONS_PER_LIST) return chunks.map(section);
      const kept = chunks.slice(0, MAX_SECTIONS_PER_LIST);
      const shownLines = kept.reduce((n, chunk) => n + chunk.split('\n').length, 0) - title.length;
      return [...kept.map(section), notice(`…and ${lines.length - shownLines} more`)];
    }
    case 'context':
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(renderRich(element.text), SLACK_LIMITS.text), verbatim: true }] } satisfies ContextBlock];
    case 'divider':
      return [{ type: 'divider' }];
    default: {
      const never: never = element;
      return never;
    }
  }
}

/**
 * Rich text as mrkdwn: styles from the spans, every character of their text escaped. A mention whose
 * owner resolved to a Slack user becomes `<@U…>` (an id Slack gave us, never text from the inventory).
 */
export function renderRichText(text: RichText, mentions: ReadonlyMap<string, string> = NO_MENTIONS): string {
  if (typeof text === 'string') return escapeSlackText(text);
  return text
    .map((span) => {
      const userId = span.mention === undefined ? undefined : mentions.get(span.mention);
      if (userId !== undefined && /^[UW][A-Z0-9]+$/.test(userId)) return `<@${userId}>`;
      const escaped = escapeSlackText(span.text);
      if (span.url !== undefined) {
        const target = safeLinkTarget(span.url);
        return target === null ? escaped : `<${target}|${escaped.replace(/\|/g, '¦')}>`;
      }
      if (span.style === undefined || escaped.trim() === '') return escaped;
      const marker = span.style === 'bold' ? '*' : span.style === 'italic' ? '_' : '`';
      // Slack only styles a run whose markers touch the text: keep surrounding spaces outside.
      const [lead, core, trail] = splitSurroundingSpace(escaped);
      return `${lead}${marker}${neutraliseMarker(core, marker)}${marker}${trail}`;
    })
    .join('');
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text === '' ? ' ' : text, verbatim: true } };
}

function notice(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlackText(text), verbatim: true }] };
}

/** Packs lines into texts of at most Slack's 3,000 characters, cutting a single overlong line. */
function chunkLines(lines: readonly string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, SLACK_LIMITS.text);
    if (current !== '' && current.length + 1 + line.length > SLACK_LIMITS.text) {
      chunks.push(current);
      current = line;
    } else {
      current = current === '' ? line : `${current}\n${line}`;
    }
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** Cuts at `max` characters, never inside an `&amp;`-style entity, and marks the cut. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
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
