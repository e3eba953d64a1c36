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

/**
 * The key of a conversation or a person on a platform, `slack:C123`, `teams:<id>`, `console:console`:
 * the one form the store, the outbox, the audit log and the admin list use.
 */
export function platformKey(ref: { readonly platform: Platform; readonly id: string }): string {
  return `${ref.platform}:${ref.id}`;
}

const PLATFORMS: readonly Platform[] = ['console', 'slack', 'teams'];

/** The platform and id of a {@link platformKey}, or null for text that is not one. The id may hold `:` (Teams ids do). */
export function parsePlatformKey(key: string): { readonly platform: Platform; readonly id: string } | null {
  const colon = key.indexOf(':');
  const platform = key.slice(0, colon) as Platform;
  if (colon <= 0 || !PLATFORMS.includes(platform) || colon === key.length - 1) return null;
  return { platform, id: key.slice(colon + 1) };
}

/** The platform of a key the bot made itself (an admin's, a reminder's channel). */
export function platformOf(key: string): Platform {
  const parsed = parsePlatformKey(key);
  if (parsed === null) throw new Error(`not a platform key: ${key}`);
  return parsed.platform;
}

/** One message addressed to the bot, already stripped of the platform's mention or slash command syntax. */
export interface IncomingMessage {
  readonly conversation: Conversation;
  readonly author: Author;
  readonly text: string;
  /** True for a slash command, a mention or a direct message; false for ambient channel traffic. */
  readonly addressedToBot: boolean;
}
