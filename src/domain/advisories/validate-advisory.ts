import { logIndicatorProblem } from './log-indicators.ts';
import { readScreenOsVersion } from '../version/read-version.ts';
import { SCHEMES, SCREENOS, schemeForProduct, withScheme, type AnyScheme } from '../version/schemes.ts';
import type { ProductId, VersionScheme } from '../version/version-scheme.ts';

/** One thing wrong with an advisory file: the field (a JSON path) and why. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

type Json = unknown;
type Check = (value: Json, path: string) => void;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CVSS_V2 = /^AV:[LAN]\/AC:[HML]\/Au:[MSN]\/C:[NPC]\/I:[NPC]\/A:[NPC]$/;
const CVSS_V3 = /^CVSS:3\.[01]\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]$/;
const INDICATOR_KINDS = ['log_pattern', 'ids_rule', 'published_credential', 'scanner_check', 'file_hash', 'ip_address', 'file_name', 'command'];
/** What each scheme's versions and `assessed` entries look like, for the problems reported. */
const EXAMPLE: Readonly<Record<ProductId, string>> = { screenos: '6.3.0r12b', junos: '21.4R3-S5 or 12.3X48-D101', 'junos-evo': '22.3R2-S2-EVO' };
const SCOPE_EXAMPLE: Readonly<Record<ProductId, readonly string[]>> = {
  screenos: ['6.3.0'],
  junos: ['21.4', '12.3X48', '20.4 and earlier', '23.4 and later'],
  'junos-evo': ['21.4', '20.4 and earlier', '23.2 and later'],
};
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

  /** An object with exactly these fields, plus the `optional` ones when present (checked by the caller). */
  const object = (keys: Record<string, Check>, optional: readonly string[] = []): Check => (value, path) => {
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
      if (!(key in keys) && !optional.includes(key)) fail(path ? `${path}.${key}` : key, 'is not a field of the advisory format');
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
  // Data files use the canonical spelling only (6.3.0r12b, 21.4R3-S5): the forgiving reader is for people.
  // A train key (`22.3`, `12.3X48`) may open a range of a scheme whose ranges are per train.
  const versionOf = (scheme: AnyScheme, bound: boolean): Check => (value, path) => {
    const text = typeof value === 'string' ? value : '';
    const trainAllowed = bound && scheme.rangesPerTrain;
    const canonical = withScheme(scheme, (s) => {
      const version = trainAllowed ? s.readBound(text) : s.read(text);
      return version === null ? null : s.format(version);
    });
    if (canonical === null) return fail(path, `${JSON.stringify(value)} is not a ${scheme.name} ${trainAllowed ? 'version or train' : 'version'} such as ${EXAMPLE[scheme.product]}`);
    if (canonical !== text) fail(path, `“${text}” must be written as ${canonical}`);
  };
  const screenOsVersion = versionOf(SCREENOS, false);
  const severity: Check = (value, path) => {
    object({ type: oneOf(['CVSS_V2', 'CVSS_V3']), vector: text(), score: () => undefined, source: text() })(value, path);
    if (typeof value !== 'object' || value === null) return;
    const { type, vector, score } = value as Record<string, Json>;
    if (typeof score !== 'number' || !(score >= 0 && score <= 10)) fail(`${path}.score`, 'must be a number from 0 to 10');
    if (type === 'CVSS_V2' && typeof vector === 'string' && !CVSS_V2.test(vector)) fail(`${path}.vector`, `“${vector}” is not a CVSS v2 vector`);
    if (type === 'CVSS_V3' && typeof vector === 'string' && !CVSS_V3.test(vector)) fail(`${path}.vector`, `“${vector}” is not a CVSS v3 vector (CVSS:3.x/…)`);
  };
  const events = (scheme: AnyScheme): Check => (value, path) => {
    array((event, at) => {
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return fail(at, 'must be an object');
      const keys = Object.keys(event);
      const [key] = keys;
      if (keys.length !== 1 || key === undefined || !['introduced', 'fixed', 'last_affected'].includes(key)) {
        return fail(at, 'must have exactly one of introduced, fixed, last_affected');
      }
      const version = (event as Record<string, Json>)[key];
      if (key === 'introduced' && version === '0') return;
      versionOf(scheme, key === 'introduced')(version, `${at}.${key}`);
      if (key !== 'introduced' && typeof version === 'string' && scheme.read(version) === null && scheme.readBound(version) !== null) {
        fail(`${at}.${key}`, `a train (${version}) can only open a range; ${key} names a release`);
      }
    }, 1)(value, path);
    if (!Array.isArray(value)) return;
    withScheme(scheme, (s) => checkEventOrder(value, path, s, fail));
  };
  const distinct = (item: Check): Check => (value, path) => {
    array(item)(value, path);
    if (!Array.isArray(value)) return;
    value.forEach((v, i) => {
      if (value.indexOf(v) !== i) fail(`${path}[${i}]`, `${JSON.stringify(v)} is listed twice`);
    });
  };
  const assessed = (scheme: AnyScheme): Check => (value, path) => {
    if (value === 'all') return;
    if (!Array.isArray(value)) return fail(path, `must be "all" or a list of ${scheme.name} trains such as ${JSON.stringify(SCOPE_EXAMPLE[scheme.product])}`);
    if (value.length === 0) return fail(path, 'must name at least one train, or be "all"');
    distinct((label, at) => {
      if (typeof label !== 'string' || !scheme.readScope(label)) fail(at, `${JSON.stringify(label).replace(/^"|"$/g, '“').replace(/“$/, '”')} is not a ${scheme.name} train such as ${SCOPE_EXAMPLE[scheme.product].join(' or ')}`);
    })(value, path);
  };
  const affectedFields = (scheme: AnyScheme): Check =>
    object({
      product: text(),
      assessed: assessed(scheme),
      platforms: distinct(text()),
      ranges: array(object({ type: oneOf([scheme.rangeType]), events: events(scheme) })),
      versions: array(versionOf(scheme, false)),
      fixed_builds: array((value, path) => {
        screenOsVersion(value, path);
        if (scheme !== SCREENOS) fail(path, 'CSP builds are ScreenOS builds; leave fixed_builds empty');
        else if (typeof value === 'string' && readScreenOsVersion(value)?.csp == null) fail(path, `“${value}” is not a CSP build such as 6.3.0r13-dnd1`);
      }),
    }, ['statement', 'platforms_except']);
  const affected: Check = (value, path) => {
    const product = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>).product : undefined;
    const scheme = typeof product === 'string' ? schemeForProduct(product) : undefined;
    if (scheme === undefined) {
      return fail(`${path}.product`, `must be one of ${SCHEMES.map((s) => s.name).join(', ')} (a product no scheme reads belongs in not_affected)`);
    }
    affectedFields(scheme)(value, path);
    const { statement, platforms: named, platforms_except: excepted } = value as Record<string, Json>;
    if (statement !== undefined) text()(statement, `${path}.statement`);
    if (excepted !== undefined) {
      distinct(text())(excepted, `${path}.platforms_except`);
      if (!Array.isArray(named) || named.length === 0) fail(`${path}.platforms_except`, 'excepts models from platforms, so platforms must name some');
    }
    withScheme(scheme, (s) => checkAssessedCoversRanges(value as Record<string, Json>, path, s, fail));
  };
  // A value the log hunt searches for must be one it can search soundly (see ./log-indicators.ts).
  const indicator: Check = (value, path) => {
    object({ kind: oneOf(INDICATOR_KINDS), description: text(), value: text(), example: nullable(text()), source: text() })(value, path);
    const { kind, value: searched } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, Json>;
    const problem = typeof kind === 'string' && typeof searched === 'string' ? logIndicatorProblem(kind, searched) : null;
    if (problem !== null) fail(`${path}.value`, problem);
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
    indicators: array(indicator),
    actions: array(text(), 1),
    references: array(object({ type: oneOf(REFERENCE_TYPES), url, title: text() }), 1),
    notes: array(text()),
  })(raw, '');
  return problems;
}

