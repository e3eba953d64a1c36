import type { AdvisoryCatalog } from '../matching/catalog.ts';
import { rateVulnerability, type SeverityLevel } from '../matching/severity.ts';
import { affecting, type Verdict } from '../matching/verdict.ts';
import type { DeviceState } from '../store/store.ts';
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
    if (device.versionProblem !== undefined) {
      return { device, verdict: catalog.judge({ kind: 'unreadable', input: device.version, reason: device.versionProblem, suggestion: null }) };
    }
    let verdict = byVersion.get(device.version);
    if (verdict === undefined) {
      verdict = catalog.check(device.version);
      byVersion.set(device.version, verdict);
    }
    return { device, verdict };
  });
}

/**
 * Where a device stands for the people who must act: `unpatched` needs action; acknowledged, snoozed
 * and accepted devices are still affected but someone has taken them in hand; `unknown` could not be judged.
 */
export type DeviceStatus = 'unpatched' | 'acknowledged' | 'snoozed' | 'accepted' | 'not_affected' | 'unknown';

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

const LEVEL_RANK: Readonly<Record<SeverityLevel, number>> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unscored: 0 };

/** A device whose version could not be judged at all: it must be checked by hand. */
export function needsCheckByHand(finding: DeviceFinding): boolean {
  return finding.device.versionProblem !== undefined;
}

export function isInternetExposed(device: Device): boolean {
  return device.tags.some((t) => t.toLowerCase() === INTERNET_EXPOSURE_TAG);
}

/**
 * Most urgent first: the most severe finding (so CVE-2015-7755, critical, before CVE-2015-7756,
 * medium), then internet-exposed devices, then the higher score, then by site and name.
 */
export function compareUrgency(a: DeviceFinding, b: DeviceFinding): number {
  const ua = urgency(a);
  const ub = urgency(b);
  return ub.level - ua.level || ub.exposed - ua.exposed || ub.score - ua.score || a.device.site.localeCompare(b.device.site) || a.device.name.localeCompare(b.device.name);
}

function urgency(finding: DeviceFinding): { level: number; exposed: number; score: number } {
  let level = -1;
  let score = 0;
  for (const assessment of affecting(finding.verdict)) {
    const rating = rateVulnerability(assessment.vulnerability);
    level = Math.max(level, LEVEL_RANK[rating.level]);
    score = Math.max(score, rating.score?.score ?? 0);
  }
  return { level, exposed: isInternetExposed(finding.device) ? 1 : 0, score };
}
