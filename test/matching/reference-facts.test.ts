// Every row of /work/shared/reference/screenos-advisories.md, checked through the catalog built from
// the shipped advisories/ folder, the way the bot answers a user.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { loadLifecycles } from '../../src/domain/advisories/load-lifecycle.ts';
import type { Vulnerability } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { affecting, type Assessment, type Verdict } from '../../src/domain/matching/verdict.ts';

const ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));
const { advisories, problems } = await loadAdvisories(ADVISORIES);
const { lifecycles } = await loadLifecycles(ADVISORIES);
/** The date of the reference's audit: 6.2.0 and older have left support, 6.3.0 has no known date. */
const NOW = (): Date => new Date('2026-11-01T09:00:00Z');
const catalog = new AdvisoryCatalog(advisories, problems, { lifecycle: lifecycles[0] ?? null, now: NOW });

/**
 * The one assessment of `cve` in a ScreenOS verdict; `advisory` picks one bulletin when the CVE is in two
 * (CVE-2015-3195 is listed under JSA10733 and JSA10759).
 */
function assessmentOf(verdict: Verdict, cve: string, advisory?: string): Assessment {
  const found = verdict.assessments.filter((a) => a.vulnerability.id === cve && (advisory === undefined || a.advisory.id === advisory));
  assert.equal(found.length, 1, `${verdict.input}: expected one assessment of ${cve}, got ${found.length} (status ${verdict.status})`);
  const [assessment] = found;
  assert.ok(assessment);
  return assessment;
}

const isAffectedBy = (input: string, cve: string, advisory?: string): boolean => assessmentOf(catalog.check(input), cve, advisory).status === 'affected';
const affectingCves = (verdict: Verdict): string[] => affecting(verdict).map((a) => a.vulnerability.id);

/** The ScreenOS bulletins, which this file checks; the Junos ones have test/advisories/junos-bulletins.test.ts. */
const screenOsAdvisories = advisories.filter((a) => a.vulnerabilities.some((v) => v.affected.some((e) => e.product === 'ScreenOS')));

function vulnerability(cve: string): Vulnerability {
  const found = advisories.flatMap((a) => a.vulnerabilities).find((v) => v.id === cve);
  assert.ok(found, `${cve} is in advisories/`);
  return found;
}

describe('the shipped advisories', () => {
  it('load without problems: the fifteen ScreenOS bulletins from JSA10604 to JSA10894', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      screenOsAdvisories.map((a) => a.id),
      [
        'JSA10604',
        'JSA10624',
        'JSA10631',
        'JSA10632',
        'JSA10704',
        'JSA10712',
        'JSA10713',
        'JSA10732',
        'JSA10733',
        'JSA10759',
        'JSA10782',
        'JSA10808',
        'JSA10827',
        'JSA10841',
        'JSA10894',
      ],
    );
  });

  it('carry the CVEs of each bulletin', () => {
    const cves = Object.fromEntries(screenOsAdvisories.map((a) => [a.id, a.vulnerabilities.map((v) => v.id)]));
    assert.deepEqual(cves, {
      JSA10604: ['CVE-2013-6958'],
      JSA10624: ['CVE-2014-2842'],
      JSA10631: ['CVE-2014-3813'],
      JSA10632: ['CVE-2014-3814'],
      JSA10704: ['CVE-2015-7750'],
      JSA10712: ['CVE-2015-7754'],
      JSA10713: ['CVE-2015-7755', 'CVE-2015-7756'],
      JSA10732: ['CVE-2016-1268'],
      JSA10733: ['CVE-2015-1789', 'CVE-2015-1790', 'CVE-2015-1791', 'CVE-2015-3195'],
      // Greenbone 140020's list; Tenable 94679 lists the first seven only.
      JSA10759: [
        'CVE-2016-0703',
        'CVE-2016-0704',
        'CVE-2016-0797',
        'CVE-2016-0800',
        'CVE-2016-2105',
        'CVE-2016-2106',
        'CVE-2016-2108',
        'CVE-2016-2182',
        'CVE-2016-6305',
        'CVE-2016-6306',
        'CVE-2015-3195',
      ],
      JSA10782: ['CVE-2017-2335', 'CVE-2017-2336', 'CVE-2017-2337', 'CVE-2017-2338', 'CVE-2017-2339'],
      JSA10808: ['CVE-2016-8610'],
      JSA10827: ['CVE-2017-13077', 'CVE-2017-13078', 'CVE-2017-13079', 'CVE-2017-13080', 'CVE-2017-13081'],
      JSA10841: ['CVE-2018-0014'],
      JSA10894: ['CVE-2018-0059'],
    });
  });

  it('records what each bulletin assessed: "all" where its words cover every release, else its trains', () => {
    const assessed = Object.fromEntries(
      screenOsAdvisories.map((a) => [a.id, [...new Set(a.vulnerabilities.flatMap((v) => v.affected.map((e) => JSON.stringify(e.assessed))))]]),
    );
    assert.deepEqual(assessed, {
      JSA10604: ['["5.4.0","6.2.0","6.3.0"]'], // per-train fixes for 5.4, 6.2 and 6.3 (Tenable 74367)
      JSA10624: ['["6.3.0"]'], // "This issue can affect ScreenOS 6.3"; older trains not evaluated
      JSA10631: ['["6.3.0"]'],
      JSA10632: ['["6.3.0"]'],
      JSA10704: ['"all"'], // "can affect any Netscreen and ScreenOS Series products running ScreenOS"
      JSA10712: ['["6.3.0"]'],
      JSA10713: ['"all"'], // the code entered in 6.2.0r15 and 6.3.0r12
      JSA10732: ['["6.3.0"]'],
      JSA10733: ['["6.3.0"]'], // "6.3.0 before 6.3.0r22"
      JSA10759: ['["6.3.0"]'],
      JSA10782: ['["6.3.0"]'], // "6.3.0 releases prior to 6.3.0r24"
      JSA10808: ['["6.3.0"]'],
      JSA10827: ['["6.3.0"]'],
      JSA10841: ['"all"'], // "all versions of Juniper Networks ScreenOS prior to 6.3.0r25"
      JSA10894: ['["6.3.0"]'], // "6.3.0 versions prior to 6.3.0r26"
    });
  });
});

interface Scope {
  readonly cve: string;
  readonly advisory: string;
  /** Releases the reference says are affected. */
  readonly affected: readonly string[];
  /** Releases the reference says are not (patched respins, fixed releases, trains the bulletin cleared). */
  readonly notAffected: readonly string[];
  /** Releases on trains the bulletin did not assess: unknown, never "not affected". */
  readonly notAssessed?: readonly string[];
}

const JSA10733_AFFECTED = ['6.3.0r1', '6.3.0r12', '6.3.0r19b', '6.3.0r20', '6.3.0r21', '6.3.0r21a', '6.3.0r21.0'];
const JSA10733_NOT_AFFECTED = ['6.3.0r22', '6.3.0r22.0', '6.3.0r23'];
// "6.3.0 before 6.3.0r22": the bulletin says nothing about 6.2.0 or older trains.
const JSA10733_NOT_ASSESSED = ['6.2.0r16', '6.1.0r7', '5.4.0r28'];

