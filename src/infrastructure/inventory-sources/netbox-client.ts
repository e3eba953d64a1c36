// Concept: NetBox's REST API as a retrying JSON client — its token policy, timeouts, retries, size caps and pages.
import { BotError } from '../../domain/errors.ts';
import { systemClock, timeoutSignal, type Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { formatSize } from '../../domain/byte-size.ts';
import { readCapped } from '../http/read-capped.ts';
import { DEFAULT_INVENTORY_LIMITS, type InventoryLimits } from '../../domain/fleet/types.ts';
import { asRecord } from './netbox-json.ts';
import { backoff, badResponse, MAX_RETRY_AFTER_MS, networkReason, parseRetryAfter, summariseError, type Failure } from './netbox-failures.ts';

export interface NetBoxClientOptions {
  /** Base URL as configured, e.g. `https://netbox.example.com` or `https://host/netbox` (a path prefix is allowed). */
  readonly url: string;
  /** v1: 40 hex digits, sent as `Token …`; v2: `nbt_…`, sent as `Bearer …`. */
  readonly token: string;
  /** `limit` per page. NetBox clamps it to its MAX_PAGE_SIZE (1000 by default). */
  readonly pageSize: number;
  /** Per request, including reading the body. */
  readonly timeoutMs: number;
  /** Extra attempts after network errors, timeouts, 429 and 5xx. */
  readonly retries: number;
  readonly log: Logger;
  /** The most bytes of one page, and the most devices of one read; the page count follows from the latter. */
  readonly limits?: InventoryLimits;
  readonly fetch?: typeof fetch;
  /** Times each request and the backoff between attempts, and reads `Retry-After` dates; the machine's unless given. */
  readonly clock?: Clock;
}

/**
 * The `Authorization` header for a NetBox token, chosen by its form: a v2 token (`nbt_<key>.<secret>`,
 * NetBox 4.5 and later) goes as `Bearer`, a v1 token (40 hex digits) as `Token`. null for any other form.
 */
export function netBoxAuthorization(token: string): string | null {
  if (/^nbt_\S+$/.test(token)) return `Bearer ${token}`;
  if (/^[0-9a-f]{40}$/i.test(token)) return `Token ${token}`;
  return null;
}

/**
 * Requests to one NetBox, with the token sent to the configured base and nowhere else: redirects are not
 * followed and `next` links are re-based. Network errors, timeouts, 429 and 5xx are retried with backoff
 * (or as `Retry-After` asks); what finally fails is a BotError naming the setting likely at fault.
 */
export class NetBoxClient {
  /** The configured URL without credentials or a trailing slash. */
  readonly base: string;
  private readonly authorization: string;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;
  private readonly limits: InventoryLimits;

  constructor(private readonly options: NetBoxClientOptions) {
    const url = URL.canParse(options.url) ? new URL(options.url) : null;
    if (url === null) throw new BotError('invalid_config', 'the NetBox URL is not a URL');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BotError('invalid_config', `NetBox URL “${url.protocol}” is not http or https`);
    // The origin drops any user:password@ part, which fetch would refuse and a description must not show.
    this.base = url.origin + url.pathname.replace(/\/+$/, '');
    const authorization = netBoxAuthorization(options.token);
    if (authorization === null) throw new BotError('invalid_config', 'the NetBox token is neither a v1 token (40 hex digits) nor a v2 token (nbt_…)');
    this.authorization = authorization;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
    this.limits = options.limits ?? DEFAULT_INVENTORY_LIMITS;
  }

  /**
   * Every result of a list endpoint, following `next` re-based onto the configured URL. A server that
   * never stops (a `next` on every page, pages of ever more results) is cut off at `cap.max` results, and
   * at the pages those results fill plus one; the page size is the one NetBox actually used, since it
   * clamps `limit` to its MAX_PAGE_SIZE.
   */
  async *list(
    endpoint: string,
    query: URLSearchParams,
    signal: AbortSignal | undefined,
    cap: { readonly max: number; readonly what: string },
  ): AsyncGenerator<unknown> {
    let url: string | null = `${this.base}/api/${endpoint}?${query.toString()}`;
    const visited = new Set<string>();
    let results = 0;
    let maxPages = Number.POSITIVE_INFINITY;
    while (url !== null) {
      if (visited.size >= maxPages) {
        throw new BotError(
          'inventory_too_large',
          `NetBox listed more than ${maxPages} pages of ${cap.what}, more than INVENTORY_MAX_DEVICES (${this.limits.maxDevices}) allows; narrow NETBOX_FILTER or raise the setting`,
        );
      }
      visited.add(url);
      const page = asRecord(await this.getJson(url, signal));
      if (page === null || !Array.isArray(page.results) || (page.next !== null && typeof page.next !== 'string')) {
        throw badResponse('NetBox sent something other than a list page');
      }
      results += page.results.length;
      if (results > cap.max) {
        throw new BotError(
          'inventory_too_large',
          `NetBox listed more than ${cap.max} ${cap.what}, more than INVENTORY_MAX_DEVICES (${this.limits.maxDevices}) allows; narrow NETBOX_FILTER or raise the setting`,
        );
      }
      if (visited.size === 1 && page.next !== null) {
        const pageSize = Math.max(1, Math.min(this.options.pageSize, page.results.length));
        maxPages = Math.ceil(cap.max / pageSize) + 1;
      }
      yield* page.results as unknown[];
      url = page.next === null ? null : this.rebase(page.next);
      if (url !== null && visited.has(url)) throw badResponse('NetBox’s next-page links go round in a loop');
    }
  }

  /**
   * NetBox builds `next` from the host it sees, which behind a proxy is not the one configured. Only the
   * part from `/api/` on is kept and put on the configured base, so the token never goes anywhere else.
   */
  private rebase(next: string): string {
    let parsed: URL;
    try {
      parsed = new URL(next, `${this.base}/`);
    } catch {
      throw badResponse('NetBox sent a next-page link that is not a URL');
    }
    const at = parsed.pathname.lastIndexOf('/api/');
    if (at < 0) throw badResponse('NetBox sent a next-page link outside its API');
    return `${this.base}${parsed.pathname.slice(at)}${parsed.search}`;
  }

  private async getJson(url: string, signal: AbortSignal | undefined): Promise<unknown> {
    const { retries, log } = this.options;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await this.attempt(url, signal);
      if ('body' in outcome) return outcome.body;
      const wait = outcome.retryAfterMs ?? backoff(attempt);
      if (!outcome.retryable || attempt >= retries || wait > MAX_RETRY_AFTER_MS) {
        const notes = [
          ...(attempt > 0 ? [`after ${attempt + 1} attempts`] : []),
          ...(outcome.retryable && attempt < retries ? [`it asked to wait ${Math.ceil(wait / 1000)} s`] : []),
        ];
        // The setting to look at goes last, so that an answer that quotes the error says what to fix.
        const hint = outcome.setting === undefined ? '' : `; check ${outcome.setting}`;
        if (notes.length === 0 && hint === '') throw outcome.error;
        throw new BotError(outcome.error.code, `${outcome.error.message}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}${hint}`, {
          cause: outcome.error,
        });
      }
      log.warn('NetBox request failed; retrying', {
        path: new URL(url).pathname,
        reason: outcome.error.message,
        attempt: attempt + 1,
        retries,
        waitMs: Math.round(wait),
      });
      // Rejects with the caller's reason (the bot is stopping) when `signal` aborts: a shutdown does not wait out a backoff.
      await this.clock.sleep(wait, signal);
    }
  }

  private async attempt(url: string, signal: AbortSignal | undefined): Promise<{ body: unknown } | Failure> {
    const timeout = timeoutSignal(this.clock, this.options.timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    let location: string | null;
    try {
      const response = await this.fetch(url, {
        headers: { accept: 'application/json', authorization: this.authorization },
        // Not followed: the token goes to the configured base and nowhere else.
        redirect: 'manual',
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      location = response.headers.get('location');
      const body = await readCapped(response, this.limits.maxBytes);
      if (body === null) {
        throw new BotError(
          'inventory_too_large',
          `NetBox sent a page of more than ${formatSize(this.limits.maxBytes)}, the INVENTORY_MAX_BYTES limit; lower NETBOX_PAGE_SIZE or raise the setting`,
        );
      }
      text = body;
    } catch (error) {
      signal?.throwIfAborted();
      if (error instanceof BotError) return { error, retryable: false, retryAfterMs: null };
      const message = timeout.aborted ? `NetBox did not answer within ${this.options.timeoutMs} ms` : `NetBox could not be reached (${networkReason(error)})`;
      return { error: new BotError('netbox_unreachable', message, { cause: error }), retryable: true, retryAfterMs: null, setting: 'NETBOX_URL' };
    }

    // 403 is also NetBox's answer to a valid token without permission on one endpoint (contacts, say); its detail tells which.
    const detail = status >= 400 && status < 500 ? summariseError(text) : '';
    const suffix = detail === '' ? '' : `: ${detail}`;
    if (status === 401 || status === 403) {
      return {
        error: new BotError('netbox_unreachable', `NetBox refused the token (HTTP ${status})${suffix}`),
        retryable: false,
        retryAfterMs: null,
        setting: 'NETBOX_TOKEN',
      };
    }
    if (status === 429 || status >= 500) {
      return {
        error: new BotError('netbox_unreachable', `HTTP ${status} from NetBox`),
        retryable: true,
        retryAfterMs: parseRetryAfter(retryAfter, this.clock.now()),
      };
    }
    if (status >= 300 && status < 400) {
      const to = location !== null && URL.canParse(location, url) ? new URL(location, url) : null;
      const where = to === null ? '' : ` to ${to.origin}${to.pathname}`;
      return {
        error: new BotError('netbox_bad_response', `NetBox redirected the request (HTTP ${status}${where}); set NETBOX_URL to the URL it names`),
        retryable: false,
        retryAfterMs: null,
      };
    }
    if (status < 200 || status >= 300) {
      return { error: new BotError('netbox_bad_response', `HTTP ${status} from NetBox${suffix}`), retryable: false, retryAfterMs: null };
    }
    try {
      return { body: JSON.parse(text) as unknown };
    } catch (error) {
      return { error: new BotError('netbox_bad_response', 'NetBox sent malformed JSON', { cause: error }), retryable: false, retryAfterMs: null };
    }
  }
}
