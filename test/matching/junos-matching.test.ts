// Juniper's list form ("22.3 versions prior to 22.3R2-S2, 22.3R3-S1") encoded as per-train events, judged
// by the same OSV matcher as ScreenOS, on hand-made bulletins that validate as shippable files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdvisory } from '../../src/domain/advisories/load-advisories.ts';
import type { Advisory, Affected } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { advisory } from '../helpers/hand-made-advisory.ts';

/** JSA72300's CVE-2023-36845 list, shortened: an "All versions prior to" line, a whole train, a two-fix train. */
const listForm = advisory('JSA1', {
  product: 'Junos OS',
  assessed: ['20.4 and earlier', '21.1', '21.2', '22.3', '23.4 and later'],
  ranges: [
    [{ introduced: '0' }, { fixed: '20.4R3-S9' }],
    [{ introduced: '21.1R1' }],
    [{ introduced: '21.2R1' }, { fixed: '21.2R3-S7' }],
    [{ introduced: '22.3R1' }, { fixed: '22.3R2-S2' }, { introduced: '22.3R3' }, { fixed: '22.3R3-S1' }],
  ],
});

function statusOf(catalog: AdvisoryCatalog, version: string, platform?: string): string {
  return catalog.check(version, { platform: platform ?? null }).status;
}

describe('a Juniper list encoded as events per train', () => {
  it('is a valid advisory file, so the semantics below are those of files that can ship', () => {
    assert.ok('advisory' in parseAdvisory('JSA1.json', JSON.stringify(listForm)), JSON.stringify(parseAdvisory('JSA1.json', JSON.stringify(listForm))));
  });

  const catalog = new AdvisoryCatalog([listForm]);
  const table: [version: string, status: string, why: string][] = [
    ['22.3R1', 'affected', 'the first release of a listed train'],
    ['22.3R2-S1', 'affected', 'below the R2 branch fix'],
    ['22.3R2-S2', 'not_affected', 'the R2 branch fix'],
    ['22.3R3', 'affected', 'R3 has its own fix, which 22.3R2-S2 does not give it'],
    ['22.3R3-S1', 'not_affected', 'the R3 branch fix'],
    ['22.3R4', 'not_affected', 'above every fixed branch'],
    ['21.1R3-S5', 'affected', 'a whole train with no fix'],
    ['21.2R3.5', 'affected', 'the build 5 of plain R3 is below R3-S7'],
    ['15.1X49-D200', 'affected', 'an X line under "All versions prior to 20.4R3-S9"'],
    ['12.3X48-D101', 'affected', 'an X line of an older train'],
    ['20.4R3-S9', 'not_affected', 'the fix of the "All versions" line'],
    ['21.3R3', 'unknown', 'a train the list leaves out is not evaluated, never safe'],
    ['22.1R3-S4', 'unknown', 'another train left out, between two listed ones'],
    ['23.4R1', 'not_affected', '"23.4R1 and all subsequent releases" are fixed'],
    ['24.2R2', 'not_affected', "a later train than the fixed list's last"],
    ['22.3r2-s2', 'not_affected', 'lower case, as in CPE strings'],
    ['Junos: 22.3R3.5', 'affected', 'the show version line, with a build'],
  ];
  for (const [version, status, why] of table) {
    it(`judges ${version} ${status}: ${why}`, () => assert.equal(statusOf(catalog, version), status, catalog.check(version).message));
  }

  it("names the fix on the version's own R branch, and the upgrade on its train", () => {
    const verdict = catalog.check('22.3R2-S1');
    assert.equal(verdict.product, 'junos');
    assert.deepEqual(verdict.assessments[0]?.fixedIn, ['22.3R2-S2']);
    assert.equal(verdict.upgradeTo, '22.3R2-S2');
    assert.match(verdict.message, /Upgrade to 22\.3R2-S2 or later on the 22\.3 train/);
  });

  it('sends a train with no fix to the first clear release of a later train, and says so', () => {
    const verdict = catalog.check('21.1R3');
    assert.equal(verdict.nearestFixOnTrain, null);
    assert.equal(verdict.upgradeTo, '21.2R3-S7');
    assert.match(verdict.message, /No 21\.1 release clears every loaded bulletin: upgrade to 21\.2R3-S7 or later/);
  });

  it('says which bulletin did not evaluate the train of an unknown release', () => {
    const verdict = catalog.check('21.3R3');
    assert.match(
      verdict.assessments[0]?.reason ?? '',
      /assessed only 20\.4 and earlier trains, 21\.1, 21\.2, 22\.3 and 23\.4 and later trains; it does not say whether 21\.3 is affected/,
    );
    assert.match(verdict.message, /not evaluated/);
  });
});

