import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BotError } from '../../src/domain/errors.ts';
import { FileSource, inventoryFileFormat } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { INTERNET_EXPOSURE_TAG, type Device, type InventoryRead } from '../../src/domain/fleet/types.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/inventory');

let dir = '';
let written = 0;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-bot-inventory-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` to a fresh file with the given extension and returns its path. */
async function writeInventory(extension: string, content: string | Uint8Array): Promise<string> {
  written++;
  const file = path.join(dir, `fleet-${written}${extension}`);
  await writeFile(file, content);
  return file;
}

async function readInventory(extension: string, content: string | Uint8Array): Promise<InventoryRead> {
  return new FileSource(await writeInventory(extension, content)).read();
}

/** Asserts that reading fails as a whole with a BotError of `code` whose message matches every pattern. */
async function assertFails(read: Promise<unknown>, code: string, ...patterns: (string | RegExp)[]): Promise<void> {
  await assert.rejects(read, (error: unknown) => {
    assert.ok(error instanceof BotError, `expected a BotError, got ${String(error)}`);
    assert.equal(error.code, code);
    // Answers quote the error in chat rooms: the file is named, its folder on the server never.
    assert.ok(!error.message.includes(path.sep + 'screenos-bot'), `“${error.message}” shows a server path`);
    for (const p of patterns) {
      if (typeof p === 'string') assert.ok(error.message.includes(p), `“${error.message}” does not mention “${p}”`);
      else assert.match(error.message, p);
    }
    return true;
  });
}

function names(read: InventoryRead): string[] {
  return read.devices.map((d) => d.name);
}

function byName(read: InventoryRead, name: string): Device {
  const device = read.devices.find((d) => d.name === name);
  assert.ok(device !== undefined, `no device ${name}`);
  return device;
}

describe('FileSource', () => {
  it('describes itself by its path', () => {
    assert.equal(new FileSource('examples/fleet.csv').description, 'inventory file fleet.csv');
  });

  describe('CSV', () => {
    it('loads every field of a well-formed file, with each device referring to its line', async () => {
      const read = await readInventory(
        '.csv',
        [
          'name,site,owner,version,product,management_ip,tags',
          'ams-edge-fw1,Amsterdam,netops-ams@example.com,6.3.0r19,ScreenOS,203.0.113.10,exposure=internet;role=edge',
          'fra-srx-gw1,Frankfurt,@fra-netops,12.3X48-D10,Junos OS,2001:db8::1,',
          '',
        ].join('\n'),
      );
      assert.deepEqual(read.rejected, []);
      assert.deepEqual(read.devices, [
        {
          name: 'ams-edge-fw1',
          site: 'Amsterdam',
          owner: 'netops-ams@example.com',
          version: '6.3.0r19',
          product: 'ScreenOS',
          platform: null,
          managementIp: '203.0.113.10',
          tags: [INTERNET_EXPOSURE_TAG, 'role=edge'],
          ref: 'line 2',
        },
        {
          name: 'fra-srx-gw1',
          site: 'Frankfurt',
          owner: '@fra-netops',
          version: '12.3X48-D10',
          product: 'Junos OS',
          platform: null,
          managementIp: '2001:db8::1',
          tags: [],
          ref: 'line 3',
        },
      ]);
    });

    it('reads column names in any case, with their aliases, ignoring unknown columns', async () => {
      const read = await readInventory(
        '.csv',
        [
          'Hostname,Rack,LOCATION,Email,Software Version,OS,Model,Mgmt-IP,Comments,Tags',
          'fw1,R4,Amsterdam,a@example.com,6.3.0r20,screenos,SSG-140,192.0.2.1,spare PSU,edge',
        ].join('\r\n'),
      );
      assert.deepEqual(read.rejected, []);
      assert.deepEqual(read.devices[0], {
        name: 'fw1',
        site: 'Amsterdam',
        owner: 'a@example.com',
        version: '6.3.0r20',
        product: 'ScreenOS',
        platform: 'SSG-140',
        managementIp: '192.0.2.1',
        tags: ['edge'],
        ref: 'line 2',
      });
    });

    it('prefers the canonical column when a file has an alias too', async () => {
      const read = await readInventory('.csv', 'device,name,site,contact,owner,version,ip,mgmt_ip\nSSG-140,fw1,Lab,x,o@example.com,6.3.0r22,bad,192.0.2.9\n');
      assert.deepEqual(read.rejected, []);
      assert.equal(byName(read, 'fw1').owner, 'o@example.com');
      assert.equal(byName(read, 'fw1').managementIp, '192.0.2.9');
    });

    it('defaults the product to ScreenOS when the column is absent or the cell is empty', async () => {
      const read = await readInventory('.csv', 'name,site,owner,version,product\nfw1,Lab,o,6.3.0r22,\nfw2,Lab,o,6.3.0r21,"  "\n');
      assert.deepEqual(
        read.devices.map((d) => d.product),
        ['ScreenOS', 'ScreenOS'],
      );
      const without = await readInventory('.csv', 'name,site,owner,version\nfw1,Lab,o,6.3.0r22\n');
      assert.equal(without.devices[0]?.product, 'ScreenOS');
    });

    it('reports each bad row with its line and reason while the good rows load', async () => {
      const read = await new FileSource(path.join(FIXTURES, 'mixed.csv')).read();
      // A row with a name but no version to judge stays a device, to be checked by hand.
      assert.deepEqual(names(read), ['ams-edge-fw1', 'nyc-dc-fw1', 'ams-lab-spare', 'lab-fw1', 'fra-dc-fw1', 'sgp-edge-fw2', 'sgp-edge-fw1']);
      assert.equal(byName(read, 'ams-lab-spare').versionProblem, 'version “unknown” cannot be read: check it by hand');
      assert.equal(byName(read, 'sgp-edge-fw2').versionProblem, 'version “6.3.0” names a train, not a release: check it by hand');
      assert.deepEqual(read.rejected, [
        { ref: 'line 8 (AMS-EDGE-FW1)', reason: 'duplicate name “AMS-EDGE-FW1” (first at line 2)' },
        { ref: 'line 9', reason: 'name is missing' },
        { ref: 'line 10 (fra-dc-fw2)', reason: 'management IP “192.0.2.300” is not an IP address' },
        { ref: 'line 13', reason: 'has 5 fields, the header has 6' },
        { ref: 'line 16', reason: 'has 7 fields, the header has 6' },
        { ref: 'line 17 (lab-fw2)', reason: 'site is missing; owner is missing' },
      ]);
      // A BOM before the header, a comma inside quotes, doubled quotes and a quoted newline all read as written,
      // and the lines after the quoted newline keep their physical numbers.
      assert.equal(byName(read, 'ams-edge-fw1').ref, 'line 2');
      assert.equal(byName(read, 'nyc-dc-fw1').site, 'New York, NY');
      assert.equal(byName(read, 'lab-fw1').ref, 'line 6');
      assert.deepEqual(byName(read, 'lab-fw1').tags, ['role=lab', 'note=two\nlines']);
      assert.equal(byName(read, 'fra-dc-fw1').ref, 'line 12');
      assert.equal(byName(read, 'sgp-edge-fw1').owner, '@sgp "night" shift');
    });

    it('splits tags on semicolons and bars, trimming them and dropping empty ones', async () => {
      const read = await readInventory(
        '.csv',
        'name,site,owner,version,tags\nfw1,Lab,o,6.3.0r22, exposure=internet ; role=edge ;;\nfw2,Lab,o,6.3.0r22,a|b| c\nfw3,Lab,o,6.3.0r22,\n',
      );
      assert.deepEqual(
        read.devices.map((d) => d.tags),
        [[INTERNET_EXPOSURE_TAG, 'role=edge'], ['a', 'b', 'c'], []],
      );
    });

    it('skips a row of empty cells that a spreadsheet leaves behind', async () => {
      const read = await readInventory('.csv', 'name,site,owner,version\n,,,\nfw1,Lab,o,6.3.0r22\n , , ,\n');
      assert.deepEqual(read.rejected, []);
      assert.deepEqual(names(read), ['fw1']);
    });

    it('loads no devices from a file that has only a header', async () => {
      assert.deepEqual(await readInventory('.csv', 'name,site,owner,version\r\n'), { devices: [], rejected: [] });
    });

    it('fails the whole file when a required column is missing, naming every missing one', async () => {
      const file = await writeInventory('.csv', 'hostname,platform,ip\nfw1,ScreenOS,192.0.2.1\n');
      await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), 'has no column for site, owner, version', 'site or location');
    });

    it('hints at semicolons when a header was written by a spreadsheet in a semicolon locale', async () => {
      const file = await writeInventory('.csv', 'name;site;owner;version\nfw1;Lab;o;6.3.0r22\n');
      await assertFails(new FileSource(file).read(), 'inventory_malformed', 'name, site, owner, version', 'semicolons');
    });

    it('fails the whole file on an unterminated quote, naming the file and the line', async () => {
      const file = await writeInventory('.csv', 'name,site,owner,version\nfw1,Lab,o,6.3.0r22\nfw2,"Lab,o,6.3.0r22\nfw3,Lab,o,6.3.0r22\n');
      await assertFails(
        new FileSource(file).read(),
        'inventory_malformed',
        path.basename(file),
        'is not valid CSV',
        'line 3: a quoted field (field 2) is never closed',
      );
    });

    it('refuses a file that is not UTF-8 rather than garbling its names', async () => {
      const latin1 = Buffer.from('name,site,owner,version\nfw1,Z\xfcrich,o,6.3.0r22\n', 'latin1');
      const file = await writeInventory('.csv', latin1);
      await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), 'not UTF-8');
    });
  });

  describe('JSON', () => {
    it('loads an array of device objects, with camelCase keys and tags as a list', async () => {
      const read = await readInventory(
        '.json',
        JSON.stringify([
          { name: 'fw1', site: 'Lab', owner: 'o@example.com', version: '6.3.0r19b', managementIp: '192.0.2.1', tags: ['exposure=internet', 'role=edge'] },
          {
            hostname: 'fw2',
            location: 'Lab',
            contact: '@ops',
            software_version: '6.2.0r18',
            platform: 'ScreenOS',
            mgmt_ip: '198.51.100.2',
            tags: 'a;b',
            extra: { nested: true },
          },
        ]),
      );
      assert.deepEqual(read.rejected, []);
      assert.deepEqual(read.devices, [
        {
          name: 'fw1',
          site: 'Lab',
          owner: 'o@example.com',
          version: '6.3.0r19b',
          product: 'ScreenOS',
          platform: null,
          managementIp: '192.0.2.1',
          tags: [INTERNET_EXPOSURE_TAG, 'role=edge'],
          ref: 'entry 1',
        },
        {
          name: 'fw2',
          site: 'Lab',
          owner: '@ops',
          version: '6.2.0r18',
          product: 'ScreenOS',
          platform: null,
          managementIp: '198.51.100.2',
          tags: ['a', 'b'],
          ref: 'entry 2',
        },
      ]);
    });

    it('loads the list under a devices key', async () => {
      const read = await readInventory(
        '.json',
        JSON.stringify({ generated: '2016-01-04', devices: [{ name: 'fw1', site: 'Lab', owner: 'o', version: '6.3.0r21' }] }),
      );
      assert.deepEqual(names(read), ['fw1']);
      assert.equal(read.devices[0]?.ref, 'entry 1');
    });

    it('rejects entries that are not objects or lack a name, numbering entries from 1', async () => {
      const read = await readInventory(
        '.json',
        '\uFEFF' +
          JSON.stringify([
            'fw0',
            { name: null, site: 'Lab', owner: 'o', version: '6.3.0r21' },
            { name: '  ', site: 'Lab', owner: 'o', version: '6.3.0r21' },
            null,
            [1, 2],
            { name: 'fw5', site: 'Lab', owner: 'o', version: '6.3.0r21', managementIp: '10.0.0.256' },
            { name: 'fw6', site: 'Lab', owner: 'o', version: '6.3.0r21', tags: [1, 2] },
            { name: 'fw7', site: 'Lab', owner: 'o', version: '6.3.0r21' },
            { name: 'FW7', site: 'Lab', owner: 'o', version: '6.3.0r22' },
          ]),
      );
      assert.deepEqual(names(read), ['fw7']);
      assert.deepEqual(read.rejected, [
        { ref: 'entry 1', reason: 'is not an object with device fields (found the text “fw0”)' },
        { ref: 'entry 2', reason: 'name is missing' },
        { ref: 'entry 3', reason: 'name is missing' },
        { ref: 'entry 4', reason: 'is not an object with device fields (found null)' },
        { ref: 'entry 5', reason: 'is not an object with device fields (found a list)' },
        { ref: 'entry 6 (fw5)', reason: 'management IP “10.0.0.256” is not an IP address' },
        { ref: 'entry 7 (fw6)', reason: 'tags are neither text nor a list of text' },
        { ref: 'entry 9 (FW7)', reason: 'duplicate name “FW7” (first at entry 8)' },
      ]);
    });

    it('fails the whole file on malformed JSON, naming the file and the parser message', async () => {
      const file = await writeInventory('.json', '[{"name": "fw1",]');
      await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), /is not valid JSON: .+/);
    });

    it('fails the whole file when it holds neither a list nor a devices list', async () => {
      for (const content of ['{"hosts": []}', '{"devices": {"fw1": {}}}', '"fw1"', '42']) {
        const file = await writeInventory('.json', content);
        await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), 'must hold a list of devices');
      }
    });
  });

  describe('YAML', () => {
    it('loads a devices list with the same fields and aliases as the other formats', async () => {
      const read = await readInventory(
        '.yaml',
        [
          'devices:',
          '  - name: fw1',
          '    site: New York',
          '    owner: "@nyc"',
          '    version: 6.3.0r13-dnd1',
          '    management_ip: 203.0.113.5',
          '    tags: [exposure=internet]',
          '  - hostname: fw2',
          '    location: Lab',
          '    email: lab@example.com',
          '    screenos_version: "6.3.0r19b.0"',
          '    tags:',
          '      - role=lab',
          '  - not a device',
          '  - name: null',
          '    site: Lab',
          '    owner: o',
          '    version: 6.3.0r22',
        ].join('\n'),
      );
      assert.deepEqual(read.devices, [
        {
          name: 'fw1',
          site: 'New York',
          owner: '@nyc',
          version: '6.3.0r13-dnd1',
          product: 'ScreenOS',
          platform: null,
          managementIp: '203.0.113.5',
          tags: [INTERNET_EXPOSURE_TAG],
          ref: 'entry 1',
        },
        {
          name: 'fw2',
          site: 'Lab',
          owner: 'lab@example.com',
          version: '6.3.0r19b.0',
          product: 'ScreenOS',
          platform: null,
          managementIp: null,
          tags: ['role=lab'],
          ref: 'entry 2',
        },
      ]);
      assert.deepEqual(read.rejected, [
        { ref: 'entry 3', reason: 'is not an object with device fields (found the text “not a device”)' },
        { ref: 'entry 4', reason: 'name is missing' },
      ]);
    });

    it('reads a top-level list from a .yml file', async () => {
      const read = await readInventory('.yml', '- {name: fw1, site: Lab, owner: o, version: 6.2.0r19}\n');
      assert.deepEqual(names(read), ['fw1']);
    });

    it('fails the whole file on malformed YAML, naming the file and the parser message', async () => {
      const file = await writeInventory('.yaml', 'devices:\n  - name: fw1\n   site: [Lab\n');
      await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), /is not valid YAML: .+/);
    });
  });

  describe('the file as a whole', () => {
    it('throws inventory_unreadable naming the path when the file does not exist', async () => {
      const file = path.join(dir, 'no-such-fleet.csv');
      await assertFails(new FileSource(file).read(), 'inventory_unreadable', path.basename(file), 'no such file; check INVENTORY_FILE');
    });

    it('throws inventory_unreadable when the path is a directory', async () => {
      const csvDir = path.join(dir, 'a-directory.csv');
      await mkdir(csvDir);
      await assertFails(new FileSource(csvDir).read(), 'inventory_unreadable', path.basename(csvDir), 'it is a folder; check INVENTORY_FILE');
    });

    it('refuses an extension it does not know before reading anything', async () => {
      const file = path.join(dir, 'fleet.xlsx');
      await assertFails(new FileSource(file).read(), 'inventory_unsupported_format', path.basename(file), '.xlsx');
      assert.equal(inventoryFileFormat('FLEET.YML'), 'yaml');
      assert.equal(inventoryFileFormat('fleet.Csv'), 'csv');
      assert.equal(inventoryFileFormat('fleet'), null);
    });

    it('treats an empty file as a mistake, not as an empty fleet', async () => {
      for (const extension of ['.csv', '.json', '.yaml']) {
        const file = await writeInventory(extension, ' \n\n');
        await assertFails(new FileSource(file).read(), 'inventory_malformed', path.basename(file), 'is empty');
      }
    });

    it('stops with the abort reason, not an inventory error, when the read is cancelled', async () => {
      const file = await writeInventory('.csv', 'name,site,owner,version\n');
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        new FileSource(file).read(controller.signal),
        (error: unknown) => !(error instanceof BotError) && (error as Error).name === 'AbortError',
      );
    });

    it('reads the file again on every read, so edits show without a restart', async () => {
      const file = await writeInventory('.csv', 'name,site,owner,version\nfw1,Lab,o,6.3.0r19\n');
      const source = new FileSource(file);
      assert.deepEqual(names(await source.read()), ['fw1']);
      await writeFile(file, 'name,site,owner,version\nfw1,Lab,o,6.3.0r21\nfw2,Lab,o,6.3.0r22\n');
      const again = await source.read();
      assert.deepEqual(
        again.devices.map((d) => d.version),
        ['6.3.0r21', '6.3.0r22'],
      );
    });
  });

  describe('the shipped examples', () => {
    it('loads every row of examples/fleet.csv as a device, the spare whose version reads “unknown” to be checked by hand', async () => {
      const read = await new FileSource(path.join(PROJECT_ROOT, 'examples/fleet.csv')).read();
      assert.deepEqual(read.rejected, []);
      assert.equal(read.devices.length, 35);
      assert.equal(byName(read, 'ams-lab-spare').versionProblem, 'version “unknown” cannot be read: check it by hand');
      assert.deepEqual([...new Set(read.devices.map((d) => d.site))], ['Amsterdam', 'Frankfurt', 'New York', 'Singapore', 'Lab']);
      assert.ok(read.devices.filter((d) => d.tags.includes(INTERNET_EXPOSURE_TAG)).length >= 5);
      assert.equal(byName(read, 'lab-fw3').version, '6.3.0r14b');
      assert.equal(byName(read, 'ams-edge-fw1').platform, 'ISG-2000');
    });

    it('has Junos OS devices on their platforms in examples/fleet.csv, kept for the Junos bulletins, and one Junos OS Evolved router', async () => {
      const read = await new FileSource(path.join(PROJECT_ROOT, 'examples/fleet.csv')).read();
      const junos = read.devices.filter((d) => d.product === 'Junos OS');
      assert.deepEqual(
        junos.map((d) => [d.name, d.platform, d.version, d.versionProblem]),
        [
          ['ams-srx-gw1', 'SRX345', '21.4R3-S4', undefined],
          ['fra-srx-gw1', 'SRX650', '12.3X48-D10', undefined],
          ['fra-core-rt1', 'MX204', '23.4R2-S4', undefined],
          ['nyc-access-sw1', 'EX4300-48T', '22.3R2-S2', undefined],
        ],
      );
      assert.deepEqual(
        read.devices.filter((d) => d.product === 'Junos OS Evolved').map((d) => [d.name, d.platform, d.version]),
        [['sgp-core-rt1', 'PTX10001-36MR', '22.3R3-S1-EVO']],
      );
    });

    it('loads examples/fleet.yaml without rejections', async () => {
      const read = await new FileSource(path.join(PROJECT_ROOT, 'examples/fleet.yaml')).read();
      assert.deepEqual(read.rejected, []);
      assert.equal(read.devices.length, 6);
      assert.deepEqual([byName(read, 'ams-srx-gw1').product, byName(read, 'ams-srx-gw1').platform], ['Junos OS', 'SRX345']);
    });
  });
});
