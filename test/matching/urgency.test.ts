import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Severity } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { compareRatings, rateVulnerability, type SeverityRating } from '../../src/domain/matching/severity.ts';
import { byUrgency, compareAssessments, cveIds, groupByUrgency } from '../../src/domain/matching/urgency.ts';
import { affecting } from '../../src/domain/matching/verdict.ts';
import { advisory } from '../helpers/hand-made-advisory.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';

const v3 = (score: number): Severity => ({ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score, source: 'NVD' });
const v2 = (score: number): Severity => ({ type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score, source: 'NVD' });

/** A bulletin with one vulnerability affecting 6.3.0r1 up to 6.3.0r9, with the given scores and KEV listing. */
function bulletin(id: string, severity: Severity[], exploited = false): ReturnType<typeof advisory> {
  const made = advisory(id, { cve: `CVE-2099-${id.slice(3)}`, ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r9' }]] });
  const [vulnerability] = made.vulnerabilities;
  assert.ok(vulnerability);
  return { ...made, vulnerabilities: [{ ...vulnerability, severity, kev: exploited ? { date_added: '2025-10-02' } : null }] };
}

describe('worst first', () => {
  it('puts what is known exploited first, then the more severe, then the lower bulletin number', () => {
    const made = new AdvisoryCatalog([
      bulletin('JSA1', [v2(5.0)]),
      bulletin('JSA2', [v3(9.8)]),
      bulletin('JSA3', [v2(4.3)], true),
      bulletin('JSA4', []),
      bulletin('JSA5', [v3(9.8)]),
      bulletin('JSA6', [v3(7.5)]),
      bulletin('JSA10', [v2(5.0)]),
    ]);
    const order = byUrgency(affecting(made.check('6.3.0r5'))).map((a) => a.advisory.id);
    assert.deepEqual(order, ['JSA3', 'JSA2', 'JSA5', 'JSA6', 'JSA1', 'JSA10', 'JSA4']);
  });

  it('rates a CVSS v3 critical above a CVSS v2 10.0, which has no critical band, and an unscored vulnerability last', () => {
    const rate = (severity: Severity[]): SeverityRating => {
      const [vulnerability] = bulletin('JSA1', severity).vulnerabilities;
      assert.ok(vulnerability);
      return rateVulnerability(vulnerability);
    };
    assert.ok(compareRatings(rate([v3(9.0)]), rate([v2(10.0)])) > 0);
    assert.ok(compareRatings(rate([v3(9.8)]), rate([v3(9.1)])) > 0);
    assert.ok(compareRatings(rate([]), rate([v2(1.0)])) < 0);
    assert.equal(compareRatings(rate([v3(7.5)]), rate([v3(7.5)])), 0);
  });

  it('lists the backdoor first for 6.3.0r19, not JSA10704’s medium L2TP bug, and JSA10759’s critical OpenSSL flaws next', () => {
    const hits = affecting(catalog.check('6.3.0r19'));
    const [first] = byUrgency(hits);
    assert.equal(first?.vulnerability.id, 'CVE-2015-7755');
    assert.deepEqual(
      [...groupByUrgency(hits).keys()].map((a) => a.id),
      ['JSA10713', 'JSA10759', 'JSA10732', 'JSA10733', 'JSA10808', 'JSA10841', 'JSA10782', 'JSA10894', 'JSA10704'],
    );
    assert.deepEqual(cveIds(hits).slice(0, 3), ['CVE-2015-7755', 'CVE-2016-2108', 'CVE-2016-2182']);
    assert.equal(cveIds(hits).filter((id) => id === 'CVE-2015-3195').length, 1, 'a CVE named by two bulletins is listed once');
  });

  it('starts the 6.3.0r19 verdict sentence with JSA10713 and its CVE-2015-7755', () => {
    assert.match(
      catalog.check('6.3.0r19').message,
      /^6\.3\.0r19 is affected by JSA10713 \(CVE-2015-7755, CVE-2015-7756\), JSA10759 \(CVE-2016-2108, CVE-2016-2182, /,
    );
  });

  it('orders a train’s answer worst first too: on 6.3.0, JSA10713 before JSA10604', () => {
    assert.match(catalog.check('6.3.0').message, /cannot be judged\. JSA10713, JSA10759, /);
  });

  it('sorts the same whatever order the findings come in', () => {
    const hits = affecting(catalog.check('6.3.0r12'));
    const sorted = byUrgency(hits);
    const bulletins = (list: typeof hits): string[] => [...new Set(list.map((a) => a.advisory.id))];
    assert.deepEqual(bulletins(byUrgency([...hits].reverse())), bulletins(sorted));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      assert.ok(a !== undefined && b !== undefined && compareAssessments(a, b) <= 0, `${a?.vulnerability.id} before ${b?.vulnerability.id}`);
    }
  });
});
