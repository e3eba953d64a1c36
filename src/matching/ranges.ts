import type { Affected, Range, RangeEvent } from '../advisories/types.ts';
import semver from 'semver';
import { compareBase, formatBase, type ScreenOsVersion } from '../version/screenos-version.ts';
import { readScreenOsVersion } from '../version/read-version.ts';

/** A range event with its version read once. `introduced: "0"` becomes `since: 'start'`. */
export type CompiledEvent =
  | { readonly type: 'introduced'; readonly version: ScreenOsVersion | 'start' }
  | { readonly type: 'fixed' | 'last_affected'; readonly version: ScreenOsVersion };

/** The trains a bulletin's words cover: every release, or the trains listed (see `Affected.assessed`). */
export type AssessedTrains = 'all' | ReadonlySet<string>;

/** The ScreenOS ranges of one vulnerability, ready to evaluate. */
export interface CompiledAffected {
  /** Whether any ScreenOS entry applies to every platform: only those decide a version-only verdict. */
  readonly general: boolean;
  /**
   * What the platform-wide ScreenOS entries assessed, merged: "all" when one of them speaks about every
   * release. A release outside the ranges on a train not assessed is unknown, not "not affected".
   */
  readonly assessed: AssessedTrains;
  readonly ranges: readonly (readonly CompiledEvent[])[];
  readonly versions: readonly ScreenOsVersion[];
  readonly fixedBuilds: ReadonlySet<string>;
  /** Products other than ScreenOS that the entries name: reported in verdicts, never evaluated. */
  readonly otherProducts: readonly string[];
  /**
   * ScreenOS entries limited to some hardware platforms (KRACK: SSG-5 and SSG-20 with Wi-Fi). A version
   * alone does not tell the platform, so they stay out of `ranges` and never decide a verdict or an
   * upgrade target; they are kept here, compiled, for a platform-aware check.
   */
  readonly platformLimited: readonly PlatformLimitedAffected[];
}

/** The compiled ranges of one `affected` entry that names platforms. */
export interface PlatformLimitedAffected {
  readonly platforms: readonly string[];
  readonly assessed: AssessedTrains;
  readonly ranges: readonly (readonly CompiledEvent[])[];
  readonly versions: readonly ScreenOsVersion[];
}

/** The event's kind and value; validation guarantees exactly one key. */
export function eventEntry(event: RangeEvent): [CompiledEvent['type'], string] {
  if ('introduced' in event) return ['introduced', event.introduced];
  if ('fixed' in event) return ['fixed', event.fixed];
  return ['last_affected', event.last_affected];
}

/** Reads every event version once. Validation has already rejected files whose versions do not read. */
export function compileAffected(affected: readonly Affected[]): CompiledAffected {
  const ranges: CompiledEvent[][] = [];
  const versions: ScreenOsVersion[] = [];
  const fixedBuilds = new Set<string>();
  const otherProducts: string[] = [];
  const platformLimited: PlatformLimitedAffected[] = [];
  let general = false;
  let assessed: 'all' | Set<string> = new Set<string>();
  for (const entry of affected) {
    if (!isScreenOs(entry.product)) {
      otherProducts.push(entry.product);
      continue;
    }
    if (entry.platforms.length > 0) {
      platformLimited.push({
        platforms: entry.platforms,
        assessed: mergeAssessed(new Set(), entry.assessed),
        ranges: entry.ranges.map(compileRange),
        versions: entry.versions.map(mustRead),
      });
      continue;
    }
    general = true;
    assessed = mergeAssessed(assessed, entry.assessed);
    for (const range of entry.ranges) ranges.push(compileRange(range));
    for (const v of entry.versions) versions.push(mustRead(v));
    for (const b of entry.fixed_builds) fixedBuilds.add(b.toLowerCase());
  }
  return { general, assessed, ranges, versions, fixedBuilds, otherProducts, platformLimited };
}

/** What two entries assessed together: "all" absorbs any list. */
function mergeAssessed(into: 'all' | Set<string>, assessed: Affected['assessed']): 'all' | Set<string> {
  if (into === 'all' || assessed === 'all') return 'all';
  for (const train of assessed) into.add(train);
  return into;
}

/** Whether the bulletin's words cover releases of `train`. */
export function assessesTrain(assessed: AssessedTrains, train: string): boolean {
  return assessed === 'all' || assessed.has(train);
}

function compileRange(range: Range): CompiledEvent[] {
  const events = range.events.map((event): CompiledEvent => {
    const [type, value] = eventEntry(event);
    if (type === 'introduced' && value === '0') return { type, version: 'start' };
    return { type, version: mustRead(value) };
  });
  return events.sort(compareEvents);
}

/** Whether an `affected` entry is about ScreenOS, the only product whose ranges this matcher reads. */
export function isScreenOs(product: string): boolean {
  return product.trim().toLowerCase() === 'screenos';
}

function mustRead(value: string): ScreenOsVersion {
  const version = readScreenOsVersion(value);
  if (version === null) throw new Error(`unvalidated range version ${value}`);
  return version;
}

