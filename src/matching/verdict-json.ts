import { rateVulnerability } from './severity.ts';
import type { Verdict } from './verdict.ts';

/** The machine-readable form of a verdict, as `cli check --json` prints it. Field names are stable. */
export interface VerdictJson {
  readonly input: string;
  /** The normalised ScreenOS version, or null when the input was not read as one. */
  readonly version: string | null;
  readonly status: Verdict['status'];
  /** `screenos`, `junos`, or null when unreadable or a bare train. */
  readonly product: 'screenos' | 'junos' | null;
  /** Only the vulnerabilities that affect the version. */
  readonly vulnerabilities: readonly {
    readonly advisory: string;
    readonly cve: string;
    readonly name: string;
    readonly severity: string;
    readonly cvss: { readonly type: string; readonly vector: string; readonly score: number; readonly source: string } | null;
    readonly knownExploited: boolean;
    readonly fixedIn: readonly string[];
  }[];
  readonly upgradeTo: string | null;
  readonly message: string;
  readonly notes: readonly string[];
}

export function verdictToJson(verdict: Verdict): VerdictJson {
  const product = verdict.reading.kind === 'screenos' ? 'screenos' : verdict.reading.kind === 'junos' ? 'junos' : null;
  return {
    input: verdict.input,
    version: verdict.version,
    status: verdict.status,
    product,
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
        };
      }),
    upgradeTo: verdict.upgradeTo,
    message: verdict.message,
    notes: verdict.notes,
  };
}

/** Exit status for scripts: 1 when any version is affected, else 2 when any is unknown, else 0. */
export function exitStatusFor(verdicts: readonly Verdict[]): 0 | 1 | 2 {
  if (verdicts.some((v) => v.status === 'affected')) return 1;
  if (verdicts.some((v) => v.status === 'unknown')) return 2;
  return 0;
}
