import type { FieldProblem } from './validate-advisory.ts';

type Json = unknown;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TRAIN = /^\d+\.\d+\.\d+$/;

/**
 * Checks a parsed end-of-life file (`advisories/lifecycle/*.json`) against the format in
 * advisories/README.md and returns every problem, each with the JSON path of the field. An empty list
 * means `raw` is a `ProductLifecycle` (./types.ts). Like the bulletins: every field present, no extra
 * field, a date or null, a source for each entry, and each train or model listed once.
 */
export function validateLifecycle(raw: Json): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fail = (field: string, reason: string): void => {
    problems.push({ field, reason });
  };

  const fields = (value: Json, path: string, keys: readonly string[]): Record<string, Json> | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(path || '(file)', 'must be an object');
      return null;
    }
    const record = value as Record<string, Json>;
    for (const key of keys) if (!(key in record)) fail(path ? `${path}.${key}` : key, 'is missing');
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) fail(path ? `${path}.${key}` : key, 'is not a field of the end-of-life format');
    }
    return record;
  };
  const text = (value: Json, path: string): void => {
    if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string');
  };
  const date = (value: Json, path: string): void => {
    if (value === null) return;
    if (typeof value !== 'string' || !ISO_DATE.test(value)) return fail(path, 'must be a date as YYYY-MM-DD, or null when no source states one');
    if (Number.isNaN(Date.parse(value))) fail(path, `“${value}” is not a real date`);
  };
  const list = (value: Json, path: string, item: (v: Json, at: string) => void): void => {
    if (!Array.isArray(value)) return fail(path, 'must be a list');
    value.forEach((v, i) => item(v, `${path}[${i}]`));
  };
  const entries = (value: Json, path: string, key: 'train' | 'model'): void => {
    const seen = new Set<string>();
    list(value, path, (entry, at) => {
      const record = fields(entry, at, [key, 'end_of_support', 'source']);
      if (record === null) return;
      const name = record[key];
      text(name, `${at}.${key}`);
      if (key === 'train' && typeof name === 'string' && name.trim() !== '' && !TRAIN.test(name)) {
        fail(`${at}.train`, `“${name}” is not a ScreenOS train such as 6.3.0`);
      }
      if (typeof name === 'string') {
        if (seen.has(name)) fail(`${at}.${key}`, `${name} is listed twice`);
        seen.add(name);
      }
      if ('end_of_support' in record) date(record.end_of_support, `${at}.end_of_support`);
      if ('source' in record) text(record.source, `${at}.source`);
    });
  };

  const top = fields(raw, '', ['product', 'trains', 'hardware', 'notes']);
  if (top === null) return problems;
  if ('product' in top) text(top.product, 'product');
  if ('trains' in top) entries(top.trains, 'trains', 'train');
  if ('hardware' in top) entries(top.hardware, 'hardware', 'model');
  if ('notes' in top) list(top.notes, 'notes', text);
  return problems;
}