function compareEvents(a: CompiledEvent, b: CompiledEvent): number {
  if (a.version === 'start') return b.version === 'start' ? 0 : -1;
  if (b.version === 'start') return 1;
  return compareBase(a.version, b.version);
}

/**
 * OSV's range rule (as osv-scalibr applies it): walk the events in order; the version is affected when
 * the last event at or below it is an `introduced`. `fixed` is exclusive (the fixed release itself is
 * clean), `last_affected` inclusive (the release named is still affected, the next one is not).
 */
export function isInRange(events: readonly CompiledEvent[], v: ScreenOsVersion): boolean {
  let affected = false;
  for (const event of events) {
    if (event.type === 'introduced') {
      if (event.version === 'start' || compareBase(event.version, v) <= 0) affected = true;
      else break;
    } else if (event.type === 'fixed') {
      if (compareBase(event.version, v) <= 0) affected = false;
      else break;
    } else if (compareBase(event.version, v) < 0) {
      affected = false;
    } else {
      break;
    }
  }
  return affected;
}

/**
 * Whether a base version is inside one vulnerability's compiled ranges or explicit versions (of the
 * platform-wide entries, or of one platform-limited entry). Outside does not mean "not affected": see
 * `assessesTrain`.
 */
export function isAffected(compiled: Pick<CompiledAffected, 'ranges' | 'versions'>, v: ScreenOsVersion): boolean {
  if (compiled.versions.some((listed) => compareBase(listed, v) === 0)) return true;
  return compiled.ranges.some((events) => isInRange(events, v));
}

/** Every version that a range names on one train, in order: candidates for "upgrade to". */
export function versionsOnTrain(compiled: Pick<CompiledAffected, 'ranges'>, train: string): ScreenOsVersion[] {
  const found: ScreenOsVersion[] = [];
  for (const events of compiled.ranges) {
    for (const event of events) {
      if (event.version !== 'start' && event.version.train === train) found.push(event.version);
    }
  }
  return found;
}

/**
 * The affected stretches of one train in words, for a train given without a release and for advisory
 * cards: "6.3.0r12 up to 6.3.0r21, except the fixed respins 6.3.0r12b, 6.3.0r13b".
 */
export function describeTrain(compiled: CompiledAffected, train: string): string | null {
  const parts: string[] = [];
  for (const events of compiled.ranges) {
    const text = describeRangeOnTrain(events, train);
    if (text !== null) parts.push(text);
  }
  const listed = compiled.versions.filter((v) => v.train === train).map(formatBase);
  if (listed.length > 0) parts.push(`also ${listed.join(', ')}`);
  return parts.length === 0 ? null : parts.join('; ');
}

interface Stretch {
  readonly from: string;
  readonly fromVersion: ScreenOsVersion | null;
  /** The `fixed` event that ends the stretch, or null. */
  readonly fix: ScreenOsVersion | null;
  /** The `last_affected` event that ends the stretch, or null. */
  readonly last: ScreenOsVersion | null;
  readonly end: string;
}

function describeRangeOnTrain(events: readonly CompiledEvent[], train: string): string | null {
  // Whether the train starts inside a range opened on an earlier train (or at "0").
  const earlier = events.filter((e) => e.version === 'start' || semver.lt(e.version.train, train));
  let from: string | null = null;
  let fromVersion: ScreenOsVersion | null = null;
  if (earlier.length > 0 && earlier[earlier.length - 1]?.type === 'introduced') from = `the first ${train} release`;

  const stretches: Stretch[] = [];
  for (const event of events) {
    if (event.version === 'start' || event.version.train !== train) continue;
    const label = formatBase(event.version);
    if (event.type === 'introduced') {
      if (from === null) {
        from = label;
        fromVersion = event.version;
      }
    } else if (from !== null) {
      const fixed = event.type === 'fixed';
      stretches.push({
        from,
        fromVersion,
        fix: fixed ? event.version : null,
        last: fixed ? null : event.version,
        end: fixed ? `up to ${label} (fixed)` : `through ${label}`,
      });
      from = null;
      fromVersion = null;
    }
  }
  if (from !== null) {
    stretches.push({ from, fromVersion, fix: null, last: null, end: 'and every later release on this train (no fix named)' });
  }
  const first = stretches[0];
  const last = stretches[stretches.length - 1];
  if (first === undefined || last === undefined) return null;
  let text = `${first.from} ${last.end}`;
  const holes = stretches.slice(0, -1).map((s, i) => describeHole(s, stretches[i + 1]));
  if (holes.length > 0) text += `, except ${holes.join(', ')}`;
  return text;
}

/** A gap between two stretches: a patched respin (`6.3.0r12b`) or a run of clean releases. */
function describeHole(stretch: Stretch, next: Stretch | undefined): string {
  const until = `to before ${next?.from ?? 'the end of the train'}`;
  if (stretch.fix === null) return `the releases after ${stretch.last === null ? stretch.end : formatBase(stretch.last)} ${until}`;
  const fix = formatBase(stretch.fix);
  const nextFrom = next?.fromVersion;
  const isRespin = stretch.fix.respin !== '' && nextFrom != null && nextFrom.respin === '' && nextFrom.release === stretch.fix.release + 1;
  return isRespin ? fix : `${fix} ${until}`;
}
