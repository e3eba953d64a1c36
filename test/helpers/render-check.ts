/**
 * Checks every test can run on what the renderers produce: Adaptive Cards are parsed by Microsoft's
 * `adaptivecards` package (the renderer Teams' web client is built on) and must raise no error or
 * warning; Block Kit payloads must keep within Slack's published limits and carry their blocks at the
 * top level. That the blocks are well-formed Block Kit is proved at compile time: the Slack renderer
 * returns `KnownBlock[]` from `@slack/types`.
 */
import { createRequire } from 'node:module';

interface ParseEvent {
  readonly message: string;
}
interface SerializationContext {
  readonly eventCount: number;
  getEventAt(index: number): ParseEvent;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => { parse(json: unknown, context: SerializationContext): void };
  SerializationContext: new () => SerializationContext;
}

// The package's ESM `lib/` does not load in Node; its UMD bundle does.
const AdaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

/** What the adaptivecards parser reports about one card (unknown elements or properties, bad values); empty when clean. */
export function adaptiveCardProblems(card: unknown): string[] {
  const context = new AdaptiveCards.SerializationContext();
  new AdaptiveCards.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

/** Throws, naming the problems, when the adaptivecards parser reports anything about `card`. */
export function assertValidAdaptiveCard(card: unknown): void {
  const problems = adaptiveCardProblems(card);
  if (problems.length > 0) throw new Error(`invalid Adaptive Card: ${problems.join('; ')}\n${JSON.stringify(card).slice(0, 2000)}`);
}

/** Slack's limits for a message's blocks (docs.slack.dev, Block Kit reference). */
export const SLACK_BLOCK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  fields: 10,
  fieldText: 2000,
  actions: 25,
  buttonText: 75,
  buttonValue: 2000,
} as const;

interface LooseBlock {
  readonly type?: string;
  readonly text?: { readonly text?: string };
  readonly fields?: readonly { readonly text?: string }[];
  readonly elements?: readonly { readonly type?: string; readonly text?: string | { readonly text?: string }; readonly value?: string }[];
}

