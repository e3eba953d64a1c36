import { isIP } from 'node:net';
import { findHiddenCharacter, normaliseName } from '../text.ts';
import { readVersion, type VersionReading } from '../version/read-version.ts';
import { describeProducts, PRODUCT_NAMES, readProductName, type ProductId } from '../version/product-names.ts';
import type { Device, InventoryRead, RejectedRow } from './types.ts';

/** A row as a source found it, before validation. Any field may be missing or of the wrong type. */
export interface RawDeviceRow {
  readonly name?: unknown;
  readonly site?: unknown;
  readonly owner?: unknown;
  readonly version?: unknown;
  readonly product?: unknown;
  /** The hardware model or series: `SRX345`, `EX4300-48T`, `SSG-140`. */
  readonly platform?: unknown;
  readonly managementIp?: unknown;
  readonly tags?: unknown;
}

/** The longest text a field may hold, name included (counted after normalisation). */
export const MAX_FIELD_LENGTH = 255;

/**
 * Collects rows from one read of a source: each valid row becomes a device; each bad one is rejected
 * with its reference and the reason, and the others still load. A name seen before (ignoring case)
 * is rejected as a duplicate of the first.
 */
export class DeviceRowCollector {
  private readonly devices: Device[] = [];
  private readonly rejected: RejectedRow[] = [];
  private readonly firstRef = new Map<string, string>();

  add(raw: RawDeviceRow, ref: string): void {
    const result = validateDeviceRow(raw, ref);
    if ('reason' in result) {
      this.rejected.push(result);
      return;
    }
    const key = result.name.toLowerCase();
    const first = this.firstRef.get(key);
    if (first !== undefined) {
      this.rejected.push({ ref: `${ref} (${result.name})`, reason: `duplicate name “${result.name}” (first at ${first})` });
      return;
    }
    this.firstRef.set(key, ref);
    this.devices.push(result);
  }

  reject(ref: string, reason: string): void {
    this.rejected.push({ ref, reason });
  }

  result(): InventoryRead {
    return { devices: this.devices, rejected: this.rejected };
  }
}

/**
 * Checks one row. A name is required; without one (or with a name that hides characters) the row is
 * rejected, since there is nothing to call the device. Site and owner are required; IP and tags checked
 * when given: a problem there rejects the row too, naming the field.
 *
 * A version that cannot be judged (missing, unreadable, a train, another product) does not reject the
 * row: the device stays, with {@link Device.versionProblem} set, and is judged unknown. Dropping it would
 * take a device out of every count and reminder exactly when nobody knows what it runs.
 *
 * The platform (hardware model) is optional and checked like any text; a bulletin limited to some
 * platforms (EX Series, SRX Series) judges a device of a known platform for that platform only.
 *
 * Text is normalised first ({@link normaliseName}: NFKC, look-alike hyphens as `-`), so a name typed with
 * fullwidth letters or a typographic hyphen is the same device as its plain spelling, and a second row
 * for it is a duplicate. A field holding a control or invisible character (NUL, zero-width space,
 * a right-to-left override) is rejected, naming the character: such a name would look like another
 * device's, or show reversed. Tags alone may hold line breaks and tabs, as multi-line notes.
 */
export function validateDeviceRow(raw: RawDeviceRow, ref: string): Device | RejectedRow {
  const problems: string[] = [];
  const versionProblems: string[] = [];
  const text = (field: keyof RawDeviceRow, label: string, required: boolean, into: string[] = problems): string | null => {
    const value = raw[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) into.push(`${label} is missing`);
      return null;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      into.push(`${label} is not text`);
      return null;
    }
    const normalised = normaliseName(String(value)).trim();
    if (normalised.length > MAX_FIELD_LENGTH) {
      into.push(`${label} is longer than ${MAX_FIELD_LENGTH} characters`);
      return null;
    }
    const hidden = findHiddenCharacter(normalised);
    if (hidden !== null) {
      into.push(`${label} contains ${hidden}`);
      return null;
    }
    return normalised;
  };
  const name = text('name', 'name', true);
  const site = text('site', 'site', true);
  const owner = text('owner', 'owner', true);
  const version = text('version', 'version', true, versionProblems);
  const statedProduct = text('product', 'product', false, versionProblems);
  const platformText = text('platform', 'platform', false);
  const managementIp = text('managementIp', 'management IP', false);
  if (managementIp !== null && isIP(managementIp) === 0) problems.push(`management IP “${managementIp}” is not an IP address`);
  const tags = readTags(raw.tags, problems);

  // A platform that names the software (`Junos`, as files written before the platform column had it, and
  // as NetBox names its platforms) is the product, not the hardware: as a model it would match no bulletin.
  const platformProduct = platformText === null ? null : readProductName(platformText);
  const platform = platformProduct === null ? platformText : null;
  const statedText = statedProduct ?? (platformProduct === null ? null : platformText);
  const statedId = statedText === null ? null : readProductName(statedText);
  // A row that says Junos is read as Junos (`8.5R1` is no ScreenOS shorthand there); one that says
  // ScreenOS is read as it comes, so that a Junos release on it is caught as the contradiction it is.
  const reading = version === null ? null : readRowVersion(version, statedId);
  const product = readRowProduct(statedText, reading, versionProblems);
  if (version !== null && reading !== null && product.id !== null) {
    const problem = versionMismatch(version, reading, product.id, product.stated);
    if (problem !== null) versionProblems.push(problem);
  }
  if (problems.length > 0 || name === null || site === null || owner === null) {
    return { ref: name === null ? ref : `${ref} (${name})`, reason: [...problems, ...versionProblems].join('; ') };
  }
  const device: Device = { name, site, owner, version: version ?? '', product: product.name, platform, managementIp, tags, ref };
  return versionProblems.length === 0 ? device : { ...device, versionProblem: `${versionProblems.join('; ')}: check it by hand` };
}

