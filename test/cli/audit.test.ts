import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { STORE_FILE_NAME } from '../../src/infrastructure/store/open-store.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { FAKE_V1_TOKEN, FakeNetBox } from '../fakes/fake-netbox.ts';
import { readRfc4180 } from '../helpers/rfc4180.ts';
import { runProcess, tempDataDir, type Finished } from '../helpers/run-process.ts';

const EXIT_USAGE = 64;
const EXIT_SOFTWARE = 70;

/** `app/cli.ts audit …` as its own process, without npm in between (one test goes through npm). */
const audit = (args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Finished> =>
  runProcess(process.execPath, ['--import', 'tsx', 'app/cli.ts', 'audit', ...args], { env });

interface AuditDevice {
  name: string;
  site: string;
  owner: string;
  product: string;
  version: string;
  status: string;
  cves: string[];
  upgradeTo: string | null;
  advisoryFix?: string | null;
  state: { kind: string; until: string | null; reason: string | null; by: string } | null;
  note: string | null;
}

interface AuditDocument {
  inventory: string;
  advisory: string | null;
  stateStore: string | null;
  counts: Record<string, number>;
  devices: AuditDevice[];
  rejected: { ref: string; reason: string }[];
}

void describe('npm run cli -- audit', { concurrency: true }, () => {
  let folder: string;
  const inventory = async (name: string, text: string): Promise<string> => {
    const file = path.join(folder, name);
    await writeFile(file, text);
    return file;
  };
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'screenos-audit-'));
  });
  after(async () => rm(folder, { recursive: true, force: true }));

  void it('audits every device of the example fleet as one JSON document and exits 1, since some are unpatched', async () => {
    const { code, stdout, stderr } = await runProcess('npm', ['run', 'cli', '--', 'audit', '--inventory', 'examples/fleet.csv', '--json']);
    assert.equal(stderr, '');
    const document = JSON.parse(stdout) as AuditDocument;
    assert.equal(document.inventory, 'inventory file fleet.csv');
    assert.equal(document.devices.length, 35);
    assert.deepEqual(document.counts, { unpatched: 32, acknowledged: 0, snoozed: 0, accepted: 0, unknown: 1, not_affected: 2 });
    // The Junos devices, judged by the Junos bulletins: the SRX on 21.4R3-S4 and the EX4300 on 22.3R2-S2 are
    // affected by the J-Web bulletins, the MX204 on 23.4R2-S4 is fixed for JSA93446 and past JSA11021's fixes
    // (20.2 and later), and the Evolved PTX on 22.3R3-S1-EVO is fixed for JSA73150, the one Evolved bulletin.
    const junos = document.devices.filter((d) => d.product !== 'ScreenOS').map((d) => [d.name, d.status, d.cves.includes('CVE-2023-36845')]);
    assert.deepEqual(junos, [
      ['ams-srx-gw1', 'unpatched', true],
      ['fra-srx-gw1', 'unpatched', true],
      ['nyc-access-sw1', 'unpatched', false],
      ['fra-core-rt1', 'not_affected', false],
      ['sgp-core-rt1', 'not_affected', false],
    ]);
    const first = document.devices[0];
    assert.deepEqual(
      { ...first, cves: first?.cves.slice(0, 1) },
      {
        name: 'ams-edge-fw1',
        site: 'Amsterdam',
        owner: 'netops-ams@example.com',
        product: 'ScreenOS',
        version: '6.3.0r19',
        status: 'unpatched',
        cves: ['CVE-2015-7755'],
        upgradeTo: '6.3.0r26',
        state: null,
        note: null,
      },
    );
    const spare = document.devices.find((d) => d.name === 'ams-lab-spare');
    assert.equal(spare?.status, 'unknown');
    assert.match(spare?.note ?? '', /cannot be read: check it by hand/);
    assert.equal(code, 1);
  });

  void it('exits 2 when no device is unpatched but one cannot be judged, and 0 when every device is clear', async () => {
    const unknown = await inventory('unknown.csv', 'name,site,owner,version\nfw-1,Lab,lab@example.com,6.3.0r26\nfw-2,Lab,lab@example.com,6.3.0\n');
    const clear = await inventory(
      'clear.csv',
      'name,site,owner,version,product\nfw-1,Lab,lab@example.com,6.3.0r26,\nfw-2,Lab,lab@example.com,6.3.0r26.0,ScreenOS\n',
    );
    assert.equal((await audit(['--inventory', unknown, '--json'])).code, 2);
    const { code, stdout } = await audit(['--inventory', clear]);
    assert.match(stdout, /Audit of inventory file clear\.csv: 0 unpatched of 2/);
    assert.equal(code, 0);
  });

  void it('exits 2, not 0, when a row had to be left out of the audit, and names it on stderr', async () => {
    const file = await inventory(
      'rejected.csv',
      'name,site,owner,version,management_ip\nfw-1,Lab,lab@example.com,6.3.0r26,192.0.2.1\nfw-2,Lab,lab@example.com,6.3.0r19,192.0.2.300\n',
    );
    const { code, stdout, stderr } = await audit(['--inventory', file, '--json']);
    const document = JSON.parse(stdout) as AuditDocument;
    assert.deepEqual(
      document.devices.map((d) => d.name),
      ['fw-1'],
    );
    assert.equal(document.rejected.length, 1);
    assert.match(stderr, /1 inventory row\(s\) left out of the audit: line 3 \(fw-2\): management IP “192\.0\.2\.300” is not an IP address/);
    assert.equal(code, 2);
  });

  void it('judges each device by one bulletin with --advisory: 6.3.0r21 is patched for JSA10713, so the gate passes', async () => {
    const file = await inventory('r21.csv', 'name,site,owner,version\nfw-1,Lab,lab@example.com,6.3.0r21\nfw-2,Lab,lab@example.com,6.3.0r19\n');
    const scoped = await audit(['--inventory', file, '--advisory', '10713', '--json']);
    const document = JSON.parse(scoped.stdout) as AuditDocument;
    assert.equal(document.advisory, 'JSA10713');
    assert.deepEqual(
      document.devices.map((d) => [d.name, d.status, d.cves, d.advisoryFix, d.upgradeTo]),
      [
        ['fw-2', 'unpatched', ['CVE-2015-7755', 'CVE-2015-7756'], '6.3.0r19b', '6.3.0r26'],
        ['fw-1', 'not_affected', [], null, '6.3.0r26'],
      ],
    );
    assert.equal(scoped.code, 1);
    const only = await inventory('r21-only.csv', 'name,site,owner,version\nfw-1,Lab,lab@example.com,6.3.0r21\n');
    assert.equal((await audit(['--inventory', only, '--advisory', 'JSA10713'])).code, 0);
    assert.equal((await audit(['--inventory', only])).code, 1, 'other bulletins still affect 6.3.0r21');
  });

  void it('takes states from the store DATA_DIR names: a device acknowledged there no longer fails the gate', async () => {
    const file = await inventory(
      'acked.csv',
      'name,site,owner,version\nams-edge-fw1,Amsterdam,netops@example.com,6.3.0r19\nfw-2,Lab,lab@example.com,6.3.0r26\n',
    );
    const dataDir = tempDataDir();
    try {
      const store = SqliteStore.open(path.join(dataDir, STORE_FILE_NAME));
      const at = new Date();
      await store.setDeviceState(
        { device: 'AMS-EDGE-FW1', kind: 'acknowledged', until: null, reason: '=upgrade booked', actor: 'slack:UADMIN', changedAt: at },
        { at, platform: 'slack', actor: 'slack:UADMIN', actorName: 'ada', action: 'ack', subject: 'AMS-EDGE-FW1', detail: null, reason: '=upgrade booked' },
      );
      await store.close();
      const { code, stdout } = await audit(['--inventory', file, '--csv'], { DATA_DIR: dataDir });
      const [header, ...records] = readRfc4180(stdout.replace(/^\uFEFF/, ''));
      const row = records.find((r) => r[0] === 'ams-edge-fw1');
      const cell = (name: string): string | undefined => row?.[header?.indexOf(name) ?? -1];
      assert.equal(cell('status'), 'acknowledged');
      assert.equal(cell('state'), 'acknowledged');
      assert.equal(cell('state_reason'), "'=upgrade booked");
      assert.equal(code, 0);
      const { code: withoutStore, stdout: json } = await audit(['--inventory', file, '--json'], { DATA_DIR: '' });
      assert.equal((JSON.parse(json) as AuditDocument).stateStore, null);
      assert.equal(withoutStore, 1, 'without DATA_DIR or DATABASE_URL no state is read');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  void it('writes CSV that opens cleanly in a spreadsheet: RFC 4180, a cell that would be a formula neutralised', async () => {
    const file = await inventory(
      'formula.csv',
      'name,site,owner,version\nfw-1,"=HYPERLINK(""http://evil.example"",""click"")",@nyc-netops,6.3.0r19\nfw-2,"New York, NY",+41 44 668 18 00,6.3.0r26\n',
    );
    const { code, stdout, stderr } = await audit(['--inventory', file, '--csv']);
    assert.equal(stderr, '');
    assert.ok(stdout.startsWith('\uFEFFname,site,owner,product,version,status,cves,upgrade_target,state,state_until,state_reason,note\r\n'));
    const [, ...records] = readRfc4180(stdout.slice(1));
    assert.deepEqual(
      records.map((r) => r.slice(0, 3)),
      [
        ['fw-1', `'=HYPERLINK("http://evil.example","click")`, "'@nyc-netops"],
        ['fw-2', 'New York, NY', "'+41 44 668 18 00"],
      ],
    );
    assert.equal(code, 1);
  });

  void it('exits 64 without an inventory, for a bulletin that is not loaded, and for --csv with --json', async () => {
    const none = await audit([]);
    assert.equal(none.code, EXIT_USAGE);
    assert.match(none.stderr, /^audit needs an inventory: --inventory <file>, or INVENTORY_FILE, or NETBOX_URL and NETBOX_TOKEN\n/);
    const nope = await audit(['--inventory', 'examples/fleet.csv', '--advisory', 'JSA99999']);
    assert.equal(nope.code, EXIT_USAGE);
    assert.match(nope.stderr, /No loaded bulletin or CVE “JSA99999”/);
    const both = await audit(['--inventory', 'examples/fleet.csv', '--csv', '--json']);
    assert.equal(both.code, EXIT_USAGE);
    assert.equal(both.stdout, '');
  });

  void it('exits 70 naming the file when the inventory cannot be read', async () => {
    const { code, stdout, stderr } = await audit(['--inventory', path.join(folder, 'missing.csv'), '--json']);
    assert.equal(stdout, '');
    assert.match(stderr, /^The inventory \(inventory file missing\.csv\) could not be read: /);
    assert.equal(code, EXIT_SOFTWARE);
  });

  void it('reads INVENTORY_FILE when no --inventory is given', async () => {
    const file = await inventory('configured.csv', 'name,site,owner,version\nfw-1,Lab,lab@example.com,6.3.0r26\n');
    const { code, stdout } = await audit(['--json'], { INVENTORY_FILE: file });
    assert.equal((JSON.parse(stdout) as AuditDocument).inventory, 'inventory file configured.csv');
    assert.equal(code, 0);
  });
});

void describe('npm run cli -- audit with the NetBox settings', () => {
  let netbox: FakeNetBox;
  before(async () => {
    netbox = await new FakeNetBox({
      v1Token: FAKE_V1_TOKEN,
      devices: [
        { id: 1, name: 'ams-fw1', site: 'Amsterdam DC1', tenant: 'Network Security', platform: 'ScreenOS', customFields: { software_version: '6.3.0r19' } },
        { id: 2, name: 'lon-fw1', site: 'London Edge', tenant: 'Edge Team', platform: 'ScreenOS', customFields: { software_version: '6.3.0r26' } },
        {
          id: 3,
          name: 'old-fw1',
          site: 'London Edge',
          tenant: 'Edge Team',
          platform: 'ScreenOS',
          status: 'decommissioning',
          customFields: { software_version: '6.2.0r16' },
        },
      ],
    }).start();
  });
  after(async () => netbox.stop());

  void it('reads the devices from NetBox with the token, as the bot would, and gates on them', async () => {
    const { code, stdout, stderr } = await audit(['--json'], { NETBOX_URL: netbox.url, NETBOX_TOKEN: FAKE_V1_TOKEN });
    assert.equal(stderr, '');
    const document = JSON.parse(stdout) as AuditDocument;
    assert.equal(document.inventory, `NetBox ${netbox.url}`);
    assert.deepEqual(
      document.devices.map((d) => [d.name, d.site, d.owner, d.version, d.status]),
      [
        ['ams-fw1', 'Amsterdam DC1', 'Network Security', '6.3.0r19', 'unpatched'],
        ['lon-fw1', 'London Edge', 'Edge Team', '6.3.0r26', 'not_affected'],
      ],
    );
    assert.ok(netbox.requestsTo('/api/dcim/devices/').every((r) => r.authorization === `Token ${FAKE_V1_TOKEN}` && r.query.get('status') === 'active'));
    assert.equal(code, 1);
  });

  void it('exits 70 with NetBox’s refusal when the token is wrong', async () => {
    const { code, stderr } = await audit([], { NETBOX_URL: netbox.url, NETBOX_TOKEN: 'f'.repeat(40) });
    assert.match(stderr, /^The inventory \(NetBox http:\/\/127\.0\.0\.1:\d+\) could not be read: .*403.*NETBOX_TOKEN/);
    assert.ok(!stderr.includes('f'.repeat(40)), 'the token is not echoed');
    assert.equal(code, EXIT_SOFTWARE);
  });
});