const SCOPES: readonly Scope[] = [
  {
    cve: 'CVE-2015-7755',
    advisory: 'JSA10713',
    // Juniper's narrowed scope of 2015-12-20: 6.3.0r17 through 6.3.0r20, patched in respin b of r17-r19.
    affected: ['6.3.0r17', '6.3.0r17a', '6.3.0r18', '6.3.0r18.0', '6.3.0r19', '6.3.0r19a', '6.3.0R19', '6.3.0r20', '6.3.0r20a', '6.3.0r20b'],
    notAffected: [
      '6.3.0r12',
      '6.3.0r13',
      '6.3.0r14',
      '6.3.0r15',
      '6.3.0r16',
      '6.3.0r16a',
      '6.3.0r17b',
      '6.3.0r18b',
      '6.3.0r19b',
      '6.3.0r19b.0',
      '6.3.0r19c',
      '6.3.0r21',
      '6.3.0r22',
      // The original bulletin's 6.2.0 range does not apply to 7755 after the narrowing.
      '6.2.0r15',
      '6.2.0r16',
      '6.2.0r18',
      '6.2.0r19',
      '5.0.0r9',
    ],
  },
  {
    cve: 'CVE-2015-7756',
    advisory: 'JSA10713',
    affected: [
      '6.2.0r15',
      '6.2.0r16',
      '6.2.0r17',
      '6.2.0r18',
      '6.2.0r18.0',
      '6.3.0r12',
      '6.3.0r12a',
      '6.3.0r13',
      '6.3.0r14',
      '6.3.0r15',
      '6.3.0r16',
      '6.3.0r17',
      '6.3.0r18',
      '6.3.0r19',
      '6.3.0r19a',
      '6.3.0r20',
      '6.3.0r20a',
      '6.3.0r20b',
      '6.3.0r13-dnd1',
    ],
    notAffected: [
      '6.2.0r14',
      '6.2.0r19',
      '6.2.0r20',
      '6.3.0r11',
      '6.3.0r12b',
      '6.3.0r12c',
      '6.3.0r13b',
      '6.3.0r14b',
      '6.3.0r15b',
      '6.3.0r16b',
      '6.3.0r17b',
      '6.3.0r18b',
      '6.3.0r19b',
      '6.3.0r21',
      '6.3.0r22',
      '5.0.0r9a.t',
    ],
  },
  {
    cve: 'CVE-2015-7754',
    advisory: 'JSA10712',
    // The bulletin: 6.3.0r20 only (NVD's "before 6.3.0r21" is wider; the data follows the bulletin).
    affected: ['6.3.0r20', '6.3.0r20a', '6.3.0r20b', '6.3.0r20.0'],
    notAffected: ['6.3.0r19', '6.3.0r19b', '6.3.0r21', '6.3.0r22', '6.3.0r12'],
    notAssessed: ['6.2.0r18', '6.2.0r19'],
  },
  {
    cve: 'CVE-2015-7750',
    advisory: 'JSA10704',
    // Every release before 6.3.0r20, on every train (Greenbone 105406 quoting the bulletin: "any Netscreen
    // and ScreenOS Series products running ScreenOS"; Tenable 86610: any version < 6.3.0r20). The CSP
    // builds 6.3.0r13-dnd1 and 6.3.0r18-dnc1 are fixed, other CSP builds are their base release.
    affected: [
      '6.3.0r1',
      '6.3.0r12',
      '6.3.0r13',
      '6.3.0r13b',
      '6.3.0r18',
      '6.3.0r19',
      '6.3.0r19b',
      '6.3.0r14-dnd1',
      '6.3.0r18-dnd1',
      '6.2.0r14',
      '6.2.0r19',
      '6.2.0r20',
      '6.1.0r5',
      '6.0.0r6',
      '5.4.0r28',
      '5.0.0r9a.t',
    ],
    notAffected: ['6.3.0r20', '6.3.0r20b', '6.3.0r21', '6.3.0r22', '6.3.0r13-dnd1', '6.3.0r13.0-dnd1', '6.3.0r18-dnc1', '6.3.0r18-DNC1'],
  },
  {
    cve: 'CVE-2016-1268',
    advisory: 'JSA10732',
    affected: ['6.3.0r1', '6.3.0r12', '6.3.0r19b', '6.3.0r20', '6.3.0r20b'],
    notAffected: ['6.3.0r21', '6.3.0r21.0', '6.3.0r22'],
  },
  ...['CVE-2015-1789', 'CVE-2015-1790', 'CVE-2015-1791', 'CVE-2015-3195'].map((cve) => ({
    cve,
    advisory: 'JSA10733',
    affected: JSA10733_AFFECTED,
    notAffected: JSA10733_NOT_AFFECTED,
    notAssessed: JSA10733_NOT_ASSESSED,
  })),
  {
    cve: 'CVE-2013-6958',
    advisory: 'JSA10604',
    // Tenable 74367: 5.4 < 5.4.0r28, 6.2 < 6.2.0r18, 6.3 < 6.3.0r16; CVE text "ScreenOS 5.4, 6.2, or 6.3".
    affected: ['5.4.0r1', '5.4.0r27', '6.2.0r1', '6.2.0r17', '6.2.0r17b', '6.3.0r1', '6.3.0r15', '6.3.0r15b', '6.3.0r15.0'],
    notAffected: ['5.4.0r28', '6.2.0r18', '6.2.0r19', '6.3.0r16', '6.3.0r19', '6.3.0r26'],
    notAssessed: ['6.1.0r7', '6.0.0r8', '5.0.0r9'],
  },
  ...[
    ['CVE-2014-2842', 'JSA10624'], // the bulletin (AusCERT ESB-2014.0524): ScreenOS 6.3; Tenable 74149: 6.3 < 6.3.0r17
    ['CVE-2014-3813', 'JSA10631'], // CVE text "before 6.3r17"; Tenable 76279: 6.3 < 6.3.0r17
    ['CVE-2014-3814', 'JSA10632'], // Tenable 76280 and Greenbone 105270: "ScreenOS 6.3 prior to 6.3.0r17"
  ].map(([cve, advisory]) => ({
    cve: cve ?? '',
    advisory: advisory ?? '',
    affected: ['6.3.0r1', '6.3.0r12', '6.3.0r16', '6.3.0r16a', '6.3.0r16.0'],
    notAffected: ['6.3.0r17', '6.3.0r17b', '6.3.0r19', '6.3.0r26'],
    notAssessed: ['6.2.0r16', '5.4.0r28'],
  })),
  // Tenable 94679 ("6.3.x prior to 6.3.0r23") and Greenbone 140020 ("ScreenOS < 6.3.0r23").
  ...[
    'CVE-2016-0703',
    'CVE-2016-0704',
    'CVE-2016-0797',
    'CVE-2016-0800',
    'CVE-2016-2105',
    'CVE-2016-2106',
    'CVE-2016-2108',
    'CVE-2016-2182',
    'CVE-2016-6305',
    'CVE-2016-6306',
    'CVE-2015-3195',
  ].map((cve) => ({
    cve,
    advisory: 'JSA10759',
    affected: ['6.3.0r1', '6.3.0r19b', '6.3.0r21', '6.3.0r22', '6.3.0r22.0'],
    notAffected: ['6.3.0r23', '6.3.0r24', '6.3.0r26'],
    notAssessed: ['6.2.0r19'],
  })),
  // JSA10782 (Juniper's CVE records): "6.3.0 releases prior to 6.3.0r24"; NVD's CPE list omits 6.3.0r20, which is affected.
  // JSA10808 (Tenable 103925): "6.3.x prior to 6.3.0r24".
  ...['CVE-2017-2335', 'CVE-2017-2336', 'CVE-2017-2337', 'CVE-2017-2338', 'CVE-2017-2339', 'CVE-2016-8610'].map((cve) => ({
    cve,
    advisory: cve === 'CVE-2016-8610' ? 'JSA10808' : 'JSA10782',
    affected: ['6.3.0r1', '6.3.0r20', '6.3.0r23', '6.3.0r23b'],
    notAffected: ['6.3.0r24', '6.3.0r25', '6.3.0r26'],
    notAssessed: ['6.2.0r19'],
  })),
  {
    cve: 'CVE-2018-0014',
    advisory: 'JSA10841',
    // Juniper: "all versions of Juniper Networks ScreenOS prior to 6.3.0r25", every train. NVD's CPE list
    // wrongly names 6.3.0r25, the fixed release.
    affected: ['6.3.0r1', '6.3.0r24', '6.3.0r24b', '6.2.0r19', '6.1.0r1', '6.0.0r6', '5.4.0r28', '5.0.0r9a.t'],
    notAffected: ['6.3.0r25', '6.3.0r25.0', '6.3.0r26'],
  },
  {
    cve: 'CVE-2018-0059',
    advisory: 'JSA10894',
    // Juniper: "6.3.0 versions prior to 6.3.0r26"; NVD's CPE list omits 6.3.0r20.
    affected: ['6.3.0r1', '6.3.0r20', '6.3.0r25', '6.3.0r25.0'],
    notAffected: ['6.3.0r26', '6.3.0r26.0'],
    notAssessed: ['6.2.0r19', '6.2.0r14'],
  },
];

