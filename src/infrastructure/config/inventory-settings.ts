import path from 'node:path';
import { inventoryFileFormat } from '../inventory-sources/file-source.ts';
import { DEFAULT_INVENTORY_LIMITS, DEFAULT_MAX_LOSS_PERCENT } from '../../domain/fleet/types.ts';
import { isHttpUrl, optional, refuse, setting, wholeNumber, type Readings, type Refusal } from './setting.ts';

type NetBoxOwner = { readonly from: 'tenant' } | { readonly from: 'contact' } | { readonly from: 'custom_field'; readonly field: string };

export type InventoryConfig =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'netbox';
      readonly url: string;
      readonly token: string;
      readonly filters: Readonly<Record<string, readonly string[]>>;
      readonly versionField: string;
      readonly owner: NetBoxOwner;
      readonly pageSize: number;
    };

const NETBOX_FILTER_KEYS = ['platform', 'site', 'tag', 'role', 'status', 'tenant', 'region'];

/** Where the device list comes from (a file or NetBox), how often it is read, and its limits. */
export const INVENTORY_SETTINGS = {
  INVENTORY_FILE: optional({
    meaning: 'device inventory as CSV, JSON or YAML; also what `cli audit` reads without `--inventory`',
    defaultText: '`examples/fleet.csv` in the console demo (never for `cli audit`); none once a platform is configured',
    parse: (file) => (inventoryFileFormat(file) === null ? refuse(`“${file}” must end in .csv, .json, .yaml or .yml`) : path.resolve(file)),
  }),
  INVENTORY_SYNC_MINUTES: setting({ meaning: 'minutes between inventory syncs', default: '15', parse: wholeNumber(1, 24 * 60) }),
  INVENTORY_MAX_LOSS_PERCENT: setting({
    meaning: 'a sync that removes more than this share of the devices is held until an admin types `inventory sync confirm`',
    default: String(DEFAULT_MAX_LOSS_PERCENT),
    parse: wholeNumber(0, 100),
  }),
  INVENTORY_MAX_BYTES: setting({
    meaning: 'largest inventory file, or NetBox page, in bytes',
    default: String(DEFAULT_INVENTORY_LIMITS.maxBytes),
    note: `(${DEFAULT_INVENTORY_LIMITS.maxBytes / 2 ** 20} MiB)`,
    parse: wholeNumber(1024, 2 ** 31 - 1),
  }),
  INVENTORY_MAX_DEVICES: setting({
    meaning: 'most devices one inventory read may list (NetBox pages follow from it)',
    default: String(DEFAULT_INVENTORY_LIMITS.maxDevices),
    parse: wholeNumber(1, 10_000_000),
  }),
  NETBOX_URL: optional({
    meaning: 'NetBox base URL: read the inventory from NetBox instead of a file',
    parse: (url) => (isHttpUrl(url) ? url.replace(/\/+$/, '') : refuse(`“${url}” is not an http(s) URL`)),
  }),
  NETBOX_TOKEN: optional({
    meaning: 'NetBox API token, 40 hex characters (v1) or `nbt_…` (v2); required with `NETBOX_URL`',
    secret: true,
    parse: (token) => (/^[0-9a-f]{40}$/i.test(token) || /^nbt_\S+$/.test(token) ? token : refuse('expected 40 hex characters (v1 token) or nbt_… (v2 token)')),
  }),
  NETBOX_FILTER: setting({
    meaning: `device filter, comma-separated \`key=value\` pairs with keys ${NETBOX_FILTER_KEYS.join(', ')}`,
    default: 'status=active',
    parse: readNetBoxFilter,
  }),
  NETBOX_VERSION_FIELD: setting({
    meaning: 'custom field with the running version',
    default: 'software_version',
    parse: (field) => (/^\w+$/.test(field) ? field : refuse(`“${field}” is not a custom field name`)),
  }),
  NETBOX_OWNER: setting({ meaning: '`tenant`, `contact` or `custom_field:<name>`', default: 'tenant', parse: readNetBoxOwner }),
  NETBOX_PAGE_SIZE: setting({ meaning: 'devices per NetBox page', default: '1000', parse: wholeNumber(1, 10_000) }),
};

/**
 * Where the device list comes from: NetBox, a file, or (in the console demo only) the example fleet; a
 * deployed bot audits nothing it was not given. Two sources at once are a problem, not a precedence rule.
 */
export function inventoryConfig(
  { values, given, refused }: Readings<typeof INVENTORY_SETTINGS>,
  context: { readonly platformConfigured: boolean; readonly exampleFleet: string },
  problems: string[],
): InventoryConfig | null {
  if (given('INVENTORY_FILE') && given('NETBOX_URL')) {
    problems.push('INVENTORY_FILE and NETBOX_URL: set one inventory source, not both');
    return null;
  }
  if (given('NETBOX_URL')) {
    const { NETBOX_URL: url, NETBOX_TOKEN: token } = values;
    if (!given('NETBOX_TOKEN')) problems.push('NETBOX_TOKEN: missing; NetBox needs an API token to list devices');
    const netbox = ['NETBOX_URL', 'NETBOX_TOKEN', 'NETBOX_FILTER', 'NETBOX_VERSION_FIELD', 'NETBOX_OWNER', 'NETBOX_PAGE_SIZE'] as const;
    if (url === null || token === null || netbox.some(refused)) return null;
    return {
      kind: 'netbox',
      url,
      token,
      filters: values.NETBOX_FILTER,
      versionField: values.NETBOX_VERSION_FIELD,
      owner: values.NETBOX_OWNER,
      pageSize: values.NETBOX_PAGE_SIZE,
    };
  }
  if (given('INVENTORY_FILE')) return values.INVENTORY_FILE === null ? null : { kind: 'file', path: values.INVENTORY_FILE };
  return context.platformConfigured ? null : { kind: 'file', path: context.exampleFleet };
}

/** `key=value` pairs; a key given twice keeps both values. */
function readNetBoxFilter(text: string): Record<string, string[]> | Refusal<Record<string, string[]>> {
  const filters: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key = '', value = ''] = pair.split('=').map((p) => p.trim());
    if (!NETBOX_FILTER_KEYS.includes(key) || value === '') problems.push(`“${pair}” is not key=value with a key among ${NETBOX_FILTER_KEYS.join(', ')}`);
    else filters[key] = [...(filters[key] ?? []), value];
  }
  return problems.length === 0 ? filters : refuse(...problems);
}

function readNetBoxOwner(text: string): NetBoxOwner | Refusal<NetBoxOwner> {
  if (text === 'tenant' || text === 'contact') return { from: text };
  const custom = /^custom_field:(\w+)$/.exec(text);
  return custom?.[1] !== undefined ? { from: 'custom_field', field: custom[1] } : refuse(`“${text}” is not tenant, contact or custom_field:<name>`);
}
