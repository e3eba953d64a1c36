// OSV range semantics in the ScreenOS order, on small hand-made advisories.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdvisory } from '../../src/domain/advisories/load-advisories.ts';
import type { Advisory, RangeEvent } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { compileAffected, describeTrain } from '../../src/domain/matching/ranges.ts';
import { SCREENOS } from '../../src/domain/version/schemes.ts';
import { advisory } from '../helpers/hand-made-advisory.ts';

/** Affected or not, for one single-vulnerability advisory. */
function affectedBy(advisories: readonly Advisory[], version: string): boolean {
  const verdict = new AdvisoryCatalog(advisories).check(version);
  assert.equal(verdict.reading.kind, 'screenos', version);
  return verdict.status === 'affected';
}

/** Asserts a table of versions and whether each is affected, and shows every mismatch at once. */
function assertTable(advisories: readonly Advisory[], table: readonly (readonly [string, boolean])[]): void {
  assert.deepEqual(
    table.map(([version]) => [version, affectedBy(advisories, version)]),
    table.map(([version, expected]) => [version, expected]),
  );
}

const RESPIN_PATTERN: readonly RangeEvent[] = [
  { introduced: '6.3.0r12' },
  { fixed: '6.3.0r12b' },
  { introduced: '6.3.0r13' },
  { fixed: '6.3.0r13b' },
  { introduced: '6.3.0r14' },
  { fixed: '6.3.0r21' },
];

describe('hand-made advisories', () => {
  it('are valid advisory files, so the semantics below are those of files that can ship', () => {
    const samples = [
      advisory('JSA1', { ranges: [RESPIN_PATTERN] }),
      advisory('JSA2', { ranges: [[{ introduced: '0' }, { fixed: '6.3.0r3' }]], versions: ['6.2.0r3'], fixedBuilds: ['6.3.0r1-dnd1'] }),
      advisory('JSA3', { ranges: [[{ introduced: '6.3.0r5' }, { last_affected: '6.3.0r9' }]] }),
    ];
    for (const sample of samples) assert.deepEqual(parseAdvisory(`${sample.id}.json`, JSON.stringify(sample)), { advisory: sample });
  });
});

