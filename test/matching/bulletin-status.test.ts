import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bulletinStatus, nearestBulletinFix } from '../../src/domain/matching/bulletin-status.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';

describe('a verdict seen through one bulletin', () => {
  it('counts 6.3.0r21 as not affected by JSA10713 although JSA10733 still affects it', () => {
    const verdict = catalog.check('6.3.0r21');
    assert.equal(verdict.status, 'affected');
    assert.equal(bulletinStatus(verdict, 'JSA10713'), 'not_affected');
    assert.equal(bulletinStatus(verdict, 'jsa10733'), 'affected');
  });

  it('keeps a bulletin that did not assess the train unknown, and an unreadable version unknown for every bulletin', () => {
    // JSA10733 assessed only the 6.3.0 train.
    assert.equal(bulletinStatus(catalog.check('6.2.0r16'), 'JSA10733'), 'unknown');
    assert.equal(bulletinStatus(catalog.check('6.3.0rx1'), 'JSA10713'), 'unknown');
  });

  const fixes: [version: string, bulletin: string, fix: string | null][] = [
    ['6.3.0r19', 'JSA10713', '6.3.0r19b'],
    ['6.3.0r20', 'JSA10713', '6.3.0r21'],
    ['6.2.0r16', 'JSA10713', '6.2.0r19'],
    ['6.3.0r19', 'JSA10759', '6.3.0r23'],
    ['6.3.0r19', 'JSA10733', '6.3.0r22'],
    ['6.3.0r21', 'JSA10713', null],
    ['6.2.0r16', 'JSA10704', null],
  ];
  for (const [version, bulletin, fix] of fixes) {
    it(`names ${fix ?? 'no release'} as the nearest ${version} release on its train that clears ${bulletin}`, () => {
      assert.equal(nearestBulletinFix(catalog.check(version), bulletin), fix);
    });
  }

  it('names a bulletin’s own fix, nearer than the release that clears every loaded bulletin', () => {
    const verdict = catalog.check('6.3.0r19');
    assert.equal(verdict.upgradeTo, '6.3.0r26');
    assert.equal(nearestBulletinFix(verdict, 'JSA10713'), '6.3.0r19b');
  });
});
