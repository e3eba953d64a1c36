/**
 * Every code a {@link BotError} may carry, closed like bolt's `ErrorCode`: a typo in a code fails to
 * compile, and a caller that branches on one (`not_in_conversation`) names a code that exists.
 */
export type BotErrorCode =
  | 'invalid_config'
  | 'port_unavailable'
  | 'slack_start_failed'
  | 'store_unavailable'
  | 'duplicate_command'
  | 'not_in_conversation'
  | 'inventory_unreadable'
  | 'inventory_unsupported_format'
  | 'inventory_malformed'
  | 'csv_syntax'
  | 'inventory_too_large'
  | 'netbox_unreachable'
  | 'netbox_bad_response';

/**
 * An error the bot knows how to describe: it carries a stable `code` for logs and tests, like bolt's
 * CodedError. A user's mistake is never thrown; it is answered. These are for what goes wrong inside.
 */
export class BotError extends Error {
  readonly code: BotErrorCode;

  constructor(code: BotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.code = code;
  }
}