describe('OSV range events in the ScreenOS order', () => {
  it('counts introduced as inclusive and fixed as exclusive', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r12' }, { fixed: '6.3.0r15' }]] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r11', false],
        ['6.3.0r11z', false],
        ['6.3.0r12', true],
        ['6.3.0r12.0', true],
        ['6.3.0r12a', true],
        ['6.3.0r14b', true],
        ['6.3.0r14z', true],
        ['6.3.0r15', false],
        ['6.3.0r15.0', false],
        ['6.3.0r15a', false],
        ['6.3.0r16', false],
        ['6.2.0r20', false],
        ['6.4.0r1', false],
      ],
    );
  });

  it('counts last_affected as inclusive: the named release is affected, anything above it is not', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r5' }, { last_affected: '6.3.0r9' }]] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r4', false],
        ['6.3.0r5', true],
        ['6.3.0r8b', true],
        ['6.3.0r9', true],
        ['6.3.0r9.0', true],
        ['6.3.0r9-dnd1', true],
        ['6.3.0r9a', false],
        ['6.3.0r10', false],
      ],
    );
  });

  it('reads introduced "0" as since the first release of any train', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ introduced: '0' }, { fixed: '6.3.0r3' }]] });
    assertTable(
      [bulletin],
      [
        ['0.0.0r0', true],
        ['5.0.0r9a.t', true],
        ['6.2.0r19', true],
        ['6.3.0r1', true],
        ['6.3.0r2z', true],
        ['6.3.0r3', false],
        ['6.3.0r22', false],
      ],
    );
  });

  it('checks an explicit versions list as exact base releases, with no range at all', () => {
    const bulletin = advisory('JSA1', { versions: ['6.3.0r7', '6.2.0r3'] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r6', false],
        ['6.3.0r7', true],
        ['6.3.0r7.0', true],
        ['6.3.0r7-dnd1', true],
        ['6.3.0r7a', false],
        ['6.3.0r8', false],
        ['6.2.0r3', true],
        ['6.2.0r4', false],
      ],
    );
  });

  it('checks the explicit versions list in addition to the ranges', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r5' }, { fixed: '6.3.0r9' }]], versions: ['6.3.0r11'] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r5', true],
        ['6.3.0r9', false],
        ['6.3.0r10', false],
        ['6.3.0r11', true],
        ['6.3.0r12', false],
      ],
    );
  });

  it('affects a version that any one of several ranges covers', () => {
    const bulletin = advisory('JSA1', {
      ranges: [
        [{ introduced: '6.2.0r15' }, { fixed: '6.2.0r19' }],
        [{ introduced: '6.3.0r12' }, { fixed: '6.3.0r14' }],
      ],
    });
    assertTable(
      [bulletin],
      [
        ['6.2.0r14', false],
        ['6.2.0r15', true],
        ['6.2.0r18', true],
        ['6.2.0r19', false],
        ['6.2.0r30', false],
        ['6.3.0r1', false],
        ['6.3.0r12', true],
        ['6.3.0r13b', true],
        ['6.3.0r14', false],
      ],
    );
  });

  it('walks several introduced/fixed pairs in one range: the patched respins are holes', () => {
    const bulletin = advisory('JSA1', { ranges: [RESPIN_PATTERN] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r11', false],
        ['6.3.0r12', true],
        ['6.3.0r12a', true],
        ['6.3.0r12b', false],
        ['6.3.0r12c', false],
        ['6.3.0r13', true],
        ['6.3.0r13b', false],
        ['6.3.0r14', true],
        ['6.3.0r14b', true],
        ['6.3.0r20b', true],
        ['6.3.0r21', false],
      ],
    );
  });

  it('evaluates events given in unsorted order as if they were sorted', () => {
    // The loader rejects unsorted events in a file; a catalog built in code must still not misread them.
    const shuffled = [RESPIN_PATTERN[5], RESPIN_PATTERN[2], RESPIN_PATTERN[1], RESPIN_PATTERN[4], RESPIN_PATTERN[0], RESPIN_PATTERN[3]].filter(
      (e): e is RangeEvent => e !== undefined,
    );
    assert.equal(shuffled.length, RESPIN_PATTERN.length);
    const sorted = [advisory('JSA1', { ranges: [RESPIN_PATTERN] })];
    const unsorted = [advisory('JSA1', { ranges: [shuffled] })];
    const versions = ['6.3.0r11', '6.3.0r12', '6.3.0r12a', '6.3.0r12b', '6.3.0r13', '6.3.0r13b', '6.3.0r14', '6.3.0r14b', '6.3.0r20', '6.3.0r21'];
    assertTable(
      unsorted,
      versions.map((v) => [v, affectedBy(sorted, v)] as const),
    );
    assert.equal(affectedBy(unsorted, '6.3.0r12b'), false);
    assert.equal(affectedBy(unsorted, '6.3.0r13'), true);
  });

  it('sorts introduced "0" first wherever it is given', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ fixed: '6.3.0r3' }, { introduced: '0' }]] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r2', true],
        ['6.3.0r3', false],
      ],
    );
  });

  it('clears a CSP build that the bulletin names as fixed, and judges any other CSP build as its base release', () => {
    const bulletin = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r20' }]], fixedBuilds: ['6.3.0r13-DND1'] });
    assertTable(
      [bulletin],
      [
        ['6.3.0r13', true],
        ['6.3.0r13-dnd1', false],
        ['6.3.0r13.0-dnd1', false],
        ['6.3.0r13-dnd2', true],
        ['6.3.0r14-dnd1', true],
      ],
    );
    const assessment = new AdvisoryCatalog([bulletin]).check('6.3.0r13-dnd1').assessments[0];
    assert.equal(assessment?.fixedBuild, true);
  });

  it('refuses to build a catalog from a range version it cannot read, rather than skip the range', () => {
    const unreadable = advisory('JSA1', { ranges: [[{ introduced: '6.3.0rx1' }, { fixed: '6.3.0r20' }]] });
    assert.throws(() => new AdvisoryCatalog([unreadable]), /6\.3\.0rx1/);
  });
});

