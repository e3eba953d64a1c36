import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { consoleMessage, createConsoleDelivery } from '../../adapters/console/console-adapter.ts';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { createRuntime } from '../../app/runtime.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { tempDataDir } from '../helpers/run-process.ts';

describe('reminders in the console chat', () => {
  it('prints the reminder in the terminal at its slot', async () => {
    const dataDir = tempDataDir();
    const clock = new ManualClock('2026-11-26T08:00:00Z');
    const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir }), silentLogger, clock);
    try {
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      runtime.deliveries.console = createConsoleDelivery(output, false);
      await runtime.bot.handle(consoleMessage('remind add "30 9 * * *" tz=Asia/Singapore site=Singapore'));
      await clock.moveTo('2026-11-27T01:30:00Z');
      await runtime.scheduler.tick();
      assert.match(printed, /Reminder: \d+ devices? still unpatched \(site Singapore\)/);
      assert.match(printed, /sgp-edge-fw1/);
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
