import { randomUUID } from 'node:crypto';
import type { BotServices, CommandSpec } from './command.ts';
import { huntStream } from './commands/hunt.ts';
import type { IncomingMessage } from './message.ts';
import type { CommandRegistry } from './registry.ts';
import { cardReply, span, type Reply } from './reply.ts';

/** The name of the command that judges versions; text that names no command but has a digit goes there. */
export const VERSION_COMMAND = 'check';

// `/screenos …` from a slash command, or `screenos …` typed in a chat.
const INVOCATION = /^\/?screenos\b[:,]?\s*/i;

/**
 * Told when a command starts and, through the function it returns, when it has answered: the latency
 * histogram of `/metrics`. Commands are named by their registered name, never by the text people typed.
 */
export interface CommandTiming {
  start(command: string): () => void;
}

/**
 * The shared command core: every adapter hands it an {@link IncomingMessage} and sends back the
 * {@link Reply} it returns. It never throws: a failure inside a command is logged with its context and
 * answered with a short apology that carries an id to find the log line.
 */
export class Bot {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly services: BotServices,
    private readonly timing: CommandTiming | null = null,
  ) {}

  /**
   * Hunts a log that arrives as a stream (a file shared on Slack, a paste in the console) for the backdoor
   * login pair and the loaded bulletins' log indicators, reading at most `maxBytes`. Adapters hold the bot,
   * never the catalog the indicators come from.
   */
  hunt(stream: AsyncIterable<Uint8Array | string>, maxBytes?: number): Promise<Reply> {
    return huntStream(stream, this.services.catalog, maxBytes);
  }

  /** The registered name of every command, in the order `help` lists them. */
  commandNames(): string[] {
    return this.registry.list().map((spec) => spec.name);
  }

  async handle(message: IncomingMessage): Promise<Reply> {
    const text = message.text.trim().replace(INVOCATION, '').trim();
    const { spec, args } = this.route(text);
    if (spec === undefined) return this.unknownCommand(text);
    const refusal = this.refuse(spec, args, message);
    if (refusal !== null) return refusal;
    const done = this.timing?.start(spec.name);
    try {
      return await spec.run({ args, message, services: this.services });
    } catch (error) {
      const incident = randomUUID().slice(0, 8);
      this.services.log.error('command failed', {
        incident,
        command: spec.name,
        platform: message.conversation.platform,
        conversation: message.conversation.id,
        author: message.author.id,
        error,
      });
      return cardReply({
        title: 'Sorry, that went wrong',
        tone: 'warning',
        elements: [{ kind: 'text', text: `Something failed on my side while running “${spec.name}”. It is logged as ${incident}; please try again.` }],
        actions: [],
      });
    } finally {
      done?.();
    }
  }

  /** Finds the command for a text: its first word, or the version check when the text carries a digit. */
  route(text: string): { spec: CommandSpec | undefined; args: string } {
    if (text === '') return { spec: this.registry.find('help'), args: '' };
    const word = firstWord(text);
    const spec = this.registry.find(word);
    if (spec !== undefined) {
      const args = text.slice(word.length).trim();
      if (spec.passesThrough === true) {
        const inner = this.route(args);
        if (inner.spec !== undefined && inner.spec !== spec && inner.spec.name !== VERSION_COMMAND) return inner;
      }
      return { spec, args };
    }
    if (/\d/.test(text)) return { spec: this.registry.find(VERSION_COMMAND), args: text };
    return { spec: undefined, args: text.slice(word.length).trim().replace(/\s+/g, ' ') };
  }

  /** The one refusal of a command (or subcommand) that only admins may run, or null when the author may. */
  private refuse(spec: CommandSpec, args: string, message: IncomingMessage): Reply | null {
    const rule = spec.adminOnly;
    if (rule === undefined || (rule.appliesTo !== undefined && !rule.appliesTo(args))) return null;
    const { admins } = this.services;
    if (admins.isAdmin(message.author)) return null;
    return cardReply({
      title: `Only admins may ${rule.action}`,
      tone: 'warning',
      elements: [
        {
          kind: 'text',
          text: [
            span.plain('Admins: '),
            span.bold(admins.describe()),
            span.plain(`. Ask one of them, or have your id added to BOT_ADMINS.${rule.hint === undefined ? '' : ` ${rule.hint}`}`),
          ],
        },
      ],
      actions: [],
    });
  }

  private unknownCommand(text: string): Reply {
    const word = firstWord(text);
    const close = this.registry.closest(word);
    return cardReply({
      title: 'I did not understand that',
      tone: 'info',
      elements: [
        {
          kind: 'text',
          text: [
            span.plain(`“${word}” is not a command I know${close !== undefined ? '. Did you mean ' : '.'}`),
            ...(close !== undefined ? [span.code(close), span.plain('?')] : []),
            span.plain(' Send a version such as '),
            span.code('6.2.0r16'),
            span.plain(', or '),
            span.code('help'),
            span.plain(' for the list of commands.'),
          ],
        },
      ],
      actions: [{ label: 'Help', command: 'help' }],
    });
  }
}

/** The text up to its first space: found rather than split off, which would split every word of a long message. */
function firstWord(text: string): string {
  return /^\S*/.exec(text)?.[0] ?? '';
}