describe('upgrade targets', () => {
  const a = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r10' }, { fixed: '6.3.0r15' }]] });
  const b = advisory('JSA2', { ranges: [[{ introduced: '6.3.0r12' }, { fixed: '6.3.0r12b' }, { introduced: '6.3.0r13' }, { fixed: '6.3.0r18' }]] });

  it('names the first release on the train that clears the one loaded bulletin', () => {
    assert.equal(new AdvisoryCatalog([a]).check('6.3.0r11').upgradeTo, '6.3.0r15');
  });

  it('names the lowest release on the train that clears every loaded bulletin, not just the first fix', () => {
    const verdict = new AdvisoryCatalog([a, b]).check('6.3.0r11');
    assert.equal(verdict.upgradeTo, '6.3.0r18');
    assert.match(verdict.message, /Upgrade to 6\.3\.0r18 or later on the 6\.3\.0 train/);
  });

  it('names a patched respin when it clears every loaded bulletin', () => {
    assert.equal(new AdvisoryCatalog([b]).check('6.3.0r12a').upgradeTo, '6.3.0r12b');
    assert.equal(new AdvisoryCatalog([b]).check('6.3.0r12').upgradeTo, '6.3.0r12b');
  });

  it('never names a release below the version, even one that clears everything', () => {
    const holes = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r5' }, { introduced: '6.3.0r8' }, { fixed: '6.3.0r10' }]] });
    const catalog = new AdvisoryCatalog([holes]);
    assert.equal(catalog.check('6.3.0r9').upgradeTo, '6.3.0r10');
    assert.equal(catalog.check('6.3.0r3').upgradeTo, '6.3.0r5');
  });

  it("stays on the version's train: a fix on a later train is no upgrade target", () => {
    const crossTrain = advisory('JSA1', { ranges: [[{ introduced: '6.2.0r15' }, { fixed: '6.3.0r3' }]] });
    const verdict = new AdvisoryCatalog([crossTrain]).check('6.2.0r16');
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.upgradeTo, null);
    assert.match(verdict.message, /The loaded bulletins name no release on the 6\.2\.0 train that clears them all/);
  });

  it('gives no upgrade target to a version that is not affected', () => {
    assert.equal(new AdvisoryCatalog([a, b]).check('6.3.0r9').upgradeTo, null);
    assert.equal(new AdvisoryCatalog([a, b]).check('6.3.0r18').upgradeTo, null);
  });

  it('lists in fixedIn the patched respin of the release first and then the first fixed mainline release', () => {
    const respins = advisory('JSA1', { ranges: [RESPIN_PATTERN] });
    const catalog = new AdvisoryCatalog([respins]);
    assert.deepEqual(catalog.check('6.3.0r12a').assessments[0]?.fixedIn, ['6.3.0r12b', '6.3.0r21']);
    assert.deepEqual(catalog.check('6.3.0r14').assessments[0]?.fixedIn, ['6.3.0r21']);
  });
});

