import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { NetBoxSource } from '../../src/infrastructure/inventory-sources/netbox-source.ts';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { FAKE_V1_TOKEN, FakeNetBox, type FakeDevice } from '../fakes/fake-netbox.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';
import { LogLines } from '../helpers/log-lines.ts';
import { messageFrom } from '../helpers/messages.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

/** A guard against a hang, so that a regression fails instead of stalling the run; nothing here is timed. */
const HANG_GUARD = { timeout: 30_000 };

function netBoxDevice(id: number): FakeDevice {
  return { id, name: `fw-${id}`, site: 'Amsterdam DC1', tenant: 'Network Security', customFields: { software_version: '6.3.0r19' } };
}

/** The inventory's detail in /healthz is behind METRICS_TOKEN. */
const METRICS_TOKEN = 'first-sync-metrics-token-012345';

void describe('the first inventory sync does not hold the bot up', () => {
  void it('listens at once and answers from the stored snapshot while NetBox does not answer, and stops without waiting for it', HANG_GUARD, async () => {
    const fake = await new FakeNetBox({ devices: [netBoxDevice(1), netBoxDevice(2), netBoxDevice(3)], v1Token: FAKE_V1_TOKEN }).start();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'screenos-first-sync-'));
    try {
      const config = loadConfig({
        TEAMS_ALLOW_UNAUTHENTICATED: 'true',
        PORT: '0',
        DATA_DIR: dataDir,
        NETBOX_URL: fake.url,
        NETBOX_TOKEN: FAKE_V1_TOKEN,
        METRICS_TOKEN,
      });
      const first = await startServer(config, { log: silentLogger, runScheduler: false });
      await first.stop();

      fake.inject({ kind: 'hang' }, 10);
      const running = await startServer(config, { log: silentLogger, runScheduler: false, waitForFirstSync: false });
      const health = (await (await fetch(`http://127.0.0.1:${running.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).json()) as {
        inventory: { devices: number; lastError: string | null; held: unknown };
      };
      assert.deepEqual(
        { ...health.inventory, lastSuccessAt: undefined, lastAttemptAt: undefined },
        { source: `NetBox ${fake.url}`, devices: 3, lastSuccessAt: undefined, lastAttemptAt: undefined, lastError: null, held: null },
      );
      const devices = renderReplyText(await running.runtime.bot.handle(messageFrom('devices')), { color: false });
      assert.match(devices, /fw-1/);
      await fake.whenRequested(2);
      await running.stop();
    } finally {
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  void it('abandons a read of a named pipe nobody writes to when the inventory stops, recording no failure', HANG_GUARD, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-fifo-'));
    const fifo = path.join(dir, 'fleet.csv');
    execFileSync('mkfifo', [fifo]);
    const store = SqliteStore.open(':memory:');
    try {
      const inventory = new Inventory({ source: new FileSource(fifo), store, catalog, clock: new ManualClock('2026-11-26T09:00:00Z'), log: silentLogger });
      await inventory.start({ waitForFirstSync: false });
      await inventory.stop();
      await inventory.firstSync();
      assert.equal(inventory.syncStatus(), null);
      assert.equal(await inventory.sync(), false, 'a stopped inventory reads no more');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('cuts a NetBox backoff short when the read is aborted', HANG_GUARD, async () => {
    const fake = await new FakeNetBox({ devices: [netBoxDevice(1)], v1Token: FAKE_V1_TOKEN }).start();
    try {
      fake.inject({ kind: 'status', status: 429, retryAfter: '50' });
      const logLines = new LogLines();
      const log = createLogger({ level: 'warn', write: logLines.write });
      const source = new NetBoxSource({
        url: fake.url,
        token: FAKE_V1_TOKEN,
        filters: {},
        versionField: 'software_version',
        owner: { from: 'tenant' },
        pageSize: 10,
        timeoutMs: 5000,
        retries: 3,
        log,
      });
      const controller = new AbortController();
      const reading = source.read(controller.signal);
      // The source logs the retry just before it waits the 50 s NetBox asked for.
      await logLines.waitFor((line) => line.message === 'NetBox request failed; retrying');
      controller.abort(new Error('stopping'));
      await assert.rejects(reading, /stopping/);
      assert.equal(fake.requests.length, 1, 'no retry after the abort');
    } finally {
      await fake.stop();
    }
  });
});
