// The data files next to the bulletins: end-of-life dates (advisories/lifecycle/) and the KEV snapshot
// (advisories/kev/, which the bot reads at start as its KEV data). These tests keep them well-formed and
// consistent with the bulletins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';

const ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));
const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(path.join(ADVISORIES, file), 'utf8')) as T;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Lifecycle {
  product: string;
  trains: { train: string; end_of_support: string | null; source: string }[];
  hardware: { model: string; end_of_support: string | null; source: string }[];
  notes: string[];
}

interface KevCatalog {
  title: string;
  catalogVersion: string;
  dateReleased: string;
  count: number;
  vulnerabilities: Record<string, unknown>[];
}

describe('the data files in subfolders of advisories/', () => {
  it('are not read as bulletins: the loader reads only the *.json files directly in advisories/', async () => {
    const { advisories, problems } = await loadAdvisories(ADVISORIES);
    assert.deepEqual(problems, []);
    assert.deepEqual(advisories.map((a) => a.id), SHIPPED_IDS);
  });
});

describe('advisories/lifecycle/screenos.json', () => {
  it('has exactly the documented shape, with a source for every date and a null where none is known', async () => {
    const lifecycle = await readJson<Lifecycle>('lifecycle/screenos.json');
    assert.deepEqual(Object.keys(lifecycle), ['product', 'trains', 'hardware', 'notes']);
    assert.equal(lifecycle.product, 'ScreenOS');
    for (const entry of [...lifecycle.trains, ...lifecycle.hardware]) {
      assert.ok(entry.end_of_support === null || (ISO_DATE.test(entry.end_of_support) && !Number.isNaN(Date.parse(entry.end_of_support))), JSON.stringify(entry));
      assert.ok(entry.source.trim().length > 0, JSON.stringify(entry));
    }
    for (const { train } of lifecycle.trains) assert.match(train, /^\d+\.\d+\.\d+$/);
    assert.ok(lifecycle.notes.length > 0);
  });

  it('dates the end of support of 5.4, 6.0, 6.1 and 6.2 as Tenable 74379 does, and leaves 6.3 unknown', async () => {
    const lifecycle = await readJson<Lifecycle>('lifecycle/screenos.json');
    assert.deepEqual(lifecycle.trains.map((t) => [t.train, t.end_of_support]), [
      ['5.4.0', '2013-12-31'],
      ['6.0.0', '2011-04-19'],
      ['6.1.0', '2012-01-28'],
      ['6.2.0', '2013-12-31'],
      ['6.3.0', null],
    ]);
  });

  it('gives no hardware date that no source states', async () => {
    const lifecycle = await readJson<Lifecycle>('lifecycle/screenos.json');
    assert.ok(lifecycle.hardware.some((h) => h.model === 'SSG-5'));
    assert.deepEqual(lifecycle.hardware.filter((h) => h.end_of_support !== null), []);
  });
});

describe('advisories/kev/known_exploited_vulnerabilities.json', () => {
  const REQUIRED = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate'];

  it("keeps CISA's format: the top-level fields, a count that matches, and each entry's required fields", async () => {
    const kev = await readJson<KevCatalog>('kev/known_exploited_vulnerabilities.json');
    assert.deepEqual(Object.keys(kev), ['title', 'catalogVersion', 'dateReleased', 'count', 'vulnerabilities']);
    assert.equal(kev.title, 'CISA Catalog of Known Exploited Vulnerabilities');
    assert.equal(kev.count, kev.vulnerabilities.length);
    assert.ok(!Number.isNaN(Date.parse(kev.dateReleased)));
    for (const entry of kev.vulnerabilities) {
      for (const field of REQUIRED) assert.equal(typeof entry[field], 'string', `${String(entry.cveID)}.${field}`);
      assert.match(String(entry.cveID), /^CVE-\d{4}-\d{4,19}$/);
      assert.match(String(entry.dateAdded), ISO_DATE);
      assert.match(String(entry.dueDate), ISO_DATE);
      assert.equal(entry.vendorProject, 'Juniper');
    }
  });

  it('lists CVE-2015-7755 for ScreenOS, added 2025-10-02 and due 2025-10-23 (NVD cisaExploitAdd and cisaActionDue)', async () => {
    const kev = await readJson<KevCatalog>('kev/known_exploited_vulnerabilities.json');
    const entry = kev.vulnerabilities.find((v) => v.cveID === 'CVE-2015-7755');
    assert.ok(entry);
    assert.deepEqual([entry.product, entry.dateAdded, entry.dueDate, entry.vulnerabilityName], ['ScreenOS', '2025-10-02', '2025-10-23', 'Juniper ScreenOS Improper Authentication Vulnerability']);
  });

  it('agrees with the bulletins: a CVE has a KEV date in advisories/ exactly when the snapshot lists it, with the same date', async () => {
    const kev = await readJson<KevCatalog>('kev/known_exploited_vulnerabilities.json');
    const listed = new Map(kev.vulnerabilities.map((v) => [String(v.cveID), String(v.dateAdded)]));
    const { advisories } = await loadAdvisories(ADVISORIES);
    for (const v of advisories.flatMap((a) => a.vulnerabilities)) {
      assert.equal(v.kev?.date_added ?? null, listed.get(v.id) ?? null, v.id);
    }
  });
});
