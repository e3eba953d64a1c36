import { readScreenOsVersion } from '../version/read-version.ts';
import { compareBase, formatVersion, type ScreenOsVersion } from '../version/screenos-version.ts';

/** One thing wrong with an advisory file: the field (a JSON path) and why. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

type Json = unknown;
type Check = (value: Json, path: string) => void;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TRAIN = /^\d+\.\d+\.\d+$/;
const CVSS_V2 = /^AV:[LAN]\/AC:[HML]\/Au:[MSN]\/C:[NPC]\/I:[NPC]\/A:[NPC]$/;
const CVSS_V3 = /^CVSS:3\.[01]\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]$/;
const INDICATOR_KINDS = ['log_pattern', 'ids_rule', 'published_credential', 'scanner_check'];
const REFERENCE_TYPES = ['ADVISORY', 'ARTICLE', 'REPORT', 'FIX', 'PACKAGE', 'EVIDENCE', 'WEB'];

/**
 * Checks a parsed advisory file against the format in advisories/README.md and returns every problem
 * found, not just the first, each with the JSON path of the field. An empty list means `raw` is an
 * `Advisory` (./types.ts).
 */
export function validateAdvisory(raw: Json): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fail = (field: string, reason: string): void => {
    problems.push({ field, reason });
  };

  const object = (keys: Record<string, Check>): Check => (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(path || '(file)', 'must be an object');
      return;
    }
    const record = value as Record<string, Json>;
    for (const [key, check] of Object.entries(keys)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in record)) fail(at, 'is missing');
      else check(record[key], at);
    }
    for (const key of Object.keys(record)) {
      if (!(key in keys)) fail(path ? `${path}.${key}` : key, 'is not a field of the advisory format');
    }
  };
  const array = (item: Check, minItems = 0): Check => (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'must be a list');
    if (value.length < minItems) return fail(path, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    value.forEach((v, i) => item(v, `${path}[${i}]`));
  };
  const text = (pattern?: RegExp, hint?: string): Check => (value, path) => {
    if (typeof value !== 'string' || value.trim() === '') return fail(path, 'must be a non-empty string');
    if (pattern !== undefined && !pattern.test(value)) fail(path, `“${value}” is not ${hint ?? `of the form ${String(pattern)}`}`);
  };
  const oneOf = (choices: readonly string[]): Check => (value, path) => {
    if (typeof value !== 'string' || !choices.includes(value)) fail(path, `must be one of ${choices.join(', ')}`);
  };
  const nullable = (check: Check): Check => (value, path) => {
    if (value !== null) check(value, path);
  };
  const date: Check = (value, path) => {
    text(ISO_DATE, 'a date as YYYY-MM-DD')(value, path);
    if (typeof value === 'string' && ISO_DATE.test(value) && Number.isNaN(Date.parse(value))) fail(path, `“${value}” is not a real date`);
  };
  const url: Check = (value, path) => {
    if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:\/\//.test(value)) fail(path, 'must be an http(s) URL');
  };
  // Data files use the canonical spelling only (6.3.0r12b): the forgiving reader is for people.
  const screenOsVersion: Check = (value, path) => {
    const version = typeof value === 'string' ? readScreenOsVersion(value) : null;
    if (version === null) return fail(path, `${JSON.stringify(value)} is not a ScreenOS version such as 6.3.0r12b`);
    const canonical = formatVersion(version);
    if (canonical !== value) fail(path, `“${String(value)}” must be written as ${canonical}`);
  };
  const severity: Check = (value, path) => {
    object({ type: oneOf(['CVSS_V2', 'CVSS_V3']), vector: text(), score: () => undefined, source: text() })(value, path);
    if (typeof value !== 'object' || value === null) return;
    const { type, vector, score } = value as Record<string, Json>;
    if (typeof score !== 'number' || !(score >= 0 && score <= 10)) fail(`${path}.score`, 'must be a number from 0 to 10');
    if (type === 'CVSS_V2' && typeof vector === 'string' && !CVSS_V2.test(vector)) fail(`${path}.vector`, `“${vector}” is not a CVSS v2 vector`);
    if (type === 'CVSS_V3' && typeof vector === 'string' && !CVSS_V3.test(vector)) fail(`${path}.vector`, `“${vector}” is not a CVSS v3 vector (CVSS:3.x/…)`);
  };
  const events: Check = (value, path) => {
    array((event, at) => {
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return fail(at, 'must be an object');
      const keys = Object.keys(event);
      const [key] = keys;
      if (keys.length !== 1 || key === undefined || !['introduced', 'fixed', 'last_affected'].includes(key)) {
        return fail(at, 'must have exactly one of introduced, fixed, last_affected');
      }
      const version = (event as Record<string, Json>)[key];
      if (!(key === 'introduced' && version === '0')) screenOsVersion(version, `${at}.${key}`);
    }, 1)(value, path);
    if (!Array.isArray(value)) return;
    checkEventOrder(value, path, fail);
  };
  const distinct = (item: Check): Check => (value, path) => {
    array(item)(value, path);
    if (!Array.isArray(value)) return;
    value.forEach((v, i) => {
      if (value.indexOf(v) !== i) fail(`${path}[${i}]`, `${JSON.stringify(v)} is listed twice`);
    });
  };
  const assessed: Check = (value, path) => {
    if (value === 'all') return;
    if (!Array.isArray(value)) return fail(path, 'must be "all" or a list of ScreenOS trains such as ["6.3.0"]');
    if (value.length === 0) return fail(path, 'must name at least one train, or be "all"');
    distinct(text(TRAIN, 'a ScreenOS train such as 6.3.0'))(value, path);
  };
  const range = object({ type: oneOf(['SCREENOS']), events });
  const affectedFields = object({
    product: text(),
    assessed,
    platforms: distinct(text()),
    ranges: array(range),
    versions: array(screenOsVersion),
    fixed_builds: array((value, path) => {
      screenOsVersion(value, path);
      if (typeof value === 'string' && readScreenOsVersion(value)?.csp == null) fail(path, `“${value}” is not a CSP build such as 6.3.0r13-dnd1`);
    }),
  });
  const affected: Check = (value, path) => {
    affectedFields(value, path);
    if (typeof value === 'object' && value !== null) checkAssessedCoversRanges(value as Record<string, Json>, path, fail);
  };
  const vulnerability = object({
    id: text(/^CVE-\d{4}-\d{4,}$/, 'a CVE id such as CVE-2015-7755'),
    name: text(),
    summary: text(),
    severity: array(severity),
    cwes: array(text(/^CWE-\d+$/, 'a CWE id such as CWE-287')),
    kev: nullable(object({ date_added: date })),
    affected: array(affected, 1),
  });
  object({
    id: text(/^JSA\d+$/, 'a bulletin id such as JSA10713'),
    title: text(),
    published: date,
    modified: date,
    summary: text(),
    details: text(),
    workaround: nullable(text()),
    vulnerabilities: array(vulnerability, 1),
    not_affected: array(object({ product: text(), statement: text(), source: text() })),
    indicators: array(object({ kind: oneOf(INDICATOR_KINDS), description: text(), value: text(), example: nullable(text()), source: text() })),
    actions: array(text(), 1),
    references: array(object({ type: oneOf(REFERENCE_TYPES), url, title: text() }), 1),
    notes: array(text()),
  })(raw, '');
  return problems;
}

