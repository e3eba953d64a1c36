// The Junos OS bulletins in advisories/: their ranges are what Juniper's own words say (derived again
// from each entry's `statement`), and the verdicts the reference states come out of the catalog.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { laterTrains, platformReading, readFixedList } from '../../src/domain/advisories/juniper-fixed-list.ts';
import { readJuniperList } from '../../src/domain/advisories/juniper-list.ts';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import type { Advisory, Affected } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import type { Assessment } from '../../src/domain/matching/verdict.ts';
import { AFFECTED, FIXED, JSA93446_PLATFORM_FIXES } from '../helpers/juniper-lists.ts';

const ADVISORIES = fileURLToPath(new URL('../../advisories/', import.meta.url));
const { advisories, problems } = await loadAdvisories(ADVISORIES);
const catalog = new AdvisoryCatalog(advisories, problems, { lifecycle: null, now: () => new Date('2026-11-01T09:00:00Z') });

const isJunos = (entry: Affected): boolean => entry.product === 'Junos OS' || entry.product === 'Junos OS Evolved';
const junosAdvisories = advisories.filter((a) => a.vulnerabilities.some((v) => v.affected.some(isJunos)));

function advisory(id: string): Advisory {
  const found = advisories.find((a) => a.id === id);
  assert.ok(found, `${id} is in advisories/`);
  return found;
}

/** The fixed list in the CVE's record that gives an entry its "<train> and later". */
function fixedListFor(cve: string, entry: Affected): string {
  const key = entry.product === 'Junos OS Evolved' ? `${cve} (Evolved)` : cve;
  assert.ok(key in FIXED, `${key} has its fixed list quoted`);
  return FIXED[key as keyof typeof FIXED];
}

