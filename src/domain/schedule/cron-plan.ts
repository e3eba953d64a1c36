import { validateDetailed } from 'node-cron';

/**
 * Plans reminder slots from a five-field cron schedule in an IANA time zone. Pure: every function takes
 * the instants it reasons about, so a test can move the clock across a DST change.
 */

/** A cron schedule that `checkSchedule` accepted: the field sets node-cron parsed, the text and the zone. */
export interface Schedule {
  /** The cron text as the user wrote it. */
  readonly cron: string;
  /** The IANA zone the fields are read in, e.g. `Europe/Berlin`; its case is corrected, its spelling kept. */
  readonly timezone: string;
  /** Sorted, without repeats; `dayOfWeek` uses 0–6 with Sunday 0 (cron's 7 is folded into 0). */
  readonly fields: {
    readonly minute: readonly number[];
    readonly hour: readonly number[];
    readonly dayOfMonth: readonly number[];
    readonly month: readonly number[];
    readonly dayOfWeek: readonly number[];
  };
}

/** One firing of a schedule. */
export interface Slot {
  /**
   * The scheduled wall-clock minute and the zone, e.g. `2026-03-08T09:00 America/New_York`. The same in
   * every process and every planning window, so it is what a slot is claimed by.
   */
  readonly key: string;
  /** The instant to fire. */
  readonly at: Date;
  /** The wall-clock time at `at` with its UTC offset, e.g. `2026-03-08T03:00-04:00`. */
  readonly local: string;
}

export type ScheduleCheck = { ok: true; schedule: Schedule } | { ok: false; problem: string };

/** The wall-clock reading of an instant in a zone; `weekday` is 0–6 with Sunday 0. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;
/** slotsBetween refuses longer spans: the scheduler looks back at most 30 days. */
const MAX_SPAN_MS = 35 * DAY_MINUTES * MINUTE_MS;
/** nextSlot gives up after this; a Feb 29 schedule can be further away than that. */
const NEXT_SLOT_HORIZON_MINUTES = 400 * DAY_MINUTES;
/**
 * How far before a window the planner replays the zone's history. A minute that a fall-back repeats has
 * already fired if its first pass lies before the window; real backward shifts are at most a few hours.
 */
const PREROLL_MINUTES = 2 * DAY_MINUTES;
/** Offsets are sampled this often; the minute of a change between two samples is found by bisection. */
const PROBE_MINUTES = 60;

const FIELD_NAMES = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const FIELD_WORDS: Record<FieldName, { label: string; min: number; max: number; allowed: string }> = {
  minute: { label: 'minute', min: 0, max: 59, allowed: '0–59' },
  hour: { label: 'hour', min: 0, max: 23, allowed: '0–23' },
  dayOfMonth: { label: 'day of month', min: 1, max: 31, allowed: '1–31' },
  month: { label: 'month', min: 1, max: 12, allowed: '1–12 or JAN–DEC' },
  dayOfWeek: { label: 'weekday', min: 0, max: 7, allowed: '0–7 or MON–SUN' },
};
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** The longest each month can be; February counts its leap day, as node-cron does. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads a cron schedule and zone, or says what is wrong with them in words a user can act on; when both
 * are wrong, both problems are told. Exactly five fields (no seconds, no `@daily`); node-cron's `L`, `W`
 * and `#` day forms are refused because the planner does not evaluate them, and so is a day no listed
 * month has (`0 9 30 2 *`), as node-cron does. Zones must be `UTC` or Area/City as Intl knows them, which
 * rules out `EST5EDT` and `GMT`.
 */
export function checkSchedule(cron: string, timezone: string): ScheduleCheck {
  const read = readCron(cron);
  const zone = readZone(timezone);
  const problems = [...('problem' in read ? [read.problem] : []), ...('problem' in zone ? [zone.problem] : [])];
  if ('problem' in read || 'problem' in zone) return { ok: false, problem: problems.join('; ') };
  return { ok: true, schedule: { cron, timezone: zone.timezone, fields: read.fields } };
}

