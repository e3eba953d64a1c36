import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/infrastructure/config.ts';

describe('DATA_DIR', () => {
  it('accepts a folder that does not exist yet, for the bot to create', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-data-dir-'));
    try {
      assert.equal(loadConfig({ DATA_DIR: path.join(dir, 'new', 'store') }).dataDir, path.join(dir, 'new', 'store'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a DATA_DIR that is a file, or lies under a file, before anything starts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-data-dir-'));
    try {
      const file = path.join(dir, 'store.txt');
      await writeFile(file, 'not a folder');
      assert.throws(() => loadConfig({ DATA_DIR: file }), {
        code: 'invalid_config',
        message: new RegExp(`DATA_DIR: “${escape(file)}” is a file, not a folder`),
      });
      assert.throws(() => loadConfig({ DATA_DIR: path.join(file, 'sub') }), {
        code: 'invalid_config',
        message: new RegExp(`DATA_DIR: “${escape(path.join(file, 'sub'))}” cannot be created: “${escape(file)}” is a file`),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
