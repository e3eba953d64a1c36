import { DEVICE_STATUSES, isInternetExposed, type DeviceStatus, type StatusView } from '../../domain/fleet/fleet-audit.ts';
import type { DeviceView } from '../../domain/fleet/fleet-audit.ts';
import { affectingFor, assessmentsFor, nearestBulletinFix } from '../../domain/matching/bulletin-status.ts';
import { cveIds } from '../../domain/matching/urgency.ts';
import { readingTrain } from '../../domain/version/read-version.ts';
import { formatUtc } from '../args.ts';
import { span, type RichText } from '../reply.ts';

/**
 * Devices in words, for every answer that lists them: `devices`, reminders and briefings. Here, in
 * render/, so that a feature that shows devices never borrows from a command handler.
 */

/** How each device status reads in answers. */
export const STATUS_LABEL: Readonly<Record<DeviceStatus, string>> = {
  unpatched: 'unpatched',
  acknowledged: 'acknowledged',
  snoozed: 'snoozed',
  accepted: 'risk accepted',
  not_affected: 'not affected',
  unknown: 'unknown',
};

/** "3 unpatched, 1 snoozed" in the fixed status order, leaving out zeros. */
export function countByStatus(views: readonly StatusView[]): string {
  const counts = new Map<DeviceStatus, number>();
  for (const v of views) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  return (
    DEVICE_STATUSES.filter((s) => counts.has(s))
      .map((s) => `${counts.get(s)} ${STATUS_LABEL[s]}`)
      .join(', ') || 'none'
  );
}

/** Groups by a key, largest group first, as "key: counts" lines, then "…and N more". */
export function groupLines(views: readonly DeviceView[], key: (v: DeviceView) => string, limit: number): string[] {
  const groups = new Map<string, DeviceView[]>();
  for (const v of views) groups.set(key(v), [...(groups.get(key(v)) ?? []), v]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = sorted.slice(0, limit).map(([name, group]) => `${name}: ${countByStatus(group)}`);
  if (sorted.length > limit) lines.push(`…and ${sorted.length - limit} more`);
  return lines;
}

/** CVEs named on a device's line before "+N": the device's own card lists them all. */
const CVES_PER_LINE = 3;
/** On a line about one bulletin: its CVEs are few, and they are what the line is about. */
const CVES_PER_BULLETIN_LINE = 5;

/**
 * One device as a line: name, site, owner, version, status, CVEs (most urgent first, so that
 * CVE-2015-7755 leads wherever it applies), upgrade target, exposure. With `advisoryId`, the line is
 * about that bulletin: its CVEs, the nearest release on the device's train that clears it, and then,
 * as a second note, the release that clears every loaded bulletin.
 */
export function deviceLine(view: DeviceView, advisoryId?: string): RichText {
  const { device, verdict } = view.finding;
  const hits = affectingFor(verdict, advisoryId);
  const cves = cveIds(hits);
  const shown = advisoryId === undefined ? CVES_PER_LINE : CVES_PER_BULLETIN_LINE;
  const parts: RichText = [
    span.bold(device.name),
    span.plain(` (${device.site}, ${device.owner}) `),
    span.code(verdict.version ?? device.version),
    span.plain(`: ${STATUS_LABEL[view.status]}`),
  ];
  const extra: string[] = [];
  if (cves.length > 0) extra.push(cves.slice(0, shown).join(', ') + (cves.length > shown ? ` +${cves.length - shown}` : ''));
  if (advisoryId !== undefined && hits.length > 0) extra.push(bulletinFixNote(view, advisoryId));
  if (verdict.upgradeTo !== null) extra.push(advisoryId === undefined ? `→ ${verdict.upgradeTo}` : `every bulletin → ${verdict.upgradeTo}`);
  if (view.state?.until != null) extra.push(`until ${formatUtc(view.state.until)}`);
  if (isInternetExposed(device)) extra.push('internet-exposed');
  if (device.versionProblem !== undefined) extra.push(device.versionProblem);
  return extra.length > 0 ? [...parts, span.plain(` · ${extra.join(' · ')}`)] : parts;
}

/** "JSA10713 fix on 6.3.0: 6.3.0r19b", or that the bulletin names none later on the device's train. */
function bulletinFixNote(view: DeviceView, advisoryId: string): string {
  const { verdict } = view.finding;
  const [first] = assessmentsFor(verdict, advisoryId);
  const id = first?.advisory.id ?? advisoryId;
  const train = readingTrain(verdict.reading) ?? 'its train';
  const fix = nearestBulletinFix(verdict, advisoryId);
  return fix === null ? `no ${id} fix named on ${train}` : `${id} fix on ${train}: ${fix}`;
}
