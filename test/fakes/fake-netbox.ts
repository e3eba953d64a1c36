import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readVersion } from '../../src/domain/version/read-version.ts';
import { generateVersionMix, seededRandom } from '../bench/version-mix.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** A device as a test describes it; the fake renders it the way NetBox 4.x does. */
export interface FakeDevice {
  readonly id: number;
  readonly name: string | null;
  /** Site name; the slug (the `site` filter's value) is derived from it. */
  readonly site: string;
  readonly tenant?: string | null;
  /** The device type's model (`SRX345`); `SSG-140` unless given. NetBox requires a device type on every device. */
  readonly deviceType?: string | undefined;
  /** The device type's manufacturer; `Juniper` unless given. */
  readonly manufacturer?: string;
  /** The platform's name (the software: `Junos`, `ScreenOS`); its slug is derived. */
  readonly platform?: string | null;
  readonly role?: string;
  /** `active` unless given. */
  readonly status?: string;
  /** With its prefix length, as NetBox stores it: `10.0.0.1/24`. */
  readonly primaryIp4?: string | null;
  readonly primaryIp6?: string | null;
  /** Tag names; slugs are derived. */
  readonly tags?: readonly string[];
  readonly customFields?: Readonly<Record<string, unknown>>;
}

export interface FakeContact {
  readonly id: number;
  readonly name: string;
  readonly email?: string;
}

export interface FakeContactAssignment {
  readonly id: number;
  readonly deviceId: number;
  readonly contactId: number;
  readonly priority?: 'primary' | 'secondary' | 'tertiary' | 'inactive' | null;
}

export interface FakeNetBoxData {
  readonly devices: readonly FakeDevice[];
  readonly contacts?: readonly FakeContact[];
  readonly assignments?: readonly FakeContactAssignment[];
}

export interface FakeNetBoxOptions extends FakeNetBoxData {
  /** Accepted as `Authorization: Token <v1Token>`. */
  readonly v1Token?: string;
  /** Accepted as `Authorization: Bearer <v2Token>`. */
  readonly v2Token?: string;
  /** The path NetBox is served under, as behind a proxy: `/netbox`. Empty by default. */
  readonly prefix?: string;
  /** The origin NetBox believes it has, used in `next`, `previous` and `url`: deliberately not the fake's own. */
  readonly publicOrigin?: string;
  /** NetBox's MAX_PAGE_SIZE. */
  readonly maxPageSize?: number;
  /** False plays a NetBox before 4.0, which ignores `fields=` and sends whole records. */
  readonly honourFields?: boolean;
}

/** What the fake answers the next request with instead of the real answer. */
export type NetBoxFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'slow'; readonly ms: number }
  /** Never answers (until the fake stops), like a server stuck behind a proxy. */
  | { readonly kind: 'hang' }
  /** A valid empty list page padded with spaces to `bytes`, streamed as fast as the client reads it. */
  | { readonly kind: 'huge'; readonly bytes: number };

export interface RecordedRequest {
  /** The path below the prefix: `/api/dcim/devices/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly host: string | undefined;
  readonly authorization: string | undefined;
  readonly status: number;
}

type Json = Record<string, unknown>;

export const FAKE_V1_TOKEN = '0123456789abcdef0123456789abcdef01234567';
export const FAKE_V2_TOKEN = 'nbt_Q3x9LmP2aB7c.k8Jd2Vn5Rt1Ws4Yz6Hq0Ue3Ig7Oa9Pl2';

/**
 * NetBox's REST API on loopback, with the behaviour a client has to get right: `limit`/`offset`
 * pagination whose absolute `next` names another host (as behind a proxy), token checks for both token
 * generations, `fields=`, the device filters, contact assignments, and injected faults. Records every request.
 */
export class FakeNetBox {
  readonly requests: RecordedRequest[] = [];
  /** Bytes of `huge` bodies written so far: how much a client read before it hung up. */
  hugeBytesSent = 0;
  private devices: Json[];
  private endless = false;
  private readonly contacts: Json[];
  private readonly assignments: Json[];
  private readonly faults: NetBoxFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  private readonly server: Server;
  private readonly prefix: string;
  private readonly publicOrigin: string;
  private port = 0;

