import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { BotError } from '../../src/domain/errors.ts';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { NetBoxSource, type NetBoxOptions } from '../../src/infrastructure/inventory-sources/netbox-source.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { FAKE_V1_TOKEN, FakeNetBox, type FakeDevice } from '../fakes/fake-netbox.ts';

const KIB = 1024;
const HEADER = 'name,site,owner,version\n';

let dir = '';

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-inventory-limits-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rows(count: number): string {
  return Array.from({ length: count }, (_, i) => `fw-${i},Amsterdam,netops@example.com,6.3.0r19\n`).join('');
}

function netBoxDevice(id: number): FakeDevice {
  return { id, name: `fw-${id}`, site: 'Amsterdam DC1', tenant: 'Network Security', customFields: { software_version: '6.3.0r19' } };
}

function netBoxSource(fake: FakeNetBox, overrides: Partial<NetBoxOptions> = {}): NetBoxSource {
  return new NetBoxSource({
    url: fake.url,
    token: FAKE_V1_TOKEN,
    filters: {},
    versionField: 'software_version',
    owner: { from: 'tenant' },
    pageSize: 5,
    timeoutMs: 5000,
    retries: 0,
    log: silentLogger,
    ...overrides,
  });
}

async function withFake(devices: readonly FakeDevice[], run: (fake: FakeNetBox) => Promise<void>): Promise<void> {
  const fake = await new FakeNetBox({ devices, v1Token: FAKE_V1_TOKEN }).start();
  try {
    await run(fake);
  } finally {
    await fake.stop();
  }
}

function tooLarge(message: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof BotError, `expected a BotError, got ${String(error)}`);
    assert.equal(error.code, 'inventory_too_large');
    assert.match(error.message, message);
    return true;
  };
}

void describe('an inventory file is refused past its limits, with the setting named', () => {
  void it('refuses a file larger than INVENTORY_MAX_BYTES without parsing it', async () => {
    const file = path.join(dir, 'big.csv');
    await writeFile(file, HEADER + rows(200));
    const source = new FileSource(file, { maxBytes: 4 * KIB, maxDevices: 1000 });
    await assert.rejects(source.read(), tooLarge(/big\.csv is [\d.]+ KB, more than INVENTORY_MAX_BYTES \(4 KB\)/));
  });

  void it('reads at most the limit and one byte more of a file linked to /dev/zero, which has no size to check', async () => {
    const file = path.join(dir, 'zero.csv');
    await symlink('/dev/zero', file);
    const source = new FileSource(file, { maxBytes: 64 * KIB, maxDevices: 1000 });
    await assert.rejects(source.read(), tooLarge(/zero\.csv holds more than INVENTORY_MAX_BYTES \(64 KB\); reading stopped there/));
  });

  void it('refuses a file with more devices than INVENTORY_MAX_DEVICES', async () => {
    const file = path.join(dir, 'many.csv');
    await writeFile(file, HEADER + rows(11));
    await assert.rejects(
      new FileSource(file, { maxBytes: 64 * KIB, maxDevices: 10 }).read(),
      tooLarge(/many\.csv has 11 devices, more than INVENTORY_MAX_DEVICES \(10\)/),
    );
    assert.equal((await new FileSource(file, { maxBytes: 64 * KIB, maxDevices: 11 }).read()).devices.length, 11);
  });

  void it('still reads a named pipe that a writer fills', async () => {
    const fifo = path.join(dir, 'piped.csv');
    execFileSync('mkfifo', [fifo]);
    const reading = new FileSource(fifo, { maxBytes: 64 * KIB, maxDevices: 1000 }).read();
    await writeFile(fifo, HEADER + rows(3));
    assert.deepEqual(
      (await reading).devices.map((d) => d.name),
      ['fw-0', 'fw-1', 'fw-2'],
    );
  });
});

void describe('a NetBox read is refused past its limits, with the setting named', () => {
  void it('stops following a next chain without end after the pages INVENTORY_MAX_DEVICES needs, plus one', async () => {
    await withFake([netBoxDevice(1), netBoxDevice(2), netBoxDevice(3), netBoxDevice(4), netBoxDevice(5)], async (fake) => {
      fake.neverEnd();
      const source = netBoxSource(fake, { limits: { maxBytes: 64 * KIB, maxDevices: 20 } });
      await assert.rejects(
        source.read(),
        tooLarge(/NetBox listed more than 5 pages of devices, more than INVENTORY_MAX_DEVICES \(20\) allows; narrow NETBOX_FILTER/),
      );
      assert.equal(fake.requestsTo('/api/dcim/devices/').length, 5);
    });
  });

  void it('refuses a fleet of more devices than INVENTORY_MAX_DEVICES', async () => {
    const devices = Array.from({ length: 12 }, (_, i) => netBoxDevice(i + 1));
    await withFake(devices, async (fake) => {
      await assert.rejects(
        netBoxSource(fake, { limits: { maxBytes: 64 * KIB, maxDevices: 10 } }).read(),
        tooLarge(/NetBox listed more than 10 devices, more than INVENTORY_MAX_DEVICES \(10\)/),
      );
      assert.equal((await netBoxSource(fake, { limits: { maxBytes: 64 * KIB, maxDevices: 12 } }).read()).devices.length, 12);
    });
  });

  void it('stops reading a page body past INVENTORY_MAX_BYTES and hangs up, without retrying', async () => {
    await withFake([netBoxDevice(1)], async (fake) => {
      fake.inject({ kind: 'huge', bytes: 64 * 1024 * KIB });
      const source = netBoxSource(fake, { retries: 3, limits: { maxBytes: 256 * KIB, maxDevices: 100 } });
      await assert.rejects(source.read(), tooLarge(/NetBox sent a page of more than 256 KB, the INVENTORY_MAX_BYTES limit/));
      assert.equal(fake.requests.length, 1, 'a page too large is not asked for again');
      assert.ok(fake.hugeBytesSent < 16 * 1024 * KIB, `the fake wrote ${fake.hugeBytesSent} bytes of a 64 MB body`);
    });
  });
});

void describe('the inventory limit settings', () => {
  void it('default to 64 MiB, 100,000 devices and a 50 % loss', () => {
    const config = loadConfig({});
    assert.deepEqual(config.inventoryLimits, { maxBytes: 64 * 1024 * KIB, maxDevices: 100_000 });
    assert.equal(config.inventoryMaxLossPercent, 50);
  });

  void it('take whole numbers and name each bad one', () => {
    const config = loadConfig({ INVENTORY_MAX_BYTES: '1048576', INVENTORY_MAX_DEVICES: '500', INVENTORY_MAX_LOSS_PERCENT: '20' });
    assert.deepEqual(config.inventoryLimits, { maxBytes: 1_048_576, maxDevices: 500 });
    assert.equal(config.inventoryMaxLossPercent, 20);
    assert.throws(
      () => loadConfig({ INVENTORY_MAX_BYTES: '64M', INVENTORY_MAX_DEVICES: '0', INVENTORY_MAX_LOSS_PERCENT: '150' }),
      (error: Error) =>
        /INVENTORY_MAX_LOSS_PERCENT: “150”/.test(error.message) &&
        /INVENTORY_MAX_BYTES: “64M”/.test(error.message) &&
        /INVENTORY_MAX_DEVICES: “0”/.test(error.message),
    );
  });
});
