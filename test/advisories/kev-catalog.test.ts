import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatKevProblem, KEV_MAX_ENTRIES, parseKevCatalog, readKevCatalog, type KevReading } from '../../src/domain/advisories/kev-catalog.ts';
import { KevRegistry } from '../../src/domain/advisories/kev-registry.ts';
import { fullSizeCatalog, kevCatalog, kevEntry, shippedSnapshot, type KevJsonEntry } from '../fakes/fake-kev-feed.ts';

function read(raw: unknown): Extract<KevReading, { ok: true }> {
  const reading = readKevCatalog(raw);
  assert.ok(reading.ok, reading.ok ? '' : reading.error);
  return reading;
}

function refusal(raw: unknown): string {
  const reading = readKevCatalog(raw);
  assert.ok(!reading.ok, 'the document was accepted');
  return reading.error;
}

describe('reading a KEV catalog in CISA’s format', () => {
  it('reads the shipped snapshot whole: eight Juniper entries, CVE-2015-7755 among them with its dates', () => {
    const { catalog, problems, skipped } = read(shippedSnapshot());
    assert.deepEqual([problems, skipped], [[], 0]);
    assert.equal(catalog.catalogVersion, '2025.08.25');
    assert.equal(catalog.vulnerabilities.length, 8);
    const entry = catalog.vulnerabilities.find((e) => e.cveID === 'CVE-2015-7755');
    assert.deepEqual([entry?.dateAdded, entry?.dueDate, entry?.cwes, entry?.knownRansomwareCampaignUse], ['2025-10-02', '2025-10-23', ['CWE-287'], null]);
  });

  it('reads a catalog the size of CISA’s whole one', () => {
    const { catalog, skipped } = read(fullSizeCatalog());
    assert.equal(catalog.vulnerabilities.length, 1_508);
    assert.equal(skipped, 0);
  });

  it('leaves out a bad entry and says which and why, keeping the good ones', () => {
    const { catalog, problems, skipped } = read(
      kevCatalog([
        kevEntry('CVE-2099-0001'),
        kevEntry('CVE-2099-0002', { dueDate: '2026-02-30' }),
        kevEntry('CVE-2099-0003', { vulnerabilityName: 42 }),
        kevEntry('not-a-cve'),
        'a string' as unknown as KevJsonEntry,
        kevEntry('CVE-2099-0001', { dateAdded: '2027-01-01' }),
        kevEntry('CVE-2099-0004', { cwes: 'CWE-287' }),
      ]),
    );
    assert.deepEqual(catalog.vulnerabilities.map((e) => e.cveID), ['CVE-2099-0001']);
    assert.equal(catalog.vulnerabilities[0]?.dateAdded, '2026-11-20', 'the first entry for a CVE is kept');
    assert.equal(skipped, 6);
    assert.deepEqual(problems.map(formatKevProblem), [
      'vulnerabilities[1] (CVE-2099-0002): dueDate: “2026-02-30” is not a date (YYYY-MM-DD)',
      'vulnerabilities[2] (CVE-2099-0003): vulnerabilityName: is number, not a text',
      'vulnerabilities[3] (not-a-cve): cveID: “not-a-cve” is not a CVE id',
      'vulnerabilities[4]: is not an object',
      'vulnerabilities[5] (CVE-2099-0001): CVE-2099-0001 is listed twice; the first entry is kept',
      'vulnerabilities[6] (CVE-2099-0004): cwes: is not a list',
    ]);
  });

  it('accepts entries without the optional fields, and notes a count that does not match the entries', () => {
    const entry = kevEntry('CVE-2099-0001');
    delete entry.knownRansomwareCampaignUse;
    delete entry.notes;
    delete entry.cwes;
    const { catalog, problems, skipped } = read({ ...kevCatalog([entry]), count: 3 });
    assert.deepEqual(catalog.vulnerabilities.map((e) => [e.cveID, e.notes, e.cwes]), [['CVE-2099-0001', null, []]]);
    assert.equal(skipped, 0);
    assert.deepEqual(problems.map(formatKevProblem), ['count: says 3, but the catalog lists 1 entry']);
  });

  it('refuses a document that is not a catalog, naming every field at fault', () => {
    assert.match(refusal([]), /^is not a KEV catalog: expected an object with title, catalogVersion, dateReleased, count, vulnerabilities$/);
    assert.equal(
      refusal({ title: 'x', catalogVersion: 3, dateReleased: 'yesterday', vulnerabilities: {} }),
      'is not a KEV catalog: catalogVersion: is number, not a text; dateReleased: “yesterday” is not a date; count: missing; vulnerabilities: is object, not a list',
    );
  });

  it('refuses a catalog with no usable entry, so that the data in use stays', () => {
    assert.equal(refusal(kevCatalog([])), 'lists no vulnerabilities');
    assert.match(refusal(kevCatalog([kevEntry('CVE-2099-0001', { dueDate: null })])), /^its only entry is not usable \(vulnerabilities\[0\] \(CVE-2099-0001\): dueDate: is null, not a date/);
  });

  it('refuses a catalog listing more entries than it reads', () => {
    const many = { ...kevCatalog([]), vulnerabilities: new Array<unknown>(KEV_MAX_ENTRIES + 1).fill({}) };
    assert.match(refusal(many), /lists 100001 entries, more than the 100000 the bot reads/);
  });

  it('says where JSON breaks, by line and column', () => {
    const reading = parseKevCatalog('{\n  "title": "x",\n  }');
    assert.ok(!reading.ok);
    assert.match(reading.error, /^is not valid JSON at line 3, column 3: /);
  });

  it('cuts long values short in problems, so a line never carries a whole field of the feed', () => {
    const { problems } = read(kevCatalog([kevEntry('CVE-2099-0001'), kevEntry('CVE-2099-0002', { dateAdded: 'x'.repeat(500) })]));
    assert.equal(formatKevProblem(problems[0] ?? { where: '', reason: '' }), `vulnerabilities[1] (CVE-2099-0002): dateAdded: “${'x'.repeat(39)}…” is not a date (YYYY-MM-DD)`);
  });
});

describe('the KEV registry', () => {
  const vulnerability = (id: string, kev: { date_added: string } | null = null) => ({ id, name: 'x', summary: 'x', severity: [], cwes: [], kev, affected: [] });

  it('counts a CVE as known exploited when its bulletin says so or the KEV data lists it, CISA’s dates first', () => {
    const registry = new KevRegistry();
    assert.equal(registry.knownExploited(vulnerability('CVE-2099-0001')), null);
    assert.deepEqual(registry.knownExploited(vulnerability('CVE-2099-0001', { date_added: '2026-01-01' })), { dateAdded: '2026-01-01', dueDate: null, source: 'advisory' });
    registry.use(read(kevCatalog([kevEntry('CVE-2099-0001')])).catalog, { source: 'feed', location: 'http://127.0.0.1/kev.json', at: new Date('2026-11-20T00:00:00Z'), problems: [], skipped: 0 });
    assert.deepEqual(registry.knownExploited(vulnerability('cve-2099-0001', { date_added: '2026-01-01' })), { dateAdded: '2026-11-20', dueDate: '2026-12-11', source: 'kev' });
  });

  it('returns the listings new to it, and changes its revision only when a listing changes', () => {
    const registry = new KevRegistry();
    const origin = { source: 'feed' as const, location: 'http://127.0.0.1/kev.json', at: new Date('2026-11-20T00:00:00Z'), problems: [], skipped: 0 };
    assert.deepEqual(registry.use(read(kevCatalog([kevEntry('CVE-2099-0001')])).catalog, origin).map((e) => e.cveID), ['CVE-2099-0001']);
    const first = registry.revision;
    assert.deepEqual(registry.use(read(kevCatalog([kevEntry('CVE-2099-0001')], '2026.11.21')).catalog, origin), []);
    assert.equal(registry.revision, first, 'the same listings under a new catalog version');
    assert.deepEqual(registry.use(read(kevCatalog([kevEntry('CVE-2099-0001'), kevEntry('CVE-2099-0002')])).catalog, origin).map((e) => e.cveID), ['CVE-2099-0002']);
    assert.notEqual(registry.revision, first);
  });
});
