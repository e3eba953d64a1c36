import type { Severity, Vulnerability } from '../advisories/types.ts';

export type SeverityLevel = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unscored';

export interface SeverityRating {
  readonly level: SeverityLevel;
  /** The score the level comes from, or null when the vulnerability carries none. */
  readonly score: Severity | null;
}

const LEVEL_ORDER: readonly SeverityLevel[] = ['unscored', 'none', 'low', 'medium', 'high', 'critical'];

/**
 * The rating to show: CVSS v3 when published (its scale has "critical"), else NVD's v2 bands
 * (low < 4.0 ≤ medium < 7.0 ≤ high). A vulnerability without scores is "unscored", never "low".
 */
export function rateVulnerability(vulnerability: Vulnerability): SeverityRating {
  const v3 = vulnerability.severity.find((s) => s.type === 'CVSS_V3');
  if (v3 !== undefined) return { level: bandV3(v3.score), score: v3 };
  const v2 = vulnerability.severity.find((s) => s.type === 'CVSS_V2');
  if (v2 !== undefined) return { level: bandV2(v2.score), score: v2 };
  return { level: 'unscored', score: null };
}

function bandV3(score: number): SeverityLevel {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

function bandV2(score: number): SeverityLevel {
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  return 'high';
}

/** The more severe of two ratings. */
export function worstRating(ratings: readonly SeverityRating[]): SeverityRating | null {
  let worst: SeverityRating | null = null;
  for (const r of ratings) {
    if (worst === null || LEVEL_ORDER.indexOf(r.level) > LEVEL_ORDER.indexOf(worst.level) ||
        (r.level === worst.level && (r.score?.score ?? 0) > (worst.score?.score ?? 0))) {
      worst = r;
    }
  }
  return worst;
}

/** "Critical (CVSS v3.1 9.8, CISA ADP)". */
export function formatRating(rating: SeverityRating): string {
  const level = rating.level.charAt(0).toUpperCase() + rating.level.slice(1);
  if (rating.score === null) return `${level} (no CVSS score published)`;
  const { type, vector, score, source } = rating.score;
  const version = type === 'CVSS_V2' ? 'v2' : `v${/^CVSS:(3\.\d)/.exec(vector)?.[1] ?? '3'}`;
  return `${level} (CVSS ${version} ${score.toFixed(1)}, ${source})`;
}
