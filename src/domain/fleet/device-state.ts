/**
 * What someone decided about an affected device: a record of the domain, kept by the store. Declared
 * here, beside the fleet audit that reads it, so that the audit never depends on the store.
 */

/** A state a person put a device in. It ends by itself at `until`, or when someone clears it. */
export type DeviceStateKind = 'acknowledged' | 'snoozed' | 'accepted';

export interface DeviceState {
  /** The device's name as the inventory spells it; looked up case-insensitively. */
  readonly device: string;
  readonly kind: DeviceStateKind;
  /** When it lapses; null for an acknowledgement, which lasts until cleared or patched. */
  readonly until: Date | null;
  readonly reason: string | null;
  /** Who set it, as `platform:id` (and name in the audit log). */
  readonly actor: string;
  readonly changedAt: Date;
}