function readCron(cron: string): { fields: Schedule['fields'] } | { problem: string } {
  const quoted = JSON.stringify(cron);
  const parts = cron.trim() === '' ? [] : cron.trim().split(/\s+/);
  if (parts.length !== 5) {
    const count = `${parts.length} field${parts.length === 1 ? '' : 's'}`;
    return { problem: `${quoted} has ${count}; use five: minute hour day month weekday` };
  }
  const validation = validateDetailed(parts.join(' '));
  if (!validation.valid || validation.fields === undefined) {
    const said = validation.errors.map((error) => describeFieldError(error.field, error.message, parts));
    return { problem: `${quoted}: ${said.length > 0 ? said.join('; ') : 'not a cron schedule'}` };
  }
  const parsed = validation.fields;
  const unsupported = FIELD_NAMES.filter((name) => parsed[name].some((value) => typeof value !== 'number'));
  if (unsupported.length > 0) {
    const said = unsupported.map(
      (name) => `${FIELD_WORDS[name].label} "${parts[FIELD_NAMES.indexOf(name)]}" is not supported here (${FIELD_WORDS[name].allowed})`,
    );
    return { problem: `${quoted}: ${said.join('; ')}` };
  }
  const numbers = (name: FieldName): number[] => [...new Set(parsed[name] as number[])].sort((a, b) => a - b);
  const fields = {
    minute: numbers('minute'),
    hour: numbers('hour'),
    dayOfMonth: numbers('dayOfMonth'),
    month: numbers('month'),
    dayOfWeek: numbers('dayOfWeek'),
  };
  return { fields };
}

function describeFieldError(field: string, message: string, parts: readonly string[]): string {
  if (field === 'expression') return `it contains characters cron does not use (digits, names like MON or JAN, and * , - / only)`;
  const words = FIELD_WORDS[field as FieldName] as (typeof FIELD_WORDS)[FieldName] | undefined;
  const value = parts[FIELD_NAMES.indexOf(field as FieldName)] ?? '';
  if (words === undefined) return `${field} "${value}" is not understood`;
  if (field === 'dayOfMonth' && message.includes('impossible')) return `there is no ${impossibleDays(parts)}`;
  const outOfRange = (value.match(/\d+/g) ?? []).map(Number).find((n) => n < words.min || n > words.max);
  if (outOfRange !== undefined) return `${words.label} ${outOfRange} is out of range (${words.allowed})`;
  return `${words.label} "${value}" is not understood (${words.allowed})`;
}

/**
 * node-cron refuses a day of month that none of the months has (`0 9 30 2 *`), even when a weekday is
 * given too; this names the dates that do not exist, e.g. `Feb 30 or Feb 31`.
 */
function impossibleDays(parts: readonly string[]): string {
  const days = validateDetailed(`0 0 ${parts[2]} * *`).fields?.dayOfMonth ?? [];
  const months = validateDetailed(`0 0 1 ${parts[3]} *`).fields?.month ?? [];
  return months
    .flatMap((m) => days.flatMap((d) => (typeof d === 'number' && d > (MONTH_DAYS[m - 1] ?? 31) ? [`${MONTH_NAMES[m - 1]} ${d}`] : [])))
    .join(' or ');
}

function readZone(timezone: string): { timezone: string } | { problem: string } {
  const refusal = { problem: `${JSON.stringify(timezone)} is not a time zone; use Area/City such as Europe/Berlin` };
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/i.test(timezone)) return refusal;
  let resolved: string;
  try {
    resolved = formatterFor(timezone).resolvedOptions().timeZone;
  } catch {
    return refusal;
  }
  // ICU maps new names to old ones (Asia/Kolkata to Asia/Calcutta); take only its capitalisation.
  return { timezone: resolved.toLowerCase() === timezone.toLowerCase() ? resolved : timezone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock in `timezone` at `instant`, to the minute. Throws a RangeError for a zone Intl does not
 * know. Formatters are cached per zone: building one costs far more than formatting with it.
 */
export function wallClock(instant: Date, timezone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN } = parts;
  return { year, month, day, hour, minute, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** Throws a RangeError for a zone Intl does not know; only zones it knows are cached. */
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23', // midnight reads 00, never 24
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timezone, format);
  }
  return format;
}