describe('describeTrain wording', () => {
  const describeOn = (train: string, ...ranges: (readonly RangeEvent[])[]): string | null =>
    describeTrain(compileAffected(advisory('JSA1', { ranges }).vulnerabilities[0]?.affected ?? [], SCREENOS), train);

  it('lists the patched respins of the respin pattern as exceptions', () => {
    assert.equal(describeOn('6.3.0', RESPIN_PATTERN), '6.3.0r12 up to 6.3.0r21 (fixed), except 6.3.0r12b, 6.3.0r13b');
  });

  it('describes a gap after a respin fix that does not resume at the next release as a stretch', () => {
    const gap = [{ introduced: '6.3.0r12' }, { fixed: '6.3.0r12b' }, { introduced: '6.3.0r14' }, { fixed: '6.3.0r21' }];
    assert.equal(describeOn('6.3.0', gap), '6.3.0r12 up to 6.3.0r21 (fixed), except 6.3.0r12b to before 6.3.0r14');
  });

  it('describes a gap between mainline releases as a stretch', () => {
    const gap = [{ introduced: '6.3.0r1' }, { fixed: '6.3.0r5' }, { introduced: '6.3.0r9' }, { fixed: '6.3.0r12' }];
    assert.equal(describeOn('6.3.0', gap), '6.3.0r1 up to 6.3.0r12 (fixed), except 6.3.0r5 to before 6.3.0r9');
  });

  it('says "the first release" of a train that a range opened by introduced "0" covers', () => {
    const range = [{ introduced: '0' }, { fixed: '6.3.0r20' }];
    assert.equal(describeOn('6.3.0', range), 'the first 6.3.0 release up to 6.3.0r20 (fixed)');
    assert.equal(describeOn('6.2.0', range), 'the first 6.2.0 release and every later release on this train (no fix named)');
    assert.equal(describeOn('6.4.0', range), null);
  });

  it('says when no fix is named', () => {
    assert.equal(describeOn('6.3.0', [{ introduced: '6.3.0r5' }]), '6.3.0r5 and every later release on this train (no fix named)');
  });

  it('says "through" for last_affected', () => {
    assert.equal(describeOn('6.3.0', [{ introduced: '6.3.0r5' }, { last_affected: '6.3.0r9' }]), '6.3.0r5 through 6.3.0r9');
  });

  it('adds the explicit versions on the train after the ranges', () => {
    const compiled = compileAffected(
      advisory('JSA1', { ranges: [[{ introduced: '6.3.0r5' }, { fixed: '6.3.0r9' }]], versions: ['6.3.0r11', '6.2.0r3'] }).vulnerabilities[0]?.affected ?? [],
      SCREENOS,
    );
    assert.equal(describeTrain(compiled, '6.3.0'), '6.3.0r5 up to 6.3.0r9 (fixed); also 6.3.0r11');
    assert.equal(describeTrain(compiled, '6.2.0'), 'also 6.2.0r3');
  });

  it('returns null for a train no range touches', () => {
    assert.equal(describeOn('6.2.0', RESPIN_PATTERN), null);
  });

  it('feeds the notes of a bare-train verdict, one per vulnerability, with bulletin and CVE', () => {
    const verdict = new AdvisoryCatalog([advisory('JSA1', { cve: 'CVE-2099-0001', ranges: [RESPIN_PATTERN] })]).check('6.3.0');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(verdict.notes, ['JSA1 CVE-2099-0001: 6.3.0r12 up to 6.3.0r21 (fixed), except 6.3.0r12b, 6.3.0r13b.']);
  });
});

describe('entries for products other than ScreenOS are named in the verdict, never evaluated as ScreenOS ranges', () => {
  it('evaluates each entry in its own product: a range under product "Junos OS" does not make a ScreenOS release affected', () => {
    // compileAffected (src/domain/matching/ranges.ts) compiles the entries of one scheme's product only.
    const junosOnly = advisory('JSA1', { product: 'Junos OS', ranges: [[{ introduced: '0' }, { fixed: '20.4R3-S9' }]] });
    assert.ok('advisory' in parseAdvisory('JSA1.json', JSON.stringify(junosOnly)), 'the file validates, so it can ship');
    const catalog = new AdvisoryCatalog([junosOnly]);
    // No ScreenOS bulletin is loaded: the ScreenOS release is not judged at all, and not called safe.
    assert.deepEqual(catalog.check('6.3.0r19').assessments, []);
    assert.equal(catalog.check('6.3.0r19').status, 'unknown');
    assert.equal(catalog.check('20.4R3-S8').status, 'affected', catalog.check('20.4R3-S8').message);
  });
});