describe('the Junos OS bulletins', () => {
  it('load without problems', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(junosAdvisories.map((a) => a.id), ['JSA11021', 'JSA72300', 'JSA73150', 'JSA75729', 'JSA93446']);
  });

  it('keep Juniper’s list verbatim in each entry’s statement', () => {
    const quoted: readonly string[] = Object.values(AFFECTED);
    for (const a of junosAdvisories) {
      for (const v of a.vulnerabilities) {
        for (const entry of v.affected.filter(isJunos)) assert.ok(entry.statement !== undefined && quoted.includes(entry.statement), `${a.id} ${v.id} ${entry.platforms.join(', ')}`);
      }
    }
    const evolved = advisory('JSA73150').vulnerabilities[0]?.affected.find((e) => e.product === 'Junos OS Evolved');
    assert.equal(evolved?.statement, AFFECTED['CVE-2023-44186 (Evolved)']);
  });

  it('carry exactly the ranges and assessed trains that Juniper’s words give, so the data cannot drift from them', () => {
    let checked = 0;
    for (const a of junosAdvisories) {
      for (const v of a.vulnerabilities) {
        for (const entry of v.affected.filter(isJunos)) {
          const where = `${a.id} ${v.id} ${entry.product} [${entry.platforms.join(', ')}]`;
          const result = readJuniperList(entry.statement ?? '');
          assert.ok('reading' in result, where);
          const { reading } = result;
          assert.equal(entry.product, reading.product, where);
          const exception = a.id === 'JSA93446' ? JSA93446_PLATFORM_FIXES.find((p) => p.platforms.join() === entry.platforms.join()) : undefined;
          if (exception !== undefined) {
            const own = platformReading(reading, exception.onlyFixedIn);
            assert.ok(!('problem' in own), where);
            assert.deepEqual(entry.ranges, own.ranges, where);
            assert.deepEqual(entry.assessed, own.assessed, where);
          } else {
            assert.deepEqual(entry.ranges, reading.ranges, where);
            const assessed = entry.assessed === 'all' ? [] : entry.assessed;
            assert.deepEqual(assessed.filter((t) => !t.endsWith(' and later')), reading.assessed, where);
            const list = readFixedList(fixedListFor(v.id, entry));
            assert.ok(!('problem' in list), where);
            const later = laterTrains(reading, list);
            assert.deepEqual(assessed.filter((t) => t.endsWith(' and later')), later === null ? [] : [later], where);
          }
          checked++;
        }
      }
    }
    // 5 (JSA72300) + 1 (JSA75729) + 5 (JSA93446) + 1 (JSA11021) + 2 (JSA73150)
    assert.equal(checked, 14);
  });

  it('give each JSA72300 CVE its own platforms, and JSA93446 a general entry beside its platform groups', () => {
    assert.deepEqual(advisory('JSA72300').vulnerabilities.map((v) => [v.id, v.affected.map((e) => e.platforms.join(' and '))]), [
      ['CVE-2023-36844', ['EX Series']],
      ['CVE-2023-36845', ['EX Series and SRX Series']],
      ['CVE-2023-36846', ['SRX Series']],
      ['CVE-2023-36847', ['EX Series']],
      ['CVE-2023-36851', ['SRX Series']],
    ]);
    assert.deepEqual(advisory('JSA93446').vulnerabilities[0]?.affected.map((e) => e.platforms), [[], ...JSA93446_PLATFORM_FIXES.map((p) => p.platforms)]);
  });

  it('record the dates, scores, weaknesses and KEV listings the reference gives', () => {
    const facts = junosAdvisories.map((a) => [
      a.id,
      a.published,
      a.modified,
      a.vulnerabilities.map((v) => [v.id, v.severity.map((s) => `${s.source} ${s.score}`).join(', '), v.cwes.join(', '), v.kev?.date_added ?? null]),
    ]);
    assert.deepEqual(facts, [
      ['JSA11021', '2020-04-27', '2020-04-27', [['CVE-2020-1631', 'Juniper 8.8', 'CWE-22, CWE-73', '2022-03-25']]],
      ['JSA72300', '2023-08-17', '2023-11-08', [
        ['CVE-2023-36844', 'Juniper 5.3', 'CWE-473', '2023-11-13'],
        ['CVE-2023-36845', 'Juniper 9.8', 'CWE-473', '2023-11-13'],
        ['CVE-2023-36846', 'Juniper 5.3', 'CWE-306', '2023-11-13'],
        ['CVE-2023-36847', 'Juniper 5.3', 'CWE-306', '2023-11-13'],
        ['CVE-2023-36851', 'Juniper 5.3', 'CWE-306', '2023-11-13'],
      ]],
      ['JSA73150', '2023-10-11', '2024-03-05', [['CVE-2023-44186', 'Juniper 7.5', 'CWE-755', null]]],
      ['JSA75729', '2024-01-10', '2024-01-10', [['CVE-2024-21591', 'Juniper 9.8, NVD 9.8', 'CWE-787', null]]],
      // JSA93446: the record's timeline names its last revision, 2025-05-06 (21.2R3-S9.21 carries the complete fix).
      ['JSA93446', '2025-03-12', '2025-05-06', [['CVE-2025-21590', 'Juniper 4.4', 'CWE-653', '2025-03-13']]],
    ]);
  });

  it('carry Juniper’s CVSS 3.1 vectors as its CVE records give them, so no Juniper-scored CVE is shown unscored', () => {
    const juniper = junosAdvisories.flatMap((a) => a.vulnerabilities.map((v) => [v.id, v.severity.find((s) => s.source === 'Juniper')?.vector ?? null]));
    assert.deepEqual(Object.fromEntries(juniper), {
      'CVE-2020-1631': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
      'CVE-2023-36844': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N',
      'CVE-2023-36845': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVE-2023-36846': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N',
      'CVE-2023-36847': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N',
      'CVE-2023-36851': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N',
      'CVE-2023-44186': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
      'CVE-2024-21591': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVE-2025-21590': 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:N',
    });
  });

  it('link each bulletin first by its own address, as Juniper’s CVE records give it (or, for JSA72300 and JSA93446, as CISA’s KEV notes do)', () => {
    assert.deepEqual(Object.fromEntries(junosAdvisories.map((a) => [a.id, a.references[0]?.url])), {
      JSA11021: 'https://kb.juniper.net/JSA11021',
      JSA72300: 'https://supportportal.juniper.net/s/article/2023-08-Out-of-Cycle-Security-Bulletin-Junos-OS-SRX-Series-and-EX-Series-Multiple-vulnerabilities-in-J-Web-can-be-combined-to-allow-a-preAuth-Remote-Code-Execution?language=en_US',
      JSA73150: 'https://supportportal.juniper.net/JSA73150',
      JSA75729: 'https://supportportal.juniper.net/JSA75729',
      JSA93446: 'https://supportportal.juniper.net/s/article/2025-03-Out-of-Cycle-Security-Bulletin-Junos-OS-A-local-attacker-with-shell-access-can-execute-arbitrary-code-CVE-2025-21590?language=en_US',
    });
    for (const a of junosAdvisories) {
      assert.equal(a.references[0]?.type, 'ADVISORY', a.id);
      for (const v of a.vulnerabilities) assert.ok(a.references.some((r) => r.url === `https://nvd.nist.gov/vuln/detail/${v.id}`), `${a.id} keeps NVD for ${v.id}`);
    }
  });

  it('quote Juniper’s workarounds', () => {
    assert.equal(advisory('JSA72300').workaround, 'Disable J-Web, or limit access to only trusted hosts.');
    assert.equal(advisory('JSA75729').workaround, 'Disable J-Web, or limit access to only trusted hosts.');
    assert.match(advisory('JSA93446').workaround ?? '', /"restricting shell access to trusted users only"/);
    assert.match(advisory('JSA11021').workaround ?? '', /deactivate system services web-management, deactivate security dynamic-vpn, commit/);
  });

  it('carry the indicators: Mandiant’s hashes and C2 addresses, Juniper’s httpd.log command, and JSA72300’s exploit shapes as such', () => {
    const kinds = (id: string): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const indicator of advisory(id).indicators) counts[indicator.kind] = (counts[indicator.kind] ?? 0) + 1;
      return counts;
    };
    assert.deepEqual(kinds('JSA93446'), { file_hash: 8, ip_address: 8, file_name: 9, ids_rule: 2, scanner_check: 2 });
    const jsa93446 = advisory('JSA93446').indicators;
    assert.ok(jsa93446.filter((x) => x.kind === 'file_hash').every((x) => /^[0-9a-f]{64}$/.test(x.value)));
    assert.ok(jsa93446.filter((x) => x.kind === 'ip_address').every((x) => /TCP port 22/.test(x.description)));
    assert.ok(jsa93446.some((x) => x.value === 'icmp[4:2] == 0xaa56'));
    assert.ok(advisory('JSA93446').actions.some((x) => /JMRT\) Quick Scan and Integrity Check/.test(x)));
    assert.deepEqual(advisory('JSA11021').indicators.filter((x) => x.kind === 'command').map((x) => x.value), ['show log httpd.log | match "=*;*&|=*%3b*&"']);
    const shapes = advisory('JSA72300').indicators.filter((x) => x.kind === 'log_pattern');
    assert.deepEqual(shapes.map((x) => x.value), ['PHPRC=', 'LD_PRELOAD=', 'auto_prepend_file', 'user.php', 'installAppPackage.php', 'webauth_operation.php']);
    assert.ok(shapes.every((x) => /not an official IOC/i.test(x.description)));
  });
});

