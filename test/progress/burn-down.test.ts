import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { burnDown, describePace, patchedBetween, type BurnDownPoint } from '../../src/domain/progress/burn-down.ts';

const TODAY = '2026-11-26';

/** A point with `affected` devices, `unpatched` of them untouched, among `total`. */
function at(day: string, affected: number, unpatched = affected, total = 100): BurnDownPoint {
  return { day, affected, unpatched, total };
}

/** One point a day ending today, from the affected counts given oldest first. */
function days(...affected: number[]): BurnDownPoint[] {
  return affected.map((n, i) => at(new Date(Date.parse(`${TODAY}T00:00:00Z`) - (affected.length - 1 - i) * 86_400_000).toISOString().slice(0, 10), n));
}

describe('the burn-down', () => {
  it('has one point a day from the first record to today, repeating the last record over days nobody recorded', () => {
    const points = burnDown(
      [
        { day: '2026-11-22', counts: { unpatched: 10, acknowledged: 2, not_affected: 88 } },
        { day: '2026-11-24', counts: { unpatched: 7, acknowledged: 2, not_affected: 91 } },
      ],
      TODAY,
      { unpatched: 5, snoozed: 1, accepted: 1, unknown: 3, not_affected: 90 },
    );
    assert.deepEqual(points, [at('2026-11-22', 12, 10), at('2026-11-23', 12, 10), at('2026-11-24', 9, 7), at('2026-11-25', 9, 7), at('2026-11-26', 7, 5)]);
  });

  it('shows today as the devices stand now, even when today was recorded earlier', () => {
    const points = burnDown([{ day: TODAY, counts: { unpatched: 10 } }], TODAY, { unpatched: 4 });
    assert.deepEqual(points, [at(TODAY, 4, 4, 4)]);
  });

  it('reaches back 400 days at most', () => {
    const points = burnDown([{ day: '2024-01-01', counts: { unpatched: 9 } }], TODAY, { unpatched: 1 });
    assert.equal(points.length, 400);
    assert.equal(points[0]?.day, '2025-10-23');
    assert.equal(points[0]?.affected, 0, 'the record older than that is left out, not carried in');
  });
});

describe('the pace in words', () => {
  it('says how many were patched in the last 7 days and how many days are left at that pace', () => {
    assert.equal(describePace(days(16, 15, 13, 12, 12, 10, 9, 9)), '7 patched in the last 7 days; at this pace about 9 days to go');
    assert.equal(
      describePace(days(30, 30, 16, 15, 13, 12, 12, 10, 9, 9)),
      '7 patched in the last 7 days; at this pace about 9 days to go',
      'only the last week counts',
    );
  });

  it('measures over the whole history when it is shorter than a week', () => {
    assert.equal(describePace(days(10, 9)), '1 patched in the last 1 day; at this pace about 9 days to go');
  });

  it('says how long nothing was patched once it is three days or more, with what the week brought', () => {
    assert.equal(describePace(days(20, 12, 12, 12, 12, 12, 12, 12, 12, 12)), 'no progress in 8 days');
    assert.equal(describePace(days(20, 18, 12, 12, 12, 12, 12, 12)), 'no progress in 5 days (8 patched in the last 7 days)');
    assert.equal(
      describePace(days(20, 20, 20, 20, 20, 20, 14, 12, 12)),
      '8 patched in the last 7 days; at this pace about 11 days to go',
      'a weekend without patches is no stall',
    );
    assert.equal(describePace(days(20, 20, 20)), 'no progress in 2 days', 'since the first record when nothing was ever patched');
  });

  it('says so when there are more affected devices than a week ago', () => {
    assert.equal(describePace(days(10, 10, 10, 10, 10, 10, 10, 13)), 'no progress in 7 days; 3 more affected than on 19 Nov 2026');
  });

  it('never counts a device that left the inventory as patched', () => {
    const removed = [at('2026-11-25', 10, 10, 100), at(TODAY, 7, 7, 97)];
    assert.equal(patchedBetween(removed[0] as BurnDownPoint, removed[1] as BurnDownPoint), 0);
    assert.equal(describePace(removed), 'no progress in 1 day');
    const mixed = [at('2026-11-25', 10, 10, 100), at(TODAY, 5, 5, 98)];
    assert.equal(describePace(mixed), '3 patched in the last 1 day; at this pace about 2 days to go', 'five fewer affected, two of them gone');
  });

  it('says when nothing is left to patch, and when the history has only today', () => {
    assert.equal(describePace(days(12, 4, 0)), 'nothing left to patch: 12 affected on 24 Nov 2026, none now');
    assert.equal(describePace(days(0)), 'nothing to patch');
    assert.equal(describePace(days(5)), 'the history starts today: the pace shows from tomorrow');
  });
});
