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

/**
 * Which rating is more severe: positive when `a` is. The level decides first (a v3 "critical" 9.0 is
 * worse than a v2 "high" 10.0, since v2 has no critical band), then the score within it. An unscored
 * vulnerability sorts last: it is not known to be minor, but nothing says it is urgent either.
 */
export function compareRatings(a: SeverityRating, b: SeverityRating): number {
  return LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || (a.score?.score ?? 0) - (b.score?.score ?? 0);
}

/**
 * Whether a rating is high or critical: the one rule that turns a card, a reminder or a device list red.
 * Medium, low and unscored findings still need action, in the warning colour.
 */
export function isSevere(rating: SeverityRating | null): boolean {
  return rating !== null && (rating.level === 'critical' || rating.level === 'high');
}

/** Whether any of the assessments' vulnerabilities is {@link isSevere}. */
export function anySevere(assessments: readonly { readonly vulnerability: Vulnerability }[]): boolean {
  return assessments.some((a) => isSevere(rateVulnerability(a.vulnerability)));
}

/** The most severe of some ratings, or null when there are none. */
export function worstRating(ratings: readonly SeverityRating[]): SeverityRating | null {
  let worst: SeverityRating | null = null;
  for (const r of ratings) if (worst === null || compareRatings(r, worst) > 0) worst = r;
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

/** "Critical 9.8": the level and score alone, for one line among many. */
export function formatRatingShort(rating: SeverityRating): string {
  const level = rating.level.charAt(0).toUpperCase() + rating.level.slice(1);
  return rating.score === null ? level : `${level} ${rating.score.score.toFixed(1)}`;
}