/** The one assessment of `cve` for `version` (on `platform`, when given). */
function assessment(version: string, cve: string, platform?: string): Assessment {
  const found = catalog.check(version, { platform: platform ?? null }).assessments.filter((a) => a.vulnerability.id === cve);
  assert.equal(found.length, 1, `${version}: one assessment of ${cve}`);
  const [a] = found;
  assert.ok(a);
  return a;
}

function expectStatus(cve: string, cases: readonly (readonly [version: string, status: Assessment['status'], platform?: string])[]): void {
  for (const [version, status, platform] of cases) {
    assert.equal(assessment(version, cve, platform).status, status, `${version}${platform === undefined ? '' : ` on ${platform}`} and ${cve}`);
  }
}

describe('verdicts the reference states (JSA72300)', () => {
  it('CVE-2023-36845: 22.3R2-S2 is fixed but 22.3R3 is affected again until 22.3R3-S1 (two fixes on one train)', () => {
    expectStatus('CVE-2023-36845', [['22.3R2-S2', 'not_affected'], ['22.3R2-S2.5', 'not_affected'], ['22.3R3', 'affected'], ['22.3R3.4', 'affected'], ['22.3R3-S1', 'not_affected'], ['22.3R2-S1', 'affected']]);
  });

  it('CVE-2023-36844: one 22.3 fix, 22.3R3-S1, so all of 22.3R2 is affected; 21.2R3-S6 is affected as the text says, not fixed as the structured data says', () => {
    expectStatus('CVE-2023-36844', [['22.3R2-S2', 'affected'], ['22.3R2-S9', 'affected'], ['22.3R3-S1', 'not_affected'], ['21.2R3-S6', 'affected'], ['21.2R3-S7', 'not_affected']]);
  });

  it('20.4R3-S8 is fixed for CVE-2023-36846 and CVE-2023-36847 only: CVE-2023-36844 and CVE-2023-36845 still affect it (Tenable 180190 says fixed)', () => {
    expectStatus('CVE-2023-36846', [['20.4R3-S8', 'not_affected'], ['21.2R3-S6', 'not_affected']]);
    expectStatus('CVE-2023-36847', [['20.4R3-S8', 'not_affected']]);
    expectStatus('CVE-2023-36845', [['20.4R3-S8', 'affected'], ['21.2R3-S6', 'affected'], ['20.4R3-S9', 'not_affected']]);
  });

  it('"All versions prior to 20.4R3-S9" takes in X lines below it: 15.1X49-D200 is affected', () => {
    expectStatus('CVE-2023-36845', [['15.1X49-D200', 'affected'], ['12.3X48-D105', 'affected'], ['19.4R3-S12', 'affected']]);
  });

  it('21.1 has no fix; 21.1, 21.3 and 20.4 are not evaluated for CVE-2023-36851, which has no "All versions" line', () => {
    expectStatus('CVE-2023-36845', [['21.1R3-S4', 'affected']]);
    expectStatus('CVE-2023-36851', [['21.1R3-S4', 'unknown'], ['21.3R3-S5', 'unknown'], ['20.4R3-S9', 'unknown']]);
  });

  it('reads "22,4R2-S2" as 22.4R2-S2 for CVE-2023-36851', () => {
    expectStatus('CVE-2023-36851', [['22.4R2-S1', 'affected'], ['22.4R2-S2', 'not_affected'], ['22.4R3', 'not_affected']]);
  });

  it('23.2R1 and later clear CVE-2023-36846 and CVE-2023-36847, whose fixed lists end "23.2R1, and all subsequent releases"; 23.4R1 and later clear all five', () => {
    expectStatus('CVE-2023-36846', [['23.2R1', 'not_affected'], ['23.2R2', 'not_affected'], ['22.4R2', 'affected']]);
    expectStatus('CVE-2023-36847', [['23.2R1', 'not_affected'], ['22.4R2-S1', 'not_affected']]);
    expectStatus('CVE-2023-36851', [['23.2R1-S1', 'affected'], ['23.2R1-S2', 'not_affected']]);
    expectStatus('CVE-2023-36845', [['23.2R1', 'affected'], ['23.2R1-S1', 'not_affected']]);
    for (const cve of ['CVE-2023-36844', 'CVE-2023-36845', 'CVE-2023-36846', 'CVE-2023-36847', 'CVE-2023-36851']) {
      expectStatus(cve, [['23.4R1', 'not_affected'], ['24.2R1', 'not_affected']]);
    }
  });

  it('holds an EX-only CVE to EX: on a version alone it names the platform, on an SRX it does not apply', () => {
    assert.deepEqual(assessment('22.3R2', 'CVE-2023-36844').platforms, ['EX Series']);
    expectStatus('CVE-2023-36844', [['22.3R2', 'affected', 'EX4300-48P'], ['22.3R2', 'not_affected', 'SRX345']]);
    expectStatus('CVE-2023-36845', [['22.3R3', 'affected', 'SRX345'], ['22.3R3', 'affected', 'EX2300-24T']]);
  });
});

