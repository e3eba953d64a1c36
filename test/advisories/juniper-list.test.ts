// Juniper's affected lists (the reference's section 2 patterns and every list it quotes), read into the
// per-train events that advisories/README.md describes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readJuniperList, type JuniperListReading } from '../../src/domain/advisories/juniper-list.ts';
import type { RangeEvent } from '../../src/domain/advisories/types.ts';
import { AFFECTED } from '../helpers/juniper-lists.ts';

const i = (version: string): RangeEvent => ({ introduced: version });
const f = (version: string): RangeEvent => ({ fixed: version });

function read(statement: string): JuniperListReading {
  const result = readJuniperList(statement);
  assert.ok('reading' in result, 'problem' in result ? result.problem : '');
  return result.reading;
}

/** The events of each range, in list order. */
const events = (statement: string): RangeEvent[][] => read(statement).ranges.map((r) => [...r.events]);

function problemOf(statement: string): string {
  const result = readJuniperList(statement);
  assert.ok('problem' in result, `expected a problem for ${statement}`);
  return result.problem;
}

describe('the patterns of Juniper’s lists', () => {
  it('reads "All versions prior to F" as every release below F, whatever its train: introduced "0", "<train> and earlier"', () => {
    const reading = read('All versions prior to 20.4R3-S9.');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('0'), f('20.4R3-S9')] }]);
    assert.deepEqual(reading.assessed, ['20.4 and earlier']);
    assert.equal(reading.product, 'Junos OS');
  });

  it('reads "T versions prior to F" as one fix on the train, from its first release', () => {
    assert.deepEqual(events('21.4 versions prior to 21.4R3-S5'), [[i('21.4R1'), f('21.4R3-S5')]]);
  });

  it('reads "T versions prior to F1, F2" as one fix per R branch: 22.3R2-S2 fixed, 22.3R3 affected again until 22.3R3-S1', () => {
    assert.deepEqual(events('22.3 versions prior to 22.3R2-S2, 22.3R3-S1'), [[i('22.3R1'), f('22.3R2-S2'), i('22.3R3'), f('22.3R3-S1')]]);
  });

  it('drops the empty pair when the second fix is a plain R release: "22.4R2-S1, 22.4R3"', () => {
    assert.deepEqual(events('22.4 versions prior to 22.4R2-S1, 22.4R3'), [[i('22.4R1'), f('22.4R2-S1')]]);
  });

  it('keeps a whole R branch between two fixed branches affected, as Juniper’s per-train rule says', () => {
    // No quoted list has such a gap; the rule: a release whose R has no fix and is not above every fix's R is affected.
    assert.deepEqual(events('19.3 versions prior to 19.3R1-S4, 19.3R3-S1'), [[i('19.3R1'), f('19.3R1-S4'), i('19.3R2'), f('19.3R3-S1')]]);
  });

  it('reads "T versions TR1 and later" as the whole train, with no fix', () => {
    const reading = read('21.1 versions 21.1R1 and later');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('21.1R1')] }]);
    assert.deepEqual(reading.assessed, ['21.1']);
  });

  it('reads an R branch with no fix beside fixed ones: 18.4R2 never fixed, 18.4R3 fixed at 18.4R3-S2', () => {
    assert.deepEqual(events('18.4 versions prior to 18.4R1-S7, 18.4R3-S2 ; 18.4 version 18.4R2 and later versions'), [
      [i('18.4R1'), f('18.4R1-S7'), i('18.4R2'), f('18.4R3-S2')],
    ]);
  });

  it('opens the train again after its last fix when "and later" names a higher branch', () => {
    assert.deepEqual(events('19.2 versions prior to 19.2R1-S3; 19.2 version 19.2R3 and later versions'), [[i('19.2R1'), f('19.2R1-S3'), i('19.2R3')]]);
  });

  it('reads an X line from its bare train key, fixed from the lowest D: D numbers are one line', () => {
    const reading = read('12.3X48 versions prior to 12.3X48-D101, 12.3X48-D105');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('12.3X48'), f('12.3X48-D101')] }]);
    assert.deepEqual(reading.assessed, ['12.3X48']);
  });

  it('reads -EVO releases as Junos OS Evolved, by the same rules', () => {
    const reading = read('22.3 versions prior to 22.3R2-S2-EVO, 22.3R3-S1-EVO');
    assert.equal(reading.product, 'Junos OS Evolved');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('22.3R1-EVO'), f('22.3R2-S2-EVO'), i('22.3R3-EVO'), f('22.3R3-S1-EVO')] }]);
    assert.deepEqual(events('21.1 versions 21.1R1-EVO and later'), [[i('21.1R1-EVO')]]);
  });

  it('takes "before" and "earlier than" for "prior to", with or without "Junos OS" before a clause', () => {
    const expected = [[i('0'), f('20.4R3-S9')], [i('21.2R1'), f('21.2R3-S7')]];
    assert.deepEqual(events('All versions before 20.4R3-S9, 21.2 versions before 21.2R3-S7.'), expected);
    assert.deepEqual(events('Junos OS versions earlier than 20.4R3-S9; Junos OS 21.2 versions earlier than 21.2R3-S7.'), expected);
    assert.deepEqual(events('All versions prior to 20.4R3-S9; 21.2 versions prior to 21.2R3-S7.'), expected);
  });

  it('takes ";" and "," between clauses with stray spaces around them', () => {
    assert.deepEqual(events('  21.2 versions prior to 21.2R3-S7 ;21.3 versions prior to 21.3R3-S5 ,  21.4   versions prior to 21.4R3-S5 .'), [
      [i('21.2R1'), f('21.2R3-S7')],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f('21.4R3-S5')],
    ]);
  });

  it('reads Juniper’s "22,4R2-S2" as 22.4R2-S2, and says so', () => {
    const reading = read('22.4 versions prior to 22,4R2-S2, 22.4R3');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('22.4R1'), f('22.4R2-S2')] }]);
    assert.deepEqual(reading.corrections, ['read “22,4R2-S2” as 22.4R2-S2']);
  });

  it('takes a lower bound sentence as the first affected release of its train', () => {
    // The sentence is CVE-2021-31384's; the list it goes with is not quoted in the reference.
    const reading = read('20.4 versions prior to 20.4R2-S2, 20.4R3. This issue does not affect Juniper Networks Junos OS versions prior to 20.4R1.');
    assert.deepEqual(reading.ranges, [{ type: 'JUNOS', events: [i('20.4R1'), f('20.4R2-S2')] }]);
    assert.deepEqual(
      events('All versions prior to 20.4R2-S2. This issue does not affect Juniper Networks Junos OS versions prior to 20.4R2.'),
      [[i('20.4R2'), f('20.4R2-S2')]],
    );
  });

  it('refuses what it cannot read rather than guess', () => {
    assert.equal(problemOf('21.2 versions up to 21.2R3-S7'), 'cannot read “21.2 versions up to 21.2R3-S7”');
    assert.equal(problemOf('22.3 versions prior to 22.3R2-S2, 22.4R3'), '“22.4R3”: 22.4R3 is not on the 22.3 train');
    assert.equal(problemOf('22.3 versions prior to 22.3R2-S2-EVO; 22.4 versions prior to 22.4R3'), '22.4R3 mixes Junos OS and Junos OS Evolved releases');
    assert.equal(problemOf('21.2 versions prior to 21.2R3-S7.4'), '“21.2R3-S7.4” is not a Junos release');
    assert.equal(problemOf('Junos OS on SRX Series: All versions prior to 21.4R3-S5'), 'cannot read “on SRX Series: All versions prior to 21.4R3-S5”');
    assert.equal(problemOf(''), 'the list names no release');
    assert.match(problemOf('All versions prior to 21.2R3-S9. This issue does not affect Junos OS versions prior to 20.4R1.'), /spans several trains/);
  });
});

