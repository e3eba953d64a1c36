// The end-of-life files under advisories/lifecycle/: validated like the bulletins, reported by file, field
// and reason when broken, and never a reason for the bot not to start.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLoadProblem } from '../../src/domain/advisories/load-advisories.ts';
import { loadLifecycles, parseLifecycle } from '../../src/domain/advisories/load-lifecycle.ts';
import { createBot } from '../../src/chat/create-bot.ts';
import { loadCatalog } from '../../src/features/catalog/load-catalog.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { plainText, type Card, type CardElement } from '../../src/chat/reply.ts';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';

const SHIPPED_ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));
const NOW = (): Date => new Date('2026-11-01T09:00:00Z');

type Json = Record<string, unknown>;

async function shippedLifecycle(): Promise<Json> {
  return JSON.parse(await readFile(path.join(SHIPPED_ADVISORIES, 'lifecycle', 'screenos.json'), 'utf8')) as Json;
}

/** The problems of one edited copy of the shipped file, as `field: reason`. */
async function problemsOf(edit: (doc: Json) => void): Promise<string[]> {
  const doc = await shippedLifecycle();
  edit(doc);
  const result = parseLifecycle('lifecycle/screenos.json', JSON.stringify(doc));
  return 'problems' in result ? result.problems.map((p) => `${p.field}: ${p.reason}`) : [];
}

const trains = (doc: Json): Json[] => doc.trains as Json[];

describe('loading advisories/lifecycle/', () => {
  it('loads the shipped screenos.json without problems: 5.4.0 to 6.2.0 dated, 6.3.0 null', async () => {
    const { lifecycles, problems } = await loadLifecycles(SHIPPED_ADVISORIES);
    assert.deepEqual(problems, []);
    assert.deepEqual(lifecycles.map((l) => l.product), ['ScreenOS']);
    assert.deepEqual(lifecycles[0]?.trains.map((t) => [t.train, t.end_of_support]), [
      ['5.4.0', '2013-12-31'],
      ['6.0.0', '2011-04-19'],
      ['6.1.0', '2012-01-28'],
      ['6.2.0', '2013-12-31'],
      ['6.3.0', null],
    ]);
  });

  it('answers an advisory folder without a lifecycle folder with no data and no problem', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-lifecycle-none-'));
    try {
      assert.deepEqual(await loadLifecycles(dir), { lifecycles: [], problems: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const defects: [what: string, edit: (doc: Json) => void, problem: string][] = [
    ['a date that is not YYYY-MM-DD', (doc) => void (trains(doc)[3] = { ...trains(doc)[3], end_of_support: '31/12/2013' }), 'trains[3].end_of_support: must be a date as YYYY-MM-DD, or null when no source states one'],
    ['a date that does not exist', (doc) => void (trains(doc)[3] = { ...trains(doc)[3], end_of_support: '2013-13-45' }), 'trains[3].end_of_support: “2013-13-45” is not a real date'],
    ['a train written 6.2', (doc) => void (trains(doc)[3] = { ...trains(doc)[3], train: '6.2' }), 'trains[3].train: “6.2” is not a ScreenOS train such as 6.3.0'],
    ['a train listed twice', (doc) => void trains(doc).push({ ...trains(doc)[4] }), 'trains[5].train: 6.3.0 is listed twice'],
    ['an entry without its source', (doc) => void (trains(doc)[0] = { train: '5.4.0', end_of_support: '2013-12-31' }), 'trains[0].source: is missing'],
    ['a field the format does not have', (doc) => void (doc.eol_url = 'https://example.com'), 'eol_url: is not a field of the end-of-life format'],
    ['notes that are not a list', (doc) => void (doc.notes = 'none'), 'notes: must be a list'],
  ];
  for (const [what, edit, problem] of defects) {
    it(`reports ${what} by field and reason`, async () => {
      assert.deepEqual(await problemsOf(edit), [problem]);
    });
  }
});

function problemList(card: Card): Extract<CardElement, { kind: 'list' }> | undefined {
  return card.elements.find((e): e is Extract<CardElement, { kind: 'list' }> => e.kind === 'list' && /not loaded/.test(e.title ?? ''));
}

describe('a broken end-of-life file next to the shipped bulletins', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-lifecycle-broken-'));
    await cp(SHIPPED_ADVISORIES, dir, { recursive: true });
    await writeFile(path.join(dir, 'lifecycle', 'screenos.json'), '{ "product": "ScreenOS", ');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is logged at start with its file and reason, and every bulletin still loads', async () => {
    const lines: Record<string, unknown>[] = [];
    const catalog = await loadCatalog(dir, createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }), NOW);
    assert.equal(catalog.advisories.length, SHIPPED_IDS.length);
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => String(l.problem));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^lifecycle\/screenos\.json: \(file\): is not valid JSON: /);
  });

  it('is listed in “advisories” with its reason, and each verdict admits that it cannot speak about support', async () => {
    const catalog = await loadCatalog(dir, silentLogger, NOW);
    const bot = createBot({ catalog, now: NOW, log: silentLogger, inventory: null, admins: AdminList.parse('console').admins, reminders: null, briefings: null });
    const reply = await bot.handle({ conversation: { platform: 'console', id: 'c' }, author: { platform: 'console', id: 'u' }, text: 'advisories', addressedToBot: true });
    const items = problemList(reply.cards[0] as Card)?.items.map(plainText) ?? [];
    assert.deepEqual(items, catalog.problems.map(formatLoadProblem));
    assert.match(items[0] ?? '', /^lifecycle\/screenos\.json: \(file\): is not valid JSON/);

    const verdict = catalog.check('6.2.0r16');
    assert.equal(verdict.trainSupport, null);
    assert.ok(verdict.notes.some((n) => n.startsWith('End-of-life data not loaded (lifecycle/screenos.json; see advisories)')), verdict.notes.join('\n'));
    assert.doesNotMatch(verdict.message, /left Juniper support/);
    // Without a supported train to point at, a 6.2.0 release gets no target from another train.
    assert.equal(verdict.upgradeTo, null);
    // A bulletin file that failed is "not covered"; an end-of-life file is not a bulletin.
    assert.ok(!verdict.notes.some((n) => n.startsWith('Not covered:')), verdict.notes.join('\n'));
  });
});