  constructor(private readonly options: FakeNetBoxOptions) {
    this.prefix = (options.prefix ?? '').replace(/\/+$/, '');
    this.publicOrigin = options.publicOrigin ?? 'http://netbox.internal:8080';
    this.devices = options.devices.map((d) => this.renderDevice(d));
    this.contacts = (options.contacts ?? []).map((c) => ({
      id: c.id,
      url: this.link(`tenancy/contacts/${c.id}/`),
      display: c.name,
      name: c.name,
      title: '',
      phone: '',
      email: c.email ?? '',
      address: '',
      link: '',
      description: '',
      comments: '',
      groups: [],
      tags: [],
      custom_fields: {},
    }));
    const contactsById = new Map(this.contacts.map((c) => [c.id, c]));
    const devicesById = new Map(this.devices.map((d) => [d.id, d]));
    this.assignments = (options.assignments ?? []).map((a) => {
      const contact = contactsById.get(a.contactId);
      const device = devicesById.get(a.deviceId);
      return {
        id: a.id,
        url: this.link(`tenancy/contact-assignments/${a.id}/`),
        display: String(contact?.name),
        object_type: 'dcim.device',
        object_id: a.deviceId,
        object: { id: a.deviceId, url: this.link(`dcim/devices/${a.deviceId}/`), display: device?.display, name: device?.name, description: '' },
        contact: { id: a.contactId, url: this.link(`tenancy/contacts/${a.contactId}/`), display: contact?.name, name: contact?.name, description: '' },
        role: null,
        priority: a.priority === undefined || a.priority === null ? null : { value: a.priority, label: capitalise(a.priority) },
        tags: [],
        custom_fields: {},
      };
    });
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await closeServer(this.server);
  }

  /** The base URL to configure, prefix included. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.prefix}`;
  }

  /** The `host` header every request should carry. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Replaces the devices NetBox holds, as a mass deletion or a changed permission would. */
  replaceDevices(devices: readonly FakeDevice[]): void {
    this.devices = devices.map((d) => this.renderDevice(d));
  }

  /** From now on every list page links to a next one, past the end too (empty pages): a `next` chain without end. */
  neverEnd(): void {
    this.endless = true;
  }

