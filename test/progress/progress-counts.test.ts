import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { viewForBulletin } from '../../src/domain/fleet/fleet-audit.ts';
import { countNow, countProgress } from '../../src/domain/progress/progress-counts.ts';
import type { ProgressCount } from '../../src/domain/progress/progress-counts.ts';
import { ADMIN, catalog, device, inventoryRig } from '../helpers/inventory-fixtures.ts';

const byKey = (a: ProgressCount, b: ProgressCount): number => `${a.advisory} ${a.site} ${a.status}`.localeCompare(`${b.advisory} ${b.site} ${b.status}`);

describe('counting devices for the progress history', () => {
  it('counts each site’s devices by status against every bulletin, and against each bulletin alone', async () => {
    const rig = await inventoryRig([
      device('fw1', '6.3.0r19'),
      device('fw2', '6.3.0r21'), // patched for JSA10713, still exposed to JSA10733
      device('fw3', '6.3.0r26', { site: 'Frankfurt' }),
      device('fw4', 'unknown'),
    ]);
    await rig.inventory.setState('fw1', 'acknowledged', ADMIN, null, 'booked');
    const counts = countProgress(await rig.inventory.view(), ['JSA10713']);
    assert.deepEqual([...counts].sort(byKey), [
      { advisory: '*', site: 'amsterdam', status: 'acknowledged', devices: 1 },
      { advisory: '*', site: 'amsterdam', status: 'unknown', devices: 1 },
      { advisory: '*', site: 'amsterdam', status: 'unpatched', devices: 1 },
      { advisory: '*', site: 'frankfurt', status: 'not_affected', devices: 1 },
      { advisory: 'JSA10713', site: 'amsterdam', status: 'acknowledged', devices: 1 },
      { advisory: 'JSA10713', site: 'amsterdam', status: 'not_affected', devices: 1 },
      { advisory: 'JSA10713', site: 'amsterdam', status: 'unknown', devices: 1 },
      { advisory: 'JSA10713', site: 'frankfurt', status: 'not_affected', devices: 1 },
    ]);
  });

  it('agrees with devices advisory=… for every loaded bulletin, site by site, on a mixed fleet', async () => {
    const versions = ['6.3.0r19', '6.3.0r21', '6.2.0r16', '6.3.0r12b', '6.3.0r26', '6.3.0r13-dnd1', '6.1.0r7', 'unknown', '6.3.0'];
    const sites = ['Amsterdam', 'AMSTERDAM', 'New York', 'São Paulo'];
    const rig = await inventoryRig(
      Array.from({ length: 72 }, (_, i) => device(`fw${i}`, versions[i % versions.length] ?? '6.3.0r19', { site: sites[i % sites.length] ?? 'Lab' })),
    );
    await rig.inventory.setState('fw0', 'snoozed', ADMIN, new Date('2026-12-01T00:00:00Z'), null);
    const views = await rig.inventory.view();
    const ids = catalog.advisories.map((a) => a.id);
    const counts = countProgress(views, ids);
    for (const id of ids) {
      for (const site of ['amsterdam', 'new york', 'são paulo']) {
        const expected: Record<string, number> = {};
        for (const view of views.filter((v) => v.finding.device.site.toLowerCase() === site).map((v) => viewForBulletin(v, id)))
          expected[view.status] = (expected[view.status] ?? 0) + 1;
        const recorded = Object.fromEntries(counts.filter((c) => c.advisory === id && c.site === site).map((c) => [c.status, c.devices]));
        assert.deepEqual(recorded, expected, `${id} at ${site}`);
        assert.deepEqual(countNow(views, id, site.toUpperCase()), expected, `${id} at ${site}, counted now`);
      }
    }
    assert.equal(
      counts.filter((c) => c.advisory === '*').reduce((n, c) => n + c.devices, 0),
      72,
      'every device once against every bulletin together',
    );
  });
});