describe('describeTrain starts the clean gap after a last_affected release, not at it', () => {
  it('does not describe the last affected release of a stretch as part of an exception', () => {
    // 6.3.0r5 is affected (last_affected is inclusive); the clean stretch is after 6.3.0r5 up to before 6.3.0r9.
    const text = describeTrain(
      compileAffected(
        advisory('JSA1', { ranges: [[{ introduced: '6.3.0r1' }, { last_affected: '6.3.0r5' }, { introduced: '6.3.0r9' }, { fixed: '6.3.0r12' }]] })
          .vulnerabilities[0]?.affected ?? [],
        SCREENOS,
      ),
      '6.3.0',
    );
    assert.ok(text !== null);
    assert.doesNotMatch(text, /except through 6\.3\.0r5/, text);
  });
});

describe('an affected verdict without a named fix does not claim that no release clears the bulletins', () => {
  const onlyUpTo: [what: string, bulletin: Advisory, affected: string, clear: string][] = [
    ['a last_affected range', advisory('JSA1', { ranges: [[{ introduced: '6.3.0r1' }, { last_affected: '6.3.0r5' }]] }), '6.3.0r3', '6.3.0r6'],
    ['an explicit versions list', advisory('JSA1', { versions: ['6.3.0r5'] }), '6.3.0r5', '6.3.0r6'],
  ];
  for (const [what, bulletin, affected, clear] of onlyUpTo) {
    it(`does not tell ${affected} that no release on its train clears the bulletins while ${clear} is not affected (${what})`, () => {
      const catalog = new AdvisoryCatalog([bulletin]);
      assert.equal(catalog.check(clear).status, 'not_affected');
      const verdict = catalog.check(affected);
      assert.equal(verdict.status, 'affected');
      assert.doesNotMatch(verdict.message, /No release on the 6\.3\.0 train clears every loaded bulletin/, verdict.message);
    });
  }
});

describe('entries limited to hardware platforms stay out of the product-wide ranges', () => {
  // KRACK (JSA10827) concerns only SSG-5 and SSG-20 with Wi-Fi: a version alone cannot tell the platform.
  const krackLike = advisory('JSA1', { cve: 'CVE-2099-0001', platforms: ['SSG-5', 'SSG-20'], ranges: [[{ introduced: '6.3.0r1' }]] });

  it('does not make 6.3.0r19 affected through an entry that applies only to SSG-5 and SSG-20', () => {
    assert.ok('advisory' in parseAdvisory('JSA1.json', JSON.stringify(krackLike)), 'the file validates, so it can ship');
    assert.equal(affectedBy([krackLike], '6.3.0r19'), false);
  });

  it('keeps the platform-limited entry compiled, with its platforms, for a platform-aware check', () => {
    const compiled = compileAffected(krackLike.vulnerabilities[0]?.affected ?? [], SCREENOS);
    assert.deepEqual(compiled.ranges, []);
    assert.deepEqual(
      compiled.platformLimited.map((p) => [p.platforms, p.ranges.length]),
      [[['SSG-5', 'SSG-20'], 1]],
    );
  });

  it('does not offer a release that only a platform-limited entry names as an upgrade target', () => {
    const wide = advisory('JSA2', { cve: 'CVE-2099-0002', ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r24' }]] });
    const limited = advisory('JSA3', { cve: 'CVE-2099-0003', platforms: ['SSG-5'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r26' }]] });
    assert.equal(new AdvisoryCatalog([wide, limited]).check('6.3.0r19').upgradeTo, '6.3.0r24');
  });
});
