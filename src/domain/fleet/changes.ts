import type { DeviceView } from './fleet-audit.ts';
import type { InventoryRead } from './types.ts';

/**
 * What changed between two lists of unpatched devices: "3 patched, 1 removed from the inventory,
 * 1 acknowledged, snoozed or accepted, 2 new". A device that left the list is patched only when the
 * inventory still lists it and it is no longer affected; one the inventory no longer lists was removed
 * (decommissioned, renamed, or lost by a bad export: nobody can tell it was patched); otherwise someone
 * took it in hand. Null when nothing changed.
 */
export function describeChanges(previous: readonly string[], current: readonly string[], views: readonly DeviceView[]): string | null {
  const now = new Set(current);
  const before = new Set(previous);
  const status = new Map(views.map((v) => [v.finding.device.name, v.status]));
  const gone = previous.filter((name) => !now.has(name));
  const removed = gone.filter((name) => !status.has(name)).length;
  const patched = gone.filter((name) => status.get(name) === 'not_affected').length;
  const unknown = gone.filter((name) => status.get(name) === 'unknown').length;
  const handled = gone.length - patched - removed - unknown;
  const added = current.filter((name) => !before.has(name)).length;
  const parts = [
    patched > 0 ? `${patched} patched` : null,
    removed > 0 ? `${removed} removed from the inventory` : null,
    unknown > 0 ? `${unknown} no longer judged (check by hand)` : null,
    handled > 0 ? `${handled} acknowledged, snoozed or accepted` : null,
    added > 0 ? `${added} new` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? null : parts.join(', ');
}

/** What one sync changed in the fleet: devices that appeared, left, or now run another version. */
export interface SyncChanges {
  readonly added: number;
  readonly removed: number;
  /** Devices in both reads whose version differs (an upgrade, usually). */
  readonly changed: number;
  /** Rows of the new read left out (see `inventory`). */
  readonly unreadable: number;
}

/** Compares two reads by device name (case-insensitive, as everywhere); the first read of all adds everything. */
export function compareReads(previous: InventoryRead | null, current: InventoryRead): SyncChanges {
  const before = new Map((previous?.devices ?? []).map((d) => [d.name.toLowerCase(), d.version]));
  const after = new Set(current.devices.map((d) => d.name.toLowerCase()));
  let added = 0;
  let changed = 0;
  for (const device of current.devices) {
    const version = before.get(device.name.toLowerCase());
    if (version === undefined) added++;
    else if (version !== device.version) changed++;
  }
  const removed = [...before.keys()].filter((name) => !after.has(name)).length;
  return { added, removed, changed, unreadable: current.rejected.length };
}

/** "2 new, 1 removed, 3 on another version, 1 unreadable row", or "no change". */
export function describeSyncChanges(changes: SyncChanges): string {
  const { added, removed, changed, unreadable } = changes;
  const parts = [
    added > 0 ? `${added} new` : null,
    removed > 0 ? `${removed} removed` : null,
    changed > 0 ? `${changed} on another version` : null,
    unreadable > 0 ? `${unreadable} unreadable row${unreadable === 1 ? '' : 's'}` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? 'no change' : parts.join(', ');
}
