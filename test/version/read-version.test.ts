import { formatJunos } from '../../src/domain/version/junos-version.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readScreenOsVersion, readVersion, type VersionReading } from '../../src/domain/version/read-version.ts';
import { findVersionCandidates } from '../../src/domain/version/find-versions.ts';
import type { ScreenOsVersion } from '../../src/domain/version/screenos-version.ts';

const release = (train: string, number: number, parts: Partial<Omit<ScreenOsVersion, 'train' | 'release'>> = {}): ScreenOsVersion => ({
  train,
  release: number,
  respin: '',
  build: null,
  csp: null,
  fips: false,
  ...parts,
});

/** The version a reading holds, failing the test with the whole reading when it is not ScreenOS. */
function screenOs(reading: VersionReading): ScreenOsVersion {
  assert.equal(reading.kind, 'screenos', `expected a ScreenOS reading, got ${JSON.stringify(reading)}`);
  assert.ok(reading.kind === 'screenos');
  return reading.version;
}

function unreadable(reading: VersionReading): Extract<VersionReading, { kind: 'unreadable' }> {
  assert.equal(reading.kind, 'unreadable', `expected an unreadable reading, got ${JSON.stringify(reading)}`);
  assert.ok(reading.kind === 'unreadable');
  return reading;
}

describe('readVersion reads the forms seen in the wild', () => {
  const forms: [input: string, expected: ScreenOsVersion, where: string][] = [
    ['6.2.0r16', release('6.2.0', 16), 'train and release'],
    ['6.3.0r12b', release('6.3.0', 12, { respin: 'b' }), 'a respin letter'],
    ['6.3.0r19b.0', release('6.3.0', 19, { respin: 'b', build: 0 }), 'a build counter'],
    ['6.2.0r18.0', release('6.2.0', 18, { build: 0 }), 'a build counter without respin'],
    ['6.3.0r13-dnd1', release('6.3.0', 13, { csp: 'dnd1' }), 'a customer special build'],
    ['6.3.0r18-dnc1', release('6.3.0', 18, { csp: 'dnc1' }), 'a customer special build'],
    ['6.3r22', release('6.3.0', 22), 'the shorthand of prose'],
    ['Software Version: 6.2.0r18.0, Type: Firewall+VPN', release('6.2.0', 18, { build: 0 }), 'the `get system` line'],
    ['5.0.0r9.t', release('5.0.0', 9, { fips: true }), 'an old FIPS build'],
    ['5.0.0r9a.t', release('5.0.0', 9, { respin: 'a', fips: true }), 'an old FIPS build with a respin'],
    ['6.3.0R17', release('6.3.0', 17), 'an upper-case R (which Greenbone misses)'],
    ['6.3.0R12B', release('6.3.0', 12, { respin: 'b' }), 'upper case throughout'],
    ['ScreenOS 6.3.0r18', release('6.3.0', 18), 'the product name in front'],
    ['screenos version 6.3.0r19', release('6.3.0', 19), 'the product name and "version" in front'],
    ['NetScreen 6.3.0r19', release('6.3.0', 19), 'the old product name in front'],
    ['  6.3.0r19\t', release('6.3.0', 19), 'surrounding whitespace'],
    ['\n6.3.0r12b\n', release('6.3.0', 12, { respin: 'b' }), 'surrounding new lines'],
    ['6.3.0r19.', release('6.3.0', 19), 'a full stop'],
    ['6.3.0r19,', release('6.3.0', 19), 'a comma'],
    ['6.3.0r19?', release('6.3.0', 19), 'a question mark'],
    ['6.3.0r19!', release('6.3.0', 19), 'an exclamation mark'],
    ['6.3.0r19;', release('6.3.0', 19), 'a semicolon'],
    ['6.3.0r19b.0,', release('6.3.0', 19, { respin: 'b', build: 0 }), 'a comma after a build counter'],
    ['5.0.0r9.t.', release('5.0.0', 9, { fips: true }), 'a full stop after the FIPS marker'],
    ['(6.3.0r19)', release('6.3.0', 19), 'brackets'],
    ['"6.3.0r19"', release('6.3.0', 19), 'double quotes'],
    ['`6.3.0r12b`', release('6.3.0', 12, { respin: 'b' }), 'code quotes from chat'],
    ['06.03.00r019', release('6.3.0', 19), 'leading zeros'],
  ];
  for (const [input, expected, where] of forms) {
    it(`reads ${JSON.stringify(input)} (${where}) as ${expected.train}r${expected.release}${expected.respin}`, () => {
      assert.deepEqual(screenOs(readVersion(input)), expected);
    });
  }

  it('keeps the input exactly as given, whitespace included', () => {
    assert.equal(readVersion('  6.3.0r19  ').input, '  6.3.0r19  ');
    assert.equal(readVersion('Software Version: 6.2.0r18.0, Type: Firewall+VPN').input, 'Software Version: 6.2.0r18.0, Type: Firewall+VPN');
  });

  it('gives readScreenOsVersion the same version as readVersion, and null for anything else', () => {
    assert.deepEqual(readScreenOsVersion('6.3.0r19b.0'), release('6.3.0', 19, { respin: 'b', build: 0 }));
    for (const other of ['6.3.0', '15.1R7-S5', 'junk', '']) assert.equal(readScreenOsVersion(other), null, other);
  });
});

