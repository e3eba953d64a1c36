/**
 * Platform-neutral replies. Command handlers return these as plain data; each adapter has one pure
 * function that turns a reply into Block Kit, an Adaptive Card or terminal text, escaping every string
 * on the way (no string here is markup).
 */

/** How urgent a card is; adapters map it to a colour or an icon. */
export type Tone = 'danger' | 'warning' | 'good' | 'info';

/**
 * A run of text with one style. `url` makes it a link. `mention` names a person (an email address or a
 * chat handle from the inventory): platforms that can resolve it notify that person, others show the text.
 * `code` is text people copy (a version, an indicator, a log template): every platform shows it character
 * for character. `command` is something to send to the bot (`devices site=x`): each platform shows it the
 * way it is typed there (a slash command, a mention) and as code.
 */
export interface Span {
  readonly text: string;
  readonly style?: 'bold' | 'code' | 'italic' | 'command';
  readonly url?: string;
  readonly mention?: string;
}

/** Plain text, or styled spans. Never markup: adapters escape it. */
export type RichText = string | readonly Span[];

export interface Field {
  readonly label: string;
  readonly value: RichText;
}

/**
 * A picture (a chart), carried as PNG bytes in base64 so that a reply stays plain data, and each
 * platform sends it its own way: Slack uploads it into the conversation, Teams shows it in the card from
 * a link the bot serves, the console writes it to a file and prints `text` instead. `alt` says what the
 * picture shows, for screen readers and wherever the picture cannot go.
 */
export interface ImageElement {
  readonly kind: 'image';
  readonly png: string;
  readonly width: number;
  readonly height: number;
  /** A caption: "JSA10713: 20 unpatched of 33 affected". */
  readonly title: string;
  readonly alt: string;
  /** A name to upload or save it under: letters, digits, dashes and `.png`. */
  readonly fileName: string;
  /** The picture drawn in text, one line each, for a terminal (monospace). */
  readonly text: readonly string[];
}

/** The kinds of file a reply may hand over; each platform serves or uploads it under this media type. */
export type FileMediaType = 'text/csv';

/**
 * A file handed over with an answer (an export), carried as text so that a reply stays plain data. It
 * travels as pictures do: Slack uploads it into the conversation, Teams links to it from the card (a bot
 * cannot attach a file in a channel), the console writes it under its data folder and prints the path.
 */
export interface FileElement {
  readonly kind: 'file';
  /** The file's content, sent as UTF-8. */
  readonly content: string;
  readonly mediaType: FileMediaType;
  /** A name to upload or save it under: letters, digits, dashes and one extension (`devices-20261126T090000Z.csv`). */
  readonly fileName: string;
  /** A caption: "Devices for JSA10713, 2026-11-26 09:00 UTC". */
  readonly title: string;
  /** What it holds, in one line, shown beside it: "35 devices, one a row". */
  readonly description: string;
  /**
   * How else to get the same file, for wherever it cannot be handed over: a sentence that starts with
   * the command (`npm run cli -- audit --csv`, run where the bot runs, writes the same file.).
   */
  readonly elsewhere: RichText;
}

/** What an adapter delivers beside the message: a picture or a file, through one upload or link path. */
export type Attachment = ImageElement | FileElement;

export type CardElement =
  | { readonly kind: 'text'; readonly text: RichText }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'list'; readonly title?: string; readonly items: readonly RichText[]; readonly ordered?: boolean }
  | { readonly kind: 'context'; readonly text: RichText }
  | { readonly kind: 'divider' }
  | ImageElement
  | FileElement;

/** A button. Pressing it sends `command` to the bot as if the user had typed it. */
export interface CardAction {
  readonly label: string;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
}

export interface Card {
  readonly title: string;
  readonly tone: Tone;
  readonly elements: readonly CardElement[];
  readonly actions: readonly CardAction[];
}

export interface Reply {
  readonly cards: readonly Card[];
  /** Plain text for notifications and clients that cannot show cards. */
  readonly fallback: string;
  /**
   * `private`: only the asker needs it (a version lookup); platforms that can answer privately do so.
   * `public`: everyone in the conversation should see it (a briefing).
   */
  readonly visibility: 'private' | 'public';
  /**
   * A private answer that may be shared as it is (a version verdict). Commands with side effects never
   * set it: sharing runs the command again.
   */
  readonly shareable?: boolean;
}

/** The text of rich text without styles, for fallbacks and logs. */
export function plainText(text: RichText): string {
  return typeof text === 'string' ? text : text.map((s) => s.text).join('');
}

export const span = {
  bold: (text: string): Span => ({ text, style: 'bold' }),
  code: (text: string): Span => ({ text, style: 'code' }),
  command: (text: string): Span => ({ text, style: 'command' }),
  italic: (text: string): Span => ({ text, style: 'italic' }),
  link: (text: string, url: string): Span => ({ text, url }),
  mention: (who: string): Span => ({ text: who, mention: who }),
  plain: (text: string): Span => ({ text }),
};

/** A reply of one card; the fallback is its title and first text. */
export function cardReply(card: Card, visibility: Reply['visibility'] = 'private', fallback?: string): Reply {
  const first = card.elements.find((e) => e.kind === 'text');
  return {
    cards: [card],
    visibility,
    fallback: fallback ?? (first?.kind === 'text' ? `${card.title}: ${plainText(first.text)}` : card.title),
  };
}

/** Every person a reply mentions, for adapters that resolve them before rendering. */
export function mentionsIn(reply: Reply): string[] {
  const found = new Set<string>();
  const visit = (text: RichText): void => {
    if (typeof text !== 'string') for (const s of text) if (s.mention !== undefined) found.add(s.mention);
  };
  for (const card of reply.cards) {
    for (const element of card.elements) {
      if (element.kind === 'text' || element.kind === 'context') visit(element.text);
      else if (element.kind === 'fields') element.fields.forEach((f) => visit(f.value));
      else if (element.kind === 'list') element.items.forEach(visit);
    }
  }
  return [...found];
}

/** Every picture a reply carries, in order. */
export function imagesIn(reply: Reply): ImageElement[] {
  return reply.cards.flatMap((card) => card.elements.filter((e): e is ImageElement => e.kind === 'image'));
}

/** Every picture and file a reply carries, in order. */
export function attachmentsIn(reply: Reply): Attachment[] {
  return reply.cards.flatMap((card) => card.elements.filter((e): e is Attachment => e.kind === 'image' || e.kind === 'file'));
}

/** The bytes of an attachment, as they are uploaded, served or written. */
export function attachmentBytes(attachment: Attachment): Buffer {
  return attachment.kind === 'image' ? Buffer.from(attachment.png, 'base64') : Buffer.from(attachment.content, 'utf8');
}

/** The media type an attachment is served with. */
export function attachmentMediaType(attachment: Attachment): 'image/png' | FileMediaType {
  return attachment.kind === 'image' ? 'image/png' : attachment.mediaType;
}

/**
 * The name an attachment is uploaded, served or saved under: its `fileName` kept to letters, digits, dots,
 * dashes and underscores, no leading dot and no folder, so that no name leaves a folder or breaks a header.
 */
export function attachmentFileName(attachment: Attachment): string {
  const safe = (attachment.fileName.split(/[/\\]/).pop() ?? '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '');
  return safe === '' ? (attachment.kind === 'image' ? 'chart.png' : 'export.csv') : safe;
}

/** The reply without its pictures (a follow-up that needs none). */
export function withoutImages(reply: Reply): Reply {
  return { ...reply, cards: reply.cards.map((card) => ({ ...card, elements: card.elements.filter((e) => e.kind !== 'image') })) };
}
