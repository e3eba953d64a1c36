import type { KnownExploited } from '../advisories/kev-registry.ts';
import type { Advisory, Vulnerability } from '../advisories/types.ts';
import type { VersionScheme } from '../version/version-scheme.ts';
import { assessOne, type CompiledVulnerability } from './assess-vulnerability.ts';
import { entryCovers } from './platforms.ts';
import { assessesVersion, compileAffected, isAffected, versionsOnTrain, type PlatformLimitedAffected } from './ranges.ts';
import type { Assessment, VerdictStatus } from './verdict.ts';

/** Platforms whose clear releases are kept; models in one inventory are far fewer. */
const CLEAR_CACHE_LIMIT = 1_000;

/** A platform-limited entry that lists a release which the platform-wide entries clear: an exception to say. */
export interface PlatformException {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly platforms: readonly string[];
  /** The nearest later release on the train that the entry clears, or null when it names none. */
  readonly fixedIn: string | null;
}

/** What one release comes to for one product: the assessments and where to go. */
export interface ReleaseFindings {
  readonly status: VerdictStatus;
  readonly assessments: readonly Assessment[];
  /** The lowest release above the version on its own train that clears every loaded bulletin. */
  readonly nearestFixOnTrain: string | null;
  /** That release, or else the lowest such release on a later train. */
  readonly upgradeTo: string | null;
  /** Exceptions a version alone cannot settle (JSA93446: SRX300 Series fixed only in some releases). */
  readonly exceptions: readonly PlatformException[];
}

/**
 * The loaded bulletins of one product, compiled for its version scheme: the OSV matcher
 * ({@link assessOne}) applied to every vulnerability with an entry for the product, plus the search for
 * a release that clears them all. ScreenOS keeps its own catalog path for its end-of-life calendar and
 * CSP builds; every further product is judged here.
 */
export class ProductMatcher<V> {
  readonly scheme: VersionScheme<V>;
  /** Every vulnerability with an entry about the product, in catalog order. */
  readonly vulnerabilities: readonly CompiledVulnerability<V>[];
  private sortedCandidates: readonly V[] | null = null;
  private readonly clearByPlatform = new Map<string, readonly V[]>();
  /** See `AssessContext.judgePlatformOnly`: true for Junos, false for ScreenOS's Wi-Fi-only KRACK. */
  private readonly judgePlatformOnly: boolean;

  constructor(scheme: VersionScheme<V>, advisories: readonly Advisory[], options: { judgePlatformOnly?: boolean } = {}) {
    this.scheme = scheme;
    this.judgePlatformOnly = options.judgePlatformOnly ?? true;
    this.vulnerabilities = advisories.flatMap((advisory) =>
      advisory.vulnerabilities
        .map((vulnerability) => ({ advisory, vulnerability, affected: compileAffected(vulnerability.affected, scheme) }))
        .filter((c) => c.affected.general || c.affected.platformLimited.length > 0),
    );
  }

  /** The bulletins with an entry about the product. */
  get advisories(): Advisory[] {
    return [...new Set(this.vulnerabilities.map((c) => c.advisory))];
  }

  /**
   * Judges one release (without its build) for a platform, or for a version alone when `platform` is
   * null. Known-exploited listings come from `knownExploited`, which the catalog keeps current.
   */
  judge(base: V, platform: string | null, knownExploited: (v: Vulnerability) => KnownExploited | null): ReleaseFindings {
    const assessments = this.vulnerabilities.map((c) =>
      assessOne(c, base, { build: null, platform, knownExploited: knownExploited(c.vulnerability), judgePlatformOnly: this.judgePlatformOnly }),
    );
    const status: VerdictStatus = assessments.some((a) => a.status === 'affected')
      ? 'affected'
      : assessments.some((a) => a.status === 'unknown')
        ? 'unknown'
        : 'not_affected';
    const own = status === 'not_affected' ? null : this.firstClear(base, platform, true);
    const target = status === 'not_affected' ? null : (own ?? this.firstClear(base, platform, false));
    return {
      status,
      assessments,
      nearestFixOnTrain: own === null ? null : this.scheme.formatRelease(own),
      upgradeTo: target === null ? null : this.scheme.formatRelease(target),
      exceptions: platform === null ? this.exceptions(base) : [],
    };
  }

