import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import type { Author, IncomingMessage } from '../../src/chat/message.ts';
import { DEVICE_STATUSES, viewForBulletin, type DeviceStatus } from '../../src/domain/fleet/fleet-audit.ts';
import { close, createHttpServer, listen } from '../../src/infrastructure/http/http-server.ts';
import { metricsRoute } from '../../src/infrastructure/http/metrics-route.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { BotMetrics } from '../../src/features/metrics/bot-metrics.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { catalog, device, ScriptedSource } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { parseExposition, samplesOf, valueOf, type Exposition } from '../helpers/prometheus-text.ts';
import { tempDataDir } from '../helpers/run-process.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const CONSOLE: Author = { platform: 'console', id: 'console', name: 'operator' };

function say(text: string): IncomingMessage {
  return { conversation: { platform: 'console', id: 'console' }, author: CONSOLE, text, addressedToBot: true };
}

interface Running {
  readonly bot: RunningBot;
  readonly dataDir: string;
  readonly clock: ManualClock;
}

/** The bot on loopback (unauthenticated Teams is the platform needing no fake), with a clock the test moves. */
async function startBot(environment: Record<string, string>): Promise<Running> {
  const dataDir = tempDataDir();
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const config = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', DATA_DIR: dataDir, BOT_ADMINS: 'console', ...environment });
  const bot = await startServer(config, { log: silentLogger, runScheduler: false, clock });
  return { bot, dataDir, clock };
}

async function stopBot(running: Running): Promise<void> {
  await running.bot.stop();
  await rm(running.dataDir, { recursive: true, force: true });
}

async function scrape(port: number, token: string | null = METRICS_TOKEN): Promise<Exposition> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4(;|$)/);
  return parseExposition(await response.text());
}

function tally(statuses: readonly DeviceStatus[]): Record<DeviceStatus, number> {
  const counts = Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])) as Record<DeviceStatus, number>;
  for (const s of statuses) counts[s]++;
  return counts;
}

function gauge(exposition: Exposition, name: string, labels: Record<string, string>): Record<DeviceStatus, number> {
  return Object.fromEntries(DEVICE_STATUSES.map((status) => [status, valueOf(exposition, name, { ...labels, status })])) as Record<DeviceStatus, number>;
}

