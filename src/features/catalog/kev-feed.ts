import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../infrastructure/log.ts';
import { formatKevProblem, KEV_MAX_BYTES, parseKevCatalog, type KevEntry, type KevReading } from '../../domain/advisories/kev-catalog.ts';
import type { KevRegistry, KevStatus } from '../../domain/advisories/kev-registry.ts';
import { readCapped } from '../../infrastructure/http/read-capped.ts';
import { repeat, timeoutSignal, type CancelTimer, type Clock } from '../../infrastructure/clock.ts';

/** Where the snapshot ships, inside the advisories folder (a subfolder, which the bulletin loader skips). */
export const KEV_SNAPSHOT_PATH = path.join('kev', 'known_exploited_vulnerabilities.json');

/** How long one download of the catalog may take, body included. */
const DEFAULT_TIMEOUT_MS = 60_000;
/** Problem lines logged per load; the rest are counted. */
const PROBLEMS_LOGGED = 5;

/**
 * Loads the snapshot shipped with the advisories into the registry. A missing, unreadable, oversized or
 * malformed file is reported (logged, and kept as the registry's last error for `/healthz` and
 * `advisories`), never thrown: the bulletins' own `kev` fields still apply without it.
 */
export async function loadKevSnapshot(file: string, registry: KevRegistry, log: Logger): Promise<void> {
  let text: string;
  try {
    const stats = await stat(file);
    if (!stats.isFile()) return reportSnapshot(file, 'is not a file', registry, log);
    if (stats.size > KEV_MAX_BYTES)
      return reportSnapshot(file, `is ${formatMiB(stats.size)}, more than the ${formatMiB(KEV_MAX_BYTES)} the bot reads`, registry, log);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder of one's own bulletins may well come without a snapshot: said, but no warning.
    if (code === 'ENOENT') return reportSnapshot(file, 'does not exist', registry, log, 'info');
    return reportSnapshot(file, `cannot be read (${code ?? (error as Error).message})`, registry, log);
  }
  const reading = parseKevCatalog(text);
  if (!reading.ok) return reportSnapshot(file, reading.error, registry, log);
  logProblems(reading, file, log);
  registry.use(reading.catalog, { source: 'snapshot', location: file, at: null, problems: reading.problems, skipped: reading.skipped });
  log.info('KEV snapshot loaded', {
    file,
    catalogVersion: reading.catalog.catalogVersion,
    entries: reading.catalog.vulnerabilities.length,
    skipped: reading.skipped,
  });
}

function reportSnapshot(file: string, reason: string, registry: KevRegistry, log: Logger, level: 'info' | 'warn' = 'warn'): void {
  registry.fail(`KEV snapshot ${file} ${reason}`, null);
  log[level]('KEV snapshot not loaded; only the bulletins’ own kev fields count', { file, problem: reason });
}

export interface KevFeedOptions {
  readonly registry: KevRegistry;
  /** `KEV_URL`; null leaves the snapshot in use and never refreshes. */
  readonly url: string | null;
  /** Time between refreshes (`KEV_REFRESH_HOURS`). */
  readonly refreshMs: number;
  /** Times the refreshes and each download's timeout, and stamps what they brought. */
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** How one refresh ended. `added` lists the entries the data in use before did not. */
export type KevRefreshOutcome =
  | { readonly kind: 'updated'; readonly added: readonly KevEntry[] }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'off' };

/**
 * Keeps the KEV data current from `KEV_URL`: a download at start and on a schedule, each bounded by a
 * timeout and a byte limit, and abandoned when the bot stops. A download that fails (network, HTTP
 * status, JSON, shape) leaves the last good data in use and is recorded for `/healthz` and `advisories`.
 * Listeners hear of the entries a refresh added, after the registry holds them.
 */
export class KevFeed {
  private stopRefreshing: CancelTimer | null = null;
  private refreshing: Promise<KevRefreshOutcome> | null = null;
  private readonly aborter = new AbortController();
  private readonly listeners: ((added: readonly KevEntry[]) => Promise<void>)[] = [];

  constructor(private readonly options: KevFeedOptions) {}

  /** The feed's URL as shown (origin and path: a query may carry a key), or null when none is set. */
  get location(): string | null {
    const { url } = this.options;
    if (url === null) return null;
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  }

