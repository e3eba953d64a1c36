import { setTimeout as delay } from 'node:timers/promises';
import { BotError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { formatSize } from '../core/render/hunt-card.ts';
import { DeviceRowCollector, type RawDeviceRow } from './device-rows.ts';
import { PRODUCT_NAMES, readProductName, type ProductId } from '../version/product-names.ts';
import { DEFAULT_INVENTORY_LIMITS, type InventoryLimits, type InventoryRead, type InventorySource } from './types.ts';
import { readCapped } from '../http/read-capped.ts';

/** Where a device's owner is read from: its tenant, its contact assignments, or a custom field. */
export type NetBoxOwnerSource =
  | { readonly from: 'tenant' }
  | { readonly from: 'contact' }
  | { readonly from: 'custom_field'; readonly field: string };

export interface NetBoxOptions {
  /** Base URL as configured, e.g. `https://netbox.example.com` or `https://host/netbox` (a path prefix is allowed). */
  readonly url: string;
  /** v1: 40 hex digits, sent as `Token …`; v2: `nbt_…`, sent as `Bearer …`. */
  readonly token: string;
  /** Device filters passed as query parameters (`platform`, `site`, `tag`, `role`, `status`); each may repeat. */
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** The custom field that holds the running version: NetBox has no built-in one. */
  readonly versionField: string;
  readonly owner: NetBoxOwnerSource;
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
  /** Rejects when `signal` aborts, so that a shutdown does not wait out a backoff. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A server that asks for a longer pause is not waited for: a chat answer cannot wait that long. */
const MAX_RETRY_AFTER_MS = 60_000;
const CONTACT_IDS_PER_REQUEST = 100;
/** Contact assignments allowed per device, for the cap on that list: people rarely name more than a few. */
const ASSIGNMENTS_PER_DEVICE = 10;
/** Query parameters the source sets itself, which a filter must not override. */
const RESERVED_PARAMS = new Set(['limit', 'offset', 'fields', 'ordering', 'brief', 'format', 'exclude']);

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
 * Devices from NetBox's REST API (4.x). Each read lists `/api/dcim/devices/` page by page with `fields=`
 * so that pages carry only what a device row needs (and no config context), follows `next` re-based onto
 * the configured URL (behind a proxy NetBox names its own internal host), and validates every result
 * through {@link DeviceRowCollector}: a bad device is rejected with its NetBox id while the others load.
 */
export class NetBoxSource implements InventorySource {
  readonly description: string;
  private readonly base: string;
  private readonly authorization: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly limits: InventoryLimits;

  constructor(private readonly options: NetBoxOptions) {
    const url = URL.canParse(options.url) ? new URL(options.url) : null;
    if (url === null) throw new BotError('invalid_config', 'the NetBox URL is not a URL');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BotError('invalid_config', `NetBox URL “${url.protocol}” is not http or https`);
    // The origin drops any user:password@ part, which fetch would refuse and a description must not show.
    this.base = url.origin + url.pathname.replace(/\/+$/, '');
    this.description = `NetBox ${this.base}`;
    const authorization = netBoxAuthorization(options.token);
    if (authorization === null) throw new BotError('invalid_config', 'the NetBox token is neither a v1 token (40 hex digits) nor a v2 token (nbt_…)');
    this.authorization = authorization;
    const reserved = Object.keys(options.filters).filter((key) => RESERVED_PARAMS.has(key));
    if (reserved.length > 0) throw new BotError('invalid_config', `NetBox filters cannot set ${reserved.join(', ')}`);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
    this.limits = options.limits ?? DEFAULT_INVENTORY_LIMITS;
  }

  async read(signal?: AbortSignal): Promise<InventoryRead> {
    const { owner, versionField } = this.options;
    const contactOwners = owner.from === 'contact' ? await this.readContactOwners(signal) : null;
    const collector = new DeviceRowCollector();
    const seenIds = new Set<unknown>();
    let results = 0;
    let versionFieldDefined = false;
    let ownerFieldDefined = false;

    for await (const item of this.list('dcim/devices/', this.deviceQuery(), signal, { max: this.limits.maxDevices, what: 'devices' })) {
      results++;
      const device = asRecord(item);
      if (device === null) {
        collector.reject(`NetBox result ${results}`, 'not an object');
        continue;
      }
      // Offset pages can overlap when devices are added mid-read; the same device twice is not a duplicate name.
      if (device.id !== undefined) {
        if (seenIds.has(device.id)) continue;
        seenIds.add(device.id);
      }
      const customFields = asRecord(device.custom_fields) ?? {};
      versionFieldDefined ||= versionField in customFields;
      if (owner.from === 'custom_field') ownerFieldDefined ||= owner.field in customFields;
      const ownerValue = owner.from === 'tenant' ? nameOf(device.tenant) : owner.from === 'contact' ? contactOwners?.get(device.id) : ownerText(customFields[owner.field]);
      collector.add(deviceRow(device, customFields[versionField], ownerValue), `NetBox device ${String(device.id)}`);
    }

    // NetBox lists every defined custom field on every device (null when unset): absence means a misconfiguration.
    if (results > 0 && !versionFieldDefined) this.options.log.warn('no NetBox device has the version custom field', { field: versionField });
    if (results > 0 && owner.from === 'custom_field' && !ownerFieldDefined) this.options.log.warn('no NetBox device has the owner custom field', { field: owner.field });
    const read = collector.result();
    this.options.log.debug('read NetBox inventory', { source: this.description, results, devices: read.devices.length, rejected: read.rejected.length });
    return read;
  }

  private deviceQuery(): URLSearchParams {
    const fields = ['id', 'name', 'site', 'device_type', 'platform', 'primary_ip4', 'primary_ip6', 'tags', 'custom_fields'];
    if (this.options.owner.from === 'tenant') fields.push('tenant');
    // Ordered by id, offset pages stay stable while devices are added: new ids land on the last page.
    const query = new URLSearchParams({ limit: String(this.options.pageSize), ordering: 'id', fields: fields.join(',') });
    for (const [key, values] of Object.entries(this.options.filters)) for (const value of values) query.append(key, value);
    return query;
  }

  /**
   * Each device's owner from its contact assignments: the primary contact, else the first active one.
   * The assignment carries only a brief contact (no email), so the chosen contacts are then read by id.
   */
  private async readContactOwners(signal: AbortSignal | undefined): Promise<Map<unknown, string>> {
    const chosen = new Map<unknown, { id: unknown; name: unknown; primary: boolean }>();
    const query = new URLSearchParams({ object_type: 'dcim.device', limit: String(this.options.pageSize), ordering: 'id', fields: 'object_id,contact,priority' });
    const maxAssignments = this.limits.maxDevices * ASSIGNMENTS_PER_DEVICE;
    for await (const item of this.list('tenancy/contact-assignments/', query, signal, { max: maxAssignments, what: 'contact assignments' })) {
      const assignment = asRecord(item);
      const contact = asRecord(assignment?.contact);
      if (assignment === null || contact === null) continue;
      const priority = choiceValue(assignment.priority);
      if (priority === 'inactive') continue;
      const current = chosen.get(assignment.object_id);
      if (current === undefined || (priority === 'primary' && !current.primary)) {
        chosen.set(assignment.object_id, { id: contact.id, name: contact.name, primary: priority === 'primary' });
      }
    }

    const emails = new Map<unknown, string>();
    const ids = [...new Set([...chosen.values()].map((c) => c.id))].filter((id) => typeof id === 'number' || typeof id === 'string');
    for (let i = 0; i < ids.length; i += CONTACT_IDS_PER_REQUEST) {
      const contactQuery = new URLSearchParams({ limit: String(this.options.pageSize), fields: 'id,name,email' });
      for (const id of ids.slice(i, i + CONTACT_IDS_PER_REQUEST)) contactQuery.append('id', String(id));
      for await (const item of this.list('tenancy/contacts/', contactQuery, signal, { max: CONTACT_IDS_PER_REQUEST, what: 'contacts for one request' })) {
        const contact = asRecord(item);
        if (typeof contact?.email === 'string' && contact.email.trim() !== '') emails.set(contact.id, contact.email.trim());
      }
    }
    const owners = new Map<unknown, string>();
    for (const [deviceId, contact] of chosen) {
      const owner = emails.get(contact.id) ?? (typeof contact.name === 'string' ? contact.name : undefined);
      if (owner !== undefined) owners.set(deviceId, owner);
    }
    return owners;
  }

  /**
   * Every result of a list endpoint, following `next` re-based onto the configured URL. A server that
   * never stops (a `next` on every page, pages of ever more results) is cut off at `cap.max` results, and
   * at the pages those results fill plus one; the page size is the one NetBox actually used, since it
   * clamps `limit` to its MAX_PAGE_SIZE.
   */
  private async *list(endpoint: string, query: URLSearchParams, signal: AbortSignal | undefined, cap: { readonly max: number; readonly what: string }): AsyncGenerator<unknown> {
    let url: string | null = `${this.base}/api/${endpoint}?${query.toString()}`;
    const visited = new Set<string>();
    let results = 0;
    let maxPages = Number.POSITIVE_INFINITY;
    while (url !== null) {
      if (visited.size >= maxPages) {
        throw new BotError('inventory_too_large', `NetBox listed more than ${maxPages} pages of ${cap.what}, more than INVENTORY_MAX_DEVICES (${this.limits.maxDevices}) allows; narrow NETBOX_FILTER or raise the setting`);
      }
      visited.add(url);
      const page = asRecord(await this.getJson(url, signal));
      if (page === null || !Array.isArray(page.results) || (page.next !== null && typeof page.next !== 'string')) {
        throw badResponse('NetBox sent something other than a list page');
      }
      results += page.results.length;
      if (results > cap.max) {
        throw new BotError('inventory_too_large', `NetBox listed more than ${cap.max} ${cap.what}, more than INVENTORY_MAX_DEVICES (${this.limits.maxDevices}) allows; narrow NETBOX_FILTER or raise the setting`);
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
        throw new BotError(outcome.error.code, `${outcome.error.message}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}${hint}`, { cause: outcome.error });
      }
      log.warn('NetBox request failed; retrying', { path: new URL(url).pathname, reason: outcome.error.message, attempt: attempt + 1, retries, waitMs: Math.round(wait) });
      try {
        await this.sleep(wait, signal);
      } catch (error) {
        // The reason the caller gave (the bot is stopping), rather than the timer's bare AbortError.
        signal?.throwIfAborted();
        throw error;
      }
    }
  }

  private async attempt(url: string, signal: AbortSignal | undefined): Promise<{ body: unknown } | Failure> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
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
        throw new BotError('inventory_too_large', `NetBox sent a page of more than ${formatSize(this.limits.maxBytes)}, the INVENTORY_MAX_BYTES limit; lower NETBOX_PAGE_SIZE or raise the setting`);
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
      return { error: new BotError('netbox_unreachable', `NetBox refused the token (HTTP ${status})${suffix}`), retryable: false, retryAfterMs: null, setting: 'NETBOX_TOKEN' };
    }
    if (status === 429 || status >= 500) {
      return { error: new BotError('netbox_unreachable', `HTTP ${status} from NetBox`), retryable: true, retryAfterMs: parseRetryAfter(retryAfter) };
    }
    if (status >= 300 && status < 400) {
      const to = location !== null && URL.canParse(location, url) ? new URL(location, url) : null;
      const where = to === null ? '' : ` to ${to.origin}${to.pathname}`;
      return { error: new BotError('netbox_bad_response', `NetBox redirected the request (HTTP ${status}${where}); set NETBOX_URL to the URL it names`), retryable: false, retryAfterMs: null };
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

interface Failure {
  readonly error: BotError;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  /** The setting that is likely at fault (a refused token, an unreachable URL), named in the final error. */
  readonly setting?: 'NETBOX_URL' | 'NETBOX_TOKEN';
}

/**
 * One NetBox device (as `fields=` returns it) as a raw row; the collector judges it.
 *
 * NetBox keeps the hardware and the software apart, and so does the row: the platform (hardware model) is
 * the device type's `model` (`SRX345`, `EX4300-48T`), which NetBox requires on every device; NetBox's own
 * `platform` is "the type of software running on a device" (NetBox's words), so it gives the product
 * ({@link productOfPlatform}) and is never taken as the model, even when someone named a platform
 * `SRX`: a wrong model could clear a device of a bulletin limited to other platforms.
 */
function deviceRow(device: Readonly<Record<string, unknown>>, version: unknown, owner: unknown): RawDeviceRow {
  const site = asRecord(device.site);
  const address = asRecord(device.primary_ip4)?.address ?? asRecord(device.primary_ip6)?.address;
  const tags = Array.isArray(device.tags) ? device.tags.map((tag) => nameOf(tag)).filter((tag) => tag !== undefined) : device.tags;
  const product = productOfPlatform(asRecord(device.platform));
  return {
    name: device.name,
    site: site === null ? device.site : (site.name ?? site.slug),
    owner,
    version,
    // A platform that names no product the bot knows (`Linux`, none at all) states nothing: the product
    // then follows the version, as for a file row without a product.
    ...(product === null ? {} : { product: PRODUCT_NAMES[product] }),
    platform: asRecord(device.device_type)?.model,
    managementIp: typeof address === 'string' ? address.replace(/\/\d+$/, '') : address,
    tags,
  };
}

/**
 * The product a NetBox platform names. Platforms are free-form: `Junos`, `Juniper Junos OS`, slug
 * `junos` (the NAPALM driver's name), `junos-evo`, `ScreenOS`. A whole product name (name or slug) is
 * read as in files; otherwise a name or slug that contains `junos` is Junos OS (Evolved when it also says
 * `evo`), and one that contains `screenos` is ScreenOS. Null for anything else.
 */
export function productOfPlatform(platform: Readonly<Record<string, unknown>> | null): ProductId | null {
  if (platform === null) return null;
  const texts = [platform.name, platform.slug].filter((t): t is string => typeof t === 'string');
  for (const text of texts) {
    const exact = readProductName(text);
    if (exact !== null) return exact;
  }
  const words = texts.join(' ').toLowerCase().replace(/[_-]+/g, ' ');
  if (words.includes('junos')) return /\bevo(lved)?\b/.test(words) ? 'junos-evo' : 'junos';
  return words.includes('screenos') ? 'screenos' : null;
}

/** An owner from a custom field: text as it is; an object field (a user or a contact) by email, username or name. */
function ownerText(value: unknown): unknown {
  const object = asRecord(value);
  if (object === null) return value;
  return [object.email, object.username, object.name, object.display].find((v) => typeof v === 'string' && v.trim() !== '');
}

function nameOf(value: unknown): unknown {
  const object = asRecord(value);
  return object === null ? undefined : (object.name ?? object.slug);
}

/** NetBox renders a choice as `{value, label}`; older versions and other tools send the bare value. */
function choiceValue(value: unknown): unknown {
  return asRecord(value)?.value ?? value;
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Exponential with equal jitter: between half and all of 500 ms × 2^attempt, at most 30 s. */
function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** NetBox explains a 4xx in JSON (`{"detail": …}` or `{"site": ["Select a valid choice…"]}`); a short line of it. */
function summariseError(text: string): string {
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

function badResponse(message: string): BotError {
  return new BotError('netbox_bad_response', message);
}
