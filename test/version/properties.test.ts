import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { readVersion } from '../../src/domain/version/read-version.ts';
import { findVersionCandidates } from '../../src/domain/version/find-versions.ts';
import { baseVersion, compareBase, formatBase, formatVersion, matchScreenOsVersion, type ScreenOsVersion } from '../../src/domain/version/screenos-version.ts';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { loadLifecycles } from '../../src/domain/advisories/load-lifecycle.ts';
import type { Advisory } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';

const ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));
const shipped = await loadAdvisories(ADVISORIES);
const { lifecycles } = await loadLifecycles(ADVISORIES);
const catalog = new AdvisoryCatalog(shipped.advisories, shipped.problems, { lifecycle: lifecycles[0] ?? null, now: () => new Date('2026-11-01T00:00:00Z') });

const sign = (n: number): number => Math.sign(n) + 0;
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
const digits = '0123456789'.split('');

// Versions over the whole grammar, within the ranges the brief sets: train parts 0..99, release 0..5000.
const part = fc.integer({ min: 0, max: 99 });
const cspArb = fc
  .tuple(fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 8 }), fc.string({ unit: fc.constantFrom(...digits), maxLength: 6 }))
  .map(([word, number]) => word + number);
const versionArb: fc.Arbitrary<ScreenOsVersion> = fc
  .record({
    train: fc.tuple(part, part, part).map((parts) => parts.join('.')),
    release: fc.integer({ min: 0, max: 5000 }),
    respin: fc.constantFrom('', ...letters),
    build: fc.option(part, { nil: null }),
    csp: fc.option(cspArb, { nil: null }),
    fips: fc.boolean(),
  })
  .map((v) => ({ ...v })); // fc.record builds null-prototype objects; the parser returns plain ones.

// Versions from a small domain, so that generated pairs and triples often share a train, a release or
// a respin and the tie-breakers get exercised.
const nearVersionArb: fc.Arbitrary<ScreenOsVersion> = fc
  .record({
    train: fc.constantFrom('5.0.0', '6.2.0', '6.3.0', '6.10.0'),
    release: fc.integer({ min: 8, max: 22 }),
    respin: fc.constantFrom('', 'a', 'b', 'z'),
    build: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    csp: fc.option(fc.constantFrom('dnd1', 'dnc1'), { nil: null }),
    fips: fc.boolean(),
  })
  .map((v) => ({ ...v })); // fc.record builds null-prototype objects; the parser returns plain ones.
const anyVersionArb = fc.oneof(versionArb, nearVersionArb);

// Strings made of pieces of versions and of what people paste around them.
const fragment = fc.constantFrom(
  '6',
  '5',
  '0',
  '3',
  '2',
  '12',
  '19',
  '999999',
  '1234567',
  '.',
  '..',
  'r',
  'R',
  'rx',
  'a',
  'b',
  'B',
  'z',
  '-',
  '-dnd1',
  '-dnc1',
  '.t',
  '.0',
  ' ',
  '\t',
  '\n',
  ',',
  ';',
  ':',
  '?',
  '!',
  '(',
  ')',
  '"',
  "'",
  '`',
  '<',
  '>',
  'v',
  'x',
  'X48',
  '-D10',
  '-S5',
  'Software Version: ',
  ', Type: Firewall+VPN',
  'ScreenOS ',
  'screenos version ',
  'NetScreen ',
  'Junos ',
  'junos os ',
  'get system',
  'é',
  '６',
  '\u00a0',
  '\u200b',
  '💥',
);
const fragmentStringArb = fc.array(fragment, { maxLength: 12 }).map((pieces) => pieces.join(''));
const arbitraryTextArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fragmentStringArb,
  anyVersionArb.map(formatVersion),
);

// Junos spellings: R releases with and without service releases, X trains, service respins, case, prefix.
const junosArb = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.integer({ min: 9, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 999 })).map(([a, b, r]) => `${a}.${b}R${r}`),
      fc
        .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }))
        .map(([a, b, r, s]) => `${a}.${b}R${r}-S${s}`),
      fc
        .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 9999 }))
        .map(([a, b, x, d]) => `${a}.${b}X${x}-D${d}`),
    ),
    fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }),
    fc.constantFrom('', 'Junos ', 'Junos OS ', 'JUNOS '),
    fc.boolean(),
  )
  .map(([core, respin, prefix, lower]) => {
    const text = prefix + core + (respin === null ? '' : `.${respin}`);
    return lower ? text.toLowerCase() : text;
  });

