/**
 * Look-alike and hidden characters in inventory rows: a name that only looks like another device's is
 * the same device, and a name that hides characters is rejected with its line while the other rows load.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeviceRowCollector } from '../../src/domain/fleet/device-rows.ts';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import type { InventoryRead } from '../../src/domain/fleet/types.ts';

const HEADER = 'name,site,owner,version,tags';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-bot-device-rows-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readCsv(...rows: string[]): Promise<InventoryRead> {
  const file = path.join(dir, `fleet-${rows.length}-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, [HEADER, ...rows].join('\n'));
  return new FileSource(file).read();
}

void describe('inventory rows with look-alike characters', () => {
  void it('stores a name typed in fullwidth letters as its plain spelling', async () => {
    const read = await readCsv('ｆｗ-ａｍｓ１,Amsterdam,netops@example.com,6.3.0r19,');
    assert.deepEqual(
      read.devices.map((d) => d.name),
      ['fw-ams1'],
    );
  });

  void it('reports a name written with a typographic hyphen (U+2010) as a duplicate of the plain one, with its line', async () => {
    const read = await readCsv('fw-ams1,Amsterdam,netops@example.com,6.3.0r19,', 'fw\u2010ams1,Amsterdam,netops@example.com,6.2.0r16,');
    assert.deepEqual(
      read.devices.map((d) => d.name),
      ['fw-ams1'],
    );
    assert.deepEqual(read.rejected, [{ ref: 'line 3 (fw-ams1)', reason: 'duplicate name “fw-ams1” (first at line 2)' }]);
  });

  void it('normalises the site, owner, version and tags the same way, so that look-alikes group together', async () => {
    const read = await readCsv('fw-ams1,Ａｍｓｔｅｒｄａｍ,netops\u2013ams@example.com,６.３.０r１９,role\u2212edge');
    const [device] = read.devices;
    assert.ok(device !== undefined, JSON.stringify(read.rejected));
    assert.deepEqual([device.site, device.owner, device.version, device.tags], ['Amsterdam', 'netops-ams@example.com', '6.3.0r19', ['role-edge']]);
  });
});

void describe('inventory rows with hidden characters', () => {
  void it('rejects a name holding a zero-width space, a NUL or a right-to-left override, naming the line and the character, and keeps the other rows', async () => {
    const read = await readCsv(
      'fw-ams1,Amsterdam,netops@example.com,6.3.0r19,',
      'fw\u200b-ams1,Amsterdam,netops@example.com,6.3.0r19,',
      'fw-ams2\u0000,Amsterdam,netops@example.com,6.3.0r19,',
      'fw1\u202elanretni,Amsterdam,netops@example.com,6.3.0r19,',
      'fw-ams3,Amsterdam,netops@example.com,6.2.0r16,',
    );
    assert.deepEqual(
      read.devices.map((d) => d.name),
      ['fw-ams1', 'fw-ams3'],
    );
    assert.deepEqual(read.rejected, [
      { ref: 'line 3', reason: 'name contains U+200B, an invisible character' },
      { ref: 'line 4', reason: 'name contains U+0000, a control character' },
      { ref: 'line 5', reason: 'name contains U+202E, a text direction control' },
    ]);
  });

  void it('rejects hidden characters in the other fields too, naming each field', async () => {
    const read = await readCsv('fw-ams1,Amster\u2066dam,net\u200dops@example.com,6.3.0r19,role=edge\u00ad');
    assert.deepEqual(read.devices, []);
    assert.deepEqual(read.rejected, [
      {
        ref: 'line 2 (fw-ams1)',
        reason: 'site contains U+2066, a text direction control; owner contains U+200D, an invisible character; tags contain U+00AD, an invisible character',
      },
    ]);
  });

  void it('still accepts a tag that spans lines, as a multi-line note', async () => {
    const read = await readCsv('fw-ams1,Amsterdam,netops@example.com,6.3.0r19,"note=two\nlines"');
    assert.deepEqual(
      read.devices.map((d) => d.tags),
      [['note=two\nlines']],
    );
  });

  void it('rejects them in rows from any source, here a NetBox device, named by its reference', () => {
    const collector = new DeviceRowCollector();
    collector.add({ name: 'fw-ams1\u2069', site: 'Amsterdam', owner: 'netops@example.com', version: '6.3.0r19' }, 'NetBox device 7');
    collector.add({ name: 'fw-ams2', site: 'Amsterdam', owner: 'netops@example.com', version: '6.3.0r19' }, 'NetBox device 8');
    assert.deepEqual(collector.result().rejected, [{ ref: 'NetBox device 7', reason: 'name contains U+2069, a text direction control' }]);
    assert.deepEqual(
      collector.result().devices.map((d) => d.name),
      ['fw-ams2'],
    );
  });
});
