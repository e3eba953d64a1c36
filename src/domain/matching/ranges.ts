import type { Affected, Range, RangeEvent } from '../advisories/types.ts';
import semver from 'semver';
import { formatBase, type ScreenOsVersion } from '../version/screenos-version.ts';
import { schemeForProduct } from '../version/schemes.ts';
import type { VersionScheme } from '../version/version-scheme.ts';

/** A range event with its version read once. `introduced: "0"` becomes `since: 'start'`. */
export type CompiledEvent<V = ScreenOsVersion> =
  { readonly type: 'introduced'; readonly version: V | 'start' } | { readonly type: 'fixed' | 'last_affected'; readonly version: V };

/** What a bulletin's words cover: every release, or the `assessed` entries of its scheme (see `Affected.assessed`). */
export type AssessedTrains = 'all' | ReadonlySet<string>;

/**
 * The ranges of one vulnerability for one product (one version scheme), ready to evaluate. Entries of
 * other products are set aside: a ScreenOS verdict never reads a Junos range, nor the reverse.
 */
export interface CompiledAffected<V = ScreenOsVersion> {
  readonly scheme: VersionScheme<V>;
  /** Whether any entry of the product applies to every platform: only those decide a version-only verdict. */
  readonly general: boolean;
  /**
   * What the platform-wide entries assessed, merged: "all" when one of them speaks about every release.
   * A release outside the ranges and outside what was assessed is unknown, not "not affected".
   */
  readonly assessed: AssessedTrains;
  readonly ranges: readonly (readonly CompiledEvent<V>[])[];
  readonly versions: readonly V[];
  readonly fixedBuilds: ReadonlySet<string>;
  /** Products that no registered scheme reads: reported in verdicts, never evaluated. */
  readonly otherProducts: readonly string[];
  /**
   * Entries limited to some hardware platforms (KRACK: SSG-5 and SSG-20 with Wi-Fi; J-Web on EX or SRX).
   * They stay out of `ranges`; how a version-only verdict uses them is the product's judge's to say.
   */
  readonly platformLimited: readonly PlatformLimitedAffected<V>[];
}

/** The compiled ranges of one `affected` entry that names platforms. */
export interface PlatformLimitedAffected<V = ScreenOsVersion> {
  readonly scheme: VersionScheme<V>;
  readonly platforms: readonly string[];
  /** Models the platforms would cover but the bulletin excepts; they are judged by the other entries. */
  readonly except: readonly string[];
  readonly assessed: AssessedTrains;
  readonly ranges: readonly (readonly CompiledEvent<V>[])[];
  readonly versions: readonly V[];
}

/** The event's kind and value; validation guarantees exactly one key. */
export function eventEntry(event: RangeEvent): [CompiledEvent['type'], string] {
  if ('introduced' in event) return ['introduced', event.introduced];
  if ('fixed' in event) return ['fixed', event.fixed];
  return ['last_affected', event.last_affected];
}

/**
 * Reads every event version of the entries about `scheme`'s product once. Validation has already
 * rejected files whose versions do not read.
 */
export function compileAffected<V>(affected: readonly Affected[], scheme: VersionScheme<V>): CompiledAffected<V> {
  const ranges: CompiledEvent<V>[][] = [];
  const versions: V[] = [];
  const fixedBuilds = new Set<string>();
  const otherProducts: string[] = [];
  const platformLimited: PlatformLimitedAffected<V>[] = [];
  let general = false;
  let assessed: 'all' | Set<string> = new Set<string>();
  for (const entry of affected) {
    if (!isProduct(entry.product, scheme)) {
      if (schemeForProduct(entry.product) === undefined) otherProducts.push(entry.product);
      continue;
    }
    const read = (value: string): V => mustRead(scheme, value);
    if (entry.platforms.length > 0) {
      platformLimited.push({
        scheme,
        platforms: entry.platforms,
        except: entry.platforms_except ?? [],
        assessed: mergeAssessed(new Set(), entry.assessed),
        ranges: entry.ranges.map((r) => compileRange(r, scheme)),
        versions: entry.versions.map(read),
      });
      continue;
    }
    general = true;
    assessed = mergeAssessed(assessed, entry.assessed);
    for (const range of entry.ranges) ranges.push(compileRange(range, scheme));
    for (const v of entry.versions) versions.push(read(v));
    for (const b of entry.fixed_builds) fixedBuilds.add(b.toLowerCase());
  }
  return { scheme, general, assessed, ranges, versions, fixedBuilds, otherProducts, platformLimited };
}

