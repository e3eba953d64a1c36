import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditCsv, auditExitStatus, auditRows, auditViews, csvCell, type AuditRow } from '../../src/domain/fleet/audit-export.ts';
import { auditFleet } from '../../src/domain/fleet/fleet-audit.ts';
import type { DeviceState } from '../../src/infrastructure/store/store.ts';
import { catalog, device } from '../helpers/inventory-fixtures.ts';
import { readRfc4180 } from '../helpers/rfc4180.ts';

const NOW = new Date('2026-11-26T09:00:00Z');

function rowsOf(devices: Parameters<typeof auditFleet>[0], states: Map<string, DeviceState> = new Map(), advisoryId?: string): AuditRow[] {
  return auditRows(auditViews(auditFleet(devices, catalog), states, NOW, advisoryId), advisoryId);
}

void describe('a CSV cell', () => {
  void it('neutralises a cell a spreadsheet would take for a formula, with a leading quote', () => {
    const cases: [string, string][] = [
      ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
      ['+41 44 668 18 00', `"'+41 44 668 18 00"`],
      ['-2+3', `"'-2+3"`],
      ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
      ['\t=1+1', `"'\t=1+1"`],
      ['\r=1+1', `"'\r=1+1"`],
    ];
    for (const [text, cell] of cases) assert.equal(csvCell(text), cell, JSON.stringify(text));
  });

  void it('leaves other text alone, and quotes only a cell with a comma, a quote or a line break', () => {
    const cases: [string, string][] = [
      ['Amsterdam', 'Amsterdam'],
      ['', ''],
      ['x=1', 'x=1'],
      ['netops@example.com', 'netops@example.com'],
      ['New York, NY', '"New York, NY"'],
      ['19" rack', '"19"" rack"'],
      ['two\nlines', '"two\nlines"'],
    ];
    for (const [text, cell] of cases) assert.equal(csvCell(text), cell, JSON.stringify(text));
  });
});

void describe('the audit export as CSV', () => {
  void it('is RFC 4180 behind a byte order mark, a header then one record a device, every text cell readable back', () => {
    const devices = [
      device('fw-1', '6.3.0r19', { site: '=cmd|"/c calc"!A1', owner: '@nyc-netops' }),
      device('fw-2', '6.3.0r26', { site: 'New York, NY', owner: 'netops "night" shift' }),
    ];
    const csv = auditCsv(rowsOf(devices), false);
    assert.ok(csv.startsWith('\uFEFF'));
    const [header, ...records] = readRfc4180(csv.slice(1));
    assert.deepEqual(header, [
      'name',
      'site',
      'owner',
      'product',
      'version',
      'status',
      'cves',
      'upgrade_target',
      'state',
      'state_until',
      'state_reason',
      'note',
    ]);
    assert.equal(records.length, 2);
    const byName = new Map(records.map((r) => [r[0], r]));
    assert.deepEqual(byName.get('fw-1')?.slice(0, 6), ['fw-1', `'=cmd|"/c calc"!A1`, `'@nyc-netops`, 'ScreenOS', '6.3.0r19', 'unpatched']);
    assert.match(byName.get('fw-1')?.[6] ?? '', /^CVE-2015-7755 /);
    assert.equal(byName.get('fw-1')?.[7], '6.3.0r26');
    assert.deepEqual(byName.get('fw-2')?.slice(1, 3), ['New York, NY', 'netops "night" shift']);
    for (const record of records) for (const cell of record) assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell ${JSON.stringify(cell)} would start a formula`);
  });

  void it('puts a state and its reason in, neutralised too, and a bulletin’s own fix for an export about one bulletin', () => {
    const states = new Map<string, DeviceState>([
      [
        'fw-1',
        {
          device: 'fw-1',
          kind: 'snoozed',
          until: new Date('2026-12-01T00:00:00Z'),
          reason: '-waiting for the change window',
          actor: 'slack:UADMIN',
          changedAt: NOW,
        },
      ],
    ]);
    const [header, record] = readRfc4180(auditCsv(rowsOf([device('fw-1', '6.3.0r19')], states, 'JSA10713'), true).slice(1));
    const cell = (name: string): string | undefined => record?.[header?.indexOf(name) ?? -1];
    assert.equal(cell('status'), 'snoozed');
    assert.equal(cell('cves'), 'CVE-2015-7755 CVE-2015-7756');
    assert.equal(cell('advisory_fix'), '6.3.0r19b');
    assert.equal(cell('upgrade_target'), '6.3.0r26');
    assert.equal(cell('state'), 'snoozed');
    assert.equal(cell('state_until'), '2026-12-01T00:00:00.000Z');
    assert.equal(cell('state_reason'), "'-waiting for the change window");
  });
});

void describe('the exit status of an audit', () => {
  void it('is 1 for an unpatched device, 2 for an unknown one or a rejected row, 0 when every affected device is in hand', () => {
    const acked = new Map<string, DeviceState>([
      ['fw-1', { device: 'fw-1', kind: 'acknowledged', until: null, reason: null, actor: 'console:console', changedAt: NOW }],
    ]);
    const unknown = device('fw-odd', 'unknown', { versionProblem: 'version “unknown” cannot be read: check it by hand' });
    assert.equal(auditExitStatus(rowsOf([device('fw-1', '6.3.0r19'), unknown]), 0), 1);
    assert.equal(auditExitStatus(rowsOf([device('fw-1', '6.3.0r19'), device('fw-2', '6.3.0r26')], acked), 0), 0);
    assert.equal(auditExitStatus(rowsOf([device('fw-1', '6.3.0r19'), unknown], acked), 0), 2);
    assert.equal(auditExitStatus(rowsOf([device('fw-2', '6.3.0r26')]), 1), 2);
    assert.equal(auditExitStatus(rowsOf([device('fw-2', '6.3.0r21')], new Map(), 'JSA10713'), 0), 0, '6.3.0r21 is patched for JSA10713');
    assert.equal(auditExitStatus(rowsOf([device('fw-2', '6.3.0r21')]), 0), 1, 'but not for every bulletin');
  });
});
