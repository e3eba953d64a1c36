import { systemClock } from './clock.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Secret values (tokens, signing secrets) that must never reach the output, wherever they appear. */
  readonly secrets?: readonly string[];
  readonly write?: (line: string) => void;
  /** Stamps each line; the composition root's clock, so that a test's log reads at the test's time. */
  readonly now?: () => Date;
}

/**
 * A logger that writes one JSON object a line to stderr. Every line passes through redaction of the
 * configured secrets, so a token that slips into an error message or a URL still never reaches the log.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVELS.indexOf(options.level);
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? systemClock.now;
  const emit = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVELS.indexOf(level) < threshold) return;
    const redact = (text: string): string => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
    const record = { time: now().toISOString(), level, message, ...serialiseFields(fields) };
    // Redact the values before encoding (JSON escapes quotes and backslashes inside a secret), then the
    // encoded line as well, for anything a custom toJSON produced.
    write(redact(JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value))));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function serialiseFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack } : value;
  }
  return out;
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => undefined });
