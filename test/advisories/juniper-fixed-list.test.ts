// Juniper's fixed lists ("…, 23.4R1*, and all subsequent releases.") and the per-platform fixes of
// JSA93446, as they add to an affected list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { laterTrains, platformReading, readFixedList, type FixedList, type PlatformReading } from '../../src/domain/advisories/juniper-fixed-list.ts';
import { readJuniperList, type JuniperListReading } from '../../src/domain/advisories/juniper-list.ts';
import type { RangeEvent } from '../../src/domain/advisories/types.ts';
import { formatJunos } from '../../src/domain/version/junos-version.ts';
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
    assert.equal(fixedList('21.2R3-S8*, 23.4R1').subsequent, false);
    assert.equal(fixedList('22,4R2-S2, 22.4R3').releases.map((r) => formatJunos(r.release)).join(', '), '22.4R2-S2, 22.4R3');
    assert.deepEqual(readFixedList('21.2R3-S7, soon'), { problem: 'cannot read “soon”' });
  });

  it('reads "20.1R2 and all subsequent releases" without the comma (JSA11021), X lines included', () => {
    const list = fixedList(FIXED['CVE-2020-1631']);
    assert.equal(list.subsequent, true);
    assert.equal(list.releases.length, 28);
    assert.deepEqual(list.releases.slice(0, 2).map((r) => formatJunos(r.release)), ['12.3R12-S16', '12.3X48-D101']);
    assert.deepEqual(list.releases.slice(-2).map((r) => formatJunos(r.release)), ['20.1R1-S1', '20.1R2']);
    assert.deepEqual(readFixedList('20.1R2 and all subsequent'), { problem: 'cannot read “20.1R2 and all subsequent”' });
  });

  it('starts "and later" at the highest train the fixed list names when the affected list does not: 23.4R1 gives "23.4 and later" (JSA72300)', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36845']), fixedList(FIXED['CVE-2023-36845'])), '23.4 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36844']), fixedList(FIXED['CVE-2023-36844'])), '23.4 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36851']), fixedList(FIXED['CVE-2023-36851'])), '23.4 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2025-21590']), fixedList(FIXED['CVE-2025-21590'])), '24.4 and later');
  });

  it('gives "23.2 and later" where a fixed list ends at 23.2R1 past an affected list that stops at 22.4 (CVE-2023-36846, CVE-2023-36847, JSA73150)', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36846']), fixedList(FIXED['CVE-2023-36846'])), '23.2 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36847']), fixedList(FIXED['CVE-2023-36847'])), '23.2 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-44186']), fixedList(FIXED['CVE-2023-44186'])), '23.2 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-44186 (Evolved)']), fixedList(FIXED['CVE-2023-44186 (Evolved)'])), '23.2 and later');
  });

  it('starts at the next train when the affected list names the highest one: 20.1 has its own line, so "20.2 and later" (JSA11021)', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2020-1631']), fixedList(FIXED['CVE-2020-1631'])), '20.2 and later');
    // The next train is MINOR + 1 and compares as numbers: "10.5 and later" reaches 11.1, the train after 10.4.
    assert.equal(laterTrains(read('10.4 versions prior to 10.4R16'), fixedList('10.4R16, and all subsequent releases')), '10.5 and later');
  });

  it('leaves a train open that the fixed list enters above its first release: 23.2R1-S1 says nothing of 23.2R1', () => {
    // JSA75729's highest train, 23.4, opens at 23.4R1; its 23.2 fixes sit below it and stay an open question.
    assert.equal(laterTrains(read(AFFECTED['CVE-2024-21591']), fixedList(FIXED['CVE-2024-21591'])), '23.4 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2024-21591']), fixedList('22.4R3, 23.2R1-S1, and all subsequent releases')), '23.3 and later');
  });

  it('never reaches back into the affected list, and gives nothing without "and all subsequent releases"', () => {
    assert.equal(laterTrains(read(AFFECTED['CVE-2025-21590']), fixedList('22.2R3-S6, 22.4R1, and all subsequent releases')), '24.3 and later');
    assert.equal(laterTrains(read(AFFECTED['CVE-2023-36851']), fixedList('21.2R3-S8*, 23.4R1')), null);
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
