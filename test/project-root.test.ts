import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findProjectRoot, PROJECT_ROOT } from '../src/infrastructure/project-root.ts';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));

/** A folder laid out as a built copy of the project: package.json at the top, the compiled modules under dist/src/. */
async function builtCopy(packages: Readonly<Record<string, unknown>>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'screenos-root-'));
  await mkdir(path.join(root, 'dist', 'src'), { recursive: true });
  for (const [folder, content] of Object.entries(packages)) await writeFile(path.join(root, folder, 'package.json'), JSON.stringify(content));
  return root;
}

describe('the project root', () => {
  it('is the folder with advisories/ and examples/ when the sources run from src/', () => {
    assert.equal(path.resolve(PROJECT_ROOT), path.resolve(REPOSITORY));
    assert.ok(existsSync(path.join(PROJECT_ROOT, 'advisories', 'JSA10713.json')));
    assert.ok(existsSync(path.join(PROJECT_ROOT, 'examples', 'fleet.csv')));
  });

  it('is found from a compiled module in dist/src/, one level deeper than its source', async () => {
    const root = await builtCopy({ '.': { name: 'screenos-bot' } });
    try {
      assert.equal(findProjectRoot(pathToFileURL(path.join(root, 'dist', 'src', 'config.js')).href), root);
      assert.equal(findProjectRoot(pathToFileURL(path.join(root, 'src', 'config.ts')).href), root);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('passes over a package.json that names another package (a "type": "module" marker in dist/, say)', async () => {
    const root = await builtCopy({ '.': { name: 'screenos-bot' }, dist: { type: 'module' }, 'dist/src': { name: 'something-else' } });
    try {
      assert.equal(findProjectRoot(pathToFileURL(path.join(root, 'dist', 'src', 'config.js')).href), root);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('is refused, with the folder it started from, when no package.json above names the project', async () => {
    const root = await builtCopy({ '.': { name: 'another-bot' } });
    try {
      assert.throws(
        () => findProjectRoot(pathToFileURL(path.join(root, 'dist', 'src', 'config.js')).href),
        (error: Error) => error.message.includes(path.join(root, 'dist', 'src')),
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