describe('readVersion explains what it cannot read', () => {
  it('suggests 6.3.0r1 for 6.3.0rx1', () => {
    const reading = unreadable(readVersion('6.3.0rx1'));
    assert.equal(reading.suggestion, '6.3.0r1');
    assert.match(reading.reason, /ScreenOS pattern/);
  });

  for (const input of ['6.3.0r', '6.3r', 'ScreenOS 6.3.0r']) {
    it(`says the release number is missing from ${JSON.stringify(input)}`, () => {
      const reading = unreadable(readVersion(input));
      assert.match(reading.reason, /release number after “r” is missing/);
    });
  }

  for (const input of ['', '   ', '\n\t']) {
    it(`says no version was given for ${JSON.stringify(input)}`, () => {
      const reading = unreadable(readVersion(input));
      assert.equal(reading.reason, 'no version was given');
      assert.equal(reading.suggestion, null);
    });
  }

  it('says junk has no version number in it and suggests nothing', () => {
    const reading = unreadable(readVersion('junk'));
    assert.equal(reading.reason, 'it has no version number in it');
    assert.equal(reading.suggestion, null);
  });

  it('names the stray character in 6.3.0 r19 and suggests the joined spelling', () => {
    const reading = unreadable(readVersion('6.3.0 r19'));
    assert.match(reading.reason, /contains “ ”/);
    assert.equal(reading.suggestion, '6.3.0r19');
  });

  const suggestions: [input: string, suggestion: string][] = [
    ['6.3.0r19bb', '6.3.0r19b'],
    ['6.3.0.r19', '6.3.0r19'],
    ['6.3.0-r19', '6.3.0r19'],
    ['v6.3.0r19', '6.3.0r19'],
    ['6.3.0ro', '6.3.0r0'],
  ];
  for (const [input, suggestion] of suggestions) {
    it(`suggests ${suggestion} for ${input}, one edit away`, () => {
      assert.equal(unreadable(readVersion(input)).suggestion, suggestion);
    });
  }

  it('says a version with a train but no r has to have one', () => {
    assert.match(unreadable(readVersion('6.3.0x19')).reason, /has an “r” and a release number/);
  });
});

describe('readVersion tells trains and Junos apart from ScreenOS releases', () => {
  const trains: [input: string, train: string][] = [
    ['6.3.0', '6.3.0'],
    ['6.3', '6.3.0'],
    ['ScreenOS 6.2.0', '6.2.0'],
    ['6.3.0.', '6.3.0'],
  ];
  for (const [input, train] of trains) {
    it(`reads the bare train ${JSON.stringify(input)} as the train ${train}, not as a release`, () => {
      assert.deepEqual(readVersion(input), { kind: 'train', input, train });
    });
  }

  const junos: [input: string, junos: string][] = [
    ['12.3X48-D10', '12.3X48-D10'],
    ['15.1R7-S5', '15.1R7-S5'],
    ['21.2R3-S7', '21.2R3-S7'],
    ['15.1X49-D150.2', '15.1X49-D150.2'],
    ['12.3r1', '12.3R1'],
    ['Junos OS 12.3X48-D10', '12.3X48-D10'],
    ['junos 10.4r1', '10.4R1'],
  ];
  for (const [input, expected] of junos) {
    it(`reads ${JSON.stringify(input)} as the Junos version ${expected}`, () => {
      const reading = readVersion(input);
      assert.ok(reading.kind === 'junos', reading.kind);
      assert.equal(formatJunos(reading.version), expected);
      assert.equal(reading.product, 'junos');
    });
  }

  it('reads 6.3r22 as ScreenOS although it has the shape of a Junos R release: ScreenOS trains end at 6', () => {
    assert.equal(readVersion('6.3r22').kind, 'screenos');
  });
});

