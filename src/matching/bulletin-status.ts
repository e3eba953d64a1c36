import type { Vulnerability } from '../advisories/types.ts';
import { baseVersion, compareBase, formatBase, type ScreenOsVersion } from '../version/screenos-version.ts';
import { assessesTrain, compileAffected, isAffected, versionsOnTrain, type CompiledAffected } from './ranges.ts';
import { affecting, type Assessment, type Verdict, type VerdictStatus } from './verdict.ts';

/**
 * A verdict seen through one bulletin, for `devices advisory=…`, `brief JSA…` and reminders scoped to a
 * bulletin: a device patched for the backdoor but still exposed to an OpenSSL bulletin is patched for
 * JSA10713. Bulletins are named by id, whatever its case.
 */

/** The verdict's assessments of one bulletin's CVEs. */
export function assessmentsFor(verdict: Verdict, advisoryId: string): Assessment[] {
  const id = advisoryId.toUpperCase();
  return verdict.assessments.filter((a) => a.advisory.id.toUpperCase() === id);
}

/** The assessments that affect the version: of one bulletin when `advisoryId` is given, else of every one. */
export function affectingFor(verdict: Verdict, advisoryId?: string): Assessment[] {
  return advisoryId === undefined ? affecting(verdict) : assessmentsFor(verdict, advisoryId).filter((a) => a.affected);
}

/**
 * Where a release stands for one bulletin: affected when any of its CVEs affects it, else unknown when
 * any is unknown, else not affected. A verdict with no assessments (an unreadable version, a train, a
 * Junos string) keeps its own status, except that it is never "affected" by a bulletin it did not assess.
 */
export function bulletinStatus(verdict: Verdict, advisoryId: string): VerdictStatus {
  const assessments = assessmentsFor(verdict, advisoryId);
  if (assessments.length === 0) return verdict.status === 'affected' ? 'unknown' : verdict.status;
  if (assessments.some((a) => a.status === 'affected')) return 'affected';
  if (assessments.some((a) => a.status === 'unknown')) return 'unknown';
  return 'not_affected';
}

/**
 * The lowest release above the verdict's version, on its own train, that clears every CVE of one
 * bulletin: each platform-wide entry assessed the train and does not list the release. This is the
 * bulletin's own fix ("6.3.0r19b clears JSA10713"), which can be much nearer than the release that
 * clears every loaded bulletin (`upgradeTo`). Null when the version is not affected by the bulletin,
 * was not read as a release, or no later release on its train is named as clearing the bulletin.
 */
export function nearestBulletinFix(verdict: Verdict, advisoryId: string): string | null {
  if (verdict.reading.kind !== 'screenos') return null;
  const assessments = assessmentsFor(verdict, advisoryId);
  if (!assessments.some((a) => a.affected)) return null;
  const base = baseVersion(verdict.reading.version);
  const compiled = assessments.map((a) => compiledRanges(a.vulnerability)).filter((c) => c.general);
  const candidates = new Map<string, ScreenOsVersion>();
  for (const c of compiled) {
    for (const v of versionsOnTrain(c, base.train)) if (compareBase(v, base) > 0) candidates.set(formatBase(v), v);
  }
  const clear = [...candidates.values()]
    .sort(compareBase)
    .find((v) => compiled.every((c) => assessesTrain(c.assessed, v.train) && !isAffected(c, v)));
  return clear === undefined ? null : formatBase(clear);
}

/** Compiled once per vulnerability: a fleet asks about the same few bulletins for every device. */
const compiledCache = new WeakMap<Vulnerability, CompiledAffected>();

function compiledRanges(vulnerability: Vulnerability): CompiledAffected {
  let compiled = compiledCache.get(vulnerability);
  if (compiled === undefined) {
    compiled = compileAffected(vulnerability.affected);
    compiledCache.set(vulnerability, compiled);
  }
  return compiled;
}
