import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseVersion, compareBase, formatBase, formatVersion, matchScreenOsVersion, type ScreenOsVersion } from '../../src/domain/version/screenos-version.ts';
import { readScreenOsVersion } from '../../src/domain/version/read-version.ts';

/** Reads a bare, lowercase version of the grammar; a test table that does not read is a broken table. */
function parse(text: string): ScreenOsVersion {
  const version = matchScreenOsVersion(text);
  assert.ok(version, `${text} should read as a ScreenOS version`);
  return version;
}

// The ScreenOS order, lowest first (in the manner of osv-scalibr's ordered version lists): train
// numerically, release numerically, then respin letter, none < a < b.
const ORDERED = [
  '5.0.0r9',
  '5.0.0r9a',
  '5.0.0r10',
  '6.2.0r9',
  '6.2.0r15',
  '6.2.0r18',
  '6.2.0r19',
  '6.3.0r1',
  '6.3.0r9',
  '6.3.0r12',
  '6.3.0r12a',
  '6.3.0r12b',
  '6.3.0r13',
  '6.3.0r13b',
  '6.3.0r19',
  '6.3.0r19b',
  '6.3.0r20',
  '6.3.0r21',
  '6.3.0r22',
  '6.3.0r100',
  '6.10.0r1',
];

const sign = (n: number): number => Math.sign(n) + 0;

describe('the ScreenOS version order', () => {
  it('reads every version of the ordered table', () => {
    for (const text of ORDERED) assert.equal(formatVersion(parse(text)), text);
  });

  it('compares every pair of the ordered table consistently with their positions', () => {
    for (const [i, left] of ORDERED.entries()) {
      for (const [j, right] of ORDERED.entries()) {
        const expected = sign(i - j);
        const a = parse(left);
        const b = parse(right);
        assert.equal(sign(compareBase(a, b)), expected, `compareBase(${left}, ${right})`);
      }
    }
  });

  it('sorts a scrambled copy of the table back into its order', () => {
    const scrambled = [...ORDERED].reverse();
    scrambled.push(...scrambled.splice(0, 7));
    const sorted = scrambled.map(parse).sort(compareBase).map(formatVersion);
    assert.deepEqual(sorted, ORDERED);
  });

  const numericCases: [lower: string, higher: string, why: string][] = [
    ['6.3.0r9', '6.3.0r15', 'r9 < r15 although "9" > "1" as strings'],
    ['6.3.0r9a', '6.3.0r10', 'a respin of r9 stays below r10'],
    ['6.3.0r99', '6.3.0r100', 'r99 < r100'],
    ['6.2.0r19', '6.3.0r1', 'a later train beats any release of an earlier one'],
    ['6.9.0r30', '6.10.0r1', 'train 6.10 > 6.9, as numbers, not strings'],
    ['6.3.0r12', '6.3.0r12a', 'a respin sorts after its release'],
    ['6.3.0r12a', '6.3.0r12b', 'respin a < respin b'],
    ['6.3.0r12b', '6.3.0r12z', 'respin b < respin z'],
    ['6.3.0r12z', '6.3.0r13', 'any respin sorts before the next release'],
  ];
  for (const [lower, higher, why] of numericCases) {
    it(`orders ${lower} before ${higher}: ${why}`, () => {
      assert.ok(compareBase(parse(lower), parse(higher)) < 0);
      assert.ok(compareBase(parse(higher), parse(lower)) > 0);
    });
  }
});

describe('build counters, FIPS markers and CSP suffixes', () => {
  const sameBase: [plain: string, decorated: string][] = [
    ['6.3.0r19b', '6.3.0r19b.0'],
    ['6.2.0r18', '6.2.0r18.0'],
    ['6.3.0r13', '6.3.0r13-dnd1'],
    ['6.3.0r18', '6.3.0r18-dnc1'],
    ['6.3.0r13', '6.3.0r13.0-dnd1'],
    ['5.0.0r9', '5.0.0r9.t'],
    ['5.0.0r9a', '5.0.0r9a.t'],
  ];

  for (const [plain, decorated] of sameBase) {
    it(`leaves compareBase at zero between ${plain} and ${decorated}`, () => {
      assert.equal(compareBase(parse(plain), parse(decorated)), 0);
      assert.equal(compareBase(parse(decorated), parse(plain)), 0);
    });
  }

  it('never lets a build counter, FIPS marker or CSP suffix lift a version past the next respin or release', () => {
    assert.ok(compareBase(parse('6.3.0r12.99.t-zzzz9'), parse('6.3.0r12a')) < 0);
    assert.ok(compareBase(parse('6.3.0r12b.99-dnd1'), parse('6.3.0r13')) < 0);
    assert.ok(compareBase(parse('5.0.0r9.t'), parse('5.0.0r9a')) < 0);
  });

  it('compares equal versions as zero, CSP and all', () => {
    assert.equal(compareBase(parse('6.3.0r13.0-dnd1'), parse('6.3.0r13.0-dnd1')), 0);
  });

  const bases: [text: string, base: string][] = [
    ['6.3.0r19b.0', '6.3.0r19b'],
    ['6.3.0r13-dnd1', '6.3.0r13'],
    ['6.3.0r13.0-dnd1', '6.3.0r13'],
    ['5.0.0r9a.t', '5.0.0r9a'],
    ['6.2.0r16', '6.2.0r16'],
  ];
  for (const [text, base] of bases) {
    it(`gives ${base} as the base release of ${text}`, () => {
      assert.equal(formatBase(parse(text)), base);
      assert.deepEqual(baseVersion(parse(text)), parse(base));
    });
  }
});

describe('formatVersion', () => {
  const canonical: [typed: string, canonical: string][] = [
    ['6.2.0r16', '6.2.0r16'],
    ['6.3r22', '6.3.0r22'],
    ['6.3R22', '6.3.0r22'],
    ['6.3.0R17', '6.3.0r17'],
    ['6.3.0R12B', '6.3.0r12b'],
    ['06.03.00r019', '6.3.0r19'],
    ['6.3.0r19b.0', '6.3.0r19b.0'],
    ['6.2.0r18.0', '6.2.0r18.0'],
    ['5.0.0r9.t', '5.0.0r9.t'],
    ['5.0.0r9a.t', '5.0.0r9a.t'],
    ['6.3.0r13-DND1', '6.3.0r13-dnd1'],
    ['6.3.0r18-dnc1', '6.3.0r18-dnc1'],
    ['6.3.0r13.0-dnd1', '6.3.0r13.0-dnd1'],
  ];
  for (const [typed, expected] of canonical) {
    it(`writes ${typed} as ${expected}`, () => {
      const version = readScreenOsVersion(typed);
      assert.ok(version, `${typed} should read`);
      assert.equal(formatVersion(version), expected);
    });
  }

  it('writes a version built by hand with every part in grammar order', () => {
    const version: ScreenOsVersion = { train: '6.3.0', release: 13, respin: 'b', build: 2, csp: 'dnd1', fips: true };
    assert.equal(formatVersion(version), '6.3.0r13b.2.t-dnd1');
    assert.deepEqual(matchScreenOsVersion('6.3.0r13b.2.t-dnd1'), version);
  });
});

describe('matchScreenOsVersion', () => {
  const notVersions = ['6.3.0r', '6.3r', '6.3.0rx1', '6.3.0r12bb', '6.3.0', '6.3.0 r19', '6.3.0.r19', '6.3.0r1234567', 'r19', ''];
  for (const text of notVersions) {
    it(`does not read ${JSON.stringify(text)} as a ScreenOS version`, () => {
      assert.equal(matchScreenOsVersion(text), null);
    });
  }
});
