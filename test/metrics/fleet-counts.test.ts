import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditFleet } from '../../src/domain/fleet/fleet-audit.ts';
import { countFleet, OTHER_SITES } from '../../src/features/metrics/fleet-counts.ts';
import type { DeviceState } from '../../src/infrastructure/store/store.ts';
import { catalog, device } from '../helpers/inventory-fixtures.ts';

const NOW = new Date('2026-11-26T09:00:00Z');
const IDS = catalog.advisories.map((a) => a.id);
const ZERO = { unpatched: 0, acknowledged: 0, snoozed: 0, accepted: 0, unknown: 0, not_affected: 0 };

function state(name: string, kind: DeviceState['kind'], until: Date | null = null): [string, DeviceState] {
  return [name.toLowerCase(), { device: name, kind, until, reason: null, actor: 'slack:UADMIN', changedAt: new Date('2026-11-20T09:00:00Z') }];
}

void describe('counting the fleet for /metrics', () => {
  void it('counts 6.3.0r21 as patched for JSA10713 but unpatched across every bulletin, as devices advisory=JSA10713 does', () => {
    const findings = auditFleet(
      [
        device('fw-r19', '6.3.0r19'),
        device('fw-r21', '6.3.0r21'),
        device('fw-r26', '6.3.0r26'),
        device('fw-odd', 'unknown', { versionProblem: 'version “unknown” cannot be read: check it by hand' }),
      ],
      catalog,
    );
    const counts = countFleet(findings, new Map(), IDS, NOW);
    assert.deepEqual(counts.fleet, { ...ZERO, unpatched: 2, unknown: 1, not_affected: 1 });
    assert.deepEqual(counts.byAdvisory.get('JSA10713'), { ...ZERO, unpatched: 1, unknown: 1, not_affected: 2 });
    assert.equal(counts.byAdvisory.get('JSA10733')?.unpatched, 2);
    assert.deepEqual([...counts.byAdvisory.keys()], IDS);
  });

  void it('counts an acknowledged device as acknowledged where a bulletin affects it, and a lapsed snooze as unpatched again', () => {
    const findings = auditFleet(
      [device('fw-acked', '6.3.0r19'), device('fw-snoozed', '6.3.0r19'), device('fw-lapsed', '6.3.0r19'), device('FW-Clear', '6.3.0r26')],
      catalog,
    );
    const states = new Map([
      state('fw-acked', 'acknowledged'),
      state('fw-snoozed', 'snoozed', new Date('2026-12-01T00:00:00Z')),
      state('fw-lapsed', 'snoozed', new Date('2026-11-25T00:00:00Z')),
      state('FW-Clear', 'accepted', new Date('2027-01-01T00:00:00Z')),
    ]);
    const counts = countFleet(findings, states, IDS, NOW);
    assert.deepEqual(counts.fleet, { ...ZERO, unpatched: 1, acknowledged: 1, snoozed: 1, not_affected: 1 });
    assert.deepEqual(counts.byAdvisory.get('JSA10713'), { ...ZERO, unpatched: 1, acknowledged: 1, snoozed: 1, not_affected: 1 });
  });

  void it('keeps series for the largest sites only and sums the rest under “(other sites)”, so the totals still add up', () => {
    const devices = [
      ...['a1', 'a2', 'a3'].map((n) => device(n, '6.3.0r19', { site: 'Amsterdam' })),
      ...['f1', 'f2'].map((n) => device(n, '6.3.0r26', { site: 'Frankfurt' })),
      device('n1', '6.3.0r19', { site: 'New York' }),
      device('s1', '6.3.0r21', { site: 'Singapore' }),
    ];
    const counts = countFleet(auditFleet(devices, catalog), new Map(), IDS, NOW, 2);
    assert.deepEqual([...counts.bySite.keys()], ['Amsterdam', 'Frankfurt', OTHER_SITES]);
    assert.deepEqual(counts.bySite.get(OTHER_SITES)?.get('JSA10713'), { ...ZERO, unpatched: 1, not_affected: 1 });
    for (const id of IDS) {
      const total = { ...ZERO };
      for (const bySite of counts.bySite.values()) for (const [status, n] of Object.entries(bySite.get(id) ?? {})) total[status as keyof typeof ZERO] += n;
      assert.deepEqual(total, counts.byAdvisory.get(id), id);
    }
  });

  void it('breaks a tie between sites of one size by name, so the same sites keep their series from scrape to scrape', () => {
    const devices = ['Zurich', 'Berlin', 'Oslo'].map((site, i) => device(`fw-${i}`, '6.3.0r19', { site }));
    assert.deepEqual([...countFleet(auditFleet(devices, catalog), new Map(), IDS, NOW, 2).bySite.keys()], ['Berlin', 'Oslo', OTHER_SITES]);
    assert.deepEqual([...countFleet(auditFleet([...devices].reverse(), catalog), new Map(), IDS, NOW, 2).bySite.keys()], ['Berlin', 'Oslo', OTHER_SITES]);
  });

  void it('adds no “(other sites)” series while every site fits', () => {
    const counts = countFleet(auditFleet([device('a', '6.3.0r19', { site: 'Amsterdam' })], catalog), new Map(), IDS, NOW, 2);
    assert.deepEqual([...counts.bySite.keys()], ['Amsterdam']);
  });
});
