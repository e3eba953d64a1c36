// What a bulletin did not assess stays unknown, and where a release's train stands with Juniper decides
// where it is told to go. Small hand-made bulletins and end-of-life data, with the clock injected.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Advisory, ProductLifecycle } from '../../src/domain/advisories/types.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import type { Verdict } from '../../src/domain/matching/verdict.ts';
import { advisory, lifecycle } from '../helpers/hand-made-advisory.ts';

const LATER = (): Date => new Date('2026-11-01T09:00:00Z');

function catalogOf(advisories: readonly Advisory[], options: { lifecycle?: ProductLifecycle; now?: () => Date } = {}): AdvisoryCatalog {
  return new AdvisoryCatalog(advisories, [], { lifecycle: options.lifecycle ?? null, now: options.now ?? LATER });
}

const statuses = (verdict: Verdict): [string, string][] => verdict.assessments.map((a) => [a.advisory.id, a.status]);

describe('a train the bulletin did not assess', () => {
  const only63 = advisory('JSA1', { assessed: ['6.3.0'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r5' }]] });

  it('makes a release outside the ranges unknown, never "not affected", and says which train was assessed', () => {
    const verdict = catalogOf([only63]).check('6.2.0r10');
    assert.equal(verdict.status, 'unknown');
    const [assessment] = verdict.assessments;
    assert.equal(assessment?.status, 'unknown');
    assert.equal(assessment?.affected, false);
    assert.equal(assessment?.reason, 'JSA1 assessed only the 6.3.0 train; it does not say whether 6.2.0 is affected');
    assert.equal(
      verdict.message,
      'Whether 6.2.0r10 is affected is unknown: JSA1 (6.3.0 only) did not assess the 6.2.0 train. The loaded bulletins name no release on the 6.2.0 train that clears them all: ask Juniper which release to move to.',
    );
  });

  it('still clears a release on the train it did assess', () => {
    const verdict = catalogOf([only63]).check('6.3.0r6');
    assert.equal(verdict.status, 'not_affected');
    assert.equal(verdict.assessments[0]?.reason, 'JSA1 assessed the 6.3.0 train and does not list 6.3.0r6');
  });

  it('clears a release on any train when the bulletin speaks about every release', () => {
    const verdict = catalogOf([advisory('JSA1', { assessed: 'all', ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r5' }]] })]).check('6.2.0r10');
    assert.equal(verdict.status, 'not_affected');
    assert.equal(verdict.assessments[0]?.reason, 'JSA1 speaks about every ScreenOS release and does not list 6.2.0r10');
  });

  it('names the trains of a bulletin that assessed several: "the 5.4.0, 6.2.0 and 6.3.0 trains"', () => {
    const three = advisory('JSA1', { assessed: ['6.3.0', '5.4.0', '6.2.0'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r5' }]] });
    assert.equal(
      catalogOf([three]).check('6.1.0r1').assessments[0]?.reason,
      'JSA1 assessed only the 5.4.0, 6.2.0 and 6.3.0 trains; it does not say whether 6.1.0 is affected',
    );
  });

  it('lets a finding win: affected when any CVE affects the release, with the silent bulletins in one short note', () => {
    const everyRelease = advisory('JSA1', { assessed: 'all', ranges: [[{ introduced: '0' }, { fixed: '6.3.0r5' }]] });
    const openSsl = advisory('JSA2', { assessed: ['6.3.0'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r9' }]] });
    const web = advisory('JSA3', { assessed: ['6.3.0'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r7' }]] });
    const perTrain = advisory('JSA4', { assessed: ['5.4.0', '6.3.0'], ranges: [[{ introduced: '5.4.0r1' }, { fixed: '5.4.0r9' }]] });
    const verdict = catalogOf([everyRelease, openSsl, web, perTrain]).check('6.2.0r1');
    assert.equal(verdict.status, 'affected');
    assert.deepEqual(statuses(verdict), [
      ['JSA1', 'affected'],
      ['JSA2', 'unknown'],
      ['JSA3', 'unknown'],
      ['JSA4', 'unknown'],
    ]);
    const notAssessed = verdict.notes.filter((n) => n.startsWith('Not assessed'));
    assert.deepEqual(notAssessed, ['Not assessed for 6.2.0 by: JSA2, JSA3 (6.3.0 only); JSA4 (5.4.0, 6.3.0 only).']);
    assert.doesNotMatch(verdict.message, /Not affected by [^.]*JSA2/);
  });
});

describe('upgrade targets are proven clear', () => {
  const everyRelease = advisory('JSA1', { assessed: 'all', ranges: [[{ introduced: '0' }, { fixed: '6.2.0r5' }]] });
  const only63 = advisory('JSA2', { assessed: ['6.3.0'], ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r2' }]] });

  it('never names a release on a train that some bulletin did not assess, even one that the others clear', () => {
    // 6.2.0r5 fixes JSA1, but JSA2 says nothing about 6.2.0: 6.2.0r5 is not known to be clear.
    const verdict = catalogOf([everyRelease, only63]).check('6.2.0r1');
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.nearestFixOnTrain, null);
    assert.equal(verdict.upgradeTo, null);
  });

  it('names the lowest proven-clear release of the newest supported train when its own train has none', () => {
    const verdict = catalogOf([everyRelease, only63], { lifecycle: lifecycle({ '6.2.0': null, '6.3.0': null }) }).check('6.2.0r1');
    assert.equal(verdict.upgradeTo, '6.3.0r2');
    assert.equal(verdict.nearestFixOnTrain, null);
    assert.match(verdict.message, /Upgrade to 6\.3\.0r2 or later on the 6\.3\.0 train; no later 6\.2\.0 release clears every loaded bulletin\./);
  });

  it("does not let a platform-limited entry block a target, and names it in a note with the bulletin's own workaround", () => {
    const wide = advisory('JSA2', { cve: 'CVE-2099-0002', ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r24' }]] });
    const wifi = {
      ...advisory('JSA3', { cve: 'CVE-2099-0003', assessed: ['6.3.0'], platforms: ['SSG-5'], ranges: [[{ introduced: '6.3.0r1' }]] }),
      workaround: 'Turn Wi-Fi off.',
    };
    const verdict = catalogOf([wide, wifi]).check('6.3.0r19');
    assert.equal(verdict.upgradeTo, '6.3.0r24');
    assert.ok(verdict.notes.includes('On SSG-5: also affected by JSA3 (CVE-2099-0003), no fixed release named. Turn Wi-Fi off.'), verdict.notes.join('\n'));
    const limited = verdict.assessments.find((a) => a.advisory.id === 'JSA3');
    assert.equal(limited?.status, 'not_affected');
    assert.equal(limited?.reason, 'JSA3 concerns only SSG-5, where it lists 6.3.0r19 as affected (see the note); other platforms are not affected');
    assert.doesNotMatch(verdict.message, /Not affected by [^.]*JSA3/);
  });
});

describe('end of support', () => {
  const perTrain = advisory('JSA1', {
    assessed: ['6.2.0', '6.3.0'],
    ranges: [
      [{ introduced: '6.2.0r1' }, { fixed: '6.2.0r5' }],
      [{ introduced: '6.3.0r1' }, { fixed: '6.3.0r3' }],
    ],
  });
  const dates = lifecycle({ '6.2.0': '2013-12-31', '6.3.0': null });

  it('says the train left support, names the target on the newest supported train and the nearest fix on its own', () => {
    const verdict = catalogOf([perTrain], { lifecycle: dates }).check('6.2.0r2');
    assert.equal(verdict.upgradeTo, '6.3.0r3');
    assert.equal(verdict.nearestFixOnTrain, '6.2.0r5');
    assert.deepEqual(verdict.trainSupport, { train: '6.2.0', endOfSupport: '2013-12-31', supported: false, source: 'made up for a test' });
    assert.equal(
      verdict.message,
      '6.2.0r2 is affected by JSA1 (CVE-2099-1000). 6.2.0 left Juniper support on 2013-12-31. ' +
        'Upgrade to 6.3.0r3 or later on the 6.3.0 train; the nearest release on 6.2.0 that clears every loaded bulletin is 6.2.0r5.',
    );
  });

  it('keeps a train supported through its last day (UTC) and drops it at the start of the next', () => {
    const lastDay = catalogOf([perTrain], { lifecycle: dates, now: () => new Date('2013-12-31T23:59:59Z') }).check('6.2.0r2');
    assert.equal(lastDay.trainSupport?.supported, true);
    assert.equal(lastDay.upgradeTo, '6.2.0r5');
    assert.doesNotMatch(lastDay.message, /left Juniper support/);
    const nextDay = catalogOf([perTrain], { lifecycle: dates, now: () => new Date('2014-01-01T00:00:00Z') }).check('6.2.0r2');
    assert.equal(nextDay.trainSupport?.supported, false);
    assert.equal(nextDay.upgradeTo, '6.3.0r3');
  });

  it('judges a memoised version again when the clock crosses an end-of-support date', () => {
    let now = new Date('2013-06-01T00:00:00Z');
    const catalog = catalogOf([perTrain], { lifecycle: dates, now: () => now });
    assert.equal(catalog.check('6.2.0r2').upgradeTo, '6.2.0r5');
    now = new Date('2014-06-01T00:00:00Z');
    assert.equal(catalog.check('6.2.0r2').upgradeTo, '6.3.0r3');
    now = new Date('2013-06-01T00:00:00Z');
    assert.equal(catalog.check('6.2.0r2').upgradeTo, '6.2.0r5');
    // A bare train is kept too, and follows the clock the same way.
    assert.equal(catalog.check('6.2.0').trainSupport?.supported, true);
    now = new Date('2014-06-01T00:00:00Z');
    assert.equal(catalog.check('6.2.0').trainSupport?.supported, false);
  });

  it('keeps each input its own in a memoised verdict: the same release spelt two ways is answered with what was typed', () => {
    const catalog = catalogOf([perTrain], { lifecycle: dates });
    const [plain, upper] = [catalog.check('6.2.0r2'), catalog.check('6.2.0R2')];
    assert.deepEqual([plain.input, upper.input], ['6.2.0r2', '6.2.0R2']);
    assert.equal(upper.message, plain.message);
    const [junk, junkAgain] = [catalog.check('n/a'), catalog.check(' n/a')];
    assert.deepEqual([junk.input, junkAgain.input], ['n/a', ' n/a']);
  });

  it('sends a clear release on an unsupported train to the supported train, without calling it affected', () => {
    const verdict = catalogOf([perTrain], { lifecycle: dates }).check('6.2.0r6');
    assert.equal(verdict.status, 'not_affected');
    assert.equal(verdict.upgradeTo, '6.3.0r3');
    assert.equal(verdict.nearestFixOnTrain, null);
    assert.match(
      verdict.message,
      /^6\.2\.0r6 is not affected by any of the 1 loaded bulletins \(JSA1\)\. 6\.2\.0 left Juniper support on 2013-12-31\. Upgrade to 6\.3\.0r3 or later on the 6\.3\.0 train\.$/,
    );
  });

  it('treats a train without a date as supported and says nothing about its support', () => {
    const verdict = catalogOf([perTrain], { lifecycle: dates }).check('6.3.0r1');
    assert.deepEqual(verdict.trainSupport, { train: '6.3.0', endOfSupport: null, supported: true, source: 'made up for a test' });
    assert.equal(verdict.upgradeTo, '6.3.0r3');
    assert.doesNotMatch(verdict.message, /support/);
  });

  it('never sends a release back to an older train, even a supported one', () => {
    const newer = advisory('JSA1', { ranges: [[{ introduced: '6.3.0r1' }, { fixed: '6.3.0r3' }], [{ introduced: '6.4.0r1' }]] });
    const verdict = catalogOf([newer], { lifecycle: dates }).check('6.4.0r2');
    assert.equal(verdict.status, 'affected');
    assert.equal(verdict.trainSupport, null);
    assert.equal(verdict.upgradeTo, null);
  });

  it('falls back to the fix on its own train when no train is supported any more, and says so', () => {
    const verdict = catalogOf([perTrain], { lifecycle: lifecycle({ '6.2.0': '2013-12-31', '6.3.0': '2019-12-31' }) }).check('6.2.0r2');
    assert.equal(verdict.upgradeTo, '6.2.0r5');
    assert.match(verdict.message, /Upgrade to 6\.2\.0r5 or later on the 6\.2\.0 train: no supported train has a release that clears every loaded bulletin\./);
  });

  it('says a bare train left support', () => {
    const verdict = catalogOf([perTrain], { lifecycle: dates }).check('6.2.0');
    assert.equal(verdict.status, 'unknown');
    assert.equal(verdict.trainSupport?.supported, false);
    assert.match(verdict.message, /6\.2\.0 left Juniper support on 2013-12-31\./);
  });
});