describe('findVersionCandidates picks the versions out of a message', () => {
  const getSystem = [
    'ssg5-> get system',
    'Product Name: SSG5-Serial-WLAN',
    'Serial Number: 0168102006001234, Control Number: 00000000',
    'Hardware Version: 0710(0)-(00), FPGA checksum: 00000000, VLAN1 IP (0.0.0.0)',
    'Software Version: 6.2.0r18.0, Type: Firewall+VPN',
    'Feature: AV-K',
    'BOOT Loader Version: 1.3.2',
    'Base Mac: 0010.db00.0001',
    'File Name: ssg5ssg20.6.2.0r18.0, Checksum: 12345678',
    'Total Device Resets: 0',
  ].join('\n');

  const cases: [text: string, expected: string[], what: string][] = [
    ['6.2.0r16 6.3.0r19b', ['6.2.0r16', '6.3.0r19b'], 'two versions'],
    ['6.2.0r16, 6.3.0r19b; 6.3.0r12a', ['6.2.0r16', '6.3.0r19b', '6.3.0r12a'], 'versions split by commas and semicolons'],
    ['is 6.2.0r16 affected?', ['6.2.0r16'], 'prose around a version'],
    ['Is "6.3.0r19b" affected?', ['6.3.0r19b'], 'a quoted version in prose'],
    [getSystem, ['6.2.0r18.0'], 'a whole `get system` paste, only its software version'],
    [
      'Software Version: 6.2.0r18.0, Type: Firewall+VPN\nSoftware Version: 6.3.0r19b.0, Type: Firewall+VPN',
      ['6.2.0r18.0', '6.3.0r19b.0'],
      'two `get system` lines',
    ],
    ['6.3.0 r19', ['6.3.0r19'], 'a train and a release word joined'],
    ['box1 6.3.0 R19B box2 6.2.0r16', ['6.3.0R19B', '6.2.0r16'], 'a joined upper-case release among other versions'],
    ['6.3.0 r19 and 6.3.0', ['6.3.0r19', '6.3.0'], 'a bare train kept as a candidate'],
    ['v6.3.0r19', ['6.3.0r19'], 'a leading v dropped'],
    ['please check 6.3.0rx1', ['6.3.0rx1'], 'junk that starts with a digit kept, to be reported'],
    ['our SRX runs 12.3X48-D10', ['12.3X48-D10'], 'a Junos version kept, to be explained'],
    ['hello there', [], 'no digits at all'],
  ];
  for (const [text, expected, what] of cases) {
    it(`finds ${JSON.stringify(expected)} in ${what}`, () => {
      assert.deepEqual(findVersionCandidates(text), expected);
    });
  }

  it('yields from a `get system` paste a candidate that reads as the software version, not the file name', () => {
    const [candidate, ...rest] = findVersionCandidates(getSystem);
    assert.deepEqual(rest, []);
    assert.ok(candidate !== undefined);
    assert.deepEqual(screenOs(readVersion(candidate)), release('6.2.0', 18, { build: 0 }));
  });
});

describe('a closing bracket or quote before a full stop still leaves the version readable', () => {
  // stripPunctuation (src/domain/version/read-version.ts) strips closing brackets/quotes, then one trailing
  // full stop, so `).` and `".` keep their bracket or quote; find-versions.ts tokenises the same way.
  const sentenceEnds: [input: string, expected: ScreenOsVersion][] = [
    ['(6.3.0r12a).', release('6.3.0', 12, { respin: 'a' })],
    ['"6.3.0r19".', release('6.3.0', 19)],
    ["'6.3.0r19b'.", release('6.3.0', 19, { respin: 'b' })],
  ];
  for (const [input, expected] of sentenceEnds) {
    it(`reads ${input}, a version closed by a bracket or quote and then a full stop, as ${expected.train}r${expected.release}${expected.respin}`, () => {
      assert.deepEqual(screenOs(readVersion(input)), expected);
    });
  }

  it('reads the version out of "We run two boxes on (6.3.0r12a)." through findVersionCandidates', () => {
    const readings = findVersionCandidates('We run two boxes on (6.3.0r12a).').map((c) => readVersion(c));
    assert.equal(readings.length, 1);
    assert.deepEqual(screenOs(readings[0] ?? readVersion('')), release('6.3.0', 12, { respin: 'a' }));
  });
});