  /** The lowest release above `base` on its own train that clears every vulnerability, or null. */
  nearestFix(base: V, platform: string | null): string | null {
    const fix = this.firstClear(base, platform, true);
    return fix === null ? null : this.scheme.formatRelease(fix);
  }

  /**
   * The lowest release above `base` that clears every vulnerability: on `base`'s train, or (when
   * `sameTrain` is false) on a later train. Candidates are the releases the bulletins name.
   */
  private firstClear(base: V, platform: string | null, sameTrain: boolean): V | null {
    const { scheme } = this;
    const train = scheme.train(base);
    return this.clearReleases(platform).find((v) => scheme.compare(v, base) > 0 && (scheme.train(v) === train) === sameTrain) ?? null;
  }

  /**
   * The named releases that clear every vulnerability for a platform (or a version alone), in order:
   * worked out once per platform, since a fleet asks for the same few models again and again.
   */
  private clearReleases(platform: string | null): readonly V[] {
    const key = platform?.toUpperCase() ?? '';
    let clear = this.clearByPlatform.get(key);
    if (clear === undefined) {
      clear = this.candidateReleases().filter((v) => this.clears(v, platform));
      if (this.clearByPlatform.size >= CLEAR_CACHE_LIMIT) this.clearByPlatform.clear();
      this.clearByPlatform.set(key, clear);
    }
    return clear;
  }

  /**
   * Whether a release is proven clear for the platform (or, for a version alone, on every platform the
   * bulletins name): every entry that applies assessed its train and none lists it. Exceptions for some
   * platforms beside a platform-wide entry do not block it for a version alone; they are said instead.
   */
  private clears(v: V, platform: string | null): boolean {
    return this.vulnerabilities.every(({ affected }) => {
      const entries: Pick<PlatformLimitedAffected<V>, 'scheme' | 'assessed' | 'ranges' | 'versions'>[] = [];
      if (affected.general) entries.push(affected);
      if (platform !== null) entries.push(...affected.platformLimited.filter((p) => entryCovers(p, platform)));
      else if (!affected.general && this.judgePlatformOnly) entries.push(...affected.platformLimited);
      return entries.every((e) => assessesVersion(e, v) && !isAffected(e, v));
    });
  }

  private candidateReleases(): readonly V[] {
    let list = this.sortedCandidates;
    if (list === null) {
      const seen = new Map<string, V>();
      for (const { affected } of this.vulnerabilities) {
        for (const entry of [affected, ...affected.platformLimited]) {
          for (const events of entry.ranges) {
            for (const event of events) {
              // A train key (`22.3`) is a bound, not a release anyone can install.
              if (event.version !== 'start' && this.scheme.formatRelease(event.version) !== this.scheme.train(event.version)) {
                seen.set(this.scheme.formatRelease(event.version), event.version);
              }
            }
          }
        }
      }
      list = [...seen.values()].sort(this.scheme.compare);
      this.sortedCandidates = list;
    }
    return list;
  }

  /** Platform-limited entries beside a platform-wide one that list the release: said in a note. */
  private exceptions(base: V): PlatformException[] {
    const { scheme } = this;
    const found: PlatformException[] = [];
    for (const { advisory, vulnerability, affected } of this.vulnerabilities) {
      if (!affected.general) continue;
      for (const entry of affected.platformLimited) {
        if (!isAffected(entry, base)) continue;
        const fix = versionsOnTrain(entry, scheme.train(base))
          .filter((v) => scheme.compare(v, base) > 0 && !isAffected(entry, v))
          .sort(scheme.compare)[0];
        found.push({ advisory, vulnerability, platforms: entry.platforms, fixedIn: fix === undefined ? null : scheme.formatRelease(fix) });
      }
    }
    return found;
  }
}
