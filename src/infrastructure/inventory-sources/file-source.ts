import { constants, createReadStream, fstat, open, close, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import { basename, extname } from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { BotError } from '../../domain/errors.ts';
import { CsvSyntaxError, parseCsv, type CsvTable } from '../../domain/fleet/csv.ts';
import { formatSize } from '../../domain/byte-size.ts';
import { DeviceRowCollector, type RawDeviceRow } from '../../domain/fleet/device-rows.ts';
import { DEFAULT_INVENTORY_LIMITS, type InventoryLimits, type InventoryRead, type InventorySource } from '../../domain/fleet/types.ts';

/** The formats a file inventory can be in, chosen by the file's extension. */
export type InventoryFileFormat = 'csv' | 'json' | 'yaml';

type Field = keyof RawDeviceRow;

/**
 * Column (CSV) or key (JSON, YAML) names for each field, most specific first: when a file has two of
 * them (`name` and `hostname`), the earlier one is read and the other ignored (of two columns with the
 * very same name, the first). Names are compared after
 * {@link normaliseKey}, so `Software Version`, `software_version` and `softwareVersion` are one name.
 * `platform` is the hardware (`SRX345`); a platform column that names the software instead (`Junos`, as
 * files once used it for the product) is read as the product (see validateDeviceRow).
 */
const FIELD_NAMES: Readonly<Record<Field, readonly string[]>> = {
  name: ['name', 'hostname', 'device'],
  site: ['site', 'location'],
  owner: ['owner', 'contact', 'email'],
  version: ['version', 'software_version', 'screenos_version'],
  product: ['product', 'os'],
  platform: ['platform', 'model', 'hardware_model', 'device_type', 'hardware'],
  managementIp: ['management_ip', 'mgmt_ip', 'ip'],
  tags: ['tags'],
};
const FIELDS = Object.keys(FIELD_NAMES) as Field[];
const REQUIRED_COLUMNS: readonly Field[] = ['name', 'site', 'owner', 'version'];

const EXTENSIONS: Readonly<Record<string, InventoryFileFormat>> = { '.csv': 'csv', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

/**
 * The format of an inventory file by its extension (any case), or null when it is none of
 * `.csv`, `.json`, `.yaml`, `.yml`. A config loader can call this to refuse a bad path at start.
 */
export function inventoryFileFormat(path: string): InventoryFileFormat | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

/**
 * A fleet kept in a CSV, JSON or YAML file. Every read opens the file again, so edits show up without a
 * restart. The file as a whole fails (a {@link BotError}) when it cannot be read or parsed, when a CSV
 * header lacks a required column, or when it is bigger than its limits (a symlink to `/dev/zero`, an
 * export gone wrong); a bad row only leaves that row out, with its line or entry number.
 */
export class FileSource implements InventorySource {
  /** `inventory file fleet.csv`: the file's name alone, since answers reach chat rooms; the path is in the logs. */
  readonly description: string;
  private readonly path: string;
  /** The file's name, as errors (which answers quote) give it. */
  private readonly name: string;

  constructor(
    path: string,
    private readonly limits: InventoryLimits = DEFAULT_INVENTORY_LIMITS,
  ) {
    this.path = path;
    this.name = basename(path);
    this.description = `inventory file ${this.name}`;
  }

  async read(signal?: AbortSignal): Promise<InventoryRead> {
    const format = inventoryFileFormat(this.path);
    if (format === null) {
      throw new BotError(
        'inventory_unsupported_format',
        `inventory file ${this.name}: the extension “${extname(this.path)}” is not one of .csv, .json, .yaml, .yml; check INVENTORY_FILE`,
      );
    }
    const text = await this.readText(signal);
    if (text.trim() === '') throw new BotError('inventory_malformed', `inventory file ${this.name} is empty`);
    const read = this.parse(text, format);
    const rows = read.devices.length + read.rejected.length;
    if (rows > this.limits.maxDevices) {
      throw new BotError(
        'inventory_too_large',
        `inventory file ${this.name} has ${rows} devices, more than INVENTORY_MAX_DEVICES (${this.limits.maxDevices}); raise the setting if the fleet really is that big`,
      );
    }
    return read;
  }

  private parse(text: string, format: InventoryFileFormat): InventoryRead {
    switch (format) {
      case 'csv':
        return readCsvInventory(text, this.name);
      case 'json':
        return readDocumentInventory(
          this.parseDocument(text, 'JSON', (t) => JSON.parse(t) as unknown),
          this.name,
        );
      case 'yaml':
        return readDocumentInventory(
          this.parseDocument(text, 'YAML', (t) => parseYaml(t) as unknown),
          this.name,
        );
      default: {
        const never: never = format;
        return never;
      }
    }
  }

  /**
   * The file as UTF-8 without a byte order mark. Bytes that are not UTF-8 fail the read rather than turn
   * into U+FFFD: Excel's plain "CSV" save writes Windows-1252, which would garble names silently.
   */
  private async readText(signal: AbortSignal | undefined): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await this.readBytes(signal);
    } catch (error) {
      if (signal?.aborted === true || error instanceof BotError) throw error;
      throw new BotError('inventory_unreadable', `inventory file ${this.name} cannot be read: ${describeFileError(error)}; check INVENTORY_FILE`, {
        cause: error,
      });
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      throw new BotError('inventory_malformed', `inventory file ${this.name} is not UTF-8 text; save it as UTF-8 (in Excel: “CSV UTF-8”)`, { cause: error });
    }
  }

  /**
   * At most `maxBytes` of the file. A regular file's size is checked before reading; a special file (a
   * device, a named pipe) has no size to check, so it is read as a stream that stops one byte past the
   * limit. The file is opened non-blocking, so a named pipe without a writer does not block a thread, and
   * `signal` destroys the stream: a stuck pipe never holds up a shutdown.
   */
  private async readBytes(signal: AbortSignal | undefined): Promise<Buffer> {
    signal?.throwIfAborted();
    const { maxBytes } = this.limits;
    const fd = await openFile(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
    let stats: Stats;
    try {
      stats = await fstatFile(fd);
      if (stats.isDirectory()) throw new BotError('inventory_unreadable', `inventory file ${this.name} cannot be read: it is a folder; check INVENTORY_FILE`);
      if (stats.isFile() && stats.size > maxBytes) {
        throw new BotError(
          'inventory_too_large',
          `inventory file ${this.name} is ${formatSize(stats.size)}, more than INVENTORY_MAX_BYTES (${formatSize(maxBytes)}); raise the setting if the file really is the inventory`,
        );
      }
    } catch (error) {
      await closeFile(fd).catch(() => undefined);
      throw error;
    }
    // A pipe goes through libuv's poll loop (a socket handle), which can be destroyed while it waits.
    const stream: Readable = stats.isFIFO() ? new Socket({ fd, readable: true, writable: false }) : createReadStream(this.path, { fd });
    if (signal !== undefined) addAbortSignal(signal, stream);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) {
          throw new BotError(
            'inventory_too_large',
            `inventory file ${this.name} holds more than INVENTORY_MAX_BYTES (${formatSize(maxBytes)}); reading stopped there. Raise the setting if the file really is the inventory`,
          );
        }
        chunks.push(chunk);
      }
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks);
  }

  private parseDocument(text: string, kind: string, parse: (text: string) => unknown): unknown {
    try {
      return parse(text);
    } catch (error) {
      throw new BotError('inventory_malformed', `inventory file ${this.name} is not valid ${kind}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

/**
 * Why a file could not be opened, without the path Node puts in its messages (`ENOENT: no such file or
 * directory, open '/srv/…'`): answers quote it in chat rooms.
 */
function describeFileError(error: unknown): string {
  const { code } = error as NodeJS.ErrnoException;
  switch (code ?? '') {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return typeof code === 'string' ? code : 'it could not be opened';
  }
}

const openFile = promisify(open);
const fstatFile = promisify(fstat);
const closeFile = promisify(close);

/**
 * Rows of a CSV inventory, with references `line N`. A record with more or fewer fields than the header
 * is rejected rather than padded: a stray comma would otherwise shift the version into the wrong column.
 * A record whose fields are all blank (`,,,,` left by a spreadsheet) is skipped like a blank line.
 */
export function readCsvInventory(text: string, path: string): InventoryRead {
  const table = parseCsvFile(text, path);
  const columns = mapColumns(table.header, path, table.headerLine);
  const collector = new DeviceRowCollector();
  for (const { line, fields } of table.records) {
    const ref = `line ${line}`;
    if (fields.every((f) => f.trim() === '')) continue;
    if (fields.length !== table.header.length) {
      collector.reject(ref, `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${table.header.length}`);
      continue;
    }
    const raw: Partial<Record<Field, string>> = {};
    for (const [field, index] of columns) {
      const value = fields[index];
      if (value !== undefined) raw[field] = value;
    }
    collector.add(raw, ref);
  }
  return collector.result();
}

function parseCsvFile(text: string, path: string): CsvTable {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new BotError('inventory_malformed', `inventory file ${path} is not valid CSV: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Which column holds each field; throws when a required field has no column. */
function mapColumns(header: readonly string[], path: string, headerLine: number): Map<Field, number> {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normaliseKey(name);
    if (key !== '' && !positions.has(key)) positions.set(key, index);
  });
  const columns = new Map<Field, number>();
  for (const field of FIELDS) {
    const index = FIELD_NAMES[field].map((n) => positions.get(normaliseKey(n))).find((i) => i !== undefined);
    if (index !== undefined) columns.set(field, index);
  }
  const missing = REQUIRED_COLUMNS.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    const accepted = missing.map((f) => FIELD_NAMES[f].join(' or ')).join('; ');
    const where = headerLine === 0 ? 'has no header row' : `has no column for ${missing.join(', ')} in its header (line ${headerLine})`;
    const hint = header.length === 1 && header[0]?.includes(';') === true ? '; the header looks separated by semicolons, but only commas separate columns' : '';
    throw new BotError('inventory_malformed', `inventory file ${path} ${where}; accepted names: ${accepted}${hint}`);
  }
  return columns;
}

