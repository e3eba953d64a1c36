import type { Platform } from '../../chat/message.ts';

/** A row read back from either database that does not hold what its table promises. */
export class StoredRowError extends Error {
  constructor(table: string, column: string, problem: string) {
    super(`store: ${table}.${column} ${problem}`);
    this.name = 'StoredRowError';
  }
}

const PLATFORMS: readonly Platform[] = ['console', 'slack', 'teams'];

/**
 * Reads one row's columns, checking each value's type instead of casting it: a row written by another
 * release or edited by hand fails with the table and column it breaks, not later as `undefined`.
 * SQLite hands back text, integers and 0/1; PostgreSQL hands back Date, boolean and parsed JSON: both
 * are accepted where they mean the same thing.
 */
export class RowReader {
  private readonly row: Readonly<Record<string, unknown>>;

  constructor(
    private readonly table: string,
    row: unknown,
  ) {
    if (typeof row !== 'object' || row === null) throw new StoredRowError(table, '*', 'is not a row');
    this.row = row as Record<string, unknown>;
  }

  text(column: string): string {
    const value = this.row[column];
    if (typeof value !== 'string') throw this.error(column, 'text', value);
    return value;
  }

  textOrNull(column: string): string | null {
    return this.row[column] === null || this.row[column] === undefined ? null : this.text(column);
  }

  /** An integer; PostgreSQL's bigint arrives as a decimal string. */
  int(column: string): number {
    const value = this.row[column];
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw this.error(column, 'an integer', value);
    return number;
  }

  intOrNull(column: string): number | null {
    return this.row[column] === null || this.row[column] === undefined ? null : this.int(column);
  }

  bool(column: string): boolean {
    const value = this.row[column];
    if (value === true || value === 1) return true;
    if (value === false || value === 0) return false;
    throw this.error(column, 'a boolean', value);
  }

  /** An instant: a Date (PostgreSQL timestamptz) or ISO 8601 text (SQLite). */
  date(column: string): Date {
    const value = this.row[column];
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (date === null || Number.isNaN(date.getTime())) throw this.error(column, 'an instant', value);
    return date;
  }

  dateOrNull(column: string): Date | null {
    return this.row[column] === null || this.row[column] === undefined ? null : this.date(column);
  }

  /** JSON: text to parse (SQLite) or an already parsed value (PostgreSQL jsonb). */
  json(column: string): unknown {
    const value = this.row[column];
    if (typeof value !== 'string') {
      if (value === undefined) throw this.error(column, 'JSON', value);
      return value;
    }
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new StoredRowError(this.table, column, 'is not valid JSON');
    }
  }

  oneOf<T extends string>(column: string, values: readonly T[]): T {
    const value = this.text(column);
    if (!(values as readonly string[]).includes(value)) throw new StoredRowError(this.table, column, `holds “${value}”, expected one of ${values.join(', ')}`);
    return value as T;
  }

  platform(column = 'platform'): Platform {
    return this.oneOf(column, PLATFORMS);
  }

  /** A JSON array of strings. */
  strings(column: string): string[] {
    const value = this.json(column);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new StoredRowError(this.table, column, 'is not a list of strings');
    return value;
  }

  /** A JSON array whose items are objects; their fields are the caller's to trust (they were written by the bot). */
  objects<T>(column: string): T[] {
    const value = this.json(column);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'object' && v !== null))
      throw new StoredRowError(this.table, column, 'is not a list of objects');
    return value as T[];
  }

  private error(column: string, expected: string, value: unknown): StoredRowError {
    const got = value === null ? 'null' : value === undefined ? 'nothing' : typeof value;
    return new StoredRowError(this.table, column, `should be ${expected}, holds ${got}`);
  }
}