describe('verdicts the reference states (JSA75729, JSA11021, JSA73150)', () => {
  it('JSA75729: 21.1 and 23.2 are open questions, answered not evaluated; 22.4 has two fixes', () => {
    expectStatus('CVE-2024-21591', [
      ['21.1R3-S4', 'unknown'], ['23.2R1', 'unknown'], ['22.4R2-S1', 'affected'], ['22.4R2-S2', 'not_affected'], ['22.4R3', 'not_affected'],
      ['20.4R3-S8', 'affected'], ['12.3X48-D105', 'affected'], ['23.4R1', 'not_affected'],
    ]);
  });

  it('JSA11021: 18.4R2 was never fixed, 18.4R3 is fixed from 18.4R3-S2, X lines are fixed from their lowest D, 20.2 and later are fixed, older unnamed trains are not evaluated', () => {
    expectStatus('CVE-2020-1631', [
      ['18.4R1-S6', 'affected'], ['18.4R1-S7', 'not_affected'], ['18.4R2-S5', 'affected'], ['18.4R3-S1', 'affected'], ['18.4R3-S2', 'not_affected'],
      ['19.1R2-S2', 'affected'], ['12.3X48-D100', 'affected'], ['12.3X48-D101', 'not_affected'], ['12.3X48-D105', 'not_affected'],
      ['15.1X49-D200', 'affected'], ['15.1X49-D211', 'not_affected'], ['19.4R2', 'not_affected'],
      ['20.1R1', 'affected'], ['20.1R1-S1', 'not_affected'], ['20.1R2', 'not_affected'], ['20.2R1', 'not_affected'], ['22.3R2-S1', 'not_affected'], ['24.4R1', 'not_affected'],
      ['11.4R13', 'unknown'], ['12.1X46-D10', 'unknown'], ['17.1R2', 'unknown'],
    ]);
  });

  it('JSA73150: an -EVO release is judged by the Evolved entry only, and 23.2R1 and later are fixed since the 2024-03-05 revision', () => {
    expectStatus('CVE-2023-44186', [
      ['22.3R3-EVO', 'affected'], ['22.3R3-S1-EVO', 'not_affected'], ['21.1R1-EVO', 'affected'], ['20.4R3-S7-EVO', 'affected'], ['23.2R1-EVO', 'not_affected'],
      ['22.3R3', 'affected'], ['23.2R1', 'not_affected'], ['22.3R3', 'not_affected', 'SRX345'], ['22.3R3', 'affected', 'MX480'],
    ]);
    const evolved = catalog.check('22.3R3-S1-EVO');
    assert.equal(evolved.product, 'junos-evo');
    assert.deepEqual(evolved.assessments.map((a) => a.vulnerability.id), ['CVE-2023-44186'], 'no Junos-OS-only bulletin judges an Evolved release');
  });
});

