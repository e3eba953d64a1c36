import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/run-process.ts';
import { listenOnLoopback } from './loopback.ts';

/** What the fake answers next: a catalog, an HTTP error, broken JSON, or nothing at all. */
export type FeedAnswer =
  | { readonly kind: 'json'; readonly body: unknown }
  | { readonly kind: 'text'; readonly body: string }
  | { readonly kind: 'status'; readonly status: number }
  /** Headers and the start of a body, then silence: a server that stalls mid-download. */
  | { readonly kind: 'stall' }
  /** Never answers. */
  | { readonly kind: 'hang' };

/** A KEV catalog entry as CISA publishes it. */
export type KevJsonEntry = Record<string, unknown>;

export interface KevJson {
  title: string;
  catalogVersion: string;
  dateReleased: string;
  count: number;
  vulnerabilities: KevJsonEntry[];
}

/** The snapshot shipped in advisories/kev/, as parsed JSON (a fresh copy each call). */
export function shippedSnapshot(): KevJson {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'advisories', 'kev', 'known_exploited_vulnerabilities.json'), 'utf8')) as KevJson;
}

/** One well-formed entry; tests override what they look at. */
export function kevEntry(cveID: string, extra: Partial<KevJsonEntry> = {}): KevJsonEntry {
  return {
    cveID,
    vendorProject: 'Juniper',
    product: 'ScreenOS',
    vulnerabilityName: `Juniper ScreenOS vulnerability ${cveID}`,
    dateAdded: '2026-11-20',
    shortDescription: 'A test entry.',
    requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
    dueDate: '2026-12-11',
    knownRansomwareCampaignUse: 'Unknown',
    notes: '',
    cwes: [],
    ...extra,
  };
}

/** A catalog of these entries with a matching count. */
export function kevCatalog(entries: readonly KevJsonEntry[], catalogVersion = '2026.11.20'): KevJson {
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion,
    dateReleased: `${catalogVersion.replaceAll('.', '-')}T17:00:00.000Z`,
    count: entries.length,
    vulnerabilities: [...entries],
  };
}

/** A catalog the size of CISA's whole one: the shipped entries among some 1,500 from other vendors. */
export function fullSizeCatalog(extra: readonly KevJsonEntry[] = []): KevJson {
  const others = Array.from({ length: 1_500 }, (_, i) =>
    kevEntry(`CVE-2024-${String(10_000 + i)}`, { vendorProject: 'Example', product: `Product ${i}`, notes: `https://example.com/advisory/${i}` }),
  );
  return kevCatalog([...shippedSnapshot().vulnerabilities, ...others, ...extra]);
}

/** An HTTP server on 127.0.0.1 that serves whatever KEV JSON (or failure) a test sets, and counts requests. */
export class FakeKevFeed {
  answer: FeedAnswer = { kind: 'json', body: shippedSnapshot() };
  requests = 0;
  private readonly waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.requests++;
      this.respond(res);
      for (const waiter of this.waiters.filter((w) => this.requests >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/feeds/known_exploited_vulnerabilities.json?key=not-shown`;
  }

  /** Resolves once `count` requests in all have arrived (and been answered as far as the fake will). */
  whenRequested(count: number): Promise<void> {
    if (this.requests >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private respond(res: ServerResponse): void {
    const answer = this.answer;
    switch (answer.kind) {
      case 'json':
      case 'text': {
        const body = answer.kind === 'json' ? JSON.stringify(answer.body) : answer.body;
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      case 'status':
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      case 'stall':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"title": "CISA Catalog of Known Exploited Vulnerabilities", ');
        return;
      case 'hang':
        return;
      default: {
        const never: never = answer;
        return never;
      }
    }
  }
}
