import type { KnownExploited } from '../advisories/kev-registry.ts';
import type { Advisory, Vulnerability } from '../advisories/types.ts';
import type { VersionReading } from '../version/read-version.ts';
import type { ProductId } from '../version/version-scheme.ts';
import type { TrainSupport } from './train-support.ts';

export type VerdictStatus = 'affected' | 'not_affected' | 'unknown';

/**
 * One vulnerability judged against one release. `unknown` when the release is outside its ranges and on
 * a train the bulletin did not assess: silence is not "not affected".
 */
export type AssessmentStatus = 'affected' | 'not_affected' | 'unknown';

/** One vulnerability judged against one version. */
export interface Assessment {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly status: AssessmentStatus;
  /** One sentence: why, e.g. "JSA10733 assessed only the 6.3.0 train; it does not say whether 6.2.0 is affected". */
  readonly reason: string;
  /** `status === 'affected'`, for callers that ask only that. */
  readonly affected: boolean;
  /**
   * Where the fix is on the version's own train, nearest first: the patched respin of this release
   * when there is one, and the first later release that is fixed. Empty when not affected.
   */
  readonly fixedIn: readonly string[];
  /** Set when the verdict came from a CSP build that the bulletin names as fixed. */
  readonly fixedBuild: boolean;
  /**
   * The platforms the status holds for when the bulletin names some (`["EX Series", "SRX Series"]` for a
   * J-Web CVE judged on a version alone); null when it holds for every platform or the device's own.
   */
  readonly platforms: readonly string[] | null;
  /** The vulnerability's KEV listing when the verdict was made (see `AdvisoryCatalog.knownExploited`). */
  readonly knownExploited: KnownExploited | null;
}

/**
 * What the bot says about one version string. `status` is `affected` when any vulnerability affects the
 * release; else `unknown` when a bulletin did not assess its train (or the input was unreadable or
 * ambiguous); `not_affected` only for a release that every loaded bulletin assessed and cleared.
 */
export interface Verdict {
  readonly input: string;
  readonly reading: VersionReading;
  /** The product the version was read as, or null when it was not read as one release (a train, junk). */
  readonly product: ProductId | null;
  /** The hardware model the verdict was made for, or null for a version alone. */
  readonly platform: string | null;
  readonly status: VerdictStatus;
  /** The normalised version, or null when the input was not read as one release of a known product. */
  readonly version: string | null;
  /** Every loaded vulnerability of the release's product, whatever its status; empty unless a release was read. */
  readonly assessments: readonly Assessment[];
  /**
   * The recommended release: one that every loaded bulletin assessed and none affects (platform-limited
   * entries aside). On a supported train, the lowest such release above the version on its train, or
   * else on the newest supported train; on a train that left support, the one on the newest supported
   * train. Null when the version needs none, or none is known.
   */
  readonly upgradeTo: string | null;
  /** The lowest release above the version on its own train that clears every loaded bulletin, if any. */
  readonly nearestFixOnTrain: string | null;
  /** The support of the version's train at the verdict's instant; null when no end-of-life data lists it. */
  readonly trainSupport: TrainSupport | null;
  /** Caveats: CSP builds, ignored build counters, ambiguous trains, Junos statements. */
  readonly notes: readonly string[];
  /** One or two sentences that explain the verdict. */
  readonly message: string;
}

/** What is judged of a version, apart from the input, its reading and the platform asked about: memoised and shared. */
export type Judgement = Omit<Verdict, 'input' | 'reading' | 'product' | 'platform'>;

/** The assessments that affect the version. */
export function affecting(verdict: Verdict): Assessment[] {
  return verdict.assessments.filter((a) => a.affected);
}
