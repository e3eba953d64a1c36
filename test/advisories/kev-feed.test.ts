import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KevEntry } from '../../src/domain/advisories/kev-catalog.ts';
import { KevFeed, KEV_SNAPSHOT_PATH, loadKevSnapshot, type KevFeedOptions } from '../../src/features/catalog/kev-feed.ts';
import { KevRegistry } from '../../src/domain/advisories/kev-registry.ts';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { FakeKevFeed, fullSizeCatalog, kevCatalog, kevEntry, shippedSnapshot } from '../fakes/fake-kev-feed.ts';
import { LogLines } from '../helpers/log-lines.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

const SHIPPED = path.join(PROJECT_ROOT, 'advisories', KEV_SNAPSHOT_PATH);

async function shippedRegistry(): Promise<KevRegistry> {
  const registry = new KevRegistry();
  await loadKevSnapshot(SHIPPED, registry, silentLogger);
  return registry;
}

describe('the KEV feed', () => {
  let fake: FakeKevFeed;
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const feeds: KevFeed[] = [];
  const feed = (registry: KevRegistry, options: Partial<KevFeedOptions> = {}): KevFeed => {
    const created = new KevFeed({ registry, url: fake.url, refreshMs: 24 * 3_600_000, clock, log: silentLogger, ...options });
    feeds.push(created);
    return created;
  };

  before(async () => {
    fake = await new FakeKevFeed().start();
  });
  after(async () => {
    for (const f of feeds) await f.stop();
    await fake.stop();
  });

  it('takes CISA’s whole catalog from the URL and hands its listeners the listings the snapshot lacked', async () => {
    const registry = await shippedRegistry();
    const heard: (readonly KevEntry[])[] = [];
    const kev = feed(registry);
    kev.onUpdate((added) => {
      heard.push(added);
      return Promise.resolve();
    });
    fake.answer = { kind: 'json', body: fullSizeCatalog([kevEntry('CVE-2015-7756')]) };
    const outcome = await kev.refresh();
    assert.equal(outcome.kind, 'updated');
    assert.equal(heard.length, 1);
    assert.equal(heard[0]?.length, 1_501, 'the 1,500 other entries and CVE-2015-7756');
    assert.ok(heard[0]?.some((e) => e.cveID === 'CVE-2015-7756'));
    assert.equal(registry.lookup('CVE-2015-7756')?.dueDate, '2026-12-11');
    const status = registry.status();
    assert.deepEqual([status.source, status.entries, status.lastSuccessAt, status.lastError], ['feed', 1_509, clock.now(), null]);
    assert.equal(status.location, `http://127.0.0.1:${fake.port}/feeds/known_exploited_vulnerabilities.json`, 'shown without its query, which may carry a key');

    assert.deepEqual(await kev.refresh(), { kind: 'updated', added: [] });
    assert.equal(heard.length, 1, 'a refresh that adds nothing tells nobody');
  });

  it('keeps the last good data when the feed answers 503, sends broken JSON or something that is not a catalog, and records why', async () => {
    const registry = await shippedRegistry();
    const kev = feed(registry);
    fake.answer = { kind: 'json', body: kevCatalog([...shippedSnapshot().vulnerabilities, kevEntry('CVE-2015-7756')], '2026.11.20') };
    await kev.refresh();
    const goodAt = clock.now();
    for (const [answer, error] of [
      [{ kind: 'status', status: 503 }, /^HTTP 503$/],
      [{ kind: 'text', body: '{"title": "CISA Catalog of Known Exploited Vulnerabilities", "vulnerabilities": [' }, /^the catalog is not valid JSON: Unexpected end of JSON input$/],
      [{ kind: 'json', body: { vulnerabilities: 'none' } }, /^the catalog is not a KEV catalog: title: missing; catalogVersion: missing; dateReleased: missing; count: missing; vulnerabilities: is string, not a list$/],
      [{ kind: 'json', body: kevCatalog([]) }, /^the catalog lists no vulnerabilities$/],
    ] as const) {
      await clock.advance(3_600_000);
      fake.answer = answer;
      const outcome = await kev.refresh();
      assert.equal(outcome.kind, 'failed');
      const status = registry.status();
      assert.match(status.lastError ?? '', error);
      assert.deepEqual([status.source, status.catalogVersion, status.lastSuccessAt, status.lastAttemptAt], ['feed', '2026.11.20', goodAt, clock.now()]);
      assert.equal(registry.lookup('CVE-2015-7756')?.dateAdded, '2026-11-20', 'the last good listing stays in use');
    }
  });

  it('gives up on a feed that never answers, or stalls in the middle of the body, after its timeout', async () => {
    const registry = await shippedRegistry();
    const kev = feed(registry, { timeoutMs: 150 });
    for (const kind of ['hang', 'stall'] as const) {
      fake.answer = { kind };
      const refreshing = kev.refresh();
      await fake.whenRequested(fake.requests + 1);
      await clock.advance(150);
      assert.deepEqual(await refreshing, { kind: 'failed', error: 'no complete answer within 150 ms' }, kind);
      assert.deepEqual([registry.status().source, registry.status().catalogVersion], ['snapshot', '2025.08.25']);
    }
  });

  it('refuses a catalog larger than its byte limit', async () => {
    const registry = await shippedRegistry();
    const kev = feed(registry, { maxBytes: 64 * 1024 });
    fake.answer = { kind: 'json', body: fullSizeCatalog() };
    assert.deepEqual(await kev.refresh(), { kind: 'failed', error: 'the catalog is larger than 0.1 MiB, the most the bot reads' });
    assert.equal(registry.status().source, 'snapshot');
  });

  it('abandons a download in progress when stopped, without recording a failure', async () => {
    const registry = await shippedRegistry();
    const kev = feed(registry, { timeoutMs: 60_000 });
    fake.answer = { kind: 'hang' };
    const before = fake.requests;
    const refreshing = kev.refresh();
    await fake.whenRequested(before + 1);
    await kev.stop();
    assert.deepEqual(await refreshing, { kind: 'stopped' });
    assert.equal(registry.status().lastError, null);
    assert.deepEqual(await kev.refresh(), { kind: 'stopped' });
  });

  it('refreshes again on its schedule until stopped', async () => {
    const registry = await shippedRegistry();
    fake.answer = { kind: 'json', body: shippedSnapshot() };
    const before = fake.requests;
    const log = new LogLines();
    const kev = feed(registry, { refreshMs: 3_600_000, log: createLogger({ level: 'info', write: log.write }) });
    kev.start();
    // Each refresh ends with this line; only then is the clock moved on to the next one.
    const refreshed = (count: number): Promise<unknown> => log.waitFor((l) => l.message === 'KEV catalog refreshed', count);
    await refreshed(1);
    await clock.advance(3_600_000);
    await refreshed(2);
    await clock.advance(3_600_000);
    await refreshed(3);
    await kev.stop();
    await clock.advance(3_600_000);
    assert.equal(fake.requests, before + 3, 'once at start, then once an hour, and not after the stop');
    assert.equal(registry.status().source, 'feed');
  });

  it('does nothing without a URL: the snapshot stays in use', async () => {
    const registry = await shippedRegistry();
    const before = fake.requests;
    const kev = feed(registry, { url: null });
    kev.start();
    assert.deepEqual(await kev.refresh(), { kind: 'off' });
    assert.equal(fake.requests, before);
    assert.deepEqual([registry.status().source, registry.status().lastError], ['snapshot', null]);
  });
});