/**
 * A bulletin cannot name affected releases on a train it did not assess: with a list of trains, every
 * range event and listed version must be on one of them, and `introduced: "0"` (every release of
 * every train) needs `assessed: "all"`.
 */
function checkAssessedCoversRanges(entry: Record<string, Json>, path: string, fail: (field: string, reason: string) => void): void {
  const trains = entry.assessed;
  if (!Array.isArray(trains) || trains.length === 0) return;
  const covers = (value: Json, at: string, zeroAllowed: boolean): void => {
    if (value === '0') {
      if (!zeroAllowed) return;
      fail(at, 'introduced "0" covers every train, so assessed must be "all"');
      return;
    }
    const version = typeof value === 'string' ? readScreenOsVersion(value) : null;
    if (version !== null && !trains.includes(version.train)) {
      fail(at, `${String(value)} is on the ${version.train} train, which assessed (${trains.join(', ')}) does not name`);
    }
  };
  if (Array.isArray(entry.ranges)) {
    (entry.ranges as readonly Json[]).forEach((range, r) => {
      const events = (range as Record<string, Json> | null)?.events;
      if (!Array.isArray(events)) return;
      (events as readonly Json[]).forEach((event, e) => {
        if (typeof event !== 'object' || event === null) return;
        const [key, value] = Object.entries(event as Record<string, Json>)[0] ?? [];
        if (key !== undefined) covers(value, `${path}.ranges[${r}].events[${e}].${key}`, key === 'introduced');
      });
    });
  }
  if (Array.isArray(entry.versions)) (entry.versions as readonly Json[]).forEach((v, i) => covers(v, `${path}.versions[${i}]`, false));
}

/** Events must start with `introduced` and rise in the ScreenOS order, or the OSV walk misreads them. */
function checkEventOrder(events: readonly Json[], path: string, fail: (field: string, reason: string) => void): void {
  let previous: ScreenOsVersion | 'start' | null = null;
  events.forEach((event, i) => {
    if (typeof event !== 'object' || event === null) return;
    const [key, value] = Object.entries(event)[0] ?? [];
    if (i === 0 && key !== 'introduced') fail(`${path}[0]`, 'a range must start with an introduced event');
    const version = key === 'introduced' && value === '0' ? 'start' : typeof value === 'string' ? readScreenOsVersion(value) : null;
    if (version === null) return;
    if (previous !== null && (version === 'start' || (previous !== 'start' && compareBase(previous, version) >= 0))) {
      fail(`${path}[${i}]`, `${String(value)} must come after the event before it (events rise in the ScreenOS order)`);
    }
    previous = version;
  });
}