describe('two CVEs with different fixes on one train', () => {
  const bulletin = advisory(
    'JSA2',
    {
      cve: 'CVE-2099-0001',
      product: 'Junos OS',
      assessed: ['22.3'],
      ranges: [[{ introduced: '22.3R1' }, { fixed: '22.3R2-S2' }, { introduced: '22.3R3' }, { fixed: '22.3R3-S1' }]],
    },
    { cve: 'CVE-2099-0002', product: 'Junos OS', assessed: ['22.3'], ranges: [[{ introduced: '22.3R1' }, { fixed: '22.3R3-S2' }]] },
  );
  it('upgrades 22.3R2-S1 to the first release that fixes both, 22.3R3-S2, not to a release one of them still lists', () => {
    const verdict = new AdvisoryCatalog([bulletin]).check('22.3R2-S1');
    assert.equal(verdict.upgradeTo, '22.3R3-S2');
    assert.equal(verdict.nearestFixOnTrain, '22.3R3-S2');
  });
});

describe('platforms', () => {
  const jweb = advisory(
    'JSA3',
    { cve: 'CVE-2099-0011', product: 'Junos OS', platforms: ['EX Series'], assessed: ['21.4'], ranges: [[{ introduced: '21.4R1' }, { fixed: '21.4R3-S5' }]] },
    { cve: 'CVE-2099-0012', product: 'Junos OS', platforms: ['SRX Series'], assessed: ['21.4'], ranges: [[{ introduced: '21.4R1' }, { fixed: '21.4R3-S6' }]] },
  );
  const catalog = new AdvisoryCatalog([jweb]);

  it('judges a version alone on every platform a bulletin names, and says which platforms each finding holds for', () => {
    const verdict = catalog.check('21.4R3-S5');
    assert.equal(verdict.status, 'affected');
    assert.deepEqual(
      verdict.assessments.map((a) => [a.status, a.platforms]),
      [
        ['not_affected', null],
        ['affected', ['SRX Series']],
      ],
    );
    assert.match(verdict.message, /CVE-2099-0012 on SRX Series/);
    assert.equal(verdict.upgradeTo, '21.4R3-S6');
  });

  it('judges a device for its own model only', () => {
    assert.equal(statusOf(catalog, '21.4R3-S5', 'EX4300-48T'), 'not_affected');
    assert.equal(statusOf(catalog, '21.4R3-S5', 'SRX345'), 'affected');
    assert.equal(statusOf(catalog, '21.4R3-S4', 'MX204'), 'not_affected');
    const ex = catalog.check('21.4R3-S4', { platform: 'EX4300-48T' });
    assert.equal(ex.platform, 'EX4300-48T');
    assert.equal(ex.upgradeTo, '21.4R3-S5');
    assert.match(ex.message, /21\.4R3-S4 on EX4300-48T is affected/);
  });

  const general: Affected = {
    product: 'Junos OS',
    assessed: ['21.2 and earlier', '21.4'],
    platforms: [],
    ranges: [
      { type: 'JUNOS', events: [{ introduced: '0' }, { fixed: '21.2R3-S9' }] },
      { type: 'JUNOS', events: [{ introduced: '21.4R1' }, { fixed: '21.4R3-S10' }] },
    ],
    versions: [],
    fixed_builds: [],
  };
  const exception: Affected = {
    product: 'Junos OS',
    assessed: ['21.2 and earlier', '21.4'],
    platforms: ['EX4300', 'EX4600'],
    ranges: [
      { type: 'JUNOS', events: [{ introduced: '0' }, { fixed: '21.2R3-S9' }] },
      { type: 'JUNOS', events: [{ introduced: '21.4R1' }, { fixed: '21.4R3-S11' }] },
    ],
    versions: [],
    fixed_builds: [],
  };
  const base = advisory('JSA4', { cve: 'CVE-2099-0021', product: 'Junos OS' });
  const withException: Advisory = { ...base, vulnerabilities: base.vulnerabilities.map((v) => ({ ...v, affected: [general, exception] })) };

  it('is a valid file with a platform exception beside the platform-wide entry', () => {
    assert.ok('advisory' in parseAdvisory('JSA4.json', JSON.stringify(withException)));
  });

  it('clears a version alone by the platform-wide entry and says the exception in a note', () => {
    const verdict = new AdvisoryCatalog([withException]).check('21.4R3-S10');
    assert.equal(verdict.status, 'not_affected');
    assert.ok(
      verdict.notes.some((n) => /^On EX4300, EX4600: JSA4 \(CVE-2099-0021\) still lists 21\.4R3-S10, fixed there in 21\.4R3-S11\.$/.test(n)),
      verdict.notes.join('\n'),
    );
  });

  it("judges a device of the exception's platform by both entries", () => {
    const verdict = new AdvisoryCatalog([withException]).check('21.4R3-S10', { platform: 'EX4300-48P' });
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.upgradeTo, '21.4R3-S11');
  });
});