describe('readVersion and findVersionCandidates on any text', () => {
  it('readVersion never throws and always keeps the input it was given', () => {
    fc.assert(
      fc.property(arbitraryTextArb, (text) => {
        assert.equal(readVersion(text).input, text);
      }),
      { numRuns: 2000 },
    );
  });

  it('readVersion answers every unreadable input with a reason', () => {
    fc.assert(
      fc.property(arbitraryTextArb, (text) => {
        const reading = readVersion(text);
        if (reading.kind === 'unreadable') assert.notEqual(reading.reason.trim(), '');
      }),
      { numRuns: 1000 },
    );
  });

  it('readVersion only suggests spellings that read as ScreenOS versions', () => {
    fc.assert(
      fc.property(fragmentStringArb, (text) => {
        const reading = readVersion(text);
        if (reading.kind === 'unreadable' && reading.suggestion !== null) {
          assert.equal(readVersion(reading.suggestion).kind, 'screenos', `suggestion ${reading.suggestion} for ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('findVersionCandidates never throws and never returns an empty candidate', () => {
    const textArb = fc.oneof(
      arbitraryTextArb,
      fc.array(arbitraryTextArb, { maxLength: 5 }).map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        for (const candidate of findVersionCandidates(text)) assert.notEqual(candidate, '');
      }),
      { numRuns: 2000 },
    );
  });

  it('findVersionCandidates finds every version of a space-separated list, in order', () => {
    fc.assert(
      fc.property(fc.array(anyVersionArb, { minLength: 1, maxLength: 6 }), (versions) => {
        const texts = versions.map(formatVersion);
        assert.deepEqual(findVersionCandidates(texts.join(' ')), texts);
      }),
    );
  });
});

describe('the ScreenOS order on generated versions', () => {
  it('compares a version with itself (and with an equal copy) as zero', () => {
    fc.assert(
      fc.property(anyVersionArb, (v) => {
        assert.equal(compareBase(v, v), 0);
        assert.equal(compareBase(v, { ...v }), 0);
      }),
    );
  });

  it('is antisymmetric: swapping the arguments flips the sign', () => {
    fc.assert(
      fc.property(anyVersionArb, anyVersionArb, (a, b) => {
        assert.equal(sign(compareBase(a, b)), sign(-compareBase(b, a)));
      }),
      { numRuns: 1000 },
    );
  });

  it('is total: exactly one of <, =, > holds for any pair', () => {
    fc.assert(
      fc.property(anyVersionArb, anyVersionArb, (a, b) => {
        const c = compareBase(a, b);
        assert.equal([c < 0, c === 0, c > 0].filter(Boolean).length, 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('is transitive over generated triples', () => {
    fc.assert(
      fc.property(nearVersionArb, nearVersionArb, nearVersionArb, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareBase) as [ScreenOsVersion, ScreenOsVersion, ScreenOsVersion];
        assert.ok(compareBase(x, y) <= 0 && compareBase(y, z) <= 0);
        assert.ok(compareBase(x, z) <= 0, `${formatVersion(x)} <= ${formatVersion(y)} <= ${formatVersion(z)}`);
        if (compareBase(x, y) < 0 || compareBase(y, z) < 0) assert.ok(compareBase(x, z) < 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('compares two versions as equal exactly when their base releases are written the same', () => {
    fc.assert(
      fc.property(nearVersionArb, nearVersionArb, (a, b) => {
        assert.equal(compareBase(a, b) === 0, formatBase(a) === formatBase(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores build counter, FIPS marker and CSP suffix in compareBase', () => {
    fc.assert(
      fc.property(anyVersionArb, anyVersionArb, (a, b) => {
        assert.equal(compareBase(a, baseVersion(a)), 0);
        assert.equal(sign(compareBase(a, b)), sign(compareBase(baseVersion(a), baseVersion(b))));
      }),
    );
  });
});

describe('formatVersion and readVersion round trip', () => {
  it('reads back every formatted version as a deep-equal version', () => {
    fc.assert(
      fc.property(anyVersionArb, (v) => {
        const text = formatVersion(v);
        const reading = readVersion(text);
        assert.equal(reading.kind, 'screenos', text);
        assert.ok(reading.kind === 'screenos');
        assert.deepEqual(reading.version, v);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats every canonical version string back to itself', () => {
    const canonicalArb = fc
      .tuple(
        part,
        part,
        part,
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom('', ...letters),
        fc.option(part, { nil: null }),
        fc.boolean(),
        fc.option(cspArb, { nil: null }),
      )
      .map(
        ([major, minor, patch, release, respin, build, fips, csp]) =>
          `${major}.${minor}.${patch}r${release}${respin}` + (build === null ? '' : `.${build}`) + (fips ? '.t' : '') + (csp === null ? '' : `-${csp}`),
      );
    fc.assert(
      fc.property(canonicalArb, (text) => {
        const version = matchScreenOsVersion(text);
        assert.ok(version, text);
        assert.equal(formatVersion(version), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a version the same whatever its case and surrounding whitespace', () => {
    fc.assert(
      fc.property(anyVersionArb, fc.constantFrom(' ', '\t', '\n', '  '), (v, space) => {
        const reading = readVersion(space + formatVersion(v).toUpperCase() + space);
        assert.ok(reading.kind === 'screenos');
        assert.deepEqual(reading.version, v);
      }),
    );
  });
});

const withoutJunosStatement = shipped.advisories.filter((a) => a.id !== 'JSA10713');
const jsa10713 = shipped.advisories.find((a) => a.id === 'JSA10713');
assert.ok(jsa10713, 'JSA10713 ships in advisories/');
const listingJunos: Advisory = {
  ...jsa10713,
  id: 'JSA99999',
  vulnerabilities: jsa10713.vulnerabilities.map((v) => ({
    ...v,
    affected: [...v.affected, { product: 'Junos OS', assessed: 'all' as const, platforms: [], ranges: [], versions: [], fixed_builds: [] }],
  })),
};
const catalogs: [name: string, catalog: AdvisoryCatalog][] = [
  ['the shipped catalog', catalog],
  ['a catalog without JSA10713', new AdvisoryCatalog(withoutJunosStatement)],
  ['a catalog where one bulletin lists Junos OS as affected', new AdvisoryCatalog([...shipped.advisories, listingJunos])],
  ['an empty catalog', new AdvisoryCatalog([])],
];

describe('AdvisoryCatalog.check on any text', () => {
  it('never throws, and never says "not affected" unless it read a ScreenOS release or a Junos version', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryTextArb, junosArb), (text) => {
        const verdict = catalog.check(text);
        assert.equal(verdict.input, text);
        if (verdict.reading.kind !== 'screenos' && verdict.reading.kind !== 'junos') {
          assert.equal(verdict.status, 'unknown', `${JSON.stringify(text)} read as ${verdict.reading.kind}`);
          assert.equal(verdict.version, null);
          assert.deepEqual(verdict.assessments, []);
          assert.equal(verdict.upgradeTo, null);
          assert.notEqual(verdict.message, '');
        }
      }),
      { numRuns: 2000 },
    );
  });

  for (const [name, junosCatalog] of catalogs) {
    it(`judges every Junos version with ${name} by Junos entries only, and calls it safe only when every one assessed and cleared it`, () => {
      fc.assert(
        fc.property(junosArb, (text) => {
          const verdict = junosCatalog.check(text);
          assert.equal(verdict.reading.kind, 'junos', text);
          assert.ok(
            verdict.assessments.every((a) => a.vulnerability.affected.some((e) => /^junos os$/i.test(e.product))),
            text,
          );
          if (verdict.status === 'not_affected') {
            assert.ok(verdict.assessments.length > 0 && verdict.assessments.every((a) => a.status === 'not_affected'), text);
          }
          if (verdict.assessments.length === 0) assert.equal(verdict.status, 'unknown', text);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('says "affected" for a ScreenOS release when some vulnerability affects it, else "unknown" when some bulletin did not assess its train, else "not affected"', () => {
    const statuses = new Set<string>();
    fc.assert(
      fc.property(nearVersionArb, (v) => {
        const verdict = catalog.check(formatVersion(v));
        assert.equal(verdict.version, formatVersion(v));
        assert.equal(
          verdict.assessments.length,
          shipped.advisories.flatMap((a) => a.vulnerabilities).filter((x) => x.affected.some((e) => e.product === 'ScreenOS')).length,
        );
        const expected = verdict.assessments.some((a) => a.status === 'affected')
          ? 'affected'
          : verdict.assessments.some((a) => a.status === 'unknown')
            ? 'unknown'
            : 'not_affected';
        assert.equal(verdict.status, expected);
        for (const a of verdict.assessments) assert.equal(a.affected, a.status === 'affected');
        statuses.add(verdict.status);
      }),
      { numRuns: 1000 },
    );
    // Every generated release is below 6.3.0r26; 6.10.0 is a train that no 6.3.0-only bulletin assessed.
    assert.deepEqual([...statuses].sort(), ['affected', 'unknown']);
  });

  it('gives a build counter and a FIPS marker no say in the verdict', () => {
    fc.assert(
      fc.property(nearVersionArb, fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }), fc.boolean(), (v, build, fips) => {
        const plain = catalog.check(formatVersion({ ...v, build: null, fips: false }));
        const decorated = catalog.check(formatVersion({ ...v, build, fips }));
        assert.equal(decorated.status, plain.status);
        assert.equal(decorated.upgradeTo, plain.upgradeTo);
        assert.deepEqual(
          decorated.assessments.map((a) => [a.vulnerability.id, a.status, a.fixedIn]),
          plain.assessments.map((a) => [a.vulnerability.id, a.status, a.fixedIn]),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('only ever names an upgrade target above the version, on its train or the newest supported one, that every loaded bulletin assessed and clears', () => {
    fc.assert(
      fc.property(nearVersionArb, (v) => {
        const verdict = catalog.check(formatVersion(v));
        if (verdict.upgradeTo === null) return;
        const target = matchScreenOsVersion(verdict.upgradeTo);
        assert.ok(target, verdict.upgradeTo);
        assert.ok(target.train === v.train || target.train === '6.3.0', `${verdict.upgradeTo} for ${formatVersion(v)}`);
        assert.ok(compareBase(target, v) > 0, `${verdict.upgradeTo} is above ${formatVersion(v)}`);
        const judged = catalog.check(verdict.upgradeTo);
        assert.equal(judged.status, 'not_affected');
        assert.ok(judged.assessments.every((a) => a.status === 'not_affected'));
        if (verdict.nearestFixOnTrain !== null) assert.equal(matchScreenOsVersion(verdict.nearestFixOnTrain)?.train, v.train);
      }),
      { numRuns: 1000 },
    );
  });
});