describe('which releases each CVE affects', () => {
  for (const scope of SCOPES) {
    describe(`${scope.cve} (${scope.advisory})`, () => {
      for (const version of scope.affected) {
        it(`reports ${version} as affected by ${scope.cve}`, () => {
          const verdict = catalog.check(version);
          const assessment = assessmentOf(verdict, scope.cve, scope.advisory);
          assert.equal(assessment.status, 'affected');
          assert.equal(assessment.affected, true);
          assert.equal(assessment.advisory.id, scope.advisory);
          assert.equal(verdict.status, 'affected');
        });
      }
      for (const version of scope.notAffected) {
        it(`reports ${version} as not affected by ${scope.cve}`, () => {
          const assessment = assessmentOf(catalog.check(version), scope.cve, scope.advisory);
          assert.equal(assessment.status, 'not_affected', assessment.reason);
          assert.equal(assessment.affected, false);
          assert.deepEqual(assessment.fixedIn, []);
        });
      }
      for (const version of scope.notAssessed ?? []) {
        it(`reports ${version} as unknown for ${scope.cve}: ${scope.advisory} did not assess its train`, () => {
          const assessment = assessmentOf(catalog.check(version), scope.cve, scope.advisory);
          assert.equal(assessment.status, 'unknown');
          assert.equal(assessment.affected, false);
          assert.match(
            assessment.reason,
            new RegExp(`^${scope.advisory} assessed only the .* trains?; it does not say whether ${version.slice(0, 5).replace(/\./g, '\\.')} is affected$`),
          );
        });
      }
    });
  }
});

describe('not assessed is not "not affected"', () => {
  const SIX_THREE_ONLY = 'JSA10624, JSA10631, JSA10632, JSA10712, JSA10732, JSA10733, JSA10759, JSA10782, JSA10808, JSA10894 (6.3.0 only)';

  it('reports 6.2.0r14 as affected (JSA10704 covers every release before 6.3.0r20) and names, in one line, the bulletins that did not assess 6.2.0', () => {
    const verdict = catalog.check('6.2.0r14');
    assert.equal(verdict.status, 'affected');
    assert.deepEqual(affectingCves(verdict), ['CVE-2013-6958', 'CVE-2015-7750', 'CVE-2018-0014']);
    assert.equal(assessmentOf(verdict, 'CVE-2015-1789').status, 'unknown');
    assert.equal(assessmentOf(verdict, 'CVE-2015-1789').reason, 'JSA10733 assessed only the 6.3.0 train; it does not say whether 6.2.0 is affected');
    assert.deepEqual(
      verdict.notes.filter((n) => n.startsWith('Not assessed')),
      [`Not assessed for 6.2.0 by: ${SIX_THREE_ONLY}.`],
    );
    // Only bulletins that assessed 6.2.0 and clear it are named as clearing it.
    assert.match(verdict.message, /Not affected by JSA10713\.$/);
  });

  it('reports 6.2.0r19 as affected by JSA10704 and JSA10841, and clear of JSA10604 and JSA10713, which assessed 6.2.0', () => {
    const verdict = catalog.check('6.2.0r19');
    assert.equal(verdict.status, 'affected');
    assert.deepEqual(affectingCves(verdict), ['CVE-2015-7750', 'CVE-2018-0014']);
    assert.match(verdict.message, /Not affected by JSA10604, JSA10713\.$/);
    assert.deepEqual(
      verdict.notes.filter((n) => n.startsWith('Not assessed')),
      [`Not assessed for 6.2.0 by: ${SIX_THREE_ONLY}.`],
    );
  });

  it('groups JSA10604, which assessed 5.4.0, 6.2.0 and 6.3.0, apart from the 6.3.0-only bulletins for a 6.1.0 release', () => {
    const verdict = catalog.check('6.1.0r5');
    assert.deepEqual(
      verdict.notes.filter((n) => n.startsWith('Not assessed')),
      [`Not assessed for 6.1.0 by: JSA10604 (5.4.0, 6.2.0, 6.3.0 only); ${SIX_THREE_ONLY}.`],
    );
  });

  it('calls a release on a train no bulletin looked at (6.4.0r1) unknown, never safe, and says which bulletins did not assess it', () => {
    const verdict = catalog.check('6.4.0r1');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(affecting(verdict), []);
    assert.match(
      verdict.message,
      /^Whether 6\.4\.0r1 is affected is unknown: JSA10604 \(5\.4\.0, 6\.2\.0, 6\.3\.0 only\); JSA10624, .*JSA10894 \(6\.3\.0 only\) did not assess the 6\.4\.0 train\./,
    );
  });

  it('adds no not-assessed line to a 6.3.0 card: every bulletin assessed 6.3.0', () => {
    for (const version of ['6.3.0r19', '6.3.0r22', '6.3.0r26']) {
      const verdict = catalog.check(version);
      assert.ok(
        verdict.assessments.every((a) => a.status !== 'unknown'),
        version,
      );
      assert.ok(!verdict.notes.some((n) => n.startsWith('Not assessed')), version);
    }
  });
});

describe('end of support, from advisories/lifecycle/screenos.json', () => {
  it('says 6.2.0 left Juniper support on 2013-12-31 and sends 6.2.0r16 to 6.3.0r26', () => {
    const verdict = catalog.check('6.2.0r16');
    assert.deepEqual(verdict.trainSupport && { ...verdict.trainSupport, source: undefined }, {
      train: '6.2.0',
      endOfSupport: '2013-12-31',
      supported: false,
      source: undefined,
    });
    assert.match(verdict.message, /6\.2\.0 left Juniper support on 2013-12-31\./);
    assert.equal(verdict.upgradeTo, '6.3.0r26');
  });

  it('treats 6.3.0, whose date no source gives, as supported and says nothing about its support', () => {
    const verdict = catalog.check('6.3.0r19');
    assert.equal(verdict.trainSupport?.endOfSupport, null);
    assert.equal(verdict.trainSupport?.supported, true);
    assert.doesNotMatch(verdict.message, /support/);
    assert.equal(verdict.upgradeTo, '6.3.0r26');
  });
});

