import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkSchedule, describeNext, nextSlot, slotsBetween, wallClock, type Schedule, type Slot } from '../../src/domain/schedule/cron-plan.ts';

const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;

function scheduleOf(cron: string, timezone: string): Schedule {
  const checked = checkSchedule(cron, timezone);
  assert.ok(checked.ok, `expected ${cron} in ${timezone} to be accepted, got: ${checked.ok ? '' : checked.problem}`);
  return checked.schedule;
}

function problemOf(cron: string, timezone: string): string {
  const checked = checkSchedule(cron, timezone);
  assert.ok(!checked.ok, `expected ${cron} in ${timezone} to be refused`);
  return checked.problem;
}

const slots = (cron: string, timezone: string, after: string, until: string): Slot[] =>
  slotsBetween(scheduleOf(cron, timezone), new Date(after), new Date(until));
const instants = (list: readonly Slot[]): string[] => list.map((slot) => slot.at.toISOString());
const keys = (list: readonly Slot[]): string[] => list.map((slot) => slot.key);

/**
 * The rules read minute by minute straight off Intl, with none of the planner's shortcuts (offset
 * segments, bisection, day-by-day enumeration): the planner must agree with it everywhere.
 */
function referenceSlots(schedule: Schedule, after: Date, until: Date): { key: string; at: string }[] {
  const { minute, hour, dayOfMonth, month, dayOfWeek } = schedule.fields;
  const eitherDay = dayOfMonth.length < 31 && dayOfWeek.length < 7;
  const matches = (wall: number): boolean => {
    const d = new Date(wall * MINUTE);
    const [onDay, onWeekday] = [dayOfMonth.includes(d.getUTCDate()), dayOfWeek.includes(d.getUTCDay())];
    return (
      minute.includes(d.getUTCMinutes()) &&
      hour.includes(d.getUTCHours()) &&
      month.includes(d.getUTCMonth() + 1) &&
      (eitherDay ? onDay || onWeekday : onDay && onWeekday)
    );
  };
  const slot = (t: number, wall: number): { key: string; at: string } => ({
    key: `${new Date(wall * MINUTE).toISOString().slice(0, 16)} ${schedule.timezone}`,
    at: new Date(t * MINUTE).toISOString(),
  });
  const [first, last] = [Math.floor(after.getTime() / MINUTE), Math.floor(until.getTime() / MINUTE)];
  const found: { key: string; at: string }[] = [];
  let [latest, previous] = [-Infinity, NaN];
  for (let t = first - 2 * 1440; t <= last; t++) {
    const c = wallClock(new Date(t * MINUTE), schedule.timezone);
    const wall = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute) / MINUTE;
    if (wall > previous + 1) {
      let skipped: number | null = null;
      for (let w = Math.max(previous, latest) + 1; w < wall && skipped === null; w++) if (matches(w)) skipped = w;
      if (skipped !== null && t > first && !matches(wall)) found.push(slot(t, skipped));
    }
    if (wall > latest && t > first && matches(wall)) found.push(slot(t, wall));
    [latest, previous] = [Math.max(latest, wall), wall];
  }
  return found;
}