/**
 * A bulletin cannot name affected releases on a train it did not assess: with a list of trains, every
 * range event and listed version must be covered by it. `introduced: "0"` (every release below the fix)
 * needs `assessed: "all"` for ScreenOS, and for Junos a "… and earlier" entry covering its fix.
 */
function checkAssessedCoversRanges<V>(entry: Record<string, Json>, path: string, scheme: VersionScheme<V>, fail: (field: string, reason: string) => void): void {
  const labels = entry.assessed;
  if (!Array.isArray(labels) || labels.length === 0) return;
  const scope = labels.filter((l): l is string => typeof l === 'string');
  const covered = (version: V): boolean => scope.some((label) => scheme.inScope(label, version));
  const covers = (value: Json, at: string): void => {
    const version = typeof value === 'string' ? scheme.readBound(value) : null;
    if (version !== null && !covered(version)) {
      fail(at, `${String(value)} is on the ${scheme.train(version)} train, which assessed (${scope.join(', ')}) does not name`);
    }
  };
  if (Array.isArray(entry.ranges)) {
    (entry.ranges as readonly Json[]).forEach((range, r) => {
      const events = (range as Record<string, Json> | null)?.events;
      if (!Array.isArray(events)) return;
      const zeroAllowed = scheme.rangesPerTrain && scope.some((label) => / and earlier$/.test(label));
      (events as readonly Json[]).forEach((event, e) => {
        if (typeof event !== 'object' || event === null) return;
        const [key, value] = Object.entries(event as Record<string, Json>)[0] ?? [];
        const at = `${path}.ranges[${r}].events[${e}].${key}`;
        if (key === 'introduced' && value === '0') {
          if (!zeroAllowed) fail(at, scheme.rangesPerTrain ? 'introduced "0" covers every earlier train, so assessed must name "<train> and earlier"' : 'introduced "0" covers every train, so assessed must be "all"');
        } else if (key !== undefined) {
          covers(value, at);
        }
      });
    });
  }
  if (Array.isArray(entry.versions)) (entry.versions as readonly Json[]).forEach((v, i) => covers(v, `${path}.versions[${i}]`));
}

