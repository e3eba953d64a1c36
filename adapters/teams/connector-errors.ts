/** The HTTP status of a connector error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; response?: { status?: unknown } } | null;
  const status = e?.statusCode ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** 403 and 404 mean the bot can no longer post there (removed from the team or chat): retrying cannot help. */
export function isPermanent(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}

/** Why a request's Bot Framework authentication failed, as the endpoint answers it. */
export type AuthenticationFailure =
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly name: string };

/** jsonwebtoken's own errors: a bad algorithm, a bad signature, a malformed, expired or early token. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Sorts what botframework-connector throws while verifying a request. It throws `AuthenticationError`
 * with `statusCode` 401 for a token it refuses and with 500 when the OpenID metadata or the key set
 * answered an error status ("Failed to load openID config: 500"); jsonwebtoken's errors escape it
 * unwrapped (an `HS256` token: "invalid algorithm"), and an endpoint it cannot reach surfaces as
 * node-fetch's `FetchError` or a system error code. Its CloudAdapter would answer all but the first
 * with 500 and the message as the body, or the second with 401, which hides an outage as a bad token.
 */
export function authenticationFailure(error: unknown): AuthenticationFailure {
  const e = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  const reason = typeof e?.message === 'string' ? e.message : String(error);
  const name = typeof e?.name === 'string' ? e.name : 'unknown';
  const status = statusOf(error);
  if ((status !== undefined && status >= 400 && status < 500) || TOKEN_ERRORS.has(name)) return { kind: 'rejected', reason };
  if ((status !== undefined && status >= 500) || name === 'FetchError' || (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)))
    return { kind: 'unavailable', reason };
  return { kind: 'failed', reason, name };
}
