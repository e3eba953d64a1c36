// Concept: a failed NetBox request — whether and when it is retried, and how it is described to the person who asked.
import { BotError } from '../../domain/errors.ts';
import { asRecord } from './netbox-json.ts';

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A server that asks for a longer pause is not waited for: a chat answer cannot wait that long. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** One attempt that did not give a JSON body. */
export interface Failure {
  readonly error: BotError;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  /** The setting that is likely at fault (a refused token, an unreachable URL), named in the final error. */
  readonly setting?: 'NETBOX_URL' | 'NETBOX_TOKEN';
}

/** Exponential with equal jitter: between half and all of 500 ms × 2^attempt, at most 30 s. */
export function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** `Retry-After` in seconds or as an HTTP date (counted from `now`); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** NetBox explains a 4xx in JSON (`{"detail": …}` or `{"site": ["Select a valid choice…"]}`); a short line of it. */
export function summariseError(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return '';
  }
  const object = asRecord(body);
  if (object === null) return '';
  const parts = Object.entries(object).map(([key, value]) => {
    const message = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(' ') : typeof value === 'string' ? value : '';
    return key === 'detail' ? message : `${key}: ${message}`;
  });
  const line = parts.join('; ').replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

export function badResponse(message: string): BotError {
  return new BotError('netbox_bad_response', message);
}