describe('JSA10713 (CVE-2015-7755, CVE-2015-7756)', () => {
  it("reports 6.3.0r13 as affected by CVE-2015-7756 although NVD's CPE list omits it, fixed in 6.3.0r13b and 6.3.0r21", () => {
    const assessment = assessmentOf(catalog.check('6.3.0r13'), 'CVE-2015-7756');
    assert.equal(assessment.affected, true);
    assert.deepEqual(assessment.fixedIn, ['6.3.0r13b', '6.3.0r21']);
  });

  it('reports 6.3.0r20b as affected by both CVEs, since no 6.3.0r20b fix exists: only 6.3.0r21 fixes them', () => {
    const verdict = catalog.check('6.3.0r20b');
    for (const cve of ['CVE-2015-7755', 'CVE-2015-7756']) {
      const assessment = assessmentOf(verdict, cve);
      assert.equal(assessment.affected, true, cve);
      assert.deepEqual(assessment.fixedIn, ['6.3.0r21'], cve);
    }
  });

  it('reports the patched respin 6.3.0r19b as clear of both JSA10713 CVEs', () => {
    const verdict = catalog.check('6.3.0r19b');
    assert.equal(assessmentOf(verdict, 'CVE-2015-7755').status, 'not_affected');
    assert.equal(assessmentOf(verdict, 'CVE-2015-7756').status, 'not_affected');
    assert.ok(!affecting(verdict).some((a) => a.advisory.id === 'JSA10713'));
    assert.match(verdict.message, /Not affected by [^.]*JSA10713/);
  });

  it('reports 6.2.0r16 as affected by CVE-2015-7756 (fixed in 6.2.0r19) but not CVE-2015-7755, and sends it to 6.3.0r26 since no 6.2.0 release clears JSA10704 too', () => {
    const verdict = catalog.check('6.2.0r16');
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.version, '6.2.0r16');
    assert.deepEqual(affectingCves(verdict), ['CVE-2013-6958', 'CVE-2015-7750', 'CVE-2015-7756', 'CVE-2018-0014']);
    assert.equal(assessmentOf(verdict, 'CVE-2015-7755').status, 'not_affected');
    assert.deepEqual(assessmentOf(verdict, 'CVE-2015-7756').fixedIn, ['6.2.0r19']);
    // JSA10704 affects every release before 6.3.0r20 and names no fix on 6.2.0.
    assert.deepEqual(assessmentOf(verdict, 'CVE-2015-7750').fixedIn, []);
    assert.equal(verdict.nearestFixOnTrain, null);
    assert.equal(verdict.upgradeTo, '6.3.0r26');
    assert.match(
      verdict.message,
      /6\.2\.0 left Juniper support on 2013-12-31\. Upgrade to 6\.3\.0r26 or later on the 6\.3\.0 train; no later 6\.2\.0 release clears every loaded bulletin\./,
    );
  });

  it('reports 6.3.0r12b, the patched respin, as fixed for CVE-2015-7756', () => {
    assert.equal(isAffectedBy('6.3.0r12b', 'CVE-2015-7756'), false);
  });

  it('reports 6.3.0r12a as affected by CVE-2015-7756: respin a is not a fix; the fix is 6.3.0r12b, then 6.3.0r21', () => {
    const assessment = assessmentOf(catalog.check('6.3.0r12a'), 'CVE-2015-7756');
    assert.equal(assessment.affected, true);
    assert.deepEqual(assessment.fixedIn, ['6.3.0r12b', '6.3.0r21']);
  });

  it('reports 6.3.0r16 as affected by CVE-2015-7756 but not by CVE-2015-7755 (the scope narrowed on 2015-12-20)', () => {
    assert.equal(isAffectedBy('6.3.0r16', 'CVE-2015-7756'), true);
    assert.equal(isAffectedBy('6.3.0r16', 'CVE-2015-7755'), false);
  });

  it('reports 6.2.0r15 through 6.2.0r18 as affected by CVE-2015-7756 and 6.2.0r19 as not', () => {
    const answers = ['6.2.0r14', '6.2.0r15', '6.2.0r16', '6.2.0r17', '6.2.0r18', '6.2.0r19'].map((v) => [v, isAffectedBy(v, 'CVE-2015-7756')]);
    assert.deepEqual(answers, [
      ['6.2.0r14', false],
      ['6.2.0r15', true],
      ['6.2.0r16', true],
      ['6.2.0r17', true],
      ['6.2.0r18', true],
      ['6.2.0r19', false],
    ]);
  });

  it('reports 6.3.0r21 as clear of JSA10713', () => {
    const verdict = catalog.check('6.3.0r21');
    assert.ok(!affecting(verdict).some((a) => a.advisory.id === 'JSA10713'));
  });

  it("gives the bulletin's mitigation for CVE-2015-7755 (management access from trusted hosts only), none for CVE-2015-7756, and says upgrading is the only fix", () => {
    // The bulletin's workaround section, quoted in the Nexpose community check (BrianWGray/cmty-nexpose-checks).
    const jsa10713 = advisories.find((a) => a.id === 'JSA10713');
    assert.ok(jsa10713);
    assert.match(jsa10713.workaround ?? '', /management access .* trusted management networks and hosts helps mitigate CVE-2015-7755/);
    assert.match(jsa10713.workaround ?? '', /a mitigation, not a fix/);
    assert.match(jsa10713.workaround ?? '', /no workaround for CVE-2015-7756/);
    assert.ok(jsa10713.actions.some((a) => a.startsWith('Upgrading is the only fix.')));
    assert.ok(!catalog.check('6.3.0r19').notes.some((n) => /No workaround for [^:]*JSA10713/.test(n)));
  });

  it('assesses every ScreenOS release: the code entered in 6.2.0r15 and 6.3.0r12, so 6.1.0 and 6.2.0r14 are clear of JSA10713', () => {
    const jsa10713 = advisories.find((a) => a.id === 'JSA10713');
    assert.deepEqual(
      jsa10713?.vulnerabilities.flatMap((v) => v.affected.map((a) => a.assessed)),
      ['all', 'all'],
    );
    for (const version of ['6.1.0r5', '6.2.0r14', '6.3.0r11', '5.4.0r28']) {
      const verdict = catalog.check(version);
      for (const cve of ['CVE-2015-7755', 'CVE-2015-7756']) assert.equal(assessmentOf(verdict, cve).status, 'not_affected', `${version} ${cve}`);
    }
  });

  it('does not state that Dual_EC_DRBG was removed in 6.3.0r22: no source names the release', () => {
    const jsa10713 = advisories.find((a) => a.id === 'JSA10713');
    const text = JSON.stringify(jsa10713);
    assert.doesNotMatch(text, /removed[^"]*6\.3\.0r22/);
    assert.match(text, /first half of 2016/);
  });
});

describe('JSA10712 (CVE-2015-7754)', () => {
  it('reports 6.3.0r20 and 6.3.0r20b as affected, and neither 6.3.0r19 nor 6.3.0r21', () => {
    const answers = ['6.3.0r19', '6.3.0r20', '6.3.0r20b', '6.3.0r21'].map((v) => [v, isAffectedBy(v, 'CVE-2015-7754')]);
    assert.deepEqual(answers, [
      ['6.3.0r19', false],
      ['6.3.0r20', true],
      ['6.3.0r20b', true],
      ['6.3.0r21', false],
    ]);
    assert.deepEqual(assessmentOf(catalog.check('6.3.0r20'), 'CVE-2015-7754').fixedIn, ['6.3.0r21']);
  });
});

describe('JSA10704 (CVE-2015-7750) and its CSP builds', () => {
  it('reports releases before 6.3.0r20 as affected and 6.3.0r20 as fixed', () => {
    assert.equal(isAffectedBy('6.3.0r19', 'CVE-2015-7750'), true);
    assert.equal(isAffectedBy('6.3.0r20', 'CVE-2015-7750'), false);
    assert.deepEqual(assessmentOf(catalog.check('6.3.0r19'), 'CVE-2015-7750').fixedIn, ['6.3.0r20']);
  });

  for (const build of ['6.3.0r13-dnd1', '6.3.0r18-dnc1']) {
    it(`reports the CSP build ${build} as not affected by CVE-2015-7750, because the bulletin names it as fixed`, () => {
      const assessment = assessmentOf(catalog.check(build), 'CVE-2015-7750');
      assert.equal(assessment.status, 'not_affected');
      assert.equal(assessment.fixedBuild, true);
      assert.match(assessment.reason, /^JSA10704 names the CSP build 6\.3\.0r1[38]-dn[dc]1 as fixed$/);
    });
  }

  it('still reports 6.3.0r13-dnd1 as affected by CVE-2015-7756, as its base release 6.3.0r13', () => {
    const verdict = catalog.check('6.3.0r13-dnd1');
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.version, '6.3.0r13-dnd1');
    const assessment = assessmentOf(verdict, 'CVE-2015-7756');
    assert.equal(assessment.affected, true);
    assert.equal(assessment.fixedBuild, false);
    assert.deepEqual(assessment.fixedIn, ['6.3.0r13b', '6.3.0r21']);
  });

  it('notes that 6.3.0r13-dnd1 is a CSP build judged as 6.3.0r13 and that its contents are to be confirmed with Juniper', () => {
    const notes = catalog.check('6.3.0r13-dnd1').notes;
    const csp = notes.find((n) => n.includes('customer special (CSP) build'));
    assert.ok(csp, JSON.stringify(notes));
    assert.match(csp, /judged as 6\.3\.0r13\b/);
    assert.match(csp, /JSA10704 names it as fixed/);
    assert.match(csp, /Confirm with Juniper what this CSP build contains/);
  });

  it('judges a CSP build the bulletin does not name, 6.3.0r18-dnd1, as its base release 6.3.0r18', () => {
    const csp = catalog.check('6.3.0r18-dnd1');
    const base = catalog.check('6.3.0r18');
    assert.deepEqual(
      csp.assessments.map((a) => [a.vulnerability.id, a.status]),
      base.assessments.map((a) => [a.vulnerability.id, a.status]),
    );
    assert.equal(assessmentOf(csp, 'CVE-2015-7750').fixedBuild, false);
  });
});