void describe('/metrics with METRICS_TOKEN, on the example fleet', () => {
  let running: Running;
  let port: number;
  before(async () => {
    running = await startBot({ METRICS_TOKEN, INVENTORY_FILE: EXAMPLE_FLEET });
    port = running.bot.port;
  });
  after(async () => stopBot(running));

  void it('serves the text exposition a scraper parses, the process defaults included', async () => {
    const exposition = await scrape(port);
    assert.equal(exposition.types.get('screenos_bot_devices'), 'gauge');
    assert.equal(exposition.types.get('screenos_bot_command_duration_seconds'), 'histogram');
    assert.equal(exposition.types.get('screenos_bot_deliveries_total'), 'counter');
    assert.ok(samplesOf(exposition, 'process_cpu_user_seconds_total').length === 1, 'process CPU time');
    assert.ok(samplesOf(exposition, 'nodejs_eventloop_lag_seconds').length === 1, 'event loop lag');
  });

  void it('counts the 35 devices of the example fleet (30 ScreenOS, 5 Junos) by status, as devices and devices advisory=JSA10713 count them', async () => {
    const exposition = await scrape(port);
    const views = await running.bot.runtime.inventory?.view();
    assert.ok(views !== undefined);
    const fleet = gauge(exposition, 'screenos_bot_fleet_devices', {});
    assert.deepEqual(fleet, tally(views.map((v) => v.status)));
    assert.equal(
      Object.values(fleet).reduce((a, b) => a + b, 0),
      35,
    );
    const devices = await running.bot.runtime.bot.handle(say('devices'));
    assert.equal(devices.cards[0]?.title, `Devices: ${fleet.unpatched} unpatched of 35`);
    for (const id of ['JSA10713', 'JSA10733', 'JSA10894']) {
      assert.deepEqual(gauge(exposition, 'screenos_bot_devices', { advisory: id }), tally(views.map((v) => viewForBulletin(v, id).status)), id);
    }
    const amsterdam = views.filter((v) => v.finding.device.site === 'Amsterdam').map((v) => viewForBulletin(v, 'JSA10713').status);
    assert.deepEqual(gauge(exposition, 'screenos_bot_site_devices', { advisory: 'JSA10713', site: 'Amsterdam' }), tally(amsterdam));
    assert.equal(samplesOf(exposition, 'screenos_bot_site_devices', { site: '(other sites)' }).length, 0, 'five sites all fit');
  });

  void it('moves a device from unpatched to acknowledged at the next scrape after an ack', async () => {
    const before = await scrape(port);
    const reply = await running.bot.runtime.bot.handle(say('ack ams-edge-fw1 upgrade booked for Friday'));
    assert.equal(reply.cards[0]?.tone, 'good');
    const after = await scrape(port);
    for (const [name, labels] of [
      ['screenos_bot_fleet_devices', {}],
      ['screenos_bot_devices', { advisory: 'JSA10713' }],
      ['screenos_bot_site_devices', { advisory: 'JSA10713', site: 'Amsterdam' }],
    ] as const) {
      assert.equal(valueOf(after, name, { ...labels, status: 'unpatched' }), valueOf(before, name, { ...labels, status: 'unpatched' }) - 1, name);
      assert.equal(valueOf(after, name, { ...labels, status: 'acknowledged' }), valueOf(before, name, { ...labels, status: 'acknowledged' }) + 1, name);
    }
    await running.bot.runtime.bot.handle(say('unack ams-edge-fw1'));
  });

  void it('times commands under their registered name, never under the text people typed', async () => {
    const before = valueOf(await scrape(port), 'screenos_bot_command_duration_seconds_count', { command: 'check' });
    await running.bot.runtime.bot.handle(say('is 6.3.0r19 on fw-secret-lab affected?'));
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    assert.equal(valueOf(parseExposition(text), 'screenos_bot_command_duration_seconds_count', { command: 'check' }), before + 1);
    assert.ok(!text.includes('fw-secret-lab'));
    const commands = new Set(samplesOf(parseExposition(text), 'screenos_bot_command_duration_seconds_count').map((s) => s.labels.command));
    assert.deepEqual([...commands].sort(), running.bot.runtime.bot.commandNames().sort());
  });

  void it('answers 401 without the token or with another one, and shows no figure', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` },
      { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
    ]) {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.ok(!(await response.text()).includes('screenos_bot'));
    }
  });

  void it('answers 405 with an Allow header to a POST', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });
});

void describe('/metrics without METRICS_TOKEN', () => {
  let running: Running;
  let folder: string;
  let inventoryFile: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'screenos-metrics-'));
    inventoryFile = path.join(folder, 'fleet.csv');
    await writeFile(inventoryFile, 'name,site,owner,version\nfw-1,"Lab ""B"" \\ north",lab@example.com,6.3.0r19\nfw-2,Lab B,lab@example.com,6.3.0r26\n');
    running = await startBot({ INVENTORY_FILE: inventoryFile });
  });
  after(async () => {
    await stopBot(running);
    await rm(folder, { recursive: true, force: true });
  });

  void it('is open to anyone who reaches the port', async () => {
    await scrape(running.bot.port, null);
  });

  void it('keeps a site named with quotes and a backslash intact in its label', async () => {
    const exposition = await scrape(running.bot.port, null);
    const sites = new Set(samplesOf(exposition, 'screenos_bot_site_devices').map((s) => s.labels.site));
    assert.deepEqual([...sites].sort(), ['Lab "B" \\ north', 'Lab B']);
    assert.equal(valueOf(exposition, 'screenos_bot_site_devices', { advisory: 'JSA10713', site: 'Lab "B" \\ north', status: 'unpatched' }), 1);
  });

  void it('counts the age of the last good sync, and a failed sync as a failure without resetting that age', async () => {
    const runtime = running.bot.runtime;
    assert.equal(valueOf(await scrape(running.bot.port, null), 'screenos_bot_inventory_sync_age_seconds'), 0);
    await running.clock.advance(90_000);
    await unlink(inventoryFile);
    assert.equal(await runtime.inventory?.sync(), false);
    await running.clock.advance(30_000);
    const exposition = await scrape(running.bot.port, null);
    assert.equal(valueOf(exposition, 'screenos_bot_inventory_sync_age_seconds'), 120);
    assert.equal(valueOf(exposition, 'screenos_bot_inventory_sync_failures_total', { reason: 'error' }), 1);
    assert.equal(valueOf(exposition, 'screenos_bot_inventory_sync_failures_total', { reason: 'held' }), 0);
    assert.equal(valueOf(exposition, 'screenos_bot_fleet_devices', { status: 'unpatched' }), 1, 'the last good snapshot still counts');
    await copyFile(EXAMPLE_FLEET, inventoryFile);
  });
});

void describe('/metrics before the inventory was ever read', () => {
  void it('has no device samples (zero would read as an all-clear) and an infinite sync age', async () => {
    const running = await startBot({ INVENTORY_FILE: path.join(os.tmpdir(), 'screenos-metrics-missing', 'fleet.csv') });
    try {
      const exposition = await scrape(running.bot.port, null);
      for (const name of ['screenos_bot_fleet_devices', 'screenos_bot_devices', 'screenos_bot_site_devices'])
        assert.deepEqual(samplesOf(exposition, name), [], name);
      assert.equal(valueOf(exposition, 'screenos_bot_inventory_sync_age_seconds'), Infinity);
      assert.equal(valueOf(exposition, 'screenos_bot_inventory_sync_failures_total', { reason: 'error' }), 1);
    } finally {
      await stopBot(running);
    }
  });
});

void describe('/metrics and a source that hands over a line break in a site name', () => {
  void it('escapes it, so the exposition still parses and the label reads back exactly', async () => {
    // The file and NetBox sources reject control characters; a source that did not must still not break the exposition.
    const site = 'Rack 1\nRow "2" \\ east';
    const store = SqliteStore.open(':memory:');
    const inventory = new Inventory({
      source: new ScriptedSource([device('fw-1', '6.3.0r19', { site }), device('fw-2', '6.3.0r19')]),
      store,
      catalog,
      clock: new ManualClock('2026-11-26T09:00:00Z'),
      log: silentLogger,
    });
    await inventory.start();
    const metrics = new BotMetrics(() => new Date('2026-11-26T09:00:00Z'), silentLogger);
    metrics.watchInventory(inventory, () => catalog.advisories.map((a) => a.id));
    const server = createHttpServer({ routes: [metricsRoute(metrics, null)], health: () => ({ status: 'ok' }), log: silentLogger });
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const exposition = await scrape(port, null);
      assert.equal(valueOf(exposition, 'screenos_bot_site_devices', { advisory: 'JSA10713', site, status: 'unpatched' }), 1);
      assert.equal(valueOf(exposition, 'screenos_bot_site_devices', { advisory: 'JSA10713', site: 'Amsterdam', status: 'unpatched' }), 1);
    } finally {
      await close(server);
      await inventory.stop();
      await store.close();
    }
  });
});
