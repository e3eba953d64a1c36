import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { readRfc4180 } from '../../helpers/rfc4180.ts';
import { runScript, tempDataDir } from '../../helpers/run-process.ts';

describe('devices export in the console chat', () => {
  it('writes the CSV of cli audit --csv under DATA_DIR/exports and prints where', async () => {
    const dataDir = tempDataDir();
    try {
      const { code, stdout, stderr } = await runScript('app/main.ts', [], { stdin: 'devices export\n', env: { DATA_DIR: dataDir } });
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^ℹ Devices as CSV: \d+ unpatched of 35$/m);
      assert.match(stdout, /^ {2}35 devices: \d+ unpatched, .*\.$/m);
      const written = /^ {2}File: (.+\.csv)$/m.exec(stdout)?.[1];
      assert.ok(written !== undefined, stdout);
      assert.equal(path.dirname(written), path.join(dataDir, 'exports'));
      assert.match(path.basename(written), /^devices-\d{8}T\d{6}Z\.csv$/);
      const csv = await readFile(written, 'utf8');
      assert.equal(readRfc4180(csv.slice(1)).length, 36, 'a header and one row per device');

      // The same bytes as the CLI writes for the same inventory and store.
      const cli = await runScript('app/cli.ts', ['audit', '--inventory', 'examples/fleet.csv', '--csv'], { env: { DATA_DIR: dataDir } });
      assert.equal(cli.stdout, csv);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('never writes one export over another, even two of the same second', async () => {
    const dataDir = tempDataDir();
    try {
      const { code, stdout, stderr } = await runScript('app/main.ts', [], {
        stdin: 'devices export\ndevices export site=Amsterdam\n',
        env: { DATA_DIR: dataDir },
      });
      assert.equal(code, 0, stderr);
      const written = [...stdout.matchAll(/^ {2}File: (.+\.csv)$/gm)].map((m) => m[1] ?? '');
      assert.equal(new Set(written).size, 2, stdout);
      const [all = '', amsterdam = ''] = written;
      assert.equal(readRfc4180((await readFile(all, 'utf8')).slice(1)).length, 36);
      assert.equal(readRfc4180((await readFile(amsterdam, 'utf8')).slice(1)).length, 9, 'a header and the 8 devices at Amsterdam');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
