/**
 * The seam between the core and the platforms, and the layers inside the core, checked on the sources
 * themselves: src/ knows nothing of Slack, Teams, the adapters or the composition roots in app/; each
 * platform SDK stays in its own adapter folder; only the configuration loader reads the environment; only
 * the clock module reads the time or sets timers; the layers of src/ import only what the layer matrix
 * allows, and nothing imports itself round in a cycle.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADAPTERS = path.join(PROJECT_ROOT, 'adapters');
const APP = path.join(PROJECT_ROOT, 'app');
/** The composition roots, outside src/: the only files that wire adapters to the core and hand over the environment. */
const COMPOSITION_ROOTS = ['app/main.ts', 'app/cli.ts'];
const CONFIG_LOADER = 'src/infrastructure/config.ts';
/** The one module that reads the machine's clock and sets node's timers; everything else takes a Clock. */
const CLOCK_MODULE = 'src/infrastructure/clock.ts';

/** Each platform SDK, by package name prefix, and the one folder allowed to import it. */
const PLATFORM_SDKS = [
  { prefix: '@slack/', folder: 'adapters/slack/' },
  { prefix: 'botbuilder', folder: 'adapters/teams/' },
] as const;

interface SourceFile {
  /** Relative to the project root, with forward slashes: `src/chat/bot.ts`. */
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

/** Whether an import of `specifier` from `file` lands inside `folder` (an absolute path). */
function reaches(file: SourceFile, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return false;
  const target = path.resolve(PROJECT_ROOT, path.dirname(file.name), specifier);
  return target === folder || target.startsWith(folder + path.sep);
}

/** node's timer functions, and its timer modules. */
const TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval']);
const TIMER_MODULES = /^(?:node:)?timers(?:\/promises)?$/;

/**
 * Each place a file reads the machine's clock or waits on node's timers: `Date.now`, a `new Date` with
 * no arguments, `setTimeout` and `setInterval` (bare or through `globalThis`), `AbortSignal.timeout`, and
 * any import of node's timer modules. Read from the syntax tree, so that comments and strings that
 * name them do not count.
 */
function clockUses(text: string): string[] {
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const name = `${node.expression.text}.${node.name.text}`;
      if (name === 'Date.now' || name === 'AbortSignal.timeout') uses.push(name);
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0) {
      uses.push('new Date()');
    } else if (ts.isIdentifier(node) && TIMER_FUNCTIONS.has(node.text)) {
      uses.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('source.ts', text, ts.ScriptTarget.Latest, true));
  return [
    ...uses,
    ...importedModules(text)
      .filter((m) => TIMER_MODULES.test(m))
      .map((m) => `import ${m}`),
  ];
}

