import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../src/core/bot.ts';
import { HUNT_MAX_BYTES } from '../../src/core/commands/hunt.ts';
import { formatSize } from '../../src/core/render/hunt-card.ts';
import type { IncomingMessage } from '../../src/core/message.ts';
import { imagesIn, withoutImages, type ImageElement, type Reply } from '../../src/core/reply.ts';
import { renderReplyText } from './render-text.ts';
import type { Delivery } from '../../src/reminders/delivery.ts';
import type { BriefingPublisher } from '../../src/briefings/briefing-service.ts';

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A terminal: show a banner and a prompt. Otherwise read one command a line and exit at the end. */
  readonly interactive: boolean;
  readonly color: boolean;
  /** Shown once at the start of an interactive session. */
  readonly banner?: string;
  /** The most of a pasted hunt that is read; the hunt's own limit unless a test sets a smaller one. */
  readonly huntMaxBytes?: number;
  /** Where pictures (progress charts) are written as PNG files, their paths printed; none are written without it. */
  readonly chartDir?: string;
}

const PROMPT = 'screenos> ';
const HUNT_PROMPT = 'hunt> ';
const QUIT = new Set(['quit', 'exit', '\\q']);

/**
 * The local chat: every line is a message to the same core the platforms use, and every answer is
 * the same card, rendered as text. Resolves when the input ends (or the user types `quit`).
 */
export async function runConsole(bot: Bot, options: ConsoleOptions): Promise<void> {
  const { output } = options;
  const lines = createInterface({
    input: options.input,
    output: options.interactive ? output : undefined,
    terminal: options.interactive,
    crlfDelay: Infinity,
  });
  if (options.interactive) {
    if (options.banner !== undefined) output.write(options.banner + '\n');
    lines.setPrompt(PROMPT);
    lines.prompt();
  }
  const show = async (reply: Reply): Promise<void> => {
    output.write(renderReplyText(reply, { color: options.color, imagePaths: await saveImages(reply, options.chartDir) }) + (options.interactive ? '\n' : ''));
  };
  const answer = async (text: string): Promise<void> => show(await bot.handle(consoleMessage(text)));
  const prompt = (text: string): void => {
    if (!options.interactive) return;
    lines.setPrompt(text);
    lines.prompt();
  };
  // One iterator shared by the command loop and the paste, which pulls lines from it while it hunts.
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | null> => {
    const result = await iterator.next();
    return result.done === true ? null : result.value;
  };
  const paste: Paste = { next, prompt: () => prompt(HUNT_PROMPT), maxBytes: options.huntMaxBytes ?? HUNT_MAX_BYTES };
  for (let line = await next(); line !== null; line = await next()) {
    const text = line.trim();
    if (options.interactive && QUIT.has(text.toLowerCase())) break;
    if (/^hunt$/i.test(text)) {
      if (options.interactive) output.write('Paste the log lines, then an empty line.\n');
      prompt(HUNT_PROMPT);
      const first = await next();
      if (first === null || first.trim() === '') await answer('hunt');
      else await huntPaste(bot, first, paste, show, output);
    } else if (text !== '') {
      await answer(text);
    }
    prompt(PROMPT);
  }
  lines.close();
}

interface Paste {
  readonly next: () => Promise<string | null>;
  readonly prompt: () => void;
  readonly maxBytes: number;
}

/**
 * `hunt` alone on a line hunts the log lines that follow, up to a blank line (or the end of the input), as
 * one paste. The lines stream into the hunt as they come, so a huge paste never sits in memory: at the
 * limit the hunt stops pulling, its answer is shown at once, and the rest of the paste is skipped up to
 * its blank line rather than taken for commands.
 */
async function huntPaste(bot: Bot, first: string, paste: Paste, show: (reply: Reply) => Promise<void>, output: Writable): Promise<void> {
  let ended = false;
  async function* pasted(): AsyncGenerator<string> {
    for (let line: string | null = first; ; line = await paste.next()) {
      if (line === null || line.trim() === '') {
        ended = true;
        return;
      }
      yield `${line}\n`;
      paste.prompt();
    }
  }
  await show(await bot.hunt(pasted(), paste.maxBytes));
  if (ended) return;
  output.write(`The paste was cut at the ${formatSize(paste.maxBytes)} limit; the lines after it, up to the next empty line, are skipped.\n`);
  for (let line = await paste.next(); line !== null && line.trim() !== ''; line = await paste.next()) paste.prompt();
}

/**
 * Writes each picture of a reply into `dir` as a PNG file, under its own name (letters, digits, dots and
 * dashes only, so that no name leaves the folder), and tells where. A picture that cannot be written is
 * shown as text alone.
 */
export async function saveImages(reply: Reply, dir: string | undefined): Promise<Map<ImageElement, string>> {
  const paths = new Map<ImageElement, string>();
  if (dir === undefined) return paths;
  for (const image of imagesIn(reply)) {
    const file = path.join(dir, path.basename(image.fileName).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '') || 'chart.png');
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, Buffer.from(image.png, 'base64'));
      paths.set(image, file);
    } catch {
      // The terminal still shows the chart in text; the file is a convenience.
    }
  }
  return paths;
}

/** The console's conversation and author: always `console`, which the admin list knows by that name. */
export function consoleMessage(text: string): IncomingMessage {
  return {
    conversation: { platform: 'console', id: 'console', name: 'console' },
    author: { platform: 'console', id: 'console', name: 'console' },
    text,
    addressedToBot: true,
  };
}

/** Reminders in the console chat: printed between the answers, as the platforms would post them. */
export function createConsoleDelivery(output: Writable, color: boolean, chartDir?: string): Delivery {
  return {
    minIntervalMs: 0,
    async deliver(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color, imagePaths: await saveImages(reply, chartDir) }) + '\n');
      return { kind: 'sent' };
    },
  };
}

/**
 * Briefings in the console: printed when posted, printed again when they change (a terminal cannot edit
 * what it printed), with the "what changed" line after.
 */
export function createConsolePublisher(output: Writable, color: boolean, chartDir?: string): BriefingPublisher {
  let counter = 0;
  return {
    async publish(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color, imagePaths: await saveImages(reply, chartDir) }) + '\n');
      return `console-${++counter}`;
    },
    async update(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(reply, { color, imagePaths: await saveImages(reply, chartDir) }) + '\n');
    },
    note(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(withoutImages(reply), { color }) + '\n');
      return Promise.resolve();
    },
  };
}