/**
 * Every slot with `after` < at <= `until`, both floored to the minute, in order. A minute matches when its
 * wall-clock time matches all five fields; day-of-month and weekday follow cron's rule: when both are
 * restricted either may match, otherwise only the restricted one counts (a field covering its whole
 * range, such as `*` or `1-31`, is unrestricted).
 *
 * Daylight saving: a wall time skipped by a spring-forward fires once, at the first instant after the
 * jump, keyed by the skipped time (unless the wall time right after the jump matches too, which then
 * stands for it; several skipped matches fold into the first). A wall time repeated by a fall-back fires
 * at its first pass only, even when the window starts inside the repeat. Throws a RangeError when the
 * span exceeds 35 days.
 */
export function slotsBetween(schedule: Schedule, after: Date, until: Date): Slot[] {
  const [from, to] = [after.getTime(), until.getTime()];
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('slotsBetween needs two valid dates');
  if (to - from > MAX_SPAN_MS) throw new RangeError(`slotsBetween spans at most 35 days; asked for ${((to - from) / (DAY_MINUTES * MINUTE_MS)).toFixed(1)}`);
  return [...walkSlots(schedule, Math.floor(from / MINUTE_MS), Math.floor(to / MINUTE_MS))];
}

/** The first slot after `after` (floored to the minute) within 400 days, or null. */
export function nextSlot(schedule: Schedule, after: Date): Slot | null {
  const from = after.getTime();
  if (!Number.isFinite(from)) throw new RangeError('nextSlot needs a valid date');
  const start = Math.floor(from / MINUTE_MS);
  // The walk is lazy: it samples the zone's offsets only as far as the first slot.
  for (const slot of walkSlots(schedule, start, start + NEXT_SLOT_HORIZON_MINUTES)) return slot;
  return null;
}

