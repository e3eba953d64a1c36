/**
 * The seam between the core and the platforms, checked on the sources themselves: the core under src/
 * knows nothing of Slack, Teams or the adapters; each platform SDK stays in its own adapter folder; only
 * the configuration loader reads the environment.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADAPTERS = path.join(PROJECT_ROOT, 'adapters');
/** The composition roots: the only files under src/ that may wire adapters to the core. */
const COMPOSITION_ROOTS = ['src/main.ts', 'src/cli.ts'];
const CONFIG_LOADER = 'src/config.ts';

/** Each platform SDK, by package name prefix, and the one folder allowed to import it. */
const PLATFORM_SDKS = [
  { prefix: '@slack/', folder: 'adapters/slack/' },
  { prefix: 'botbuilder', folder: 'adapters/teams/' },
] as const;

interface SourceFile {
  /** Relative to the project root, with forward slashes: `src/core/bot.ts`. */
  readonly name: string;
  readonly text: string;
}

async function readSources(folder: string): Promise<SourceFile[]> {
  const entries = await readdir(path.join(PROJECT_ROOT, folder), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.[cm]?tsx?$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name));
  return Promise.all(
    files.sort().map(async (file) => ({ name: path.relative(PROJECT_ROOT, file).split(path.sep).join('/'), text: await readFile(file, 'utf8') })),
  );
}

/** Every module a file imports: static, type-only, side-effect, re-exports, dynamic `import()` and `require()`. */
function importedModules(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Whether an import of `specifier` from `file` lands inside the adapters/ folder. */
function reachesAdapters(file: SourceFile, specifier: string): boolean {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return false;
  const target = path.resolve(PROJECT_ROOT, path.dirname(file.name), specifier);
  return target === ADAPTERS || target.startsWith(ADAPTERS + path.sep);
}

const PROCESS_ENV = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])/g;
const ENV_FROM_PROCESS = /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:node:)?process['"]|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;

void describe('the boundary between the core and the platforms', () => {
  let core: SourceFile[];
  let adapters: SourceFile[];

  before(async () => {
    core = await readSources('src');
    adapters = await readSources('adapters');
  });

  void it('reads the whole of src/ and adapters/, composition roots included', () => {
    const names = [...core, ...adapters].map((f) => f.name);
    for (const expected of ['src/core/bot.ts', 'src/core/commands/help.ts', ...COMPOSITION_ROOTS, CONFIG_LOADER, 'adapters/console/render-text.ts']) {
      assert.ok(names.includes(expected), `${expected} was not scanned`);
    }
  });

  void it('sees every kind of import, so that a forbidden one cannot slip past', () => {
    const sample = [
      "import { App } from '@slack/bolt';",
      "import type { TurnContext } from 'botbuilder';",
      "import '../adapters/slack/register.ts';",
      "export { renderBlocks } from '../../adapters/slack/blocks.ts';",
      'import {',
      '  WebClient,',
      "} from '@slack/web-api';",
      "const teams = await import('botbuilder-core');",
      "const legacy = require('@slack/socket-mode');",
    ].join('\n');
    assert.deepEqual(importedModules(sample), [
      '@slack/bolt',
      'botbuilder',
      '../adapters/slack/register.ts',
      '../../adapters/slack/blocks.ts',
      '@slack/web-api',
      'botbuilder-core',
      '@slack/socket-mode',
    ]);
  });

  void it('recognises every way of reading the environment', () => {
    for (const text of ['const a = process.env.LOG_LEVEL;', "const b = process['env'];", 'const { env } = process;', "import { env } from 'node:process';"]) {
      assert.ok([...text.matchAll(PROCESS_ENV)].length > 0 || ENV_FROM_PROCESS.test(text), text);
    }
    assert.equal([...'const config = loadConfig(environment);'.matchAll(PROCESS_ENV)].length, 0);
  });

  void it('keeps src/ free of platform SDKs and of adapters/, except in the composition roots src/main.ts and src/cli.ts', () => {
    const offences = core
      .filter((file) => !COMPOSITION_ROOTS.includes(file.name))
      .flatMap((file) =>
        importedModules(file.text)
          .filter((m) => m.startsWith('@slack/') || m.startsWith('botbuilder') || reachesAdapters(file, m))
          .map((m) => `${file.name} imports ${m}`),
      );
    assert.deepEqual(offences, []);
  });

  void it('imports each platform SDK only inside its own adapters/<platform>/ folder, anywhere in src/ or adapters/', () => {
    const offences = [...core, ...adapters].flatMap((file) =>
      importedModules(file.text).flatMap((m) => {
        const sdk = PLATFORM_SDKS.find((s) => m.startsWith(s.prefix));
        return sdk !== undefined && !file.name.startsWith(sdk.folder) ? [`${file.name} imports ${m} (allowed only under ${sdk.folder})`] : [];
      }),
    );
    assert.deepEqual(offences, []);
  });

  void it('reads process.env only in src/config.ts, and in the composition roots only to pass it to loadConfig', () => {
    const offences = [...core, ...adapters].flatMap((file) => {
      if (file.name === CONFIG_LOADER) return [];
      const uses = [...file.text.matchAll(PROCESS_ENV)].length;
      const allowed = COMPOSITION_ROOTS.includes(file.name) ? file.text.split('loadConfig(process.env)').length - 1 : 0;
      const problems: string[] = [];
      if (uses > allowed) problems.push(`${file.name} reads process.env ${uses - allowed} time(s) outside loadConfig(process.env)`);
      if (ENV_FROM_PROCESS.test(file.text)) problems.push(`${file.name} takes env from process`);
      return problems;
    });
    assert.deepEqual(offences, []);
  });

  void it('has each composition root hand process.env to loadConfig exactly once', () => {
    for (const name of COMPOSITION_ROOTS) {
      const file = core.find((f) => f.name === name);
      assert.ok(file);
      assert.equal(file.text.split('loadConfig(process.env)').length - 1, 1, name);
    }
  });
});

/** The modules of src/ that each module imports, type imports included, by project-relative name. */
function importGraph(files: readonly SourceFile[]): Map<string, string[]> {
  const names = new Set(files.map((f) => f.name));
  return new Map(
    files.map((file) => [
      file.name,
      importedModules(file.text)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, path.dirname(file.name), s)).split(path.sep).join('/'))
        .filter((target) => names.has(target)),
    ]),
  );
}

/** Every import cycle, as the modules of each strongly connected component (Tarjan). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

void describe('the import graph of src/', () => {
  void it('finds a cycle when there is one, type imports included', () => {
    const files: SourceFile[] = [
      { name: 'src/a.ts', text: "import type { B } from './b.ts';" },
      { name: 'src/b.ts', text: "import { c } from './c.ts';" },
      { name: 'src/c.ts', text: "export { a } from './a.ts';" },
      { name: 'src/d.ts', text: "import { a } from './a.ts';" },
    ];
    assert.deepEqual(importCycles(importGraph(files)), [['src/a.ts', 'src/b.ts', 'src/c.ts']]);
  });

  void it('has no cycle: a feature that shows devices takes its lines from render/, never from a command', async () => {
    assert.deepEqual(importCycles(importGraph(await readSources('src'))), []);
  });
});