describe('every list the reference quotes', () => {
  it('CVE-2023-36844 (EX): 22.3 has one fix, 22.3R3-S1, so all of 22.3R2 is affected', () => {
    const reading = read(AFFECTED['CVE-2023-36844']);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('0'), f('20.4R3-S9')],
      [i('21.1R1')],
      [i('21.2R1'), f('21.2R3-S7')],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f('21.4R3-S5')],
      [i('22.1R1'), f('22.1R3-S4')],
      [i('22.2R1'), f('22.2R3-S2')],
      [i('22.3R1'), f('22.3R3-S1')],
      [i('22.4R1'), f('22.4R2-S2')],
      [i('23.2R1'), f('23.2R1-S1')],
    ]);
    assert.deepEqual(reading.assessed, ['20.4 and earlier', '21.1', '21.2', '21.3', '21.4', '22.1', '22.2', '22.3', '22.4', '23.2']);
  });

  it('CVE-2023-36845 (EX and SRX)', () => {
    assert.deepEqual(events(AFFECTED['CVE-2023-36845']), [
      [i('0'), f('20.4R3-S9')],
      [i('21.1R1')],
      [i('21.2R1'), f('21.2R3-S7')],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f('21.4R3-S5')],
      [i('22.1R1'), f('22.1R3-S4')],
      [i('22.2R1'), f('22.2R3-S2')],
      [i('22.3R1'), f('22.3R2-S2'), i('22.3R3'), f('22.3R3-S1')],
      [i('22.4R1'), f('22.4R2-S1')],
      [i('23.2R1'), f('23.2R1-S1')],
    ]);
  });

  it('CVE-2023-36846 (SRX) and CVE-2023-36847 (EX), with their lower fixes and no 23.2 line', () => {
    const shared = (fix204: string, fix212: string, fix214: string, fix221: string, fix222: string): RangeEvent[][] => [
      [i('0'), f(fix204)],
      [i('21.1R1')],
      [i('21.2R1'), f(fix212)],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f(fix214)],
      [i('22.1R1'), f(fix221)],
      [i('22.2R1'), f(fix222)],
      [i('22.3R1'), f('22.3R2-S2')],
      [i('22.4R1'), f('22.4R2-S1')],
    ];
    assert.deepEqual(events(AFFECTED['CVE-2023-36846']), shared('20.4R3-S8', '21.2R3-S6', '21.4R3-S5', '22.1R3-S3', '22.2R3-S2'));
    assert.deepEqual(events(AFFECTED['CVE-2023-36847']), shared('20.4R3-S8', '21.2R3-S6', '21.4R3-S4', '22.1R3-S3', '22.2R3-S1'));
    assert.deepEqual(read(AFFECTED['CVE-2023-36846']).assessed, ['20.4 and earlier', '21.1', '21.2', '21.3', '21.4', '22.1', '22.2', '22.3', '22.4']);
  });

  it('CVE-2023-36851 (SRX): no "All versions" line, no 21.1 or 21.3, the comma typo read past', () => {
    const reading = read(AFFECTED['CVE-2023-36851']);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('21.2R1'), f('21.2R3-S8')],
      [i('21.4R1'), f('21.4R3-S6')],
      [i('22.1R1'), f('22.1R3-S5')],
      [i('22.2R1'), f('22.2R3-S3')],
      [i('22.3R1'), f('22.3R3-S2')],
      [i('22.4R1'), f('22.4R2-S2')],
      [i('23.2R1'), f('23.2R1-S2')],
    ]);
    assert.deepEqual(reading.assessed, ['21.2', '21.4', '22.1', '22.2', '22.3', '22.4', '23.2']);
    assert.deepEqual(reading.corrections, ['read “22,4R2-S2” as 22.4R2-S2']);
  });

  it('CVE-2024-21591: "Junos OS versions earlier than" is the All-versions line; neither 21.1 nor 23.2 is named', () => {
    const reading = read(AFFECTED['CVE-2024-21591']);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('0'), f('20.4R3-S9')],
      [i('21.2R1'), f('21.2R3-S7')],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f('21.4R3-S5')],
      [i('22.1R1'), f('22.1R3-S4')],
      [i('22.2R1'), f('22.2R3-S3')],
      [i('22.3R1'), f('22.3R3-S2')],
      [i('22.4R1'), f('22.4R2-S2')],
    ]);
    assert.deepEqual(reading.assessed, ['20.4 and earlier', '21.2', '21.3', '21.4', '22.1', '22.2', '22.3', '22.4']);
  });

  it('CVE-2025-21590: "before", commas between clauses, 21.3, 22.1 and 22.3 not named', () => {
    const reading = read(AFFECTED['CVE-2025-21590']);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('0'), f('21.2R3-S9')],
      [i('21.4R1'), f('21.4R3-S10')],
      [i('22.2R1'), f('22.2R3-S6')],
      [i('22.4R1'), f('22.4R3-S6')],
      [i('23.2R1'), f('23.2R2-S3')],
      [i('23.4R1'), f('23.4R2-S4')],
      [i('24.2R1'), f('24.2R1-S2')],
    ]);
    assert.deepEqual(reading.assessed, ['21.2 and earlier', '21.4', '22.2', '22.4', '23.2', '23.4', '24.2']);
  });

  it('CVE-2020-1631: X lines, R2 branches never fixed, no "All versions" line so no "and earlier"', () => {
    const reading = read(AFFECTED['CVE-2020-1631']);
    assert.deepEqual(reading.ranges.map((r) => r.events), [
      [i('12.3R1'), f('12.3R12-S16')],
      [i('12.3X48'), f('12.3X48-D101')],
      [i('14.1X53'), f('14.1X53-D54')],
      [i('15.1R1'), f('15.1R7-S7')],
      [i('15.1X49'), f('15.1X49-D211')],
      [i('16.1R1'), f('16.1R7-S8')],
      [i('17.2R1'), f('17.2R3-S4')],
      [i('17.3R1'), f('17.3R3-S8')],
      [i('17.4R1'), f('17.4R2-S11'), i('17.4R3'), f('17.4R3-S2')],
      [i('18.1R1'), f('18.1R3-S10')],
      [i('18.2R1'), f('18.2R2-S7'), i('18.2R3'), f('18.2R3-S4')],
      [i('18.3R1'), f('18.3R2-S4'), i('18.3R3'), f('18.3R3-S2')],
      [i('18.4R1'), f('18.4R1-S7'), i('18.4R2'), f('18.4R3-S2')],
      [i('19.1R1'), f('19.1R1-S5'), i('19.1R2'), f('19.1R3-S1')],
      [i('19.2R1'), f('19.2R2')],
      [i('19.3R1'), f('19.3R2-S3')],
      [i('19.4R1'), f('19.4R1-S2')],
      [i('20.1R1'), f('20.1R1-S1')],
    ]);
    assert.deepEqual(reading.assessed, [
      '12.3', '12.3X48', '14.1X53', '15.1', '15.1X49', '16.1', '17.2', '17.3', '17.4', '18.1', '18.2', '18.3', '18.4', '19.1', '19.2', '19.3', '19.4', '20.1',
    ]);
  });

  it('CVE-2023-44186 for Junos OS and for Junos OS Evolved: the same events, with -EVO on the Evolved ones', () => {
    const junos = read(AFFECTED['CVE-2023-44186']);
    const evolved = read(AFFECTED['CVE-2023-44186 (Evolved)']);
    assert.equal(junos.product, 'Junos OS');
    assert.equal(evolved.product, 'Junos OS Evolved');
    assert.deepEqual(junos.ranges.map((r) => r.events), [
      [i('0'), f('20.4R3-S8')],
      [i('21.1R1')],
      [i('21.2R1'), f('21.2R3-S6')],
      [i('21.3R1'), f('21.3R3-S5')],
      [i('21.4R1'), f('21.4R3-S5')],
      [i('22.1R1'), f('22.1R3-S4')],
      [i('22.2R1'), f('22.2R3-S2')],
      [i('22.3R1'), f('22.3R2-S2'), i('22.3R3'), f('22.3R3-S1')],
      [i('22.4R1'), f('22.4R2-S1')],
    ]);
    const withEvo = (e: RangeEvent): RangeEvent =>
      Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === '0' ? v : `${v}-EVO`])) as RangeEvent;
    assert.deepEqual(evolved.ranges.map((r) => r.events), junos.ranges.map((r) => r.events.map(withEvo)));
    assert.deepEqual(evolved.assessed, junos.assessed);
  });
});