/** Every way a Slack message payload (chat.postMessage, chat.update, a response_url body) breaks Slack's rules; empty when none. */
export function slackPayloadProblems(payload: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const attachments = payload.attachments as { blocks?: unknown }[] | undefined;
  if (attachments?.some((a) => a.blocks !== undefined) === true) problems.push('blocks inside attachments: Slack shows the text above them again');
  const blocks = (payload.blocks ?? []) as LooseBlock[];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > 0 && (typeof payload.text !== 'string' || payload.text === '')) problems.push('blocks without a text fallback for notifications');
  if (blocks.length > SLACK_BLOCK_LIMITS.blocks) problems.push(`${blocks.length} blocks (at most ${SLACK_BLOCK_LIMITS.blocks})`);
  const over = (what: string, text: string | undefined, max: number): void => {
    if (text !== undefined && text.length > max) problems.push(`${what} of ${text.length} characters (at most ${max})`);
    if (text !== undefined && text.length === 0) problems.push(`empty ${what}`);
  };
  blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type ?? '?'})`;
    switch (block.type) {
      case 'header':
        over(`${where} text`, block.text?.text, SLACK_BLOCK_LIMITS.headerText);
        break;
      case 'section':
        over(`${where} text`, block.text?.text, SLACK_BLOCK_LIMITS.sectionText);
        if ((block.fields?.length ?? 0) > SLACK_BLOCK_LIMITS.fields)
          problems.push(`${where} has ${block.fields?.length} fields (at most ${SLACK_BLOCK_LIMITS.fields})`);
        for (const field of block.fields ?? []) over(`${where} field`, field.text, SLACK_BLOCK_LIMITS.fieldText);
        break;
      case 'context':
        if ((block.elements?.length ?? 0) > SLACK_BLOCK_LIMITS.contextElements)
          problems.push(`${where} has ${block.elements?.length} elements (at most ${SLACK_BLOCK_LIMITS.contextElements})`);
        for (const element of block.elements ?? [])
          over(`${where} element`, typeof element.text === 'string' ? element.text : element.text?.text, SLACK_BLOCK_LIMITS.contextText);
        break;
      case 'actions':
        if ((block.elements?.length ?? 0) > SLACK_BLOCK_LIMITS.actions)
          problems.push(`${where} has ${block.elements?.length} buttons (at most ${SLACK_BLOCK_LIMITS.actions})`);
        for (const button of block.elements ?? []) {
          over(`${where} button text`, typeof button.text === 'string' ? button.text : button.text?.text, SLACK_BLOCK_LIMITS.buttonText);
          over(`${where} button value`, button.value, SLACK_BLOCK_LIMITS.buttonValue);
        }
        break;
      case 'rich_text':
        if ((block.elements?.length ?? 0) === 0) problems.push(`${where} is empty`);
        break;
      case 'divider':
        break;
      case undefined:
      default:
        problems.push(`${where}: a block type this bot does not send`);
    }
  });
  return problems;
}

/** Throws, naming the problems, when a Slack message payload breaks Slack's rules. */
export function assertValidSlackPayload(payload: Record<string, unknown>): void {
  const problems = slackPayloadProblems(payload);
  if (problems.length > 0) throw new Error(`invalid Slack payload: ${problems.join('; ')}`);
}

/** Slack shows `&lt;`, `&gt;` and `&amp;` in text objects as the characters (and nothing else is decoded). */
function decodeSlackEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name] ?? '');
}

interface LooseRichElement {
  readonly type: string;
  readonly text?: string;
  readonly url?: string;
  readonly user_id?: string;
  readonly elements?: readonly LooseRichElement[];
}

/**
 * The lines a Slack message shows, one per block (headers, text objects after entity decoding, rich text
 * as its characters, a user mention as `@U…`), for asserting what people read and copy. Buttons are left out.
 */
export function slackDisplayedLines(payload: { readonly blocks?: readonly unknown[]; readonly text?: string }): string[] {
  const rich = (element: LooseRichElement): string => {
    if (element.type === 'text' || element.type === 'link') return element.text ?? element.url ?? '';
    if (element.type === 'user') return `@${element.user_id ?? ''}`;
    if (element.type === 'rich_text_list') return (element.elements ?? []).map(rich).join('\n');
    return (element.elements ?? []).map(rich).join('');
  };
  const lines: string[] = [];
  for (const block of (payload.blocks ?? []) as (LooseBlock & { elements?: LooseRichElement[] })[]) {
    if (block.type === 'rich_text') lines.push((block.elements ?? []).map(rich).join('\n'));
    else if (block.type === 'header' || block.type === 'section')
      lines.push(decodeSlackEntities(block.text?.text ?? ''), ...(block.fields ?? []).map((f) => decodeSlackEntities(f.text ?? '')));
    else if (block.type === 'context') lines.push((block.elements ?? []).map((e) => decodeSlackEntities(e.text as string)).join(' '));
  }
  return lines;
}

interface ParsedElement {
  getJsonTypeName(): string;
  readonly text?: string;
  getItemCount?(): number;
  getItemAt?(index: number): ParsedElement;
  getInlineCount?(): number;
  getInlineAt?(index: number): ParsedElement;
  getColumnCount?(): number;
  getColumnAt?(index: number): ParsedElement;
  readonly facts?: readonly { readonly name?: string; readonly value?: string }[];
}

/**
 * The text of every element of a card as the adaptivecards parser read it: a RichTextBlock's TextRuns
 * joined (shown as they are), a TextBlock's text marked `md:` (Markdown, processed before display).
 */
export function adaptiveCardTexts(card: unknown): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard() as unknown as ParsedElement & { parse(json: unknown, context: SerializationContext): void };
  parsed.parse(card, new AdaptiveCards.SerializationContext());
  const lines: string[] = [];
  const visit = (element: ParsedElement): void => {
    const type = element.getJsonTypeName();
    if (type === 'RichTextBlock') {
      lines.push(Array.from({ length: element.getInlineCount?.() ?? 0 }, (_, i) => element.getInlineAt?.(i).text ?? '').join(''));
      return;
    }
    if (type === 'TextBlock') lines.push(`md:${element.text ?? ''}`);
    if (type === 'FactSet') for (const fact of element.facts ?? []) lines.push(`md:${fact.name ?? ''}`, `md:${fact.value ?? ''}`);
    for (let i = 0; i < (element.getItemCount?.() ?? 0); i++) visit(element.getItemAt?.(i) as ParsedElement);
    for (let i = 0; i < (element.getColumnCount?.() ?? 0); i++) visit(element.getColumnAt?.(i) as ParsedElement);
  };
  visit(parsed);
  return lines;
}
