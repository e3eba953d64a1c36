import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../src/chat/bot.ts';
import { HUNT_MAX_BYTES } from '../../src/chat/commands/hunt.ts';
import { formatSize } from '../../src/domain/byte-size.ts';
import type { IncomingMessage } from '../../src/chat/message.ts';
import { attachmentBytes, attachmentFileName, attachmentsIn, withoutImages, type Attachment, type Reply } from '../../src/chat/reply.ts';
import { renderReplyText } from './render-text.ts';
import type { Delivery } from '../../src/features/reminders/delivery.ts';
import type { BriefingPublisher } from '../../src/features/briefings/briefing-service.ts';

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
  /**
   * The data folder (`DATA_DIR`): pictures (progress charts) are written under `charts/`, files (exports)
   * under `exports/`, and their paths printed; nothing is written without it.
   */
  readonly dataDir?: string;
  /** Aborting ends the chat as the end of input would (a SIGTERM): the answer in progress is shown first. */
  readonly signal?: AbortSignal;
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
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (options.interactive) {
    if (options.banner !== undefined) output.write(options.banner + '\n');
    lines.setPrompt(PROMPT);
    lines.prompt();
  }
  const show = async (reply: Reply): Promise<void> => {
    output.write(
      renderReplyText(reply, { color: options.color, savedPaths: await saveAttachments(reply, options.dataDir) }) + (options.interactive ? '\n' : ''),
    );
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

/** The folder under the data folder that each kind of attachment is written to. */
const FOLDER: Readonly<Record<Attachment['kind'], string>> = { image: 'charts', file: 'exports' };

/**
 * Writes each picture and file of a reply under `dataDir` (charts/ and exports/), under its own name
 * (letters, digits, dots and dashes only, so that no name leaves the folder), and tells where. One that
 * cannot be written is left out: a picture is still drawn in text, a file says how else to get it.
 */
export async function saveAttachments(reply: Reply, dataDir: string | undefined): Promise<Map<Attachment, string>> {
  const paths = new Map<Attachment, string>();
  if (dataDir === undefined) return paths;
  for (const attachment of attachmentsIn(reply)) {
    const dir = path.join(dataDir, FOLDER[attachment.kind]);
    try {
      await mkdir(dir, { recursive: true });
      paths.set(attachment, await writeAttachment(dir, attachment));
    } catch {
      // The terminal still shows the chart in text, or where else to get the file.
    }
  }
  return paths;
}

/**
 * Writes one attachment and gives its path. A chart replaces the day's chart of the same name; a file never
 * replaces another (two exports in one second): it gets `-2`, `-3`, … before its extension instead.
 */
async function writeAttachment(dir: string, attachment: Attachment): Promise<string> {
  const name = attachmentFileName(attachment);
  const bytes = attachmentBytes(attachment);
  if (attachment.kind === 'image') {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return file;
  }
  const { name: stem, ext } = path.parse(name);
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      await writeFile(file, bytes, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST' || n >= MAX_NAME_TRIES) throw error;
    }
  }
}

/** How many names a file tries before it is given up on. */
const MAX_NAME_TRIES = 100;

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
export function createConsoleDelivery(output: Writable, color: boolean, dataDir?: string): Delivery {
  return {
    minIntervalMs: 0,
    async deliver(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color, savedPaths: await saveAttachments(reply, dataDir) }) + '\n');
      return { kind: 'sent' };
    },
  };
}

/**
 * Briefings in the console: printed when posted, printed again when they change (a terminal cannot edit
 * what it printed), with the "what changed" line after.
 */
export function createConsolePublisher(output: Writable, color: boolean, dataDir?: string): BriefingPublisher {
  let counter = 0;
  return {
    async publish(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color, savedPaths: await saveAttachments(reply, dataDir) }) + '\n');
      return `console-${++counter}`;
    },
    async update(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(reply, { color, savedPaths: await saveAttachments(reply, dataDir) }) + '\n');
    },
    note(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(withoutImages(reply), { color }) + '\n');
      return Promise.resolve();
    },
  };
}
