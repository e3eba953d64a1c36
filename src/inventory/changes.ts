import type { DeviceView } from './inventory.ts';

/**
 * What changed between two lists of unpatched devices: "3 patched, 1 acknowledged, snoozed or accepted,
 * 2 new". A device that left the list is patched when it is no longer affected (or no longer in the
 * inventory), otherwise someone took it in hand. Null when nothing changed.
 */
export function describeChanges(previous: readonly string[], current: readonly string[], views: readonly DeviceView[]): string | null {
  const now = new Set(current);
  const before = new Set(previous);
  const status = new Map(views.map((v) => [v.finding.device.name, v.status]));
  const gone = previous.filter((name) => !now.has(name));
  const patched = gone.filter((name) => status.get(name) === 'not_affected' || !status.has(name)).length;
  const handled = gone.length - patched;
  const added = current.filter((name) => !before.has(name)).length;
  const parts = [patched > 0 ? `${patched} patched` : null, handled > 0 ? `${handled} acknowledged, snoozed or accepted` : null, added > 0 ? `${added} new` : null].filter((p) => p !== null);
  return parts.length === 0 ? null : parts.join(', ');
}
