import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../src/core/bot.ts';
import type { IncomingMessage } from '../../src/core/message.ts';
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
  const answer = async (text: string): Promise<void> => {
    const reply = await bot.handle(consoleMessage(text));
    output.write(renderReplyText(reply, { color: options.color }) + (options.interactive ? '\n' : ''));
  };
  // `hunt` alone on a line collects the log lines that follow, up to a blank line (or the end of the
  // input), and hunts them as one paste; elsewhere every line is a message of its own.
  let paste: string[] | null = null;
  for await (const line of lines) {
    const text = line.trim();
    if (paste !== null) {
      if (text === '') {
        await answer(['hunt', ...paste].join('\n'));
        paste = null;
      } else {
        paste.push(line);
      }
    } else if (options.interactive && QUIT.has(text.toLowerCase())) {
      break;
    } else if (/^hunt$/i.test(text)) {
      paste = [];
      if (options.interactive) output.write('Paste the log lines, then an empty line.\n');
    } else if (text !== '') {
      await answer(text);
    }
    if (options.interactive) {
      lines.setPrompt(paste === null ? PROMPT : HUNT_PROMPT);
      lines.prompt();
    }
  }
  if (paste !== null) await answer(['hunt', ...paste].join('\n'));
  lines.close();
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
export function createConsoleDelivery(output: Writable, color: boolean): Delivery {
  return {
    minIntervalMs: 0,
    deliver(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color }) + '\n');
      return Promise.resolve({ kind: 'sent' });
    },
  };
}

/**
 * Briefings in the console: printed when posted, printed again when they change (a terminal cannot edit
 * what it printed), with the "what changed" line after.
 */
export function createConsolePublisher(output: Writable, color: boolean): BriefingPublisher {
  let counter = 0;
  return {
    publish(_conversationKey, reply) {
      output.write(renderReplyText(reply, { color }) + '\n');
      return Promise.resolve(`console-${++counter}`);
    },
    update(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(reply, { color }) + '\n');
      return Promise.resolve();
    },
    note(_conversationKey, _messageRef, reply) {
      output.write(renderReplyText(reply, { color }) + '\n');
      return Promise.resolve();
    },
  };
}