/**
 * The row's version, read as Junos when the row says Junos and it reads so (`8.5R1` is no ScreenOS
 * shorthand there); otherwise as it comes, so that a mismatch (a ScreenOS release on a Junos row, a bare
 * train) is described by what the text is.
 */
function readRowVersion(version: string, stated: ProductId | null): VersionReading {
  if (stated === 'junos' || stated === 'junos-evo') {
    const forced = readVersion(version, { product: stated });
    if (forced.kind === 'junos') return forced;
  }
  return readVersion(version);
}

/**
 * The row's product. A stated one is read by {@link readProductName} and written as Juniper writes it
 * (`JUNOS` becomes `Junos OS`); one it does not know is kept as written, with a version problem, since a
 * version of another product is never judged. A row that states none runs what its version reads as
 * (the product is detected from the string, as in chat): Junos OS for `21.4R3-S5`, ScreenOS otherwise.
 */
function readRowProduct(
  stated: string | null,
  reading: VersionReading | null,
  versionProblems: string[],
): { id: ProductId | null; name: string; stated: boolean } {
  if (stated === null) {
    const id: ProductId = reading?.kind === 'junos' ? reading.product : 'screenos';
    return { id, name: PRODUCT_NAMES[id], stated: false };
  }
  let id = readProductName(stated);
  if (id === null) versionProblems.push(`product “${stated}” is not ${describeProducts()}`);
  // Juniper writes `-EVO` on Junos OS Evolved releases only: a row that says Junos runs Evolved when its version does.
  if (id === 'junos' && reading?.kind === 'junos' && reading.product === 'junos-evo') id = 'junos-evo';
  return { id, name: id === null ? stated : PRODUCT_NAMES[id], stated: true };
}

/**
 * Why a version cannot be judged for the row's product, or null. A Junos OS release on a row that says
 * ScreenOS, or the reverse, is a contradiction in the inventory: it is reported, never resolved by a guess.
 */
function versionMismatch(version: string, reading: VersionReading, product: ProductId, stated: boolean): string | null {
  const name = PRODUCT_NAMES[product];
  switch (reading.kind) {
    case 'train':
      return `version “${version}” names a train, not a release`;
    case 'unreadable':
      return product === 'screenos' ? `version “${version}” cannot be read` : `version “${version}” cannot be read as a ${name} version`;
    case 'junos':
      if (product === 'screenos' && stated) return `version “${version}” is a Junos OS version but the product is ${name}`;
      return product === 'junos-evo' && reading.product === 'junos'
        ? `version “${version}” has no -EVO, which every Junos OS Evolved release carries, but the product is ${name}`
        : null;
    case 'screenos':
      return product === 'screenos' ? null : `version “${version}” is a ScreenOS version but the product is ${name}`;
    default: {
      const never: never = reading;
      return never;
    }
  }
}

/** Tags as a list, or as one string separated by `;`, `|` or `,`. */
function readTags(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  let tags: string[];
  if (typeof value === 'string') tags = value.split(/[;|,]/);
  else if (Array.isArray(value) && value.every((t) => typeof t === 'string')) tags = value;
  else {
    problems.push('tags are neither text nor a list of text');
    return [];
  }
  const normalised = tags.map((t) => normaliseName(t).trim()).filter((t) => t !== '');
  const hidden = normalised.map((t) => findHiddenCharacter(t.replace(/[\t\n\r]/g, ' '))).find((h): h is string => h !== null);
  if (hidden !== undefined) problems.push(`tags contain ${hidden}`);
  return normalised;
}