describe('Junos OS Evolved', () => {
  const both = advisory('JSA5', {
    cve: 'CVE-2099-0031',
    product: 'Junos OS',
    assessed: ['22.3'],
    ranges: [[{ introduced: '22.3R1' }, { fixed: '22.3R3-S1' }]],
  });
  const evoEntry: Affected = {
    product: 'Junos OS Evolved',
    assessed: ['22.3'],
    platforms: [],
    ranges: [{ type: 'JUNOS', events: [{ introduced: '22.3R1-EVO' }, { fixed: '22.3R2-S2-EVO' }] }],
    versions: [],
    fixed_builds: [],
  };
  const withEvo: Advisory = { ...both, vulnerabilities: both.vulnerabilities.map((v) => ({ ...v, affected: [...v.affected, evoEntry] })) };

  it('validates, and judges an -EVO release by the Evolved entry only', () => {
    assert.ok('advisory' in parseAdvisory('JSA5.json', JSON.stringify(withEvo)));
    const catalog = new AdvisoryCatalog([withEvo]);
    const evo = catalog.check('22.3R2-S2-EVO');
    assert.equal(evo.product, 'junos-evo');
    assert.equal(evo.status, 'not_affected', evo.message);
    assert.equal(catalog.check('22.3R2-S2').status, 'affected');
  });

  it('does not judge an Evolved release by a bulletin about Junos OS alone', () => {
    const verdict = new AdvisoryCatalog([both]).check('22.3R2-EVO');
    assert.equal(verdict.status, 'unknown');
    assert.deepEqual(verdict.assessments, []);
    assert.match(verdict.message, /No loaded bulletin covers Junos OS Evolved/);
  });
});

describe('product=junos', () => {
  it('reads a string that looks like ScreenOS shorthand as Junos when asked to', () => {
    const catalog = new AdvisoryCatalog([listForm]);
    assert.equal(catalog.check('6.3r22').product, 'screenos');
    assert.equal(catalog.check('6.3r22', { product: 'junos' }).product, 'junos');
  });

  it('answers an unreadable Junos string with the reason and a close spelling, never with safety', () => {
    const verdict = new AdvisoryCatalog([listForm]).check('21.4R3S5', { product: 'junos' });
    assert.equal(verdict.status, 'unknown');
    assert.match(verdict.message, /Did you mean 21\.4R3-S5\?/);
    const beta = new AdvisoryCatalog([listForm]).check('Junos: 21.4B1');
    assert.equal(beta.status, 'unknown');
    assert.match(beta.message, /alpha, beta or internal/);
  });
});

describe('platform text from inventories', () => {
  const bulletin = advisory('JSA6', {
    cve: 'CVE-2099-0041',
    product: 'Junos OS',
    platforms: ['EX Series'],
    assessed: ['21.4'],
    ranges: [[{ introduced: '21.4R1' }, { fixed: '21.4R3-S5' }]],
  });
  const catalog = new AdvisoryCatalog([bulletin]);

  it('reads the model at the start of the text and drops the words after it', () => {
    assert.equal(catalog.check('21.4R3-S4', { platform: 'EX4300-48T, rack 4' }).platform, 'EX4300-48T');
    assert.equal(catalog.check('21.4R3-S4', { platform: 'EX4300-48T, rack 4' }).status, 'affected');
  });

  it('judges a device whose platform names no model as a version alone, never clearing it by a platform it may not have', () => {
    for (const platform of ['rack 4', 'unknown', '', '  ']) {
      const verdict = catalog.check('21.4R3-S4', { platform });
      assert.equal(verdict.platform, null, platform);
      assert.equal(verdict.status, 'affected', platform);
    }
  });
});

describe('a model a platform entry excepts', () => {
  const general: Affected = {
    product: 'Junos OS',
    assessed: ['21.4'],
    platforms: [],
    ranges: [{ type: 'JUNOS', events: [{ introduced: '21.4R1' }, { fixed: '21.4R3-S10' }] }],
    versions: [],
    fixed_builds: [],
  };
  const later: Affected = {
    product: 'Junos OS',
    assessed: ['21.4'],
    platforms: ['EX4300'],
    platforms_except: ['EX4300-48MP'],
    ranges: [{ type: 'JUNOS', events: [{ introduced: '21.4R1' }, { fixed: '21.4R3-S11' }] }],
    versions: [],
    fixed_builds: [],
  };
  const base = advisory('JSA7', { cve: 'CVE-2099-0051', product: 'Junos OS' });
  const bulletin: Advisory = { ...base, vulnerabilities: base.vulnerabilities.map((v) => ({ ...v, affected: [general, later] })) };

  it('is judged by the platform-wide entry alone, as the bulletin says ("EX4300 Series … except EX4300-48MP")', () => {
    assert.ok('advisory' in parseAdvisory('JSA7.json', JSON.stringify(bulletin)));
    const catalog = new AdvisoryCatalog([bulletin]);
    assert.equal(catalog.check('21.4R3-S10', { platform: 'EX4300-48MP' }).status, 'not_affected');
    assert.equal(catalog.check('21.4R3-S10', { platform: 'EX4300-48T' }).status, 'affected');
  });

  it('is refused beside an entry that names no platforms', () => {
    const wrong: Advisory = {
      ...base,
      vulnerabilities: base.vulnerabilities.map((v) => ({ ...v, affected: [{ ...general, platforms_except: ['EX4300-48MP'] }] })),
    };
    const parsed = parseAdvisory('JSA7.json', JSON.stringify(wrong));
    assert.ok(!('advisory' in parsed));
    assert.match(JSON.stringify(parsed), /platforms_except.*platforms must name some/);
  });
});
