import type { Advisory } from '../advisories/types.ts';
import { JUNOS, JUNOS_EVOLVED, SCREENOS } from '../version/schemes.ts';
import { baseVersion } from '../version/screenos-version.ts';
import type { ProductId, VersionScheme } from '../version/version-scheme.ts';
import { ProductMatcher } from './product-matcher.ts';
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
 * any is unknown, else not affected. A release of a product the bulletin does not speak about (ScreenOS
 * under a Junos bulletin) is not affected by it. A verdict that read no release (an unreadable version, a
 * train) keeps its own status, except that it is never "affected" by a bulletin it did not assess.
 */
export function bulletinStatus(verdict: Verdict, advisoryId: string): VerdictStatus {
  const assessments = assessmentsFor(verdict, advisoryId);
  if (assessments.length === 0 && verdict.version !== null && verdict.product !== null && verdict.assessments.length > 0) return 'not_affected';
  if (assessments.length === 0) return verdict.status === 'affected' ? 'unknown' : verdict.status;
  if (assessments.some((a) => a.status === 'affected')) return 'affected';
  if (assessments.some((a) => a.status === 'unknown')) return 'unknown';
  return 'not_affected';
}

/**
 * The lowest release above the verdict's version, on its own train, that clears every CVE of one
 * bulletin: each entry that applies assessed the train and does not list the release. This is the
 * bulletin's own fix ("6.3.0r19b clears JSA10713"), which can be much nearer than the release that
 * clears every loaded bulletin (`upgradeTo`). Null when the version is not affected by the bulletin,
 * was not read as a release, or no later release on its train is named as clearing the bulletin.
 */
export function nearestBulletinFix(verdict: Verdict, advisoryId: string): string | null {
  const assessments = assessmentsFor(verdict, advisoryId);
  const first = assessments[0];
  if (first === undefined || !assessments.some((a) => a.affected)) return null;
  const { reading } = verdict;
  if (reading.kind === 'screenos') return bulletinMatcher(first.advisory, SCREENOS).nearestFix(baseVersion(reading.version), verdict.platform);
  if (reading.kind === 'junos') {
    const scheme = reading.product === 'junos-evo' ? JUNOS_EVOLVED : JUNOS;
    return bulletinMatcher(first.advisory, scheme).nearestFix({ ...reading.version, build: null }, verdict.platform);
  }
  return null;
}

/** Compiled once per bulletin and product: a fleet asks about the same few bulletins for every device. */
const matchers = new WeakMap<Advisory, Map<ProductId, unknown>>();

function bulletinMatcher<V>(advisory: Advisory, scheme: VersionScheme<V>): ProductMatcher<V> {
  let byProduct = matchers.get(advisory);
  if (byProduct === undefined) {
    byProduct = new Map();
    matchers.set(advisory, byProduct);
  }
  let matcher = byProduct.get(scheme.product) as ProductMatcher<V> | undefined;
  if (matcher === undefined) {
    // ScreenOS sets a Wi-Fi-only bulletin aside for a version alone, as its verdicts do.
    matcher = new ProductMatcher(scheme, [advisory], { judgePlatformOnly: scheme.product !== 'screenos' });
    byProduct.set(scheme.product, matcher);
  }
  return matcher;
}