  /** Answers the next `times` requests (to any endpoint) with `fault`. */
  inject(fault: NetBoxFault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  /** Resolves once `count` requests in all have been recorded (a hung one is recorded when it arrives). */
  whenRequested(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => undefined); // a client that timed out has gone; nothing to tell it
    const url = new URL(req.url ?? '/', 'http://fake');
    const inPrefix = url.pathname.startsWith(`${this.prefix}/`);
    const path = inPrefix ? url.pathname.slice(this.prefix.length) : url.pathname;
    const record = (status: number): void => {
      this.requests.push({ path, query: url.searchParams, host: req.headers.host, authorization: req.headers.authorization, status });
      for (const waiter of this.waiters.filter((w) => this.requests.length >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    };
    const fault = this.faults.shift();

    if (fault?.kind === 'status') {
      record(fault.status);
      return send(res, fault.status, { detail: 'Service unavailable' }, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
    }
    if (fault?.kind === 'malformed') {
      record(200);
      return send(res, 200, '{"count": 3, "next": null, "results": [{"id": 1, "name": "fw-');
    }
    if (fault?.kind === 'hang') {
      record(0);
      return;
    }
    if (fault?.kind === 'huge') {
      record(200);
      return this.sendHuge(res, fault.bytes);
    }
    if (fault?.kind === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.answer(path, inPrefix, url, req, res, record);
      }, fault.ms);
      this.timers.add(timer);
      return;
    }
    this.answer(path, inPrefix, url, req, res, record);
  }

  /** Streams a padded page with backpressure, stopping when the client goes away. */
  private sendHuge(res: ServerResponse, bytes: number): void {
    const head = '{"count": 0, "next": null, "previous": null, "results": [';
    const tail = ']}';
    const chunk = ' '.repeat(64 * 1024);
    let left = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(200, { 'content-type': 'application/json' });
    const write = (text: string): boolean => {
      this.hugeBytesSent += text.length;
      return res.write(text);
    };
    write(head);
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
        left -= piece.length;
        if (!write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  }

  private answer(path: string, inPrefix: boolean, url: URL, req: IncomingMessage, res: ServerResponse, record: (status: number) => void): void {
    const answer = inPrefix ? this.route(path, url.searchParams, req.headers.authorization) : { status: 404, body: { detail: 'Not found.' } };
    record(answer.status);
    send(res, answer.status, answer.body);
  }

  private route(path: string, query: URLSearchParams, authorization: string | undefined): { status: number; body: Json } {
    const accepted = [
      ...(this.options.v1Token === undefined ? [] : [`Token ${this.options.v1Token}`]),
      ...(this.options.v2Token === undefined ? [] : [`Bearer ${this.options.v2Token}`]),
    ];
    if (authorization === undefined) return { status: 403, body: { detail: 'Authentication credentials were not provided.' } };
    if (!accepted.includes(authorization)) return { status: 403, body: { detail: 'Invalid token' } };

    switch (path) {
      case '/api/dcim/devices/': {
        const filtered = this.filterDevices(query);
        return 'error' in filtered ? { status: 400, body: filtered.error } : { status: 200, body: this.page(path, query, filtered.devices) };
      }
      case '/api/tenancy/contact-assignments/': {
        const types = query.getAll('object_type');
        return {
          status: 200,
          body: this.page(
            path,
            query,
            this.assignments.filter((a) => types.length === 0 || types.includes(String(a.object_type))),
          ),
        };
      }
      case '/api/tenancy/contacts/': {
        const ids = query.getAll('id').map(Number);
        return {
          status: 200,
          body: this.page(
            path,
            query,
            this.contacts.filter((c) => ids.length === 0 || ids.includes(c.id as number)),
          ),
        };
      }
      default:
        return { status: 404, body: { detail: 'Not found.' } };
    }
  }

  /** NetBox's filters: several values of one filter are ORed, except `tag`, which needs every tag. An unknown value is a 400. */
  private filterDevices(query: URLSearchParams): { devices: Json[] } | { error: Json } {
    const slugOf = (value: unknown): unknown => (value as { slug?: unknown } | null)?.slug;
    const filters: Record<string, (device: Json) => readonly unknown[]> = {
      site: (d) => [slugOf(d.site)],
      platform: (d) => [slugOf(d.platform)],
      role: (d) => [slugOf(d.role)],
      status: (d) => [(d.status as { value: unknown }).value],
      tag: (d) => (d.tags as Json[]).map(slugOf),
    };
    let devices = this.devices;
    for (const [name, valuesOf] of Object.entries(filters)) {
      const wanted = query.getAll(name);
      if (wanted.length === 0) continue;
      const known = new Set(this.devices.flatMap(valuesOf));
      const unknown = wanted.find((w) => !known.has(w));
      if (unknown !== undefined) return { error: { [name]: [`Select a valid choice. ${unknown} is not one of the available choices.`] } };
      devices = devices.filter((d) => (name === 'tag' ? wanted.every((w) => valuesOf(d).includes(w)) : wanted.some((w) => valuesOf(d).includes(w))));
    }
    return { devices };
  }

  /** One page as DRF's LimitOffsetPagination builds it, with links on the public origin. */
  private page(path: string, query: URLSearchParams, all: readonly Json[]): Json {
    const maxPageSize = this.options.maxPageSize ?? 1000;
    const asked = Number(query.get('limit') ?? 50);
    const limit = asked <= 0 || asked > maxPageSize ? maxPageSize : asked;
    const offset = Math.max(0, Number(query.get('offset') ?? 0));
    const linkTo = (to: number): string => {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (to > 0) params.set('offset', String(to));
      else params.delete('offset');
      return `${this.publicOrigin}${path}?${params.toString()}`;
    };
    const fields = query
      .get('fields')
      ?.split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    const pick =
      fields === undefined || this.options.honourFields === false
        ? (o: Json) => o
        : (o: Json) => Object.fromEntries(fields.filter((f) => f in o).map((f) => [f, o[f]]));
    return {
      count: all.length,
      next: this.endless || offset + limit < all.length ? linkTo(offset + limit) : null,
      previous: offset > 0 ? linkTo(Math.max(0, offset - limit)) : null,
      results: all.slice(offset, offset + limit).map(pick),
    };
  }

  private link(path: string): string {
    return `${this.publicOrigin}/api/${path}`;
  }

  /**
   * A device type as NetBox 4.x nests it in a device (DeviceTypeSerializer's brief fields): no `name`, the
   * model under `model`, and the manufacturer nested in turn. `display` is the model, as NetBox shows it.
   */
  private renderDeviceType(model: string, manufacturer: string): Json {
    const id = hash(`${manufacturer}/${model}`);
    return {
      id,
      url: this.link(`dcim/device-types/${id}/`),
      display: model,
      manufacturer: {
        id: hash(manufacturer),
        url: this.link(`dcim/manufacturers/${hash(manufacturer)}/`),
        display: manufacturer,
        name: manufacturer,
        slug: slugify(manufacturer),
        description: '',
      },
      model,
      slug: slugify(model),
      description: '',
    };
  }

  /** The whole record NetBox 4.x sends for a device, config context and all. */
  private renderDevice(d: FakeDevice): Json {
    const brief = (kind: string, id: number, name: string): Json => ({
      id,
      url: this.link(`${kind}/${id}/`),
      display: name,
      name,
      slug: slugify(name),
      description: '',
    });
    const ip = (id: number, address: string | null | undefined, family: number): Json | null =>
      address === null || address === undefined
        ? null
        : { id, url: this.link(`ipam/ip-addresses/${id}/`), display: address, family: { value: family, label: `IPv${family}` }, address, description: '' };
    const status = d.status ?? 'active';
    const display = d.name ?? `Unnamed device (${d.id})`;
    return {
      id: d.id,
      url: this.link(`dcim/devices/${d.id}/`),
      display_url: `${this.publicOrigin}/dcim/devices/${d.id}/`,
      display,
      name: d.name,
      device_type: this.renderDeviceType(d.deviceType ?? 'SSG-140', d.manufacturer ?? 'Juniper'),
      role: brief('dcim/device-roles', 1, d.role ?? 'Firewall'),
      tenant: d.tenant === undefined || d.tenant === null ? null : brief('tenancy/tenants', hash(d.tenant), d.tenant),
      platform: d.platform === undefined || d.platform === null ? null : brief('dcim/platforms', hash(d.platform), d.platform),
      serial: `JN${String(100000 + d.id)}AB`,
      asset_tag: null,
      site: brief('dcim/sites', hash(d.site), d.site),
      location: null,
      rack: null,
      position: null,
      face: null,
      status: { value: status, label: capitalise(status) },
      airflow: null,
      primary_ip: ip(d.id * 2, d.primaryIp4 ?? d.primaryIp6, d.primaryIp4 === undefined || d.primaryIp4 === null ? 6 : 4),
      primary_ip4: ip(d.id * 2, d.primaryIp4, 4),
      primary_ip6: ip(d.id * 2 + 1, d.primaryIp6, 6),
      oob_ip: null,
      cluster: null,
      virtual_chassis: null,
      description: '',
      comments: 'Managed by the network security team. Change window: Sunday 02:00-04:00 UTC.',
      config_template: null,
      config_context: {
        ntp_servers: ['10.0.0.1', '10.0.0.2'],
        syslog: { host: '10.0.0.5', facility: 'local7' },
        snmp: { community: 'redacted', location: d.site },
        banner: 'Authorised access only. All activity is logged.',
      },
      local_context_data: null,
      tags: (d.tags ?? []).map((t) => ({ id: hash(t), url: this.link(`extras/tags/${hash(t)}/`), display: t, name: t, slug: slugify(t), color: '9e9e9e' })),
      custom_fields: d.customFields ?? {},
      created: '2019-03-01T10:00:00.000000Z',
      last_updated: '2025-11-20T08:30:00.000000Z',
      console_port_count: 1,
      interface_count: 12,
      power_port_count: 1,
    };
  }
}

function send(res: ServerResponse, status: number, body: Json | string, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** NetBox's slugs are lowercase letters, digits, `-` and `_`: `exposure=internet` becomes `exposure-internet`. */
function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stable small id for a named object (site, tenant, tag). */
function hash(text: string): number {
  let h = 7;
  for (const char of text) h = (h * 31 + char.charCodeAt(0)) % 100_000;
  return h + 1;
}

const SITES = [
  'Amsterdam DC1',
  'Frankfurt DC2',
  'London Edge',
  'Paris Branch',
  'Madrid Branch',
  'New York DC',
  'Chicago Branch',
  'Singapore DC',
  'Tokyo Edge',
  'Sydney Branch',
  'São Paulo Edge',
  'Johannesburg Branch',
];
const SCREENOS_MODELS = ['SSG-5', 'SSG-20', 'SSG-140', 'SSG-550M', 'ISG-1000', 'ISG-2000', 'NS-5200'];
const JUNOS_MODELS = ['SRX345', 'SRX1500', 'EX4300-48T', 'MX204'];
const TEAMS = ['Network Security', 'Retail IT', 'Datacentre Ops', 'Branch Networks', 'Payments Platform', 'Corporate IT', 'Manufacturing OT', 'Partner Access'];

/**
 * A fleet of `count` devices for benchmarks, deterministic per seed: versions as people record them
 * (the mix of the verdict benchmark, junk included, with Junos platforms and models for Junos versions), a dozen
 * sites, eight owning teams as tenants, contacts (one without email) and an `owner` custom field, and
 * tags with about one device in six exposed to the internet.
 */
export function generateNetBoxData(count: number, seed = 4711): Required<FakeNetBoxData> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const versions = generateVersionMix(count, seed);
  const contacts: FakeContact[] = TEAMS.map((team, i) => ({
    id: i + 1,
    name: `${team} on-call`,
    ...(i === TEAMS.length - 1 ? {} : { email: `${slugify(team)}@example.com` }),
  }));
  const devices: FakeDevice[] = [];
  const assignments: FakeContactAssignment[] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const version = versions[i] ?? '';
    const site = pick(SITES);
    const team = Math.floor(random() * TEAMS.length);
    const roll = random();
    const junos = readVersion(version).kind === 'junos';
    devices.push({
      id,
      name: `fw-${slugify(site).slice(0, 6)}-${String(id).padStart(5, '0')}`,
      site,
      tenant: TEAMS[team] ?? null,
      // By id rather than drawn, so that the other fields keep the values they had for a seed.
      deviceType: (junos ? JUNOS_MODELS : SCREENOS_MODELS)[id % (junos ? JUNOS_MODELS.length : SCREENOS_MODELS.length)],
      platform: junos ? 'Junos' : 'ScreenOS',
      role: roll < 0.8 ? 'Firewall' : 'VPN Gateway',
      status: roll < 0.95 ? 'active' : 'planned',
      primaryIp4: roll < 0.9 ? `10.${Math.floor(id / 65_536) % 256}.${Math.floor(id / 256) % 256}.${id % 256}/24` : null,
      primaryIp6: roll >= 0.85 ? `2001:db8::${id.toString(16)}/64` : null,
      tags: [...(random() < 0.16 ? ['exposure=internet'] : []), ...(random() < 0.3 ? ['pci'] : []), ...(random() < 0.2 ? ['dmz'] : [])],
      customFields: {
        software_version: version === '' ? null : version,
        owner: random() < 0.02 ? null : `${slugify(TEAMS[team] ?? 'unowned')}@example.com`,
        eol_date: null,
      },
    });
    assignments.push({ id: assignments.length + 1, deviceId: id, contactId: team + 1, priority: 'primary' });
    if (random() < 0.1) assignments.push({ id: assignments.length + 1, deviceId: id, contactId: ((team + 1) % TEAMS.length) + 1, priority: 'secondary' });
  }
  return { devices, contacts, assignments };
}