/** What two entries assessed together: "all" absorbs any list. */
function mergeAssessed(into: 'all' | Set<string>, assessed: Affected['assessed']): 'all' | Set<string> {
  if (into === 'all' || assessed === 'all') return 'all';
  for (const train of assessed) into.add(train);
  return into;
}

/** Whether the bulletin's words cover the release's train (ScreenOS: `6.3.0`; Junos: `21.4`, `20.4 and earlier`). */
export function assessesVersion<V>(compiled: Pick<CompiledAffected<V>, 'scheme' | 'assessed'>, v: V): boolean {
  const { assessed, scheme } = compiled;
  if (assessed === 'all') return true;
  for (const label of assessed) if (scheme.inScope(label, v)) return true;
  return false;
}

function compileRange<V>(range: Range, scheme: VersionScheme<V>): CompiledEvent<V>[] {
  const events = range.events.map((event): CompiledEvent<V> => {
    const [type, value] = eventEntry(event);
    if (type === 'introduced' && value === '0') return { type, version: 'start' };
    return { type, version: mustRead(scheme, value) };
  });
  return events.sort((a, b) => compareEvents(a, b, scheme));
}

/** Whether an `affected` entry is about the scheme's product. */
export function isProduct(product: string, scheme: Pick<VersionScheme<unknown>, 'name'>): boolean {
  return product.trim().toLowerCase() === scheme.name.toLowerCase();
}

/** Whether an `affected` entry is about ScreenOS. */
export function isScreenOs(product: string): boolean {
  return product.trim().toLowerCase() === 'screenos';
}

function mustRead<V>(scheme: VersionScheme<V>, value: string): V {
  const version = scheme.readBound(value);
  if (version === null) throw new Error(`unvalidated range version ${value}`);
  return version;
}

function compareEvents<V>(a: CompiledEvent<V>, b: CompiledEvent<V>, scheme: VersionScheme<V>): number {
  if (a.version === 'start') return b.version === 'start' ? 0 : -1;
  if (b.version === 'start') return 1;
  return scheme.compare(a.version, b.version);
}

/**
 * OSV's range rule (as osv-scalibr applies it): walk the events in order; the version is affected when
 * the last event at or below it is an `introduced`. `fixed` is exclusive (the fixed release itself is
 * clean), `last_affected` inclusive (the release named is still affected, the next one is not).
 */
export function isInRange<V>(events: readonly CompiledEvent<V>[], v: V, scheme: VersionScheme<V>): boolean {
  const first = events[0];
  // A Junos range about one train says nothing about the trains its list leaves out.
  if (scheme.rangesPerTrain && first !== undefined && first.version !== 'start' && scheme.train(first.version) !== scheme.train(v)) return false;
  let affected = false;
  for (const event of events) {
    if (event.type === 'introduced') {
      if (event.version === 'start' || scheme.compare(event.version, v) <= 0) affected = true;
      else break;
    } else if (event.type === 'fixed') {
      if (scheme.compare(event.version, v) <= 0) affected = false;
      else break;
    } else if (scheme.compare(event.version, v) < 0) {
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
export function isAffected<V>(compiled: Pick<CompiledAffected<V>, 'scheme' | 'ranges' | 'versions'>, v: V): boolean {
  const { scheme } = compiled;
  if (compiled.versions.some((listed) => scheme.compare(listed, v) === 0)) return true;
  return compiled.ranges.some((events) => isInRange(events, v, scheme));
}

/** Every version that a range names on one train, in order: candidates for "upgrade to". */
export function versionsOnTrain<V>(compiled: Pick<CompiledAffected<V>, 'scheme' | 'ranges'>, train: string): V[] {
  const found: V[] = [];
  for (const events of compiled.ranges) {
    for (const event of events) {
      if (event.version !== 'start' && compiled.scheme.train(event.version) === train) found.push(event.version);
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