const PROCESS_ENV = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])/g;
const ENV_FROM_PROCESS = /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:node:)?process['"]|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;

void describe('the boundary between the core and the platforms', () => {
  let core: SourceFile[];
  let adapters: SourceFile[];
  let roots: SourceFile[];

  before(async () => {
    core = await readSources('src');
    adapters = await readSources('adapters');
    roots = await readSources('app');
  });

  void it('reads the whole of src/, adapters/ and app/, composition roots included', () => {
    const names = [...core, ...adapters, ...roots].map((f) => f.name);
    for (const expected of ['src/chat/bot.ts', 'src/chat/commands/help.ts', ...COMPOSITION_ROOTS, CONFIG_LOADER, 'adapters/console/render-text.ts']) {
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

  void it('keeps src/ free of platform SDKs, of adapters/ and of the composition roots in app/, without exception', () => {
    const offences = core.flatMap((file) =>
      importedModules(file.text)
        .filter((m) => m.startsWith('@slack/') || m.startsWith('botbuilder') || reaches(file, m, ADAPTERS) || reaches(file, m, APP))
        .map((m) => `${file.name} imports ${m}`),
    );
    assert.deepEqual(offences, []);
  });

  void it('imports each platform SDK only inside its own adapters/<platform>/ folder, anywhere in src/, adapters/ or app/', () => {
    const offences = [...core, ...adapters, ...roots].flatMap((file) =>
      importedModules(file.text).flatMap((m) => {
        const sdk = PLATFORM_SDKS.find((s) => m.startsWith(s.prefix));
        return sdk !== undefined && !file.name.startsWith(sdk.folder) ? [`${file.name} imports ${m} (allowed only under ${sdk.folder})`] : [];
      }),
    );
    assert.deepEqual(offences, []);
  });

  void it(`reads process.env only in ${CONFIG_LOADER}, and in the composition roots only to pass it to loadConfig`, () => {
    const offences = [...core, ...adapters, ...roots].flatMap((file) => {
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

  void it('sees every way of reading the clock or waiting on a timer, and not the time a caller passes in', () => {
    const sample = [
      'const stamp = Date.now();',
      'const read = Date.now;',
      'const today = new Date();',
      'const bare = new Date;',
      'setTimeout(retry, 1000);',
      'const timer = globalThis.setInterval(sync, 60_000);',
      'const signal = AbortSignal.timeout(15_000);',
      "import { setTimeout as delay } from 'node:timers/promises';",
      "const { setTimeout: wait } = require('timers/promises');",
      "const timers = await import('node:timers');",
    ].join('\n');
    assert.deepEqual(
      clockUses(sample).sort(),
      [
        'AbortSignal.timeout',
        'Date.now',
        'Date.now',
        'import node:timers',
        'import node:timers/promises',
        'import timers/promises',
        'new Date()',
        'new Date()',
        'setInterval',
        'setTimeout',
        'setTimeout',
        'setTimeout',
      ].sort(),
    );
    const innocent = [
      '// Retries with setTimeout would not follow the clock; Date.now() neither.',
      "const why = 'no setInterval here';",
      'const parsed = new Date(text);',
      'const epoch = new Date(0);',
      'const noon = Date.UTC(2026, 10, 26, 12);',
      'const at = clock.now();',
      'const cancel = clock.setTimer(1000, retry);',
    ].join('\n');
    assert.deepEqual(clockUses(innocent), []);
  });

  void it(`reads the time and sets timers only in ${CLOCK_MODULE}, anywhere in src/, adapters/ or app/: everything else takes the injected clock`, () => {
    assert.ok(
      core.some((f) => f.name === CLOCK_MODULE),
      `${CLOCK_MODULE} was not scanned`,
    );
    const offences = [...core, ...adapters, ...roots]
      .filter((file) => file.name !== CLOCK_MODULE)
      .flatMap((file) => clockUses(file.text).map((use) => `${file.name} uses ${use}`));
    assert.deepEqual(offences, []);
  });

  void it('has each composition root hand process.env to loadConfig exactly once', () => {
    for (const name of COMPOSITION_ROOTS) {
      const file = roots.find((f) => f.name === name);
      assert.ok(file, `${name} was not scanned`);
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
        .map((s) =>
          path
            .relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, path.dirname(file.name), s))
            .split(path.sep)
            .join('/'),
        )
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

/** The layers of src/, each a folder; every module of src/ is in exactly one. */
const LAYERS = ['domain', 'infrastructure', 'chat', 'features'] as const;
type Layer = (typeof LAYERS)[number];

/**
 * Which layers each layer may import, its own included. The domain (versions, matching, advisories, the
 * fleet audit, the hunt, cron planning, progress arithmetic) is pure and imports nothing else.
 * Infrastructure (store, HTTP, log, config, the inventory sources) serves the domain's types. Chat
 * (message, reply, render, commands, the bot) may read infrastructure's records, but reaches the features
 * only through the ports it declares in src/chat/ports.ts. Features (inventory sync, reminders, briefings,
 * progress history, metrics, the advisory feed) implement those ports and may use everything below them.
 */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  domain: ['domain'],
  infrastructure: ['domain', 'infrastructure'],
  chat: ['domain', 'infrastructure', 'chat'],
  features: ['domain', 'infrastructure', 'chat', 'features'],
};

/**
 * The neutral message and reply model: plain data that the store persists (outbox entries, briefings,
 * conversations) and the linked-file route serves. Infrastructure may import these two files of chat and
 * nothing else of it; they import nothing but the domain.
 */
const CHAT_MODEL = ['src/chat/message.ts', 'src/chat/reply.ts'];

/** The layer of a module of src/ (`src/chat/bot.ts` is in chat), or null when it is in none. */
function layerOf(name: string): Layer | null {
  const folder = name.split('/')[1];
  return LAYERS.find((l) => l === folder) ?? null;
}

/** Every import between modules of src/ that the matrix does not allow, as `from -> to (layer -> layer)`. */
function layerOffences(files: readonly SourceFile[]): string[] {
  const offences: string[] = [];
  for (const [from, targets] of importGraph(files)) {
    const fromLayer = layerOf(from);
    if (fromLayer === null) {
      offences.push(`${from} is in no layer (src/${LAYERS.join('/, src/')}/)`);
      continue;
    }
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (toLayer === null || MAY_IMPORT[fromLayer].includes(toLayer)) continue;
      if (fromLayer === 'infrastructure' && CHAT_MODEL.includes(to)) continue;
      offences.push(`${from} -> ${to} (${fromLayer} may not import ${toLayer})`);
    }
  }
  return offences;
}

void describe('the layers of src/', () => {
  void it('finds an import the matrix forbids, type imports included, and a module outside every layer', () => {
    const files: SourceFile[] = [
      { name: 'src/domain/a.ts', text: "import type { B } from '../chat/b.ts';" },
      { name: 'src/chat/b.ts', text: "import { c } from '../features/c.ts';\nimport { m } from './message.ts';" },
      { name: 'src/chat/message.ts', text: "import { a } from '../domain/a.ts';" },
      { name: 'src/features/c.ts', text: "import { b } from '../chat/b.ts';\nimport { d } from '../infrastructure/d.ts';" },
      { name: 'src/infrastructure/d.ts', text: "import { m } from '../chat/message.ts';\nimport { r } from '../chat/b.ts';" },
      { name: 'src/stray.ts', text: '' },
    ];
    assert.deepEqual(layerOffences(files), [
      'src/domain/a.ts -> src/chat/b.ts (domain may not import chat)',
      'src/chat/b.ts -> src/features/c.ts (chat may not import features)',
      'src/infrastructure/d.ts -> src/chat/b.ts (infrastructure may not import chat)',
      'src/stray.ts is in no layer (src/domain/, src/infrastructure/, src/chat/, src/features/)',
    ]);
  });

  void it('holds the layer matrix: the domain imports only itself, chat reaches the features only through its ports', async () => {
    assert.deepEqual(layerOffences(await readSources('src')), []);
  });
});

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

  void it('has no cycle through the adapters and the composition roots either', async () => {
    const files = [...(await readSources('src')), ...(await readSources('adapters')), ...(await readSources('app'))];
    assert.deepEqual(importCycles(importGraph(files)), []);
  });
});
