// Each scheme's order as data: test/fixtures/versions/<scheme>-versions.txt lists releases lowest first,
// one a line (as osv-scalibr keeps its ordered version lists per ecosystem), plus properties of the order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { compareJunosRelease, formatJunos, matchJunosVersion, type JunosVersion } from '../../src/domain/version/junos-version.ts';
import { JUNOS, JUNOS_EVOLVED, SCREENOS, withScheme, type AnyScheme } from '../../src/domain/version/schemes.ts';

function orderedList(file: string): string[] {
  return readFileSync(new URL(`../fixtures/versions/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const lists: [scheme: AnyScheme, file: string][] = [
  [SCREENOS, 'screenos-versions.txt'],
  [JUNOS, 'junos-versions.txt'],
  [JUNOS_EVOLVED, 'junos-evo-versions.txt'],
];

for (const [scheme, file] of lists) {
  describe(`the ${scheme.name} order in ${file}`, () => {
    const lines = orderedList(file);

    it('reads every line, in upper and lower case alike, and prints it back as written', () => {
      withScheme(scheme, (s) => {
        for (const line of lines) {
          const version = s.read(line);
          assert.ok(version !== null, `${line} does not read as ${s.name}`);
          assert.equal(s.format(version), line);
          const lower = s.read(line.toLowerCase());
          assert.ok(lower !== null && s.compare(lower, version) === 0, `${line.toLowerCase()} reads differently`);
        }
      });
    });

    it('orders every pair of lines as the file does', () => {
      withScheme(scheme, (s) => {
        const versions = lines.map((line) => s.read(line));
        const wrong: string[] = [];
        versions.forEach((a, i) =>
          versions.forEach((b, j) => {
            if (a === null || b === null) return;
            const order = Math.sign(s.compare(a, b));
            if (order !== Math.sign(i - j)) wrong.push(`${lines[i] ?? ''} vs ${lines[j] ?? ''}: ${order}`);
          }),
        );
        assert.deepEqual(wrong, []);
      });
    });
  });
}

describe('the Junos traps a string or natural compare falls into', () => {
  const below: [lower: string, higher: string, why: string][] = [
    ['21.4R3-S9', '21.4R3-S10', 'S numbers compare as numbers'],
    ['12.3R3', '12.3R12', 'R numbers compare as numbers'],
    ['12.3X48-D95', '12.3X48-D101', 'D numbers compare as numbers'],
    ['18.4R3.3', '18.4R3-S2', 'a plain R release with a build sorts below an S fix (Greenbone revcomp puts it above)'],
    ['21.4R3.5', '21.4R3-S1', 'the build 5 of plain R3 is still plain R3'],
    ['15.1X49-D200', '20.4R3-S9', 'an X line of an older train is below a later train'],
    ['10.4R12', '10.4S12', 'an old S release is newer than the R of the same number'],
  ];
  for (const [lower, higher, why] of below) {
    it(`orders ${lower} below ${higher}: ${why}`, () => {
      const a = matchJunosVersion(lower);
      const b = matchJunosVersion(higher);
      assert.ok(a !== null && b !== null);
      assert.ok(compareJunosRelease(a, b) < 0);
      assert.ok(compareJunosRelease(b, a) > 0);
    });
  }

  it('never reads a Junos OS Evolved release as Junos OS, nor the reverse', () => {
    assert.equal(JUNOS.read('22.3R3-S1-EVO'), null);
    assert.equal(JUNOS_EVOLVED.read('22.3R3-S1'), null);
    assert.equal(JUNOS_EVOLVED.read('22.4R1.11-EVO')?.build, 11);
  });

  it('reads alpha, beta and internal builds as nothing, so that they are never compared', () => {
    for (const text of ['21.4B1', '21.4A1', '15.1I20230101', '21.4R', '21.4R3-S', '21.4X-D1', '11.4X27.37']) assert.equal(matchJunosVersion(text), null, text);
  });
});

// Any Junos release: train, line, numbers, optional build; printed in Juniper's spelling.
const junosVersionArb: fc.Arbitrary<JunosVersion> = fc
  .record({
    major: fc.integer({ min: 9, max: 26 }),
    minor: fc.integer({ min: 1, max: 4 }),
    line: fc.constantFrom('R' as const, 'S' as const, 'F' as const, 'X' as const),
    xLine: fc.integer({ min: 40, max: 60 }),
    release: fc.integer({ min: 1, max: 250 }),
    service: fc.integer({ min: 0, max: 12 }),
    build: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    evo: fc.constant(false),
  })
  .map((v) => ({ ...v, xLine: v.line === 'X' ? v.xLine : null, service: v.line === 'R' || v.line === 'F' ? v.service : 0 }));

describe('the Junos order on any releases', () => {
  it('reads back what it prints', () => {
    fc.assert(fc.property(junosVersionArb, (v) => assert.deepEqual(matchJunosVersion(formatJunos(v)), v)));
  });

  it('is antisymmetric and transitive, and a build never decides the release order', () => {
    fc.assert(
      fc.property(junosVersionArb, junosVersionArb, junosVersionArb, (a, b, c) => {
        assert.equal(Math.sign(compareJunosRelease(a, b)), -Math.sign(compareJunosRelease(b, a)));
        if (compareJunosRelease(a, b) <= 0 && compareJunosRelease(b, c) <= 0) assert.ok(compareJunosRelease(a, c) <= 0);
        assert.equal(compareJunosRelease({ ...a, build: null }, a), 0);
      }),
    );
  });
});
