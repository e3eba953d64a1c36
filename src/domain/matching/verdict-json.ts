import type { ProductId } from '../version/version-scheme.ts';
import { rateVulnerability } from './severity.ts';
import type { TrainSupport } from './train-support.ts';
import type { AssessmentStatus, Verdict } from './verdict.ts';

/** The machine-readable form of a verdict, as `cli check --json` prints it. Field names are stable. */
export interface VerdictJson {
  readonly input: string;
  /** The normalised version (`6.3.0r19b`, `21.4R3-S5.4`), or null when the input was not read as one release. */
  readonly version: string | null;
  readonly status: Verdict['status'];
  /** `screenos`, `junos`, `junos-evo`, or null when unreadable or a bare train. */
  readonly product: ProductId | null;
  /** The hardware model the verdict was made for (`platform=` or the inventory's), or null for a version alone. */
  readonly platform: string | null;
  /** Only the vulnerabilities that affect the version. */
  readonly vulnerabilities: readonly {
    readonly advisory: string;
    readonly cve: string;
    readonly name: string;
    readonly severity: string;
    readonly cvss: { readonly type: string; readonly vector: string; readonly score: number; readonly source: string } | null;
    readonly knownExploited: boolean;
    readonly fixedIn: readonly string[];
    /** The platforms the finding holds for, when the bulletin names some; null for every platform. */
    readonly platforms: readonly string[] | null;
  }[];
  /**
   * Every CVE of every loaded bulletin about the release's product, whatever its status: `unknown` when
   * the bulletin did not assess the release's train. Empty unless a ScreenOS release was read.
   */
  readonly assessments: readonly {
    readonly advisory: string;
    readonly cve: string;
    readonly status: AssessmentStatus;
    readonly reason: string;
    readonly platforms: readonly string[] | null;
  }[];
  /** The recommended release, assessed and cleared by every loaded bulletin; null when none is needed or known. */
  readonly upgradeTo: string | null;
  /** The lowest release on the version's own train that clears every loaded bulletin, if any. */
  readonly nearestFixOnTrain: string | null;
  /** Null when the end-of-life data does not list the train (or the input is not one release or train). */
  readonly trainSupport: { readonly train: string; readonly endOfSupport: string | null; readonly supported: boolean } | null;
  readonly message: string;
  readonly notes: readonly string[];
}

export function verdictToJson(verdict: Verdict): VerdictJson {
  return {
    input: verdict.input,
    version: verdict.version,
    status: verdict.status,
    product: verdict.product,
    platform: verdict.platform,
    vulnerabilities: verdict.assessments
      .filter((a) => a.affected)
      .map((a) => {
        const rating = rateVulnerability(a.vulnerability);
        return {
          advisory: a.advisory.id,
          cve: a.vulnerability.id,
          name: a.vulnerability.name,
          severity: rating.level,
          cvss: rating.score === null ? null : { ...rating.score },
          knownExploited: a.knownExploited !== null,
          fixedIn: a.fixedIn,
          platforms: a.platforms,
        };
      }),
    assessments: verdict.assessments.map((a) => ({
      advisory: a.advisory.id,
      cve: a.vulnerability.id,
      status: a.status,
      reason: a.reason,
      platforms: a.platforms,
    })),
    upgradeTo: verdict.upgradeTo,
    nearestFixOnTrain: verdict.nearestFixOnTrain,
    trainSupport: supportToJson(verdict.trainSupport),
    message: verdict.message,
    notes: verdict.notes,
  };
}

function supportToJson(support: TrainSupport | null): VerdictJson['trainSupport'] {
  return support === null ? null : { train: support.train, endOfSupport: support.endOfSupport, supported: support.supported };
}

/** Exit status for scripts: 1 when any version is affected, else 2 when any is unknown, else 0. */
export function exitStatusFor(verdicts: readonly Verdict[]): 0 | 1 | 2 {
  if (verdicts.some((v) => v.status === 'affected')) return 1;
  if (verdicts.some((v) => v.status === 'unknown')) return 2;
  return 0;
}
