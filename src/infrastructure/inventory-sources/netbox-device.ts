// Concept: the NetBox-to-device mapping — a NetBox device (and its platform, owner field) as a raw inventory row.
import type { RawDeviceRow } from '../../domain/fleet/device-rows.ts';
import { PRODUCT_NAMES, readProductName, type ProductId } from '../../domain/version/product-names.ts';
import { asRecord, nameOf } from './netbox-json.ts';

/**
 * One NetBox device (as `fields=` returns it) as a raw row; the collector judges it.
 *
 * NetBox keeps the hardware and the software apart, and so does the row: the platform (hardware model) is
 * the device type's `model` (`SRX345`, `EX4300-48T`), which NetBox requires on every device; NetBox's own
 * `platform` is "the type of software running on a device" (NetBox's words), so it gives the product
 * ({@link productOfPlatform}) and is never taken as the model, even when someone named a platform
 * `SRX`: a wrong model could clear a device of a bulletin limited to other platforms.
 */
export function deviceRow(device: Readonly<Record<string, unknown>>, version: unknown, owner: unknown): RawDeviceRow {
  const site = asRecord(device.site);
  const address = asRecord(device.primary_ip4)?.address ?? asRecord(device.primary_ip6)?.address;
  const tags = Array.isArray(device.tags) ? device.tags.map((tag) => nameOf(tag)).filter((tag) => tag !== undefined) : device.tags;
  const product = productOfPlatform(asRecord(device.platform));
  return {
    name: device.name,
    site: site === null ? device.site : (site.name ?? site.slug),
    owner,
    version,
    // A platform that names no product the bot knows (`Linux`, none at all) states nothing: the product
    // then follows the version, as for a file row without a product.
    ...(product === null ? {} : { product: PRODUCT_NAMES[product] }),
    platform: asRecord(device.device_type)?.model,
    managementIp: typeof address === 'string' ? address.replace(/\/\d+$/, '') : address,
    tags,
  };
}

/**
 * The product a NetBox platform names. Platforms are free-form: `Junos`, `Juniper Junos OS`, slug
 * `junos` (the NAPALM driver's name), `junos-evo`, `ScreenOS`. A whole product name (name or slug) is
 * read as in files; otherwise a name or slug that contains `junos` is Junos OS (Evolved when it also says
 * `evo`), and one that contains `screenos` is ScreenOS. Null for anything else.
 */
export function productOfPlatform(platform: Readonly<Record<string, unknown>> | null): ProductId | null {
  if (platform === null) return null;
  const texts = [platform.name, platform.slug].filter((t): t is string => typeof t === 'string');
  for (const text of texts) {
    const exact = readProductName(text);
    if (exact !== null) return exact;
  }
  const words = texts.join(' ').toLowerCase().replace(/[_-]+/g, ' ');
  if (words.includes('junos')) return /\bevo(lved)?\b/.test(words) ? 'junos-evo' : 'junos';
  return words.includes('screenos') ? 'screenos' : null;
}

/** An owner from a custom field: text as it is; an object field (a user or a contact) by email, username or name. */
export function ownerText(value: unknown): unknown {
  const object = asRecord(value);
  if (object === null) return value;
  return [object.email, object.username, object.name, object.display].find((v) => typeof v === 'string' && v.trim() !== '');
}
