import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CHART_WIDTH } from '../../../src/chat/render/chart-image.ts';
import { decodePng } from '../../helpers/png.ts';
import { runScript, tempDataDir } from '../../helpers/run-process.ts';

describe('progress in the console chat', () => {
  it('draws the burn-down in text and writes the PNG under DATA_DIR, printing where', async () => {
    const dataDir = tempDataDir();
    try {
      const { code, stdout, stderr } = await runScript('app/main.ts', [], { stdin: 'progress JSA10713\n', env: { DATA_DIR: dataDir } });
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^! JSA10713: 16 unpatched of 16 affected$/m);
      assert.match(stdout, /^ {4}affected {3}16 █ 16$/m);
      assert.match(stdout, /^ {4}unpatched {2}16 █ 16$/m);
      const written = /^ {2}Chart: (.+\.png)$/m.exec(stdout)?.[1];
      assert.ok(written !== undefined, stdout);
      assert.equal(path.dirname(written), path.join(dataDir, 'charts'));
      assert.match(path.basename(written), /^progress-jsa10713-\d{4}-\d{2}-\d{2}\.png$/);
      assert.equal(decodePng(await readFile(written)).width, CHART_WIDTH);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
