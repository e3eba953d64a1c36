/**
 * Products and platforms in inventory files: Junos OS and Junos OS Evolved rows are kept for the Junos
 * bulletins whatever spelling the file uses, a version of another product than the row states is
 * flagged with the reason, and the hardware model is read from a `platform` column or its aliases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { readProductName } from '../../src/domain/version/product-names.ts';
import type { Device, InventoryRead } from '../../src/domain/fleet/types.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-bot-products-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function read(extension: string, text: string): Promise<InventoryRead> {
  const file = path.join(dir, `fleet-${++files}${extension}`);
  await writeFile(file, text);
  return new FileSource(file).read();
}

function byName(inventory: InventoryRead, name: string): Device {
  const device = inventory.devices.find((d) => d.name === name);
  assert.ok(device !== undefined, `${name} was not loaded: ${JSON.stringify(inventory.rejected)}`);
  return device;
}

void describe('product names', () => {
  void it('reads every spelling of the three products, and nothing else', () => {
    const cases: [string, string | null][] = [
      ['ScreenOS', 'screenos'],
      ['screen os', 'screenos'],
      ['Junos', 'junos'],
      ['JUNOS', 'junos'],
      ['Junos OS', 'junos'],
      ['junos_os', 'junos'],
      ['Juniper Junos OS', 'junos'],
      ['Junos OS Evolved', 'junos-evo'],
      ['Junos Evolved', 'junos-evo'],
      ['junos-evo', 'junos-evo'],
      ['EVO', 'junos-evo'],
      ['Junos 21.4', null],
      ['PAN-OS', null],
      ['SRX345', null],
      ['', null],
    ];
    assert.deepEqual(
      cases.map(([text]) => [text, readProductName(text)]),
      cases,
    );
  });
});

void describe('products in inventory rows', () => {
  void it('keeps Junos OS and Junos OS Evolved rows, written as Juniper writes the product', async () => {
    const inventory = await read(
      '.csv',
      [
        'name,site,owner,version,product',
        'fw1,Lab,o,21.4R3-S4,JUNOS',
        'fw2,Lab,o,22.3R2-S2,junos os',
        'fw3,Lab,o,23.4R2-S4,Junos',
        'fw4,Lab,o,22.3R3-S1-EVO,Junos Evolved',
        'fw5,Lab,o,22.3R3-S1-EVO,evo',
        'fw6,Lab,o,6.3.0r19,screenos',
      ].join('\n'),
    );
    assert.deepEqual(inventory.rejected, []);
    assert.deepEqual(
      inventory.devices.map((d) => d.product),
      ['Junos OS', 'Junos OS', 'Junos OS', 'Junos OS Evolved', 'Junos OS Evolved', 'ScreenOS'],
    );
    assert.deepEqual(
      inventory.devices.slice(0, 3).map((d) => d.versionProblem),
      [undefined, undefined, undefined],
    );
  });

  void it('takes the product from the version when the row states none', async () => {
    const inventory = await read('.csv', 'name,site,owner,version\nsrx1,Lab,o,21.4R3-S4\nssg1,Lab,o,6.3.0r19\n');
    assert.deepEqual([byName(inventory, 'srx1').product, byName(inventory, 'ssg1').product], ['Junos OS', 'ScreenOS']);
    assert.deepEqual(
      inventory.devices.map((d) => d.versionProblem),
      [undefined, undefined],
    );
  });

  void it('flags a Junos release on a ScreenOS row and a ScreenOS release on a Junos row, keeping both devices', async () => {
    const inventory = await read('.csv', 'name,site,owner,version,product\nfw1,Lab,o,21.4R3-S4,ScreenOS\nfw2,Lab,o,6.3.0r19,Junos OS\n');
    assert.equal(byName(inventory, 'fw1').versionProblem, 'version “21.4R3-S4” is a Junos OS version but the product is ScreenOS: check it by hand');
    assert.equal(byName(inventory, 'fw2').versionProblem, 'version “6.3.0r19” is a ScreenOS version but the product is Junos OS: check it by hand');
  });

  void it('flags a product it does not know, kept as written, and a Junos version it cannot read', async () => {
    const inventory = await read('.csv', 'name,site,owner,version,product\npa1,Lab,o,10.2.4,PAN-OS\nfw2,Lab,o,unknown,Junos OS\nfw3,Lab,o,21.4,Junos OS\n');
    assert.equal(byName(inventory, 'pa1').product, 'PAN-OS');
    assert.match(byName(inventory, 'pa1').versionProblem ?? '', /^product “PAN-OS” is not ScreenOS, Junos OS or Junos OS Evolved/);
    assert.equal(byName(inventory, 'fw2').versionProblem, 'version “unknown” cannot be read as a Junos OS version: check it by hand');
    assert.equal(byName(inventory, 'fw3').versionProblem, 'version “21.4” names a train, not a release: check it by hand');
  });
});

void describe('platforms in inventory rows', () => {
  void it('reads the hardware model from a platform column, or from model, device type or hardware model', async () => {
    for (const column of ['platform', 'Model', 'device_type', 'Device Type', 'hardware_model']) {
      const inventory = await read('.csv', `name,site,owner,version,${column}\nsrx1,Lab,o,21.4R3-S4,SRX345\n`);
      assert.equal(byName(inventory, 'srx1').platform, 'SRX345', column);
    }
    const yaml = await read('.yaml', 'devices:\n  - {name: ex1, site: Lab, owner: o, version: "22.3R2-S2", product: Junos OS, model: EX4300-48T}\n');
    assert.equal(byName(yaml, 'ex1').platform, 'EX4300-48T');
    const json = await read('.json', JSON.stringify([{ name: 'mx1', site: 'Lab', owner: 'o', version: '23.4R2-S4', deviceType: 'MX204' }]));
    assert.equal(byName(json, 'mx1').platform, 'MX204');
  });

  void it('leaves the platform not given when the row has none', async () => {
    const inventory = await read('.csv', 'name,site,owner,version,platform\nssg1,Lab,o,6.3.0r19,\n');
    assert.equal(byName(inventory, 'ssg1').platform, null);
  });

  void it('reads a platform that names the software as the product, as files written for the product column did', async () => {
    const inventory = await read('.csv', 'name,site,owner,version,platform\nsrx1,Lab,o,12.3X48-D10,Junos OS\nssg1,Lab,o,6.3.0r19,ScreenOS\n');
    assert.deepEqual(
      inventory.devices.map((d) => [d.product, d.platform]),
      [
        ['Junos OS', null],
        ['ScreenOS', null],
      ],
    );
  });

  void it('normalises the platform like other text, and rejects one that hides characters, with its line', async () => {
    const inventory = await read(
      '.csv',
      'name,site,owner,version,platform\nsrx1,Lab,o,21.4R3-S4,ＳＲＸ３４５\nsrx2,Lab,o,21.4R3-S4,SRX\u200b345\nsrx3,Lab,o,21.4R3-S4,SRX\u0007345\n',
    );
    assert.equal(byName(inventory, 'srx1').platform, 'SRX345');
    assert.deepEqual(inventory.rejected, [
      { ref: 'line 3 (srx2)', reason: 'platform contains U+200B, an invisible character' },
      { ref: 'line 4 (srx3)', reason: 'platform contains U+0007, a control character' },
    ]);
  });

  void it('rejects a platform longer than any model name', async () => {
    const inventory = await read('.csv', `name,site,owner,version,platform\nsrx1,Lab,o,21.4R3-S4,${'X'.repeat(300)}\n`);
    assert.deepEqual(inventory.rejected, [{ ref: 'line 2 (srx1)', reason: 'platform is longer than 255 characters' }]);
  });
});
