/** The chat platforms the bot speaks on; the core treats them alike. */
export type Platform = 'console' | 'slack' | 'teams';

export interface Conversation {
  readonly platform: Platform;
  /** The platform's id for the channel, chat or terminal session. */
  readonly id: string;
  /** A display name when the platform gives one (a channel name), for logs and briefings. */
  readonly name?: string;
}

export interface Author {
  readonly platform: Platform;
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
}

/** One message addressed to the bot, already stripped of the platform's mention or slash command syntax. */
export interface IncomingMessage {
  readonly conversation: Conversation;
  readonly author: Author;
  readonly text: string;
  /** True for a slash command, a mention or a direct message; false for ambient channel traffic. */
  readonly addressedToBot: boolean;
}
