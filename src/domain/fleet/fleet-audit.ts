import type { AdvisoryCatalog } from '../matching/catalog.ts';
import { affectingFor, bulletinStatus } from '../matching/bulletin-status.ts';
import { rateVulnerability, type SeverityLevel } from '../matching/severity.ts';
import type { Verdict } from '../matching/verdict.ts';
import type { DeviceState } from './device-state.ts';
import { readProductName } from '../version/product-names.ts';
import { INTERNET_EXPOSURE_TAG, type Device } from './types.ts';

/** One device judged against every loaded bulletin. */
export interface DeviceFinding {
  readonly device: Device;
  readonly verdict: Verdict;
}

/**
 * Judges every device. Fleets repeat a few dozen versions across thousands of devices, so each distinct
 * version string is judged once and its verdict shared by every device that runs it. A device whose row
 * gave no version to judge ({@link Device.versionProblem}) is judged as unreadable input: unknown, never
 * "not affected", whatever its text would read as (a ScreenOS release on a row that names another product).
 */
export function auditFleet(devices: readonly Device[], catalog: AdvisoryCatalog): DeviceFinding[] {
  const byVersion = new Map<string, Verdict>();
  return devices.map((device) => {
    const product = readProductName(device.product);
    if (device.versionProblem !== undefined || product === null) {
      const reason = device.versionProblem ?? `the product “${device.product}” is not one the bot judges: check it by hand`;
      return {
        device,
        verdict: catalog.judge({ kind: 'unreadable', input: device.version, reason, suggestion: null, ...(product === null ? {} : { product }) }),
      };
    }
    // The product read from the row, and the device's model: a J-Web bulletin on EX and SRX does not
    // concern an MX router. The catalog keeps verdicts per input too; this map also serves catalogs without a memo.
    const key = `${product}|${device.platform ?? ''}|${device.version}`;
    let verdict = byVersion.get(key);
    if (verdict === undefined) {
      verdict = catalog.check(device.version, { product, platform: device.platform });
      byVersion.set(key, verdict);
    }
    return { device, verdict };
  });
}

/**
 * Where a device stands for the people who must act: `unpatched` needs action; acknowledged, snoozed
 * and accepted devices are still affected but someone has taken them in hand; `unknown` could not be judged.
 */
export type DeviceStatus = 'unpatched' | 'acknowledged' | 'snoozed' | 'accepted' | 'not_affected' | 'unknown';

/** Every status, in the order answers and exports list them. */
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['unpatched', 'acknowledged', 'snoozed', 'accepted', 'unknown', 'not_affected'];

export const AFFECTED_STATUSES: ReadonlySet<DeviceStatus> = new Set(['unpatched', 'acknowledged', 'snoozed', 'accepted']);

/** A state is in force until its `until`; after that it lapses by itself, with no job to expire it. */
export function activeState(state: DeviceState | undefined, now: Date): DeviceState | undefined {
  if (state === undefined) return undefined;
  return state.until !== null && state.until.getTime() <= now.getTime() ? undefined : state;
}

export function deviceStatus(finding: DeviceFinding, state: DeviceState | undefined, now: Date): DeviceStatus {
  if (finding.verdict.status === 'not_affected') return 'not_affected';
  if (finding.verdict.status === 'unknown') return 'unknown';
  return activeState(state, now)?.kind ?? 'unpatched';
}

/** A device with the state in force and its status: what `Inventory.view` gives, whatever else it carries. */
export interface StatusView {
  readonly finding: DeviceFinding;
  readonly state: DeviceState | undefined;
  readonly status: DeviceStatus;
}

/**
 * A device's view for one bulletin alone: its status comes from that bulletin's CVEs (see
 * `bulletinStatus`), so a device patched for JSA10713 but still exposed to JSA10733 is not affected
 * here. Its state (acknowledged, snoozed, accepted) still applies while the bulletin affects it.
 */
export function viewForBulletin<V extends StatusView>(view: V, advisoryId: string): V {
  const status = bulletinStatus(view.finding.verdict, advisoryId);
  return { ...view, status: status === 'affected' ? (view.state?.kind ?? 'unpatched') : status };
}

const LEVEL_RANK: Readonly<Record<SeverityLevel, number>> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unscored: 0 };

/** A device whose version could not be judged at all: it must be checked by hand. */
export function needsCheckByHand(finding: DeviceFinding): boolean {
  return finding.device.versionProblem !== undefined;
}

export function isInternetExposed(device: Device): boolean {
  return device.tags.some((t) => t.toLowerCase() === INTERNET_EXPOSURE_TAG);
}

/**
 * Most urgent first: a known exploited finding (CVE-2015-7755), then the most severe finding (so
 * CVE-2016-2108, critical, before CVE-2015-7756, medium), then internet-exposed devices, then the higher
 * score, then by site and name. With `advisoryId`, only that bulletin's findings count: the order of
 * `devices advisory=…`, a bulletin's briefing and a reminder scoped to it.
 */
export function compareUrgency(a: DeviceFinding, b: DeviceFinding, advisoryId?: string): number {
  const ua = urgency(a, advisoryId);
  const ub = urgency(b, advisoryId);
  return (
    ub.exploited - ua.exploited ||
    ub.level - ua.level ||
    ub.exposed - ua.exposed ||
    ub.score - ua.score ||
    a.device.site.localeCompare(b.device.site) ||
    a.device.name.localeCompare(b.device.name)
  );
}

function urgency(finding: DeviceFinding, advisoryId: string | undefined): { exploited: number; level: number; exposed: number; score: number } {
  let exploited = 0;
  let level = -1;
  let score = 0;
  for (const assessment of affectingFor(finding.verdict, advisoryId)) {
    const rating = rateVulnerability(assessment.vulnerability);
    if (assessment.knownExploited !== null) exploited = 1;
    level = Math.max(level, LEVEL_RANK[rating.level]);
    score = Math.max(score, rating.score?.score ?? 0);
  }
  return { exploited, level, exposed: isInternetExposed(finding.device) ? 1 : 0, score };
}

/** A device with its verdict, its state in force (if any) and where that leaves it. */
export interface DeviceView {
  readonly finding: DeviceFinding;
  readonly state: DeviceState | undefined;
  readonly status: DeviceStatus;
}
