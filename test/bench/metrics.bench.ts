import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { close, createHttpServer, listen } from '../../src/infrastructure/http/http-server.ts';
import { metricsRoute } from '../../src/infrastructure/http/metrics-route.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import type { Device, InventoryRead, InventorySource } from '../../src/domain/fleet/types.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { BotMetrics } from '../../src/features/metrics/bot-metrics.ts';
import { countFleet } from '../../src/features/metrics/fleet-counts.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';
import { generateFleet } from './fleet.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const DEVICES = 100_000;
/** Devices an admin has taken in hand: their states are read from the store at every scrape. */
const STATES = 2_000;
const SCRAPES = 15;
const BASELINE_RUNS = 5;
const TOKEN = 'bench-metrics-token-0123456789';
const NOW = new Date('2026-11-26T09:00:00Z');

interface Figures {
  readonly name: string;
  /** Median of the timed runs, in milliseconds. */
  readonly ms: number;
}

/**
 * `GET /metrics` over loopback for a 100,000-device fleet with 2,000 device states (bearer token checked,
 * exposition built by prom-client), next to a baseline measured in the same run: building the inventory
 * view alone (states joined, statuses set, most urgent first), which is what `devices` pays before it
 * shows a page. Twice: with the bench fleet's 12 sites, and with the devices spread over 1,000 sites, of
 * which 50 get series and the rest are summed.
 */
export async function benchMetricsScrape(): Promise<void> {
  console.log(
    `\n/metrics scrape: ${DEVICES.toLocaleString('en-US')} devices, ${STATES.toLocaleString('en-US')} device states, ${catalog.advisories.length} bulletins; median of ${SCRAPES} (baseline ${BASELINE_RUNS}), each scrape on a new connection`,
  );
  for (const [label, fleet] of [
    ['12 sites', generateFleet(DEVICES)],
    ['1,000 sites', generateFleet(DEVICES).map((d, i) => ({ ...d, site: `site-${String(i % 1000).padStart(4, '0')}` }))],
  ] as const) {
    const rig = await startRig(fleet);
    try {
      const first = await timed(() => rig.scrape());
      const scrape = await median('GET /metrics (token, exposition)', () => rig.scrape());
      const count = await median('fleet counts alone (no HTTP, no text)', async () => {
        countFleet(
          rig.inventory.findings(),
          await rig.inventory.states(),
          catalog.advisories.map((a) => a.id),
          NOW,
        );
      });
      // The view takes about a second a run: five runs give a steady median.
      const view = await median(
        'baseline: inventory view alone',
        async () => {
          await rig.inventory.view(NOW);
        },
        BASELINE_RUNS,
      );
      const body = await rig.scrape();
      const series = body.split('\n').filter((l) => l.startsWith('screenos_bot_')).length;
      console.log(
        `  ${label}: ${series.toLocaleString('en-US')} screenos_bot_ series, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB a scrape; first scrape after the sync (the fleet's versions judged then) ${first.toFixed(0)} ms`,
      );
      for (const row of [scrape, count, view])
        console.log(`    ${row.name.padEnd(40)} ${row.ms.toFixed(1).padStart(8)} ms  (${(row.ms / view.ms).toFixed(2)}x baseline)`);
    } finally {
      await rig.stop();
    }
  }
}

interface Rig {
  readonly inventory: Inventory;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

async function startRig(devices: readonly Device[]): Promise<Rig> {
  const read: InventoryRead = { devices, rejected: [] };
  const source: InventorySource = { description: 'generated fleet', read: () => Promise.resolve(read) };
  const store = SqliteStore.open(':memory:');
  for (const device of devices.slice(0, STATES)) {
    await store.setDeviceState(
      { device: device.name, kind: 'acknowledged', until: null, reason: 'bench', actor: 'console:console', changedAt: NOW },
      { at: NOW, platform: 'console', actor: 'console:console', actorName: null, action: 'ack', subject: device.name, detail: null, reason: 'bench' },
    );
  }
  const inventory = new Inventory({ source, store, catalog, clock: new ManualClock(NOW), log: silentLogger });
  await inventory.start();
  const metrics = new BotMetrics(() => NOW, silentLogger);
  metrics.watchInventory(inventory, () => catalog.advisories.map((a) => a.id));
  metrics.includeProcessDefaults();
  const server = createHttpServer({ routes: [metricsRoute(metrics, TOKEN)], health: () => ({ status: 'ok' }), log: silentLogger });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    inventory,
    scrape: () => scrapeOnce(port),
    async stop() {
      await close(server);
      await inventory.stop();
      await store.close();
    },
  };
}

/**
 * One scrape on a connection of its own, as Prometheus makes them at its usual intervals (longer than
 * the listener keeps an idle connection open).
 */
function scrapeOnce(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/metrics', agent: false, headers: { authorization: `Bearer ${TOKEN}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`/metrics answered ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function median(name: string, run: () => Promise<unknown>, runs = SCRAPES): Promise<Figures> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(run));
  times.sort((a, b) => a - b);
  return { name, ms: times[Math.floor(times.length / 2)] ?? 0 };
}
