import { BotError } from '../../src/domain/errors.ts';

/** The Slack errors that mean the token itself was refused, as the Web API names them. */
const REFUSED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/** Which setting a start-up call depends on: the bot token for auth.test, the app token for the socket. */
export type StartStep = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/**
 * Turns what the Web API client threw while the adapter started into one line an operator can act on,
 * naming the setting at fault: the token Slack refused, or SLACK_API_URL when nothing answered there.
 * Only Slack's error code and the URL tried are shown, never a token.
 */
export function slackStartError(error: unknown, step: StartStep, apiUrl: string): BotError {
  const failure = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; retryAfter?: unknown; original?: unknown };
  const where = displayUrl(apiUrl);
  const token =
    step === 'SLACK_BOT_TOKEN'
      ? 'Bot User OAuth Token (xoxb-…) on the app’s OAuth & Permissions page'
      : 'app-level token (xapp-…) under Basic Information → App-Level Tokens';
  let message: string;
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const code = typeof failure.data?.error === 'string' ? failure.data.error : 'unknown_error';
      message = REFUSED_TOKEN.has(code)
        ? `${step}: Slack refused the token (${code}); copy the ${token}`
        : `${step}: Slack answered ${code} when the bot checked its token`;
      break;
    }
    case 'slack_webapi_request_error':
      message = `SLACK_API_URL: cannot reach the Slack Web API at ${where} (${networkReason(failure.original)})`;
      break;
    case 'slack_webapi_http_error':
      message = `SLACK_API_URL: ${where} answered HTTP ${String(failure.statusCode)}; it should be the Slack Web API, such as https://slack.com/api/`;
      break;
    case 'slack_webapi_rate_limited_error':
      message = `Slack rate-limited the bot’s start-up check; start again in ${String(failure.retryAfter)} s`;
      break;
    default:
      message = `Slack did not accept the connection (${step}, SLACK_API_URL ${where}): ${error instanceof Error ? error.message : String(error)}`;
  }
  return new BotError('slack_start_failed', message, { cause: error });
}

/** The URL without any credentials in it. */
function displayUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href;
}

/** The innermost system error code (ECONNREFUSED, ENOTFOUND, …) behind a failed fetch, or its message. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  let last = 'the request failed';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (typeof message === 'string' && message !== '') last = message;
    current = cause;
  }
  return last;
}