describe('JSA10732 (CVE-2016-1268) and JSA10733 (OpenSSL)', () => {
  it('reports JSA10732 as fixed in 6.3.0r21', () => {
    assert.equal(isAffectedBy('6.3.0r20', 'CVE-2016-1268'), true);
    assert.equal(isAffectedBy('6.3.0r21', 'CVE-2016-1268'), false);
  });

  it('treats the disputed 6.3.0r20 as affected by CVE-2016-1268 (NVD: "before 6.3.0r21") and says why in the notes', () => {
    // Tenable 90708 flags "6.3.0r19b and prior" and NVD's CPE list names 6.3.0r19 only.
    assert.equal(isAffectedBy('6.3.0r20', 'CVE-2016-1268'), true);
    const notes = advisories.find((a) => a.id === 'JSA10732')?.notes ?? [];
    assert.ok(
      notes.some((n) => /6\.3\.0r20 is disputed/.test(n) && /Tenable 90708/.test(n) && /treats 6\.3\.0r20 as affected/.test(n)),
      JSON.stringify(notes),
    );
  });

  it('reports 6.3.0r21 as affected by all four JSA10733 CVEs, each fixed in 6.3.0r22', () => {
    const verdict = catalog.check('6.3.0r21');
    const jsa10733 = affecting(verdict).filter((a) => a.advisory.id === 'JSA10733');
    assert.deepEqual(
      jsa10733.map((a) => a.vulnerability.id),
      ['CVE-2015-1789', 'CVE-2015-1790', 'CVE-2015-1791', 'CVE-2015-3195'],
    );
    for (const a of jsa10733) assert.deepEqual(a.fixedIn, ['6.3.0r22'], a.vulnerability.id);
  });

  it('reports 6.3.0r22 as clear of JSA10733 but still affected by CVE-2015-3195 through JSA10759, fixed in 6.3.0r23', () => {
    // Greenbone 140020 lists CVE-2015-3195 under JSA10759 (< 6.3.0r23); NVD references both bulletins.
    const verdict = catalog.check('6.3.0r22');
    assert.equal(assessmentOf(verdict, 'CVE-2015-3195', 'JSA10733').status, 'not_affected');
    const through10759 = assessmentOf(verdict, 'CVE-2015-3195', 'JSA10759');
    assert.equal(through10759.status, 'affected');
    assert.deepEqual(through10759.fixedIn, ['6.3.0r23']);
  });

  it('reports 6.3.0r26 as not affected by any loaded bulletin', () => {
    const verdict = catalog.check('6.3.0r26');
    assert.equal(verdict.status, 'not_affected');
    assert.deepEqual(affecting(verdict), []);
    assert.equal(verdict.upgradeTo, null);
    assert.match(verdict.message, /not affected by any of the 15 loaded bulletins/);
  });
});

describe('upgrade targets', () => {
  const targets: [version: string, upgradeTo: string | null, why: string][] = [
    ['6.3.0r19', '6.3.0r26', 'JSA10894 is loaded, so only 6.3.0r26 clears every bulletin'],
    ['6.3.0r19b', '6.3.0r26', 'the respin clears JSA10713 only'],
    ['6.3.0r12a', '6.3.0r26', 'every bulletin on the train must clear'],
    ['6.3.0r20b', '6.3.0r26', 'there is no 6.3.0r20 respin fix'],
    ['6.3.0r21', '6.3.0r26', 'JSA10733 is fixed in 6.3.0r22, but later bulletins need more'],
    ['6.3.0r22', '6.3.0r26', 'JSA10759 (6.3.0r23), JSA10782 and JSA10808 (6.3.0r24), JSA10841 (6.3.0r25), JSA10894 (6.3.0r26)'],
    ['6.3.0r25', '6.3.0r26', 'JSA10894 alone is left'],
    ['6.3.0r13-dnd1', '6.3.0r26', 'a CSP build upgrades like its base release'],
    ['6.3.0r26', null, 'nothing to upgrade from'],
    ['5.4.0r28', '6.3.0r26', '5.4.0 left support in 2013, and JSA10704 and JSA10841 name no fix below 6.3.0'],
    ['6.1.0r7', '6.3.0r26', '6.1.0 left support in 2012'],
    ['6.2.0r16', '6.3.0r26', 'JSA10704 affects every 6.2.0 release, so no 6.2.0 release clears every bulletin'],
    ['6.2.0r18.0', '6.3.0r26', 'a build counter changes nothing'],
    ['6.2.0r19', '6.3.0r26', 'clear of JSA10713, but JSA10704 names no fix on 6.2.0, and ten bulletins did not assess 6.2.0'],
    ['5.0.0r9a.t', '6.3.0r26', 'a train the end-of-life data does not list still gets the newest supported train when its own has no clear release'],
  ];
  for (const [version, upgradeTo, why] of targets) {
    it(`tells ${version} to upgrade to ${upgradeTo ?? 'nothing'}: ${why}`, () => {
      assert.equal(catalog.check(version).upgradeTo, upgradeTo);
    });
  }

  it('names no release on 6.2.0 or older as the nearest fix on its own train: no bulletin on 6.3.0 alone assessed them', () => {
    for (const version of ['5.4.0r28', '6.1.0r7', '6.2.0r16', '6.2.0r19']) assert.equal(catalog.check(version).nearestFixOnTrain, null, version);
    assert.equal(catalog.check('6.3.0r19').nearestFixOnTrain, '6.3.0r26');
  });

  it('names a target that no loaded bulletin affects and every loaded bulletin assessed, for every release in the reference tables', () => {
    const releases = new Set([...SCOPES.flatMap((s) => [...s.affected, ...s.notAffected, ...(s.notAssessed ?? [])]), ...targets.map(([version]) => version)]);
    const wrong: string[] = [];
    let targetsChecked = 0;
    for (const release of releases) {
      const target = catalog.check(release).upgradeTo;
      if (target === null) continue;
      targetsChecked++;
      const verdict = catalog.check(target);
      const notClear = verdict.assessments.filter((a) => a.status !== 'not_affected').map((a) => `${a.advisory.id} ${a.vulnerability.id} ${a.status}`);
      if (verdict.status !== 'not_affected' || notClear.length > 0) wrong.push(`${release} → ${target} (${notClear.join(', ')})`);
    }
    assert.ok(releases.size > 60, `only ${releases.size} releases checked`);
    assert.ok(targetsChecked > 40, `only ${targetsChecked} targets checked`);
    assert.deepEqual(wrong, []);
  });
});