describe('verdicts the reference states (JSA93446 and its platforms)', () => {
  const cve = 'CVE-2025-21590';

  it('on a version alone: the general list, 21.3, 22.1 and 22.3 not evaluated, 24.4R1 and later fixed', () => {
    expectStatus(cve, [
      ['21.2R3-S8', 'affected'], ['21.2R3-S9', 'not_affected'], ['15.1X49-D200', 'affected'], ['21.4R3-S10', 'not_affected'], ['23.4R2-S4', 'not_affected'],
      ['24.2R1-S1', 'affected'], ['24.2R1-S2', 'not_affected'], ['24.2R2', 'not_affected'], ['24.4R1', 'not_affected'],
      ['21.3R3-S5', 'unknown'], ['22.1R3', 'unknown'], ['22.3R3-S2', 'unknown'],
    ]);
  });

  it('on SRX300 Series: 23.4 fixed only in 23.4R2-S5, other trains after 21.2 not at all, 24.4R1 fixed', () => {
    expectStatus(cve, [
      ['23.4R2-S4', 'affected', 'SRX345'], ['23.4R2-S5', 'not_affected', 'SRX345'], ['22.2R3-S6', 'affected', 'SRX320'],
      ['21.2R3-S9', 'not_affected', 'SRX380'], ['24.4R1', 'not_affected', 'SRX300'], ['23.4R2-S4', 'not_affected', 'SRX4600'],
    ]);
  });

  it('on SRX550HM: fixed only in 22.2R3-S7, so 21.2R3-S9 and later 21.2 releases stay affected', () => {
    expectStatus(cve, [['21.2R3-S9', 'affected', 'SRX550HM'], ['21.2R3-S10', 'affected', 'SRX550HM'], ['19.4R3', 'affected', 'SRX550HM'], ['22.2R3-S6', 'affected', 'SRX550HM'], ['22.2R3-S7', 'not_affected', 'SRX550HM']]);
  });

  it('on EX4300 and EX4600: fixed only in 21.4R3-S11', () => {
    expectStatus(cve, [['21.4R3-S10', 'affected', 'EX4300-48T'], ['21.4R3-S11', 'not_affected', 'EX4300-48T'], ['23.4R2-S4', 'affected', 'EX4600'], ['21.4R3-S10', 'not_affected', 'EX4650']]);
  });

  it('on the ACX models and MX104: fixed in 21.2R3-S9, and on no later train', () => {
    expectStatus(cve, [['21.2R3-S9', 'not_affected', 'MX104'], ['22.2R3-S6', 'affected', 'MX104'], ['21.4R3-S10', 'affected', 'ACX2100'], ['22.2R3-S6', 'not_affected', 'ACX5448']]);
  });

  it('says in its notes that 21.2R3-S9.20 is incomplete and 21.2R3-S9.21 carries the fix, which the ranges cannot tell apart', () => {
    assert.ok(advisory('JSA93446').notes.some((n) => n.includes('21.2R3-S9.20') && n.includes('21.2R3-S9.21')));
  });
});