/** When the schedule next fires, for `remind list`: `Mon 2026-11-30 09:00 Europe/Berlin`; null if not within 400 days. */
export function describeNext(schedule: Schedule, after: Date): string | null {
  const slot = nextSlot(schedule, after);
  if (slot === null) return null;
  const w = wallClock(slot.at, schedule.timezone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${WEEKDAY_NAMES[w.weekday]} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} ${schedule.timezone}`;
}

/** A stretch of UTC minutes [start, end) over which the zone's offset (wall minus UTC, minutes) holds. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

interface Matcher {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly minuteSet: ReadonlySet<number>;
  readonly hourSet: ReadonlySet<number>;
  readonly monthSet: ReadonlySet<number>;
  readonly daySet: ReadonlySet<number>;
  readonly weekdaySet: ReadonlySet<number>;
  /** Both day fields restricted: either may match (cron's OR rule). */
  readonly eitherDay: boolean;
}

/**
 * Slots with at in (fromMinute, toMinute], in UTC minutes since the epoch. Wall times are handled as
 * "wall minutes": the local date and time read as if it were UTC, so calendar arithmetic needs no zone.
 * Walking offset segments rather than single minutes finds DST jumps exactly and keeps Intl calls to
 * one per hour sampled.
 */
function* walkSlots(schedule: Schedule, fromMinute: number, toMinute: number): Generator<Slot> {
  const m = compile(schedule.fields);
  const zone = schedule.timezone;
  let latest = -Infinity; // the latest wall minute the zone has shown so far
  let previousWallEnd: number | null = null;
  for (const segment of offsetSegments(zone, fromMinute - PREROLL_MINUTES, toMinute + 1)) {
    const { start, end, offset } = segment;
    const wallStart = start + offset;
    const wallEnd = end + offset;
    if (previousWallEnd !== null && wallStart > previousWallEnd) {
      // Spring forward: wall minutes [previousWallEnd, wallStart) never happen in this zone.
      const skipped = firstMatch(m, Math.max(previousWallEnd, latest + 1), wallStart);
      const inWindow = start > fromMinute && start <= toMinute;
      if (skipped !== null && inWindow && !matchesWallMinute(m, wallStart)) yield makeSlot(zone, start, skipped, offset);
      latest = Math.max(latest, wallStart - 1);
    }
    // Fall back: wall minutes at or before `latest` are a second pass and do not fire again.
    const low = Math.max(wallStart, latest + 1, fromMinute + 1 + offset);
    const high = Math.min(wallEnd, toMinute + 1 + offset);
    for (const wall of matchingWallMinutes(m, low, high)) yield makeSlot(zone, wall - offset, wall, offset);
    latest = Math.max(latest, wallEnd - 1);
    previousWallEnd = wallEnd;
  }
}

/** Splits UTC minutes [from, to) into stretches of constant offset, lazily. */
function* offsetSegments(zone: string, from: number, to: number): Generator<Segment> {
  let start = from;
  let offset = offsetAt(zone, from);
  let probe = from;
  while (probe < to - 1) {
    const next = Math.min(probe + PROBE_MINUTES, to - 1);
    if (offsetAt(zone, next) === offset) {
      probe = next;
      if (probe - start >= DAY_MINUTES) {
        // Hand out a day at a time so that nextSlot stops sampling soon after its first slot.
        yield { start, end: probe, offset };
        start = probe;
      }
      continue;
    }
    let [low, high] = [probe, next]; // offset(low) is the old one, offset(high) is not
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(zone, middle) === offset) low = middle;
      else high = middle;
    }
    yield { start, end: high, offset };
    [start, offset, probe] = [high, offsetAt(zone, high), high];
  }
  yield { start, end: to, offset };
}

function offsetAt(zone: string, utcMinute: number): number {
  const w = wallClock(new Date(utcMinute * MINUTE_MS), zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) / MINUTE_MS - utcMinute;
}

function compile(fields: Schedule['fields']): Matcher {
  return {
    minutes: fields.minute,
    hours: fields.hour,
    minuteSet: new Set(fields.minute),
    hourSet: new Set(fields.hour),
    monthSet: new Set(fields.month),
    daySet: new Set(fields.dayOfMonth),
    weekdaySet: new Set(fields.dayOfWeek),
    eitherDay: fields.dayOfMonth.length < 31 && fields.dayOfWeek.length < 7,
  };
}

function matchesWallDay(m: Matcher, wallDay: number): boolean {
  const date = new Date(wallDay * DAY_MINUTES * MINUTE_MS);
  if (!m.monthSet.has(date.getUTCMonth() + 1)) return false;
  const onDay = m.daySet.has(date.getUTCDate());
  const onWeekday = m.weekdaySet.has(date.getUTCDay());
  // An unrestricted field always matches, so AND leaves only the restricted one counting.
  return m.eitherDay ? onDay || onWeekday : onDay && onWeekday;
}

function matchesWallMinute(m: Matcher, wall: number): boolean {
  const inDay = ((wall % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return m.minuteSet.has(inDay % 60) && m.hourSet.has(Math.floor(inDay / 60)) && matchesWallDay(m, Math.floor(wall / DAY_MINUTES));
}

/** Matching wall minutes in [low, high), ascending: day by day, then only the hours and minutes listed. */
function* matchingWallMinutes(m: Matcher, low: number, high: number): Generator<number> {
  for (let day = Math.floor(low / DAY_MINUTES); day * DAY_MINUTES < high; day++) {
    if (!matchesWallDay(m, day)) continue;
    for (const hour of m.hours) {
      const base = day * DAY_MINUTES + hour * 60;
      if (base + 59 < low) continue;
      for (const minute of m.minutes) {
        const wall = base + minute;
        if (wall >= high) return;
        if (wall >= low) yield wall;
      }
    }
  }
}

function firstMatch(m: Matcher, low: number, high: number): number | null {
  for (const wall of matchingWallMinutes(m, low, high)) return wall;
  return null;
}

function makeSlot(zone: string, utcMinute: number, scheduledWall: number, offset: number): Slot {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const offsetText = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return {
    key: `${wallText(scheduledWall)} ${zone}`,
    at: new Date(utcMinute * MINUTE_MS),
    local: `${wallText(utcMinute + offset)}${offsetText}`,
  };
}

/** `2026-03-08T09:00` for a wall minute. */
function wallText(wall: number): string {
  return new Date(wall * MINUTE_MS).toISOString().slice(0, 16);
}
