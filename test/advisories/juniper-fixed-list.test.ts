// Juniper's fixed lists ("…, 23.4R1*, and all subsequent releases.") and the per-platform fixes of
// JSA93446, as they add to an affected list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { laterTrains, platformReading, readFixedList, type FixedList, type PlatformReading } from '../../src/advisories/juniper-fixed-list.ts';
import { readJuniperList, type JuniperListReading } from '../../src/advisories/juniper-list.ts';
import type { RangeEvent } from '../../src/advisories/types.ts';
import { formatJunos } from '../../src/version/junos-version.ts';
import { AFFECTED, FIXED, JSA93446_PLATFORM_FIXES } from '../helpers/juniper-lists.ts';

const i = (version: string): RangeEvent => ({ introduced: version });
const f = (version: string): RangeEvent => ({ fixed: version });
const last = (version: string): RangeEvent => ({ last_affected: version });

function read(statement: string): JuniperListReading {
  const result = readJuniperList(statement);
  assert.ok('reading' in result);
  return result.reading;
}

function fixedList(text: string): FixedList {
  const result = readFixedList(text);
  assert.ok(!('problem' in result), 'problem' in result ? result.problem : '');
  return result;
}

function forPlatform(onlyFixedIn: readonly string[]): PlatformReading {
  const result = platformReading(read(AFFECTED['CVE-2025-21590']), onlyFixedIn);
  assert.ok(!('problem' in result), 'problem' in result ? result.problem : '');
  return result;
}

describe('fixed lists', () => {
  it('reads the releases in order, Juniper’s * as not yet published, and "and all subsequent releases"', () => {
    const list = fixedList(FIXED['CVE-2023-36845']);
    assert.equal(list.subsequent, true);
    assert.deepEqual(list.releases.map((r) => `${formatJunos(r.release)}${r.pending ? '*' : ''}`), [
      '20.4R3-S9*', '21.2R3-S7*', '21.3R3-S5', '21.4R3-S5*', '22.1R3-S4*', '22.2R3-S2', '22.3R2-S2', '22.3R3-S1*', '22.4R2-S1', '22.4R3*', '23.2R1-S1', '23.2R2*', '23.4R1*',
    ]);
    assert.equal(fixedList(FIXED['CVE-2023-36851']).subsequent, false);
    assert.equal(fixedList('22,4R2-S2, 22.4R3').releases.map((r) => formatJunos(r.release)).join(', '), '22.4R2-S2, 22.4R3');
    assert.deepEqual(readFixedList('21.2R3-S7, soon'), { problem: 'cannot read “soon”' });
  });

  it('gives "23.4 and later" to JSA72300: 23.4R1 opens the first train past the list, and all later releases follow', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36845']), fixedList(FIXED['CVE-2023-36845'])), '23.4 and later');
  });

  it('skips a train past the list that the fixed list enters above its first release: 23.2R1-S1 leaves 23.2R1 open (JSA75729)', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2024-21591']), fixedList(FIXED['CVE-2024-21591'])), '23.4 and later');
    // The same for the JSA72300 CVEs whose lists stop at 22.4.
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36846']), fixedList(FIXED['CVE-2023-36845'])), '23.4 and later');
  });

  it('gives "24.4 and later" to JSA93446, and nothing to a list without "and all subsequent releases"', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2025-21590']), fixedList(FIXED['CVE-2025-21590'])), '24.4 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36851']), fixedList(FIXED['CVE-2023-36851'])), null);
  });
});

describe('JSA93446’s platforms whose fixes differ ("not fixed for all platforms in the releases specified")', () => {
  const [srx300, srx550hm, ex, acx] = JSA93446_PLATFORM_FIXES.map((p) => p.onlyFixedIn);

  it('SRX300 Series: its own 23.4 fix (S5, not S4), 24.4R1 opening the later trains, every other listed train unfixed', () => {
    const reading = forPlatform(srx300 ?? []);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('0'), f('21.2R3-S9')],
      [i('21.4R1')],
      [i('22.2R1')],
      [i('22.4R1')],
      [i('23.2R1')],
      [i('23.4R1'), f('23.4R2-S5')],
      [i('24.2R1')],
    ]);
    assert.deepEqual(reading.assessed, ['21.2 and earlier', '21.4', '22.2', '22.4', '23.2', '23.4', '24.2', '24.4 and later']);
  });

  it('SRX550HM: no 21.2 fix, so every release up to 21.2R3-S9 and every later 21.2 release is affected; fixed on 22.2 only', () => {
    const reading = forPlatform(srx550hm ?? []);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('0'), last('21.2R3-S9')],
      [i('21.2R1')],
      [i('21.4R1')],
      [i('22.2R1'), f('22.2R3-S7')],
      [i('22.4R1')],
      [i('23.2R1')],
      [i('23.4R1')],
      [i('24.2R1')],
    ]);
    assert.deepEqual(reading.assessed, ['21.2 and earlier', '21.4', '22.2', '22.4', '23.2', '23.4', '24.2']);
  });

  it('EX4300 and EX4600: fixed on 21.4 only, at 21.4R3-S11', () => {
    assert.deepEqual(forPlatform(ex ?? []).ranges.map((r) => r.events), [
      [i('0'), last('21.2R3-S9')],
      [i('21.2R1')],
      [i('21.4R1'), f('21.4R3-S11')],
      [i('22.2R1')],
      [i('22.4R1')],
      [i('23.2R1')],
      [i('23.4R1')],
      [i('24.2R1')],
    ]);
  });

  it('ACX1000 to ACX500 and MX104: fixed in 21.2R3-S9 like every platform, and on no later train', () => {
    const reading = forPlatform(acx ?? []);
    assert.deepEqual(reading.ranges.map((r) => r.events), [[i('0'), f('21.2R3-S9')], [i('21.4R1')], [i('22.2R1')], [i('22.4R1')], [i('23.2R1')], [i('23.4R1')], [i('24.2R1')]]);
    assert.deepEqual(reading.assessed, ['21.2 and earlier', '21.4', '22.2', '22.4', '23.2', '23.4', '24.2']);
  });

  it('refuses a platform fix it cannot place', () => {
    const general = read(AFFECTED['CVE-2025-21590']);
    assert.deepEqual(platformReading(general, ['22.3R3-S2']), { problem: '22.3R3-S2 is on a train the list does not name, and does not open it' });
    assert.deepEqual(platformReading(general, ['soon']), { problem: '“soon” is not a Junos release' });
  });
});