/**
 * Rows of a parsed JSON or YAML inventory, with references `entry N` (1-based): either a list of device
 * objects or an object whose `devices` key holds that list. Anything else fails the whole file.
 */
export function readDocumentInventory(document: unknown, path: string): InventoryRead {
  const list = Array.isArray(document) ? document : isObject(document) ? document.devices : undefined;
  if (!Array.isArray(list)) {
    throw new BotError('inventory_malformed', `inventory file ${path} must hold a list of devices, or an object with a “devices” list`);
  }
  const collector = new DeviceRowCollector();
  list.forEach((entry: unknown, index) => {
    const ref = `entry ${index + 1}`;
    if (!isObject(entry)) {
      collector.reject(ref, `is not an object with device fields (found ${describeType(entry)})`);
      return;
    }
    collector.add(rowFromObject(entry), ref);
  });
  return collector.result();
}

function rowFromObject(entry: Record<string, unknown>): RawDeviceRow {
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(entry)) {
    const normal = normaliseKey(key);
    if (!values.has(normal)) values.set(normal, value);
  }
  const raw: Partial<Record<Field, unknown>> = {};
  for (const field of FIELDS) {
    const name = FIELD_NAMES[field].map(normaliseKey).find((n) => values.has(n));
    if (name !== undefined) raw[field] = values.get(name);
  }
  return raw;
}

/** `Management IP`, `management_ip`, `management-ip` and `managementIp` all become `managementip`. */
function normaliseKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the text “${value.length > 40 ? `${value.slice(0, 40)}…` : value}”` : `a ${typeof value}`;
}
