// Concept: NetBox as an inventory source — which devices and owners to list, and the read that collects them.
import { BotError } from '../../domain/errors.ts';
import { DeviceRowCollector } from '../../domain/fleet/device-rows.ts';
import { DEFAULT_INVENTORY_LIMITS, type InventoryLimits, type InventoryRead, type InventorySource } from '../../domain/fleet/types.ts';
import { NetBoxClient, type NetBoxClientOptions } from './netbox-client.ts';
import { asRecord, choiceValue, nameOf } from './netbox-json.ts';
import { deviceRow, ownerText } from './netbox-device.ts';

/** Where a device's owner is read from: its tenant, its contact assignments, or a custom field. */
export type NetBoxOwnerSource = { readonly from: 'tenant' } | { readonly from: 'contact' } | { readonly from: 'custom_field'; readonly field: string };

/** What a NetBox source reads (filters, fields, owner) beside how it talks to NetBox ({@link NetBoxClientOptions}). */
export interface NetBoxOptions extends NetBoxClientOptions {
  /** Device filters passed as query parameters (`platform`, `site`, `tag`, `role`, `status`); each may repeat. */
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** The custom field that holds the running version: NetBox has no built-in one. */
  readonly versionField: string;
  readonly owner: NetBoxOwnerSource;
}

const CONTACT_IDS_PER_REQUEST = 100;
/** Contact assignments allowed per device, for the cap on that list: people rarely name more than a few. */
const ASSIGNMENTS_PER_DEVICE = 10;
/** Query parameters the source sets itself, which a filter must not override. */
const RESERVED_PARAMS = new Set(['limit', 'offset', 'fields', 'ordering', 'brief', 'format', 'exclude']);

/**
 * Devices from NetBox's REST API (4.x). Each read lists `/api/dcim/devices/` page by page with `fields=`
 * so that pages carry only what a device row needs (and no config context), follows `next` re-based onto
 * the configured URL (behind a proxy NetBox names its own internal host), and validates every result
 * through {@link DeviceRowCollector}: a bad device is rejected with its NetBox id while the others load.
 */
export class NetBoxSource implements InventorySource {
  readonly description: string;
  private readonly client: NetBoxClient;
  private readonly limits: InventoryLimits;

  constructor(private readonly options: NetBoxOptions) {
    this.client = new NetBoxClient(options);
    this.description = `NetBox ${this.client.base}`;
    const reserved = Object.keys(options.filters).filter((key) => RESERVED_PARAMS.has(key));
    if (reserved.length > 0) throw new BotError('invalid_config', `NetBox filters cannot set ${reserved.join(', ')}`);
    this.limits = options.limits ?? DEFAULT_INVENTORY_LIMITS;
  }

  async read(signal?: AbortSignal): Promise<InventoryRead> {
    const { owner, versionField } = this.options;
    const contactOwners = owner.from === 'contact' ? await this.readContactOwners(signal) : null;
    const collector = new DeviceRowCollector();
    const seenIds = new Set<unknown>();
    let results = 0;
    let versionFieldDefined = false;
    let ownerFieldDefined = false;

    for await (const item of this.client.list('dcim/devices/', this.deviceQuery(), signal, { max: this.limits.maxDevices, what: 'devices' })) {
      results++;
      const device = asRecord(item);
      if (device === null) {
        collector.reject(`NetBox result ${results}`, 'not an object');
        continue;
      }
      // Offset pages can overlap when devices are added mid-read; the same device twice is not a duplicate name.
      if (device.id !== undefined) {
        if (seenIds.has(device.id)) continue;
        seenIds.add(device.id);
      }
      const customFields = asRecord(device.custom_fields) ?? {};
      versionFieldDefined ||= versionField in customFields;
      if (owner.from === 'custom_field') ownerFieldDefined ||= owner.field in customFields;
      const ownerValue =
        owner.from === 'tenant' ? nameOf(device.tenant) : owner.from === 'contact' ? contactOwners?.get(device.id) : ownerText(customFields[owner.field]);
      collector.add(deviceRow(device, customFields[versionField], ownerValue), `NetBox device ${String(device.id)}`);
    }

    // NetBox lists every defined custom field on every device (null when unset): absence means a misconfiguration.
    if (results > 0 && !versionFieldDefined) this.options.log.warn('no NetBox device has the version custom field', { field: versionField });
    if (results > 0 && owner.from === 'custom_field' && !ownerFieldDefined)
      this.options.log.warn('no NetBox device has the owner custom field', { field: owner.field });
    const read = collector.result();
    this.options.log.debug('read NetBox inventory', { source: this.description, results, devices: read.devices.length, rejected: read.rejected.length });
    return read;
  }

  private deviceQuery(): URLSearchParams {
    const fields = ['id', 'name', 'site', 'device_type', 'platform', 'primary_ip4', 'primary_ip6', 'tags', 'custom_fields'];
    if (this.options.owner.from === 'tenant') fields.push('tenant');
    // Ordered by id, offset pages stay stable while devices are added: new ids land on the last page.
    const query = new URLSearchParams({ limit: String(this.options.pageSize), ordering: 'id', fields: fields.join(',') });
    for (const [key, values] of Object.entries(this.options.filters)) for (const value of values) query.append(key, value);
    return query;
  }

  /**
   * Each device's owner from its contact assignments: the primary contact, else the first active one.
   * The assignment carries only a brief contact (no email), so the chosen contacts are then read by id.
   */
  private async readContactOwners(signal: AbortSignal | undefined): Promise<Map<unknown, string>> {
    const chosen = new Map<unknown, { id: unknown; name: unknown; primary: boolean }>();
    const query = new URLSearchParams({
      object_type: 'dcim.device',
      limit: String(this.options.pageSize),
      ordering: 'id',
      fields: 'object_id,contact,priority',
    });
    const maxAssignments = this.limits.maxDevices * ASSIGNMENTS_PER_DEVICE;
    for await (const item of this.client.list('tenancy/contact-assignments/', query, signal, { max: maxAssignments, what: 'contact assignments' })) {
      const assignment = asRecord(item);
      const contact = asRecord(assignment?.contact);
      if (assignment === null || contact === null) continue;
      const priority = choiceValue(assignment.priority);
      if (priority === 'inactive') continue;
      const current = chosen.get(assignment.object_id);
      if (current === undefined || (priority === 'primary' && !current.primary)) {
        chosen.set(assignment.object_id, { id: contact.id, name: contact.name, primary: priority === 'primary' });
      }
    }

    const emails = new Map<unknown, string>();
    const ids = [...new Set([...chosen.values()].map((c) => c.id))].filter((id) => typeof id === 'number' || typeof id === 'string');
    for (let i = 0; i < ids.length; i += CONTACT_IDS_PER_REQUEST) {
      const contactQuery = new URLSearchParams({ limit: String(this.options.pageSize), fields: 'id,name,email' });
      for (const id of ids.slice(i, i + CONTACT_IDS_PER_REQUEST)) contactQuery.append('id', String(id));
      for await (const item of this.client.list('tenancy/contacts/', contactQuery, signal, {
        max: CONTACT_IDS_PER_REQUEST,
        what: 'contacts for one request',
      })) {
        const contact = asRecord(item);
        if (typeof contact?.email === 'string' && contact.email.trim() !== '') emails.set(contact.id, contact.email.trim());
      }
    }
    const owners = new Map<unknown, string>();
    for (const [deviceId, contact] of chosen) {
      const owner = emails.get(contact.id) ?? (typeof contact.name === 'string' ? contact.name : undefined);
      if (owner !== undefined) owners.set(deviceId, owner);
    }
    return owners;
  }
}