void describe('checkSchedule', () => {
  void it('accepts every quarter hour from 09:00 to 17:45 on weekdays', () => {
    const schedule = scheduleOf('*/15 9-17 * * 1-5', BERLIN);
    assert.deepEqual(schedule.fields.minute, [0, 15, 30, 45]);
    assert.deepEqual(schedule.fields.hour, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual(schedule.fields.dayOfWeek, [1, 2, 3, 4, 5]);
    assert.equal(schedule.cron, '*/15 9-17 * * 1-5');
    assert.equal(schedule.timezone, BERLIN);
  });

  void it('accepts weekday names, and reads Sunday as 7 the same as 0', () => {
    assert.deepEqual(scheduleOf('0 9 * * MON', BERLIN).fields.dayOfWeek, [1]);
    assert.deepEqual(scheduleOf('0 9 * * 7', BERLIN).fields.dayOfWeek, [0]);
  });

  void it('says which hour is out of range', () => {
    assert.equal(problemOf('0 25 * * *', BERLIN), '"0 25 * * *": hour 25 is out of range (0–23)');
  });

  void it('says which minute is out of range', () => {
    assert.equal(problemOf('61 * * * *', BERLIN), '"61 * * * *": minute 61 is out of range (0–59)');
  });

  void it('gives the ranges of day of month, month and weekday in the same words', () => {
    assert.equal(problemOf('0 9 32 * *', BERLIN), '"0 9 32 * *": day of month 32 is out of range (1–31)');
    assert.equal(problemOf('0 9 * 13 *', BERLIN), '"0 9 * 13 *": month 13 is out of range (1–12 or JAN–DEC)');
    assert.equal(problemOf('0 9 * * 8', BERLIN), '"0 9 * * 8": weekday 8 is out of range (0–7 or MON–SUN)');
    assert.equal(problemOf('0 9 * * FOO', BERLIN), '"0 9 * * FOO": weekday "FOO" is not understood (0–7 or MON–SUN)');
  });

  void it('refuses a six-field schedule with seconds, and says to use five fields', () => {
    assert.equal(problemOf('0 0 9 * * *', BERLIN), '"0 0 9 * * *" has 6 fields; use five: minute hour day month weekday');
  });

  void it('refuses a two-field schedule, and @daily, the same way', () => {
    assert.equal(problemOf('0 9', BERLIN), '"0 9" has 2 fields; use five: minute hour day month weekday');
    assert.equal(problemOf('@daily', BERLIN), '"@daily" has 1 field; use five: minute hour day month weekday');
  });

  void it('refuses a zone that is not an IANA Area/City, and names it', () => {
    assert.equal(problemOf('0 9 * * *', 'Mars/Olympus'), '"Mars/Olympus" is not a time zone; use Area/City such as Europe/Berlin');
    assert.match(problemOf('0 9 * * *', 'EST5EDT'), /^"EST5EDT" is not a time zone/);
    assert.match(problemOf('0 9 * * *', 'GMT'), /^"GMT" is not a time zone/);
  });

  void it('accepts UTC and corrects the case of a zone name', () => {
    assert.equal(scheduleOf('0 9 * * *', 'UTC').timezone, 'UTC');
    assert.equal(scheduleOf('0 9 * * *', 'america/new_york').timezone, NEW_YORK);
  });

  void it('tells both problems when the schedule and the zone are both wrong', () => {
    assert.equal(
      problemOf('0 25 * * *', 'Mars/Olympus'),
      '"0 25 * * *": hour 25 is out of range (0–23); "Mars/Olympus" is not a time zone; use Area/City such as Europe/Berlin',
    );
  });

  void it('refuses a day no listed month has, naming the dates that do not exist', () => {
    assert.equal(problemOf('0 9 30,31 2 *', BERLIN), '"0 9 30,31 2 *": there is no Feb 30 or Feb 31');
  });

  void it('refuses node-cron’s L, W and # day forms, which the planner does not evaluate', () => {
    assert.equal(problemOf('0 9 L * *', BERLIN), '"0 9 L * *": day of month "L" is not supported here (1–31)');
    assert.match(problemOf('0 9 * * 1#2', BERLIN), /weekday "1#2" is not supported here/);
  });
});

void describe('slotsBetween', () => {
  const dailyAtNine = [
    {
      zone: NEW_YORK,
      change: 'spring forward on 2026-03-08',
      after: '2026-03-06T00:00Z',
      until: '2026-03-11T00:00Z',
      utc: ['2026-03-06T14:00', '2026-03-07T14:00', '2026-03-08T13:00', '2026-03-09T13:00', '2026-03-10T13:00'],
    },
    {
      zone: NEW_YORK,
      change: 'fall back on 2026-11-01',
      after: '2026-10-30T00:00Z',
      until: '2026-11-04T00:00Z',
      utc: ['2026-10-30T13:00', '2026-10-31T13:00', '2026-11-01T14:00', '2026-11-02T14:00', '2026-11-03T14:00'],
    },
    {
      zone: BERLIN,
      change: 'spring forward on 2026-03-29',
      after: '2026-03-27T00:00Z',
      until: '2026-04-01T00:00Z',
      utc: ['2026-03-27T08:00', '2026-03-28T08:00', '2026-03-29T07:00', '2026-03-30T07:00', '2026-03-31T07:00'],
    },
    {
      zone: BERLIN,
      change: 'fall back on 2026-10-25',
      after: '2026-10-23T00:00Z',
      until: '2026-10-28T00:00Z',
      utc: ['2026-10-23T07:00', '2026-10-24T07:00', '2026-10-25T08:00', '2026-10-26T08:00', '2026-10-27T08:00'],
    },
  ];
  for (const { zone, change, after, until, utc } of dailyAtNine) {
    void it(`fires a daily 09:00 reminder once a day at 09:00 local in ${zone} across the ${change}`, () => {
      const found = slots('0 9 * * *', zone, after, until);
      assert.deepEqual(
        instants(found),
        utc.map((t) => `${t}:00.000Z`),
      );
      for (const slot of found) {
        const local = wallClock(slot.at, zone);
        assert.deepEqual([local.hour, local.minute], [9, 0], `${slot.at.toISOString()} is not 09:00 in ${zone}`);
        assert.match(slot.key, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT09:00 ${zone}$`));
      }
    });
  }

  void it('fires 02:30 in New York once at 03:00 local (07:00Z) on 2026-03-08, when 02:30 does not exist, and at 02:30 on other days', () => {
    const found = slots('30 2 * * *', NEW_YORK, '2026-03-06T00:00Z', '2026-03-11T00:00Z');
    assert.deepEqual(instants(found), [
      '2026-03-06T07:30:00.000Z',
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    assert.deepEqual(found[2], { key: '2026-03-08T02:30 America/New_York', at: new Date('2026-03-08T07:00Z'), local: '2026-03-08T03:00-04:00' });
  });

  void it('fires 01:30 in New York once on 2026-11-01, at its first pass (05:30Z), not again an hour later', () => {
    const found = slots('30 1 * * *', NEW_YORK, '2026-10-30T00:00Z', '2026-11-03T00:00Z');
    assert.deepEqual(instants(found), ['2026-10-30T05:30:00.000Z', '2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    assert.equal(found[2]?.local, '2026-11-01T01:30-04:00');
  });

  void it('folds several skipped quarter hours into one slot, and lets 03:00 stand for a skipped 02:00 when it matches itself', () => {
    assert.deepEqual(
      slots('*/15 2 * * *', NEW_YORK, '2026-03-08T05:00Z', '2026-03-08T09:00Z').map((s) => [s.key, s.local]),
      [['2026-03-08T02:00 America/New_York', '2026-03-08T03:00-04:00']],
    );
    assert.deepEqual(keys(slots('0 * * * *', NEW_YORK, '2026-03-08T05:30Z', '2026-03-08T08:00Z')), [
      '2026-03-08T01:00 America/New_York',
      '2026-03-08T03:00 America/New_York',
      '2026-03-08T04:00 America/New_York',
    ]);
  });

  void it('excludes `after` and includes `until`, each floored to the minute', () => {
    assert.deepEqual(instants(slots('0 9 * * *', 'UTC', '2026-05-01T09:00:45Z', '2026-05-02T09:00:30Z')), ['2026-05-02T09:00:00.000Z']);
    assert.deepEqual(slots('0 9 * * *', 'UTC', '2026-05-02T09:00Z', '2026-05-01T00:00Z'), []);
  });

  void it('refuses a span longer than 35 days with a RangeError', () => {
    const schedule = scheduleOf('0 9 * * *', BERLIN);
    assert.equal(slotsBetween(schedule, new Date('2026-01-01T00:00Z'), new Date('2026-02-05T00:00Z')).length, 35);
    assert.throws(() => slotsBetween(schedule, new Date('2026-01-01T00:00Z'), new Date('2026-02-05T00:01Z')), RangeError);
  });

  void it('lets either day field match when both are restricted, and only the restricted one otherwise', () => {
    const days = (cron: string): string[] => instants(slots(cron, 'UTC', '2026-11-25T00:00Z', '2026-12-10T00:00Z')).map((t) => t.slice(0, 10));
    assert.deepEqual(days('0 9 1 * 1'), ['2026-11-30', '2026-12-01', '2026-12-07'], 'the 1st or a Monday');
    assert.deepEqual(days('0 9 1 * *'), ['2026-12-01']);
    assert.deepEqual(days('0 9 * * 1'), ['2026-11-30', '2026-12-07']);
    assert.deepEqual(days('0 9 1-31 * 1'), ['2026-11-30', '2026-12-07'], 'a field covering its whole range counts as *');
  });

  void it('agrees with a minute-by-minute reading of the wall clock around DST changes in four zones', () => {
    const cases = [
      { zone: NEW_YORK, around: ['2026-03-07T12:00Z', '2026-03-09T12:00Z', '2026-10-31T12:00Z', '2026-11-02T12:00Z'] },
      { zone: BERLIN, around: ['2026-03-28T12:00Z', '2026-03-30T00:00Z', '2026-10-24T12:00Z', '2026-10-26T00:00Z'] },
      // Lord Howe moves its clocks by half an hour, at 02:00 local.
      { zone: 'Australia/Lord_Howe', around: ['2026-04-04T00:00Z', '2026-04-05T12:00Z', '2026-10-03T00:00Z', '2026-10-04T12:00Z'] },
      { zone: 'Asia/Kolkata', around: ['2026-03-07T12:00Z', '2026-03-09T12:00Z'] },
    ];
    for (const { zone, around } of cases) {
      for (const cron of ['*/15 * * * *', '30 2 * * *', '0 1,2,3 * * *', '* 1 * * 0']) {
        const schedule = scheduleOf(cron, zone);
        for (let i = 0; i < around.length; i += 2) {
          const [after, until] = [new Date(around[i] ?? ''), new Date(around[i + 1] ?? '')];
          const planned = slotsBetween(schedule, after, until).map((s) => ({ key: s.key, at: s.at.toISOString() }));
          assert.deepEqual(planned, referenceSlots(schedule, after, until), `${cron} in ${zone} from ${around[i]}`);
        }
      }
    }
  });
});

void describe('slot keys', () => {
  const window = (cron: string, after: string, until: string): Slot[] => slots(cron, NEW_YORK, after, until);

  void it('are the same when the same window is asked for twice', () => {
    assert.deepEqual(window('*/30 * * * *', '2026-10-31T12:00Z', '2026-11-02T12:00Z'), window('*/30 * * * *', '2026-10-31T12:00Z', '2026-11-02T12:00Z'));
  });

  void it('are the same, at the same instants, in two overlapping windows across the fall back', () => {
    const whole = window('*/30 * * * *', '2026-10-31T12:00Z', '2026-11-02T12:00Z');
    const early = window('*/30 * * * *', '2026-10-31T12:00Z', '2026-11-01T06:15Z');
    const late = window('*/30 * * * *', '2026-11-01T05:10Z', '2026-11-02T12:00Z');
    const byKey = new Map([...early, ...late].map((slot) => [slot.key, slot.at.toISOString()]));
    assert.deepEqual(
      [...byKey.entries()],
      whole.map((slot) => [slot.key, slot.at.toISOString()]),
    );
  });

  void it('give both passes of the repeated hour one key, so a window inside the second pass plans nothing for it', () => {
    assert.deepEqual(wallClock(new Date('2026-11-01T05:30Z'), NEW_YORK), wallClock(new Date('2026-11-01T06:30Z'), NEW_YORK));
    assert.deepEqual(keys(window('30 1 * * *', '2026-11-01T04:00Z', '2026-11-01T06:00Z')), ['2026-11-01T01:30 America/New_York']);
    assert.deepEqual(window('30 1 * * *', '2026-11-01T06:00Z', '2026-11-01T07:00Z'), []);
    const everyMinute = window('* * * * *', '2026-11-01T04:59Z', '2026-11-01T07:00Z');
    assert.equal(everyMinute.length, 61, '01:00–01:59 once, then 02:00 at 07:00Z');
    assert.equal(new Set(keys(everyMinute)).size, 61);
  });

  void it('do not depend on how a span is cut into consecutive windows', () => {
    const [start, end] = [Date.parse('2026-10-30T00:00Z'), Date.parse('2026-11-03T00:00Z')];
    const schedule = scheduleOf('*/20 0-3 * * *', NEW_YORK);
    const whole = slotsBetween(schedule, new Date(start), new Date(end));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: start + 1, max: end - 1 }), { maxLength: 8 }), (cuts) => {
        const bounds = [start, ...cuts.sort((a, b) => a - b), end];
        const pieces = bounds.slice(1).flatMap((until, i) => slotsBetween(schedule, new Date(bounds[i] ?? start), new Date(until)));
        assert.deepEqual(pieces, whole);
      }),
      { numRuns: 40 },
    );
  });
});

void describe('nextSlot and describeNext', () => {
  void it('finds the 1st of next month across a month boundary', () => {
    const schedule = scheduleOf('0 9 1 * *', BERLIN);
    assert.equal(nextSlot(schedule, new Date('2026-11-20T12:00Z'))?.at.toISOString(), '2026-12-01T08:00:00.000Z');
    assert.equal(describeNext(schedule, new Date('2026-11-20T12:00Z')), 'Tue 2026-12-01 09:00 Europe/Berlin');
  });

  void it('describes the next Monday for remind list', () => {
    assert.equal(describeNext(scheduleOf('0 9 * * MON', BERLIN), new Date('2026-11-25T10:00Z')), 'Mon 2026-11-30 09:00 Europe/Berlin');
  });

  void it('finds a yearly slot almost a year ahead', () => {
    const slot = nextSlot(scheduleOf('0 0 1 1 *', BERLIN), new Date('2026-01-01T00:00Z'));
    assert.deepEqual(slot, { key: '2027-01-01T00:00 Europe/Berlin', at: new Date('2026-12-31T23:00Z'), local: '2027-01-01T00:00+01:00' });
  });

  void it('starts strictly after the given instant', () => {
    const schedule = scheduleOf('0 9 * * *', 'UTC');
    assert.equal(nextSlot(schedule, new Date('2026-05-01T09:00Z'))?.at.toISOString(), '2026-05-02T09:00:00.000Z');
  });

  void it('finds the skipped 02:30 at 03:00 local on the spring-forward day', () => {
    assert.equal(describeNext(scheduleOf('30 2 * * *', NEW_YORK), new Date('2026-03-07T08:00Z')), 'Sun 2026-03-08 03:00 America/New_York');
  });

  void it('gives null for Feb 29 when the next one is more than 400 days away', () => {
    const schedule = scheduleOf('0 9 29 2 *', BERLIN);
    assert.equal(nextSlot(schedule, new Date('2026-03-01T00:00Z')), null);
    assert.equal(describeNext(schedule, new Date('2026-03-01T00:00Z')), null);
    assert.equal(nextSlot(schedule, new Date('2027-03-01T00:00Z'))?.key, '2028-02-29T09:00 Europe/Berlin');
  });
});

void describe('wallClock', () => {
  void it('reads midnight as hour 0 and gives the weekday with Sunday 0', () => {
    assert.deepEqual(wallClock(new Date('2026-03-08T05:00Z'), NEW_YORK), { year: 2026, month: 3, day: 8, hour: 0, minute: 0, weekday: 0 });
  });
});
