// Concept: what Bolt reports lands in our log — Bolt's logger interface over ours, and handler failures.
import { LogLevel, type App, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/infrastructure/log.ts';

/** Bolt's logger interface over ours, so that Bolt's own messages land in the same redacted log. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  const enabled = (wanted: LogLevel): boolean => {
    const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
    return order.indexOf(wanted) >= order.indexOf(level);
  };
  return {
    debug: (...msg: unknown[]) => enabled(LogLevel.DEBUG) && log.debug(`bolt: ${text(msg)}`),
    info: (...msg: unknown[]) => enabled(LogLevel.INFO) && log.info(`bolt: ${text(msg)}`),
    warn: (...msg: unknown[]) => enabled(LogLevel.WARN) && log.warn(`bolt: ${text(msg)}`),
    error: (...msg: unknown[]) => log.error(`bolt: ${text(msg)}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Errors outside the core (a Slack API call that failed, say) are logged with where they happened;
 * the core already answers its own failures with an apology.
 */
export function logHandlerErrors(app: App, log: Logger): void {
  app.error(async ({ error, body, context }: { error: Error; body: unknown; context: Readonly<Record<string, unknown>> }) => {
    const record = body as { type?: string; event?: { type?: string; channel?: string }; channel_id?: string; command?: string };
    log.error('slack: handler failed', {
      error,
      code: (error as { code?: unknown }).code,
      type: record.event?.type ?? record.command ?? record.type,
      channel: record.event?.channel ?? record.channel_id,
      team: context.teamId,
    });
    return Promise.resolve();
  });
}
