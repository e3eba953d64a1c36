/** One device as the inventory describes it. The name is its key (compared case-insensitively). */
export interface Device {
  readonly name: string;
  readonly site: string;
  /** An email address or a chat handle: who must act on this device. */
  readonly owner: string;
  /** The running version exactly as the source gives it; read by the version engine at audit time. */
  readonly version: string;
  /**
   * The product as Juniper writes it (`ScreenOS`, `Junos OS`, `Junos OS Evolved`; see product-names.ts),
   * whatever spelling the source used. A row that names none runs what its version reads as. A product the
   * bot does not know is kept as the source wrote it, with a {@link versionProblem}.
   */
  readonly product: string;
  /**
   * The hardware model or series as the source gives it (`SRX345`, `EX4300-48T`, `SSG-140`), or null when
   * it gives none. Bulletins that hold for some platforms only (JSA72300: EX and SRX Series) judge a device
   * of a known platform for that platform; a device without one is judged for every platform.
   */
  readonly platform: string | null;
  readonly managementIp: string | null;
  /** Free-form tags; `exposure=internet` marks a device reachable from the internet. */
  readonly tags: readonly string[];
  /** Where the row came from, for reports: `line 12`, `NetBox device 4711`. */
  readonly ref: string;
  /**
   * Set when the row's version cannot be judged (missing, unreadable, a train, another product):
   * "version “6.3.0r1x” cannot be read: check it by hand". Such a device stays in the fleet with
   * status unknown, so that it is counted and listed rather than dropped out of view.
   */
  readonly versionProblem?: string;
}

/** A row that was reported and left out, with its place in the source and the reason. */
export interface RejectedRow {
  readonly ref: string;
  readonly reason: string;
}

/** What one successful read of a source produced. */
export interface InventoryRead {
  readonly devices: readonly Device[];
  readonly rejected: readonly RejectedRow[];
}

/** A source of devices: a file or NetBox. `read` throws when the source as a whole cannot be read. */
export interface InventorySource {
  /**
   * For answers and logs: `inventory file fleet.csv`, `NetBox https://netbox.example.com`. Answers reach
   * chat rooms, so it never holds a server path or credentials: a file is named by its name alone.
   */
  readonly description: string;
  read(signal?: AbortSignal): Promise<InventoryRead>;
}

/** The tag that marks a device as reachable from the internet, which makes it more urgent. */
export const INTERNET_EXPOSURE_TAG = 'exposure=internet';

/** How much a source may hand over before a read is refused: a guard against a runaway export or server. */
export interface InventoryLimits {
  /** Bytes of a file, or of one NetBox page (`INVENTORY_MAX_BYTES`). */
  readonly maxBytes: number;
  /** Devices (rows, entries, NetBox results) in one read (`INVENTORY_MAX_DEVICES`). */
  readonly maxDevices: number;
}

/**
 * The defaults of the inventory's guards, written once for the configuration and the sources: 64 MiB holds
 * about half a million CSV rows, and 100,000 devices is far beyond any ScreenOS fleet.
 */
export const DEFAULT_INVENTORY_LIMITS: InventoryLimits = { maxBytes: 64 * 1024 * 1024, maxDevices: 100_000 };

/** A sync that would drop more than this share of the devices (in percent) is held for an admin to confirm. */
export const DEFAULT_MAX_LOSS_PERCENT = 50;