/** The parts of a verdict that a build counter or a `get system` wrapper must not change. */
const judged = (verdict: Verdict): unknown => ({
  status: verdict.status,
  upgradeTo: verdict.upgradeTo,
  assessments: verdict.assessments.map((a) => [a.vulnerability.id, a.status, a.fixedBuild, a.fixedIn]),
});

describe('spellings that must not change a verdict', () => {
  const pairs: [plain: string, other: string, what: string][] = [
    ['6.3.0r19b', '6.3.0r19b.0', 'a build counter'],
    ['6.2.0r18', '6.2.0r18.0', 'a build counter'],
    ['6.3.0r19', '6.3.0r19.0', 'a build counter on an affected release'],
    ['6.2.0r18.0', 'Software Version: 6.2.0r18.0, Type: Firewall+VPN', 'the `get system` line'],
    ['6.3.0r19b.0', 'Software Version: 6.3.0r19b.0, Type: Firewall+VPN', 'the `get system` line'],
    ['6.3.0r17', '6.3.0R17', 'an upper-case R'],
    ['6.3.0r22', '6.3r22', 'the 6.3r22 shorthand'],
    ['6.3.0r18', 'ScreenOS 6.3.0r18', 'the product name'],
  ];
  for (const [plain, other, what] of pairs) {
    it(`gives ${JSON.stringify(other)} the same verdict as ${plain}: ${what}`, () => {
      assert.deepEqual(judged(catalog.check(other)), judged(catalog.check(plain)));
    });
  }

  it('names the version as read in a `get system` verdict', () => {
    assert.equal(catalog.check('Software Version: 6.2.0r18.0, Type: Firewall+VPN').version, '6.2.0r18.0');
  });
});

describe('inputs that are not one ScreenOS release', () => {
  for (const junos of ['12.3X48-D10', '15.1R7-S5', '21.2R3-S7', 'Junos OS 15.1X49-D150']) {
    it(`judges the Junos version ${junos} against Junos bulletins only, and repeats what JSA10713 states about Junos`, () => {
      const verdict = catalog.check(junos);
      assert.equal(verdict.reading.kind, 'junos');
      assert.equal(verdict.product, 'junos');
      assert.ok(
        verdict.assessments.every((a) => a.vulnerability.affected.some((e) => e.product === 'Junos OS')),
        'no ScreenOS range judges a Junos release',
      );
      assert.ok(!verdict.assessments.some((a) => a.advisory.id === 'JSA10713'));
      assert.ok(
        verdict.notes.includes(
          'JSA10713: Juniper stated that Junos OS, including SRX, is not affected. (Juniper, quoted by lightreading.com and infosecurity-magazine.com)',
        ),
        verdict.notes.join('\n'),
      );
    });
  }

  it('answers the bare train 6.3.0 with "unknown" and lists, per CVE, the affected releases of that train, worst first', () => {
    const verdict = catalog.check('6.3.0');
    assert.equal(verdict.status, 'unknown');
    assert.equal(verdict.version, null);
    assert.deepEqual(verdict.assessments, []);
    assert.equal(verdict.upgradeTo, null);
    assert.match(verdict.message, /6\.3\.0 names a train, not a release/);
    assert.match(
      verdict.message,
      /JSA10713, JSA10759, JSA10712, JSA10624, JSA10631, JSA10632, JSA10732, JSA10733, JSA10808, JSA10604, JSA10841, JSA10782, JSA10894, JSA10704 affect releases on 6\.3\.0/,
    );
    // Bulletins by their most urgent CVE (known exploited, then severity, then id), each bulletin's CVEs together.
    assert.deepEqual(verdict.notes, [
      'JSA10713 CVE-2015-7755: 6.3.0r17 up to 6.3.0r21 (fixed), except 6.3.0r17b, 6.3.0r18b, 6.3.0r19b.',
      'JSA10713 CVE-2015-7756: 6.3.0r12 up to 6.3.0r21 (fixed), except 6.3.0r12b, 6.3.0r13b, 6.3.0r14b, 6.3.0r15b, 6.3.0r16b, 6.3.0r17b, 6.3.0r18b, 6.3.0r19b.',
      ...[
        'CVE-2016-2108',
        'CVE-2016-2182',
        'CVE-2016-0797',
        'CVE-2016-2105',
        'CVE-2016-2106',
        'CVE-2016-6305',
        'CVE-2016-0703',
        'CVE-2016-0704',
        'CVE-2016-0800',
        'CVE-2016-6306',
        'CVE-2015-3195',
      ].map((cve) => `JSA10759 ${cve}: 6.3.0r1 up to 6.3.0r23 (fixed).`),
      'JSA10712 CVE-2015-7754: 6.3.0r20 up to 6.3.0r21 (fixed).',
      'JSA10624 CVE-2014-2842: 6.3.0r1 up to 6.3.0r17 (fixed).',
      'JSA10631 CVE-2014-3813: 6.3.0r1 up to 6.3.0r17 (fixed).',
      'JSA10632 CVE-2014-3814: 6.3.0r1 up to 6.3.0r17 (fixed).',
      'JSA10732 CVE-2016-1268: 6.3.0r1 up to 6.3.0r21 (fixed).',
      'JSA10733 CVE-2015-1789: 6.3.0r1 up to 6.3.0r22 (fixed).',
      'JSA10733 CVE-2015-1791: 6.3.0r1 up to 6.3.0r22 (fixed).',
      'JSA10733 CVE-2015-3195: 6.3.0r1 up to 6.3.0r22 (fixed).',
      'JSA10733 CVE-2015-1790: 6.3.0r1 up to 6.3.0r22 (fixed).',
      'JSA10808 CVE-2016-8610: 6.3.0r1 up to 6.3.0r24 (fixed).',
      'JSA10604 CVE-2013-6958: 6.3.0r1 up to 6.3.0r16 (fixed).',
      'JSA10841 CVE-2018-0014: the first 6.3.0 release up to 6.3.0r25 (fixed).',
      ...['CVE-2017-2335', 'CVE-2017-2336', 'CVE-2017-2337', 'CVE-2017-2338', 'CVE-2017-2339'].map((cve) => `JSA10782 ${cve}: 6.3.0r1 up to 6.3.0r24 (fixed).`),
      'JSA10894 CVE-2018-0059: 6.3.0r1 up to 6.3.0r26 (fixed).',
      // JSA10827 (KRACK) is limited to SSG-5 and SSG-20, so a train alone does not list it.
      'JSA10704 CVE-2015-7750: the first 6.3.0 release up to 6.3.0r20 (fixed).',
    ]);
  });

  it('answers the bare train 6.2.0 with "unknown" and lists CVE-2013-6958, CVE-2018-0014, CVE-2015-7750 and CVE-2015-7756 on it, worst first', () => {
    const verdict = catalog.check('6.2.0');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(verdict.notes, [
      'JSA10604 CVE-2013-6958: 6.2.0r1 up to 6.2.0r18 (fixed).',
      'JSA10841 CVE-2018-0014: the first 6.2.0 release and every later release on this train (no fix named).',
      'JSA10704 CVE-2015-7750: the first 6.2.0 release and every later release on this train (no fix named).',
      'JSA10713 CVE-2015-7756: 6.2.0r15 up to 6.2.0r19 (fixed).',
    ]);
  });

  it('answers the bare train 5.0.0 with "unknown" and lists CVE-2018-0014 and CVE-2015-7750, which cover every release before their 6.3.0 fixes', () => {
    const verdict = catalog.check('5.0.0');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(verdict.notes, [
      'JSA10841 CVE-2018-0014: the first 5.0.0 release and every later release on this train (no fix named).',
      'JSA10704 CVE-2015-7750: the first 5.0.0 release and every later release on this train (no fix named).',
    ]);
  });

  it('answers the bare train 6.4.0 with "unknown", saying no loaded bulletin names a release on it', () => {
    const verdict = catalog.check('6.4.0');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(verdict.notes, []);
    assert.match(verdict.message, /No loaded bulletin names an affected release on 6\.4\.0/);
  });

  const unreadable: [input: string, message: RegExp][] = [
    ['6.3.0rx1', /“6\.3\.0rx1” is not a ScreenOS version: .*Did you mean 6\.3\.0r1\?/],
    ['6.3.0r', /the release number after “r” is missing/],
    ['6.3r', /the release number after “r” is missing/],
    ['', /An empty version is not a ScreenOS version: no version was given/],
    ['junk', /“junk” is not a ScreenOS version: it has no version number in it\. Try a release such as/],
  ];
  for (const [input, message] of unreadable) {
    it(`answers the unreadable ${JSON.stringify(input)} with "unknown", no version and a message saying why`, () => {
      const verdict = catalog.check(input);
      assert.equal(verdict.reading.kind, 'unreadable');
      assert.equal(verdict.status, 'unknown');
      assert.equal(verdict.version, null);
      assert.deepEqual(verdict.assessments, []);
      assert.equal(verdict.upgradeTo, null);
      assert.match(verdict.message, message);
    });
  }
});

