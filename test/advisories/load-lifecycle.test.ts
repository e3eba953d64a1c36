// The end-of-life files under advisories/lifecycle/: validated like the bulletins, reported by file, field
// and reason when broken.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLifecycles, parseLifecycle } from '../../src/advisories/load-lifecycle.ts';

const SHIPPED_ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));

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
