/**
 * An error the bot knows how to describe: it carries a stable `code` for logs and tests, like bolt's
 * CodedError. A user's mistake is never thrown; it is answered. These are for what goes wrong inside.
 */
export class BotError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.code = code;
  }
}