describe('severity, weakness and exploitation facts', () => {
  it('scores CVE-2015-7755 CVSS v2 10.0 (NVD) and CVSS v3.1 9.8 (CISA ADP), CWE-287, in KEV since 2025-10-02', () => {
    const v = vulnerability('CVE-2015-7755');
    assert.equal(v.name, 'Administrative Access');
    assert.deepEqual(v.severity, [
      { type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10.0, source: 'NVD' },
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, source: 'CISA ADP' },
    ]);
    assert.deepEqual(v.cwes, ['CWE-287']);
    assert.deepEqual(v.kev, { date_added: '2025-10-02' });
  });

  it('scores CVE-2015-7756 CVSS v2 5.0 only, CWE-310, not in KEV', () => {
    const v = vulnerability('CVE-2015-7756');
    assert.equal(v.name, 'VPN Decryption');
    assert.deepEqual(v.severity, [{ type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', score: 5.0, source: 'NVD' }]);
    assert.deepEqual(v.cwes, ['CWE-310']);
    assert.equal(v.kev, null);
  });

  it('scores CVE-2015-7754 CVSS v2 9.3 and v3.0 8.1, CWE-20', () => {
    const v = vulnerability('CVE-2015-7754');
    assert.deepEqual(
      v.severity.map((s) => [s.type, s.score, s.vector.slice(0, 9)]),
      [
        ['CVSS_V2', 9.3, 'AV:N/AC:M'],
        ['CVSS_V3', 8.1, 'CVSS:3.0/'],
      ],
    );
    assert.deepEqual(v.cwes, ['CWE-20']);
    assert.equal(v.kev, null);
  });

  it('scores CVE-2015-7750 CVSS v2 5.0, CWE-20 (NVD)', () => {
    assert.deepEqual(
      vulnerability('CVE-2015-7750').severity.map((s) => [s.type, s.score]),
      [['CVSS_V2', 5.0]],
    );
    assert.deepEqual(vulnerability('CVE-2015-7750').cwes, ['CWE-20']);
  });

  // NVD records (fkie-cad/nvd-json-data-feeds), all nvd@nist.gov primary.
  const openssl: [cve: string, severity: [type: string, vector: string, score: number][], cwes: string[]][] = [
    [
      'CVE-2015-1789',
      [
        ['CVSS_V2', 'AV:N/AC:M/Au:N/C:N/I:N/A:P', 4.3],
        ['CVSS_V3', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
      ],
      ['CWE-119'],
    ],
    ['CVE-2015-1790', [['CVSS_V2', 'AV:N/AC:L/Au:N/C:N/I:N/A:P', 5.0]], []],
    ['CVE-2015-1791', [['CVSS_V2', 'AV:N/AC:M/Au:N/C:P/I:P/A:P', 6.8]], ['CWE-362']],
    [
      'CVE-2015-3195',
      [
        ['CVSS_V2', 'AV:N/AC:L/Au:N/C:N/I:N/A:P', 5.0],
        ['CVSS_V3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3],
      ],
      ['CWE-200'],
    ],
  ];
  for (const [cve, severity, cwes] of openssl) {
    it(`scores the JSA10733 OpenSSL issue ${cve} as NVD does: ${severity.map(([, , score]) => score).join(' and ')}, ${cwes.join(', ') || 'no CWE (NVD-CWE-Other)'}`, () => {
      const v = vulnerability(cve);
      assert.deepEqual(
        v.severity.map((s) => [s.type, s.vector, s.score]),
        severity,
      );
      assert.ok(v.severity.every((s) => s.source === 'NVD'));
      assert.deepEqual(v.cwes, cwes);
      assert.equal(v.kev, null);
    });
  }

  it('scores CVE-2016-1268 CVSS v2 7.8 and v3.0 7.5, CWE-20', () => {
    const v = vulnerability('CVE-2016-1268');
    assert.deepEqual(
      v.severity.map((s) => [s.type, s.score, s.vector.slice(0, 9)]),
      [
        ['CVSS_V2', 7.8, 'AV:N/AC:L'],
        ['CVSS_V3', 7.5, 'CVSS:3.0/'],
      ],
    );
    assert.deepEqual(v.cwes, ['CWE-20']);
  });

  it('records that JSA10713 states Junos OS is not affected', () => {
    const jsa10713 = advisories.find((a) => a.id === 'JSA10713');
    assert.deepEqual(
      jsa10713?.not_affected.map((n) => n.product),
      ['Junos OS'],
    );
  });

  it('dates JSA10713 2015-12-17', () => {
    assert.equal(advisories.find((a) => a.id === 'JSA10713')?.published, '2015-12-17');
  });
});

describe('JSA10827 (KRACK) is limited to SSG-5 and SSG-20', () => {
  const krack = ['CVE-2017-13077', 'CVE-2017-13078', 'CVE-2017-13079', 'CVE-2017-13080', 'CVE-2017-13081'];

  it('names SSG-5 and SSG-20 as the only platforms, on 6.3.0, with no fixed release (Tenable 105654: "Fixed version : N/A")', () => {
    for (const cve of krack) {
      const [entry, ...rest] = vulnerability(cve).affected;
      assert.deepEqual(rest, [], cve);
      assert.deepEqual(entry?.platforms, ['SSG-5', 'SSG-20'], cve);
      assert.deepEqual(entry?.assessed, ['6.3.0'], cve);
      assert.deepEqual(
        entry?.ranges.map((r) => r.events),
        [[{ introduced: '6.3.0r1' }]],
        cve,
      );
    }
  });

  it('does not let KRACK decide a version-only verdict or the upgrade target: a version does not tell the platform', () => {
    const verdict = catalog.check('6.3.0r25');
    for (const cve of krack) assert.equal(assessmentOf(verdict, cve).status, 'not_affected', cve);
    assert.equal(verdict.upgradeTo, '6.3.0r26');
  });

  it('names KRACK in a note taken from the bulletin: the platforms, no fixed release, and its workaround', () => {
    const jsa10827 = advisories.find((a) => a.id === 'JSA10827');
    assert.ok(jsa10827?.workaround);
    const expected = `On SSG-5/SSG-20: also affected by JSA10827 (CVE-2017-13077 and 4 more), no fixed release named. ${jsa10827.workaround}`;
    assert.ok(catalog.check('6.3.0r19').notes.includes(expected), catalog.check('6.3.0r19').notes.join('\n'));
    // The target itself is listed for those platforms: a 6.2.0 answer says so about 6.3.0r26.
    assert.ok(
      catalog
        .check('6.2.0r16')
        .notes.some((n) => n.startsWith('On SSG-5/SSG-20: 6.3.0r26 is affected by JSA10827 (CVE-2017-13077 and 4 more), no fixed release named.')),
    );
    // A clear release is not "also" affected.
    assert.ok(catalog.check('6.3.0r26').notes.some((n) => n.startsWith('On SSG-5/SSG-20: affected by JSA10827')));
  });

  it("gives the bulletin's mitigation: disable all Wi-Fi configurations", () => {
    assert.match(advisories.find((a) => a.id === 'JSA10827')?.workaround ?? '', /^Disable all Wi-Fi configurations/);
  });
});

describe('workarounds of the added bulletins, as their sources give them', () => {
  const workaround = (id: string): string | null | undefined => advisories.find((a) => a.id === id)?.workaround;

  it('JSA10624: disable HTTPS administration, also on internal networks (the bulletin, via AusCERT ESB-2014.0524)', () => {
    assert.match(workaround('JSA10624') ?? '', /Disable HTTPS administration .* also on internal and protected networks/);
  });

  it('JSA10604: enable the Ping of Death screen (CVE text, Tenable 74367)', () => {
    assert.match(workaround('JSA10604') ?? '', /Enable the Ping of Death screen/);
  });

  it('JSA10841: none, because Juniper says "There are no viable workarounds for this issue."', () => {
    assert.equal(workaround('JSA10841'), null);
  });

  it("JSA10782 and JSA10894: limit WebUI or device access to trusted hosts (Juniper's CVE records)", () => {
    assert.match(workaround('JSA10782') ?? '', /limit access to the firewall's WebUI to trusted hosts/);
    assert.match(workaround('JSA10894') ?? '', /trusted hosts and administrators, and disable the web administrative interface/);
  });

  it('JSA10759 and JSA10808: say the bulletin has a workaround whose text was not available, rather than claim there is none', () => {
    for (const id of ['JSA10759', 'JSA10808']) assert.match(workaround(id) ?? '', /not available/, id);
  });
});

describe('severity, weakness and exploitation facts of the added bulletins', () => {
  // NVD records (fkie-cad/nvd-json-data-feeds) and Juniper's CVE records (CVEProject/cvelistV5).
  const scores: [cve: string, severity: [type: string, score: number, source: string][], cwes: string[]][] = [
    ['CVE-2013-6958', [['CVSS_V2', 7.1, 'NVD']], []],
    ['CVE-2014-2842', [['CVSS_V2', 7.8, 'NVD']], ['CWE-399']],
    ['CVE-2014-3813', [['CVSS_V2', 7.8, 'NVD']], []],
    ['CVE-2014-3814', [['CVSS_V2', 7.8, 'NVD']], ['CWE-20']],
    [
      'CVE-2016-2108',
      [
        ['CVSS_V2', 10.0, 'NVD'],
        ['CVSS_V3', 9.8, 'NVD'],
      ],
      ['CWE-119'],
    ],
    [
      'CVE-2016-0800',
      [
        ['CVSS_V2', 4.3, 'NVD'],
        ['CVSS_V3', 5.9, 'NVD'],
      ],
      ['CWE-200', 'CWE-310'],
    ],
    [
      'CVE-2017-2335',
      [
        ['CVSS_V2', 3.5, 'NVD'],
        ['CVSS_V3', 5.4, 'NVD'],
        ['CVSS_V3', 8.4, 'Juniper'],
      ],
      ['CWE-79'],
    ],
    [
      'CVE-2017-2336',
      [
        ['CVSS_V2', 3.5, 'NVD'],
        ['CVSS_V3', 5.4, 'NVD'],
        ['CVSS_V3', 9.6, 'Juniper'],
      ],
      ['CWE-79'],
    ],
    [
      'CVE-2016-8610',
      [
        ['CVSS_V2', 5.0, 'NVD'],
        ['CVSS_V3', 7.5, 'NVD'],
      ],
      ['CWE-400'],
    ],
    [
      'CVE-2017-13077',
      [
        ['CVSS_V2', 5.4, 'NVD'],
        ['CVSS_V3', 6.8, 'NVD'],
      ],
      ['CWE-330'],
    ],
    [
      'CVE-2017-13080',
      [
        ['CVSS_V2', 2.9, 'NVD'],
        ['CVSS_V3', 5.3, 'NVD'],
      ],
      ['CWE-330'],
    ],
    [
      'CVE-2018-0014',
      [
        ['CVSS_V2', 3.3, 'NVD'],
        ['CVSS_V3', 6.5, 'NVD'],
        ['CVSS_V3', 4.3, 'Juniper'],
      ],
      ['CWE-200'],
    ],
    [
      'CVE-2018-0059',
      [
        ['CVSS_V2', 3.5, 'NVD'],
        ['CVSS_V3', 5.4, 'NVD'],
        ['CVSS_V3', 5.4, 'Juniper'],
      ],
      ['CWE-79'],
    ],
  ];
  for (const [cve, severity, cwes] of scores) {
    it(`scores ${cve} ${severity.map(([type, score, source]) => `${type} ${score} (${source})`).join(', ')}; ${cwes.join(', ') || 'no CWE'}`, () => {
      const v = vulnerability(cve);
      assert.deepEqual(
        v.severity.map((s) => [s.type, s.score, s.source]),
        severity,
      );
      assert.deepEqual(v.cwes, cwes);
    });
  }

  it('lists only CVE-2015-7755 as known exploited among the ScreenOS bulletins (CISA KEV, added 2025-10-02)', () => {
    const listed = screenOsAdvisories.flatMap((a) => a.vulnerabilities).filter((v) => v.kev !== null);
    assert.deepEqual(
      listed.map((v) => [v.id, v.kev?.date_added]),
      [['CVE-2015-7755', '2025-10-02']],
    );
  });

  it('cites a source for every added bulletin: its Juniper page, NVD for each CVE, and a scanner check', () => {
    for (const id of ['JSA10604', 'JSA10624', 'JSA10631', 'JSA10632', 'JSA10759', 'JSA10782', 'JSA10808', 'JSA10827', 'JSA10841', 'JSA10894']) {
      const advisory = advisories.find((a) => a.id === id);
      assert.ok(advisory, id);
      const urls = advisory.references.map((r) => r.url);
      assert.ok(
        urls.some((u) => u.includes('juniper.net') && u.includes(id)),
        `${id}: no Juniper reference`,
      );
      for (const v of advisory.vulnerabilities) assert.ok(urls.includes(`https://nvd.nist.gov/vuln/detail/${v.id}`), `${id}: no NVD reference for ${v.id}`);
      assert.ok(
        advisory.indicators.some((i) => i.kind === 'scanner_check'),
        `${id}: no scanner check`,
      );
      assert.ok(advisory.notes.length > 0, `${id}: no notes`);
    }
  });
});
