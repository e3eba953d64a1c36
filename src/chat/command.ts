import type { AdvisoryCatalog } from '../domain/matching/catalog.ts';
import type { AdminList } from '../infrastructure/config/admins.ts';
import type { BriefingPort, InventoryPort, ReminderPort } from './ports.ts';
import type { Logger } from '../infrastructure/log.ts';
import type { IncomingMessage } from './message.ts';
import type { Reply } from './reply.ts';
import type { ProgressStore } from '../infrastructure/store/store.ts';

/** What command handlers may use: the features behind the ports of ./ports.ts. Adapters never see it; the composition root builds it. */
export interface BotServices {
  readonly catalog: AdvisoryCatalog;
  /** The clock, injected so that tests can move time. */
  readonly now: () => Date;
  readonly log: Logger;
  /** null when no inventory source is configured; commands that need it say so. */
  readonly inventory: InventoryPort | null;
  /** Who may change state. */
  readonly admins: AdminList;
  /** null where reminders do not run (the CLI). */
  readonly reminders: ReminderPort | null;
  /** null where briefings do not run (the CLI). */
  readonly briefings: BriefingPort | null;
  /** The progress history behind `progress`; without it the chart starts today. */
  readonly history?: Pick<ProgressStore, 'progressHistory'>;
}

export interface CommandRequest {
  /** The text after the command word, trimmed. */
  readonly args: string;
  readonly message: IncomingMessage;
  readonly services: BotServices;
}

/**
 * A command (or some of its subcommands) that only the admins of `BOT_ADMINS` may run: it changes state.
 * The core checks it once, before `run`, and refuses in one way (as Hubot's CommandBus checks the
 * permissions a command declares); handlers never repeat the check.
 */
export interface AdminOnly {
  /** What it lets admins do, for the refusal: "Only admins may change reminders". */
  readonly action: string;
  /** The requests it applies to, by their arguments, when not all: `remind list` is open to anyone. */
  readonly appliesTo?: (args: string) => boolean;
  /** Said after the list of admins: "Anyone may use remind list." */
  readonly hint?: string;
}

/** One command: the registry uses these fields for both dispatch and help. */
export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  /** e.g. `advisory [ID]` */
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  /**
   * Set on a word that may stand before another command, as `/junos devices` arrives as `junos devices`:
   * that command runs then, and this one only when the rest is versions (or nothing a command names).
   */
  readonly passesThrough?: boolean;
  /** Set when the command, or some of its subcommands, changes state: see {@link AdminOnly}. */
  readonly adminOnly?: AdminOnly;
  run(request: CommandRequest): Reply | Promise<Reply>;
}
