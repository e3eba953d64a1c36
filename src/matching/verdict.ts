import type { KnownExploited } from '../advisories/kev-registry.ts';
import type { Advisory, Vulnerability } from '../advisories/types.ts';
import type { VersionReading } from '../version/read-version.ts';

export type VerdictStatus = 'affected' | 'not_affected' | 'unknown';

/** One vulnerability judged against one version. */
export interface Assessment {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly affected: boolean;
  /**
   * Where the fix is on the version's own train, nearest first: the patched respin of this release
   * when there is one, and the first later release that is fixed. Empty when not affected.
   */
  readonly fixedIn: readonly string[];
  /** Set when the verdict came from a CSP build that the bulletin names as fixed. */
  readonly fixedBuild: boolean;
  /** The vulnerability's KEV listing when the verdict was made (see `AdvisoryCatalog.knownExploited`). */
  readonly knownExploited: KnownExploited | null;
}

/**
 * What the bot says about one version string. `status` is `not_affected` only for a version that was
 * read and cleared by every loaded bulletin; anything unreadable or ambiguous is `unknown`.
 */
export interface Verdict {
  readonly input: string;
  readonly reading: VersionReading;
  readonly status: VerdictStatus;
  /** The normalised version, or null when the input was not read as one ScreenOS release. */
  readonly version: string | null;
  /** Every loaded vulnerability, affected or not; empty unless a ScreenOS version was read. */
  readonly assessments: readonly Assessment[];
  /** The lowest release on the same train that clears every loaded bulletin, when one is known. */
  readonly upgradeTo: string | null;
  /** Caveats: CSP builds, ignored build counters, ambiguous trains, Junos statements. */
  readonly notes: readonly string[];
  /** One or two sentences that explain the verdict. */
  readonly message: string;
}

/** The assessments that affect the version. */
export function affecting(verdict: Verdict): Assessment[] {
  return verdict.assessments.filter((a) => a.affected);
}

/** Affecting assessments grouped by bulletin, in catalog order. */
export function groupByAdvisory(assessments: readonly Assessment[]): Map<Advisory, Assessment[]> {
  const groups = new Map<Advisory, Assessment[]>();
  for (const a of assessments) {
    const group = groups.get(a.advisory);
    if (group === undefined) groups.set(a.advisory, [a]);
    else group.push(a);
  }
  return groups;
}
