/**
 * The audited fleet as rows for people and pipelines: `npm run cli -- audit` prints them as CSV or JSON,
 * and the chat's export can hand over the same CSV. Pure: the caller reads the source and the states.
 */
import { affectingFor, nearestBulletinFix } from '../matching/bulletin-status.ts';
import { cveIds } from '../matching/urgency.ts';
import type { DeviceState, DeviceStateKind } from './device-state.ts';
import {
  activeState,
  compareUrgency,
  DEVICE_STATUSES,
  deviceStatus,
  viewForBulletin,
  type DeviceFinding,
  type DeviceStatus,
  type StatusView,
} from './fleet-audit.ts';

/** One device of the export. */
export interface AuditRow {
  readonly name: string;
  readonly site: string;
  readonly owner: string;
  readonly product: string;
  /** As the inventory gives it. */
  readonly version: string;
  /** Across every bulletin, or for the one bulletin asked for. */
  readonly status: DeviceStatus;
  /** The CVEs that affect the device (of that bulletin alone, when one was asked for), most urgent first. */
  readonly cves: readonly string[];
  /** The release that clears every loaded bulletin; null when none is needed or known. */
  readonly upgradeTo: string | null;
  /** For one bulletin: the nearest release on the device's train that clears it; otherwise null. */
  readonly advisoryFix: string | null;
  /** The state in force (someone took the device in hand), or null. */
  readonly state: { readonly kind: DeviceStateKind; readonly until: Date | null; readonly reason: string | null; readonly by: string } | null;
  /** Why the version could not be judged (check it by hand); null when it could. */
  readonly note: string | null;
}

/**
 * Every device with the state in force at `now` and its status, most urgent first: across every
 * bulletin, or through one bulletin alone (as `devices advisory=…` sees it). `states` is keyed by the
 * device's name in lower case, as the store's names are matched.
 */
export function auditViews(findings: readonly DeviceFinding[], states: ReadonlyMap<string, DeviceState>, now: Date, advisoryId?: string): StatusView[] {
  const views = findings.map((finding): StatusView => {
    const stored = states.get(finding.device.name.toLowerCase());
    const view = { finding, state: activeState(stored, now), status: deviceStatus(finding, stored, now) };
    return advisoryId === undefined ? view : viewForBulletin(view, advisoryId);
  });
  return views.sort((a, b) => compareUrgency(a.finding, b.finding, advisoryId));
}

/** The rows of an export, in the order of `views`. */
export function auditRows(views: readonly StatusView[], advisoryId?: string): AuditRow[] {
  return views.map(({ finding: { device, verdict }, state, status }) => ({
    name: device.name,
    site: device.site,
    owner: device.owner,
    product: device.product,
    version: device.version,
    status,
    cves: cveIds(affectingFor(verdict, advisoryId)),
    upgradeTo: verdict.upgradeTo,
    advisoryFix: advisoryId === undefined ? null : nearestBulletinFix(verdict, advisoryId),
    state: state === undefined ? null : { kind: state.kind, until: state.until, reason: state.reason, by: state.actor },
    note: device.versionProblem ?? null,
  }));
}

/**
 * What a pipeline gates on: 1 when any device is affected and nobody took it in hand (unpatched), else
 * 2 when any could not be judged or any inventory row was left out of the audit (a row the bot could not
 * read is no all-clear), else 0. Acknowledged, snoozed and accepted devices do not fail the gate.
 */
export function auditExitStatus(rows: readonly AuditRow[], rejectedRows: number): 0 | 1 | 2 {
  if (rows.some((r) => r.status === 'unpatched')) return 1;
  if (rejectedRows > 0 || rows.some((r) => r.status === 'unknown')) return 2;
  return 0;
}

/** How many rows have each status, every status named. */
export function auditCounts(rows: readonly AuditRow[]): Record<DeviceStatus, number> {
  const counts = Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])) as Record<DeviceStatus, number>;
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** The export as JSON values: dates as ISO 8601, absent values as null. */
export function auditRowToJson(row: AuditRow, withAdvisory: boolean): Record<string, unknown> {
  const { advisoryFix, state, ...rest } = row;
  return {
    ...rest,
    ...(withAdvisory ? { advisoryFix } : {}),
    state: state === null ? null : { ...state, until: state.until?.toISOString() ?? null },
  };
}

/** The CSV header, one column a field; `advisory_fix` only for an export about one bulletin. */
export function auditCsvHeader(withAdvisory: boolean): string[] {
  return [
    'name',
    'site',
    'owner',
    'product',
    'version',
    'status',
    'cves',
    'upgrade_target',
    ...(withAdvisory ? ['advisory_fix'] : []),
    'state',
    'state_until',
    'state_reason',
    'note',
  ];
}

/**
 * The export as CSV (RFC 4180: CRLF line ends, a header, quotes doubled), behind a UTF-8 byte order mark
 * so that Excel reads São Paulo as written. Every cell goes through {@link csvCell}: an inventory is
 * typed by many hands, and a site or owner that starts with `=` must stay text in a spreadsheet.
 */
export function auditCsv(rows: readonly AuditRow[], withAdvisory: boolean): string {
  const lines = [auditCsvHeader(withAdvisory)];
  for (const row of rows) {
    lines.push([
      row.name,
      row.site,
      row.owner,
      row.product,
      row.version,
      row.status,
      row.cves.join(' '),
      row.upgradeTo ?? '',
      ...(withAdvisory ? [row.advisoryFix ?? ''] : []),
      row.state?.kind ?? '',
      row.state?.until?.toISOString() ?? '',
      row.state?.reason ?? '',
      row.note ?? '',
    ]);
  }
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Characters a spreadsheet takes as the start of a formula (or, for tab and carriage return, strips
 * before looking for one): OWASP's list for CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell that a spreadsheet shows as the text it holds. A cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return gets a leading `'` and quotes (so `=HYPERLINK(…)` is shown, never run;
 * `@nyc-netops` reads `'@nyc-netops`), as OWASP advises; a cell holding a comma, a quote or a line break
 * is quoted too, its quotes doubled.
 */
export function csvCell(text: string): string {
  const formula = FORMULA_START.test(text);
  const safe = formula ? `'${text}` : text;
  return formula || /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