/**
 * Events must start with `introduced` and rise in the scheme's order, or the OSV walk misreads them; a
 * range of a per-train scheme stays on one train (its opening "0" aside).
 */
function checkEventOrder<V>(events: readonly Json[], path: string, scheme: VersionScheme<V>, fail: (field: string, reason: string) => void): void {
  let previous: V | 'start' | null = null;
  let train: string | null = null;
  events.forEach((event, i) => {
    if (typeof event !== 'object' || event === null) return;
    const [key, value] = Object.entries(event)[0] ?? [];
    if (i === 0 && key !== 'introduced') fail(`${path}[0]`, 'a range must start with an introduced event');
    const version = key === 'introduced' && value === '0' ? 'start' : typeof value === 'string' ? scheme.readBound(value) : null;
    if (version === null) return;
    if (previous !== null && (version === 'start' || (previous !== 'start' && scheme.compare(previous, version) >= 0))) {
      fail(`${path}[${i}]`, `${String(value)} must come after the event before it (events rise in the ${scheme.name} order)`);
    }
    if (version !== 'start' && scheme.rangesPerTrain) {
      const own = scheme.train(version);
      if (train !== null && own !== train && previous !== 'start') fail(`${path}[${i}]`, `${String(value)} is on the ${own} train; a ${scheme.name} range stays on one train (${train})`);
      train ??= own;
    }
    previous = version;
  });
}
