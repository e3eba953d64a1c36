import type { Attachment, Card, CardElement, Reply, RichText, Tone } from '../../src/chat/reply.ts';
import { stripBidiControls } from '../../src/domain/text.ts';

export interface TextStyle {
  /** ANSI colours and bold; off for pipes and `NO_COLOR`. */
  readonly color: boolean;
  /**
   * Where each picture or file was written, to print under it; one not listed was not saved (a picture is
   * then shown in text alone, a file by how else to get it).
   */
  readonly savedPaths?: ReadonlyMap<Attachment, string>;
}

const TONE: Readonly<Record<Tone, { icon: string; ansi: string }>> = {
  danger: { icon: '✖', ansi: '31' },
  warning: { icon: '!', ansi: '33' },
  good: { icon: '✔', ansi: '32' },
  info: { icon: 'ℹ', ansi: '36' },
};

// C0/C1 controls (ANSI escapes from an inventory or a paste); newline and tab stay.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// Whole escape sequences (CSI `ESC [ … m`, OSC `ESC ] … BEL`), so that no `[31m` remnant is left behind.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?)/g;

/** Removes what could move the cursor, recolour the terminal or reorder text. */
export function sanitiseTerminalText(text: string): string {
  return stripBidiControls(text.replace(ESCAPE_SEQUENCE, '').replace(CONTROLS, ''));
}

/** The terminal rendering of a reply: the same card the chat platforms get, as readable text. */
export function renderReplyText(reply: Reply, style: TextStyle): string {
  return reply.cards.map((card) => renderCard(card, style)).join('\n');
}

function renderCard(card: Card, style: TextStyle): string {
  const tone = TONE[card.tone];
  const paint = (code: string, text: string): string => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [paint(`1;${tone.ansi}`, `${tone.icon} ${sanitiseTerminalText(card.title)}`)];
  for (const element of card.elements) lines.push(...renderElement(element, style, paint));
  if (card.actions.length > 0) {
    lines.push(paint('2', `  → ${card.actions.map((a) => `${sanitiseTerminalText(a.label)}: type “${sanitiseTerminalText(a.command)}”`).join('  |  ')}`));
  }
  return lines.join('\n') + '\n';
}

function renderElement(element: CardElement, style: TextStyle, paint: (code: string, text: string) => string): string[] {
  const rich = (text: RichText): string => renderRich(text, style, paint);
  switch (element.kind) {
    case 'text':
      return indent(rich(element.text));
    case 'fields': {
      const width = Math.max(...element.fields.map((f) => f.label.length));
      return element.fields.map((f) => `  ${paint('1', sanitiseTerminalText(f.label).padEnd(width))}  ${rich(f.value)}`);
    }
    case 'list': {
      const title = element.title === undefined ? [] : [`  ${paint('1', sanitiseTerminalText(element.title))}`];
      const items = element.items.map((item, i) => `    ${element.ordered === true ? `${i + 1}.` : '•'} ${rich(item)}`);
      return [...title, ...items];
    }
    case 'context':
      return indent(paint('2', rich(element.text)));
    case 'divider':
      return ['  ' + '─'.repeat(40)];
    case 'image': {
      // The picture drawn in text, then where its PNG was written, to open with an image viewer.
      const path = style.savedPaths?.get(element);
      return [
        `  ${paint('1', sanitiseTerminalText(element.title))}`,
        ...element.text.map((line) => `    ${sanitiseTerminalText(line)}`),
        ...(path === undefined ? [] : [paint('2', `  Chart: ${sanitiseTerminalText(path)}`)]),
      ];
    }
    case 'file': {
      const path = style.savedPaths?.get(element);
      return [
        `  ${paint('1', sanitiseTerminalText(`📄 ${element.title}`))}`,
        `    ${sanitiseTerminalText(element.description)}`,
        path === undefined ? `  The file could not be written; ${rich(element.elsewhere)}` : paint('2', `  File: ${sanitiseTerminalText(path)}`),
      ];
    }
    default: {
      const never: never = element;
      return never;
    }
  }
}

function renderRich(text: RichText, style: TextStyle, paint: (code: string, text: string) => string): string {
  if (typeof text === 'string') return sanitiseTerminalText(text);
  return text
    .map((s) => {
      const t = sanitiseTerminalText(s.text);
      if (s.url !== undefined) return `${t} <${sanitiseTerminalText(s.url)}>`;
      if (s.style === 'bold') return paint('1', t);
      // A command is typed in the console as it is, with no prefix.
      if (s.style === 'code' || s.style === 'command') return style.color ? paint('36', t) : `\`${t}\``;
      if (s.style === 'italic') return paint('3', t);
      return t;
    })
    .join('');
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}
