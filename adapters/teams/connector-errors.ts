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
