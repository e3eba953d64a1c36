import type { KnownExploited } from '../advisories/kev-registry.ts';
import type { Advisory, Vulnerability } from '../advisories/types.ts';
import { compareRatings, rateVulnerability } from './severity.ts';

/** What decides how urgent a finding is: an assessment, or a vulnerability with its KEV listing. */
export interface UrgencyFacts {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly knownExploited: KnownExploited | null;
}

/**
 * The order in which findings are shown, everywhere: what attackers are known to use first (a KEV
 * listing, or the bulletin's own record of exploitation), then the more severe rating (see
 * {@link compareRatings}), then the bulletin id, so that equal findings keep a fixed order. Findings
 * of one bulletin that tie keep the bulletin's own order (sorting is stable).
 *
 * This is why 6.3.0r19 leads with JSA10713's CVE-2015-7755 (critical, known exploited) and not with
 * JSA10704's medium L2TP bug, which only comes first by bulletin number.
 */
export function compareAssessments(a: UrgencyFacts, b: UrgencyFacts): number {
  return (
    Number(b.knownExploited !== null) - Number(a.knownExploited !== null) ||
    compareRatings(rateVulnerability(b.vulnerability), rateVulnerability(a.vulnerability)) ||
    a.advisory.id.localeCompare(b.advisory.id, 'en', { numeric: true })
  );
}

/** A copy, most urgent first. */
export function byUrgency<T extends UrgencyFacts>(findings: readonly T[]): T[] {
  return [...findings].sort(compareAssessments);
}

/**
 * Findings grouped by bulletin, the bulletin with the most urgent finding first, and each group most
 * urgent first: the order of the verdict sentence, the Findings list and the "Show …" buttons.
 */
export function groupByUrgency<T extends UrgencyFacts>(findings: readonly T[]): Map<Advisory, T[]> {
  const groups = new Map<Advisory, T[]>();
  for (const finding of byUrgency(findings)) {
    const group = groups.get(finding.advisory);
    if (group === undefined) groups.set(finding.advisory, [finding]);
    else group.push(finding);
  }
  return groups;
}

/** The CVE ids of some findings, most urgent first, each once (JSA10733 and JSA10759 share CVE-2015-3195). */
export function cveIds(findings: readonly UrgencyFacts[]): string[] {
  return [...new Set(byUrgency(findings).map((f) => f.vulnerability.id))];
}