  /** Refreshes now and then every `refreshMs` until {@link stop}; does nothing without a URL. */
  start(): void {
    if (this.options.url === null || this.aborter.signal.aborted || this.stopRefreshing !== null) return;
    void this.refresh();
    this.stopRefreshing = repeat(this.options.clock, this.options.refreshMs, () => void this.refresh());
  }

  /** Stops the schedule, abandons a download in progress, and waits for the refresh to wind down. */
  async stop(): Promise<void> {
    this.stopRefreshing?.();
    this.stopRefreshing = null;
    this.aborter.abort(new Error('the KEV feed is stopping'));
    await this.refreshing;
  }

  /** Called with the entries each successful refresh added (never with none); awaited by the refresh. */
  onUpdate(listener: (added: readonly KevEntry[]) => Promise<void>): void {
    this.listeners.push(listener);
  }

  status(): KevStatus {
    return this.options.registry.status();
  }

  /** Downloads the catalog now. Concurrent calls share one download; never rejects. */
  refresh(): Promise<KevRefreshOutcome> {
    if (this.options.url === null) return Promise.resolve({ kind: 'off' });
    if (this.aborter.signal.aborted) return Promise.resolve({ kind: 'stopped' });
    this.refreshing ??= this.load(this.options.url)
      .catch((error: unknown): KevRefreshOutcome => {
        this.options.log.error('KEV refresh failed unexpectedly', { url: this.location, error });
        return { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async load(url: string): Promise<KevRefreshOutcome> {
    const { registry, clock, log } = this.options;
    const at = clock.now();
    const downloaded = await this.download(url);
    if (this.aborter.signal.aborted) {
      log.info('KEV refresh abandoned: the bot is stopping', { url: this.location });
      return { kind: 'stopped' };
    }
    const reading: KevReading = 'error' in downloaded ? { ok: false, error: downloaded.error } : prefixError(parseKevCatalog(downloaded.text), 'the catalog ');
    if (!reading.ok) {
      registry.fail(reading.error, at);
      log.warn('KEV refresh failed; keeping the KEV data in use', { url: this.location, error: reading.error, inUse: registry.status().source });
      return { kind: 'failed', error: reading.error };
    }
    logProblems(reading, this.location ?? url, log);
    const added = registry.use(reading.catalog, { source: 'feed', location: this.location ?? url, at, problems: reading.problems, skipped: reading.skipped });
    log.info('KEV catalog refreshed', {
      url: this.location,
      catalogVersion: reading.catalog.catalogVersion,
      entries: reading.catalog.vulnerabilities.length,
      added: added.length,
      skipped: reading.skipped,
    });
    if (added.length > 0) {
      for (const listener of this.listeners) {
        try {
          await listener(added);
        } catch (error) {
          log.error('KEV update listener failed', { error });
        }
      }
    }
    return { kind: 'updated', added };
  }

  /** The body as text, or why there is none, in the words the status will show ("HTTP 503"). */
  private async download(url: string): Promise<{ text: string } | { error: string }> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = this.options.maxBytes ?? KEV_MAX_BYTES;
    const timeout = timeoutSignal(this.options.clock, timeoutMs);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.any([this.aborter.signal, timeout]) });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { error: `HTTP ${response.status}` };
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        return { error: tooLarge(maxBytes) };
      }
      const text = await readCapped(response, maxBytes);
      return text === null ? { error: tooLarge(maxBytes) } : { text };
    } catch (error) {
      if (this.aborter.signal.aborted) return { error: 'stopped' };
      if (timeout.aborted) return { error: `no complete answer within ${formatSeconds(timeoutMs)}` };
      return { error: `could not be reached (${networkReason(error)})` };
    }
  }
}

function logProblems(reading: Extract<KevReading, { ok: true }>, where: string, log: Logger): void {
  if (reading.problems.length === 0) return;
  log.warn('KEV catalog: entries left out or inconsistent', {
    from: where,
    skipped: reading.skipped,
    problems: reading.problems.slice(0, PROBLEMS_LOGGED).map(formatKevProblem),
    more: Math.max(0, reading.problems.length - PROBLEMS_LOGGED),
  });
}

function prefixError(reading: KevReading, prefix: string): KevReading {
  return reading.ok ? reading : { ok: false, error: `${prefix}${reading.error}` };
}

function tooLarge(maxBytes: number): string {
  return `the catalog is larger than ${formatMiB(maxBytes)}, the most the bot reads`;
}

/** The cause's code (ECONNREFUSED, ENOTFOUND) when fetch gives one, else its message. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