describe('the KEV snapshot', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-kev-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is reported, not thrown, when it is broken: the file, the line, and why; nothing is listed from it', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "title": "CISA Catalog of Known Exploited Vulnerabilities",\n  "count": 8,,\n}');
    const lines: string[] = [];
    const registry = new KevRegistry();
    await loadKevSnapshot(file, registry, createLogger({ level: 'info', write: (line) => lines.push(line) }));
    const status = registry.status();
    assert.equal(status.source, 'none');
    assert.match(status.lastError ?? '', new RegExp(`^KEV snapshot ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON at line 3, column 14: `));
    assert.equal(registry.lookup('CVE-2015-7755'), undefined);
    assert.ok(lines.some((line) => line.includes('"level":"warn"') && line.includes('KEV snapshot not loaded')), lines.join('\n'));
  });

  it('leaves out a bad entry of the snapshot and keeps the rest, counting what it left out', async () => {
    const file = path.join(dir, 'one-bad-entry.json');
    const snapshot = shippedSnapshot();
    snapshot.vulnerabilities.push(kevEntry('CVE-2015-7756', { dueDate: 'soon' }));
    snapshot.count++;
    await writeFile(file, JSON.stringify(snapshot));
    const registry = new KevRegistry();
    await loadKevSnapshot(file, registry, silentLogger);
    const status = registry.status();
    assert.deepEqual([status.source, status.entries, status.skipped, status.problems], ['snapshot', 8, 1, ['vulnerabilities[8] (CVE-2015-7756): dueDate: “soon” is not a date (YYYY-MM-DD)']]);
    assert.equal(registry.lookup('CVE-2015-7756'), undefined);
  });

  it('is said to be missing when there is none, without a warning', async () => {
    const lines: string[] = [];
    const registry = new KevRegistry();
    await loadKevSnapshot(path.join(dir, 'absent.json'), registry, createLogger({ level: 'warn', write: (line) => lines.push(line) }));
    assert.match(registry.status().lastError ?? '', /absent\.json does not exist$/);
    assert.deepEqual(lines, []);
  });
});
