/**
 * CISA's Known Exploited Vulnerabilities catalog in its published JSON format (the shape of
 * `known_exploited_vulnerabilities.json` and its schema): read and checked entry by entry. A malformed
 * entry is left out and reported; a document that is not a catalog at all is refused as a whole.
 */

/** One catalog entry, with CISA's field names; the optional fields are null (or empty) when absent. */
export interface KevEntry {
  /** `CVE-YYYY-NNNN…`, upper case. */
  readonly cveID: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  /** When CISA listed it, `YYYY-MM-DD`. */
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  /** The remediation deadline for US federal agencies, `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly knownRansomwareCampaignUse: string | null;
  readonly notes: string | null;
  readonly cwes: readonly string[];
}

export interface KevCatalog {
  readonly title: string;
  /** e.g. `2025.10.02`. */
  readonly catalogVersion: string;
  /** ISO 8601 instant of the release. */
  readonly dateReleased: string;
  /** The count the document states; the entries actually kept are `vulnerabilities`. */
  readonly count: number;
  readonly vulnerabilities: readonly KevEntry[];
}

/** Something wrong with one part of a catalog: `vulnerabilities[12] (CVE-2099-0001)`, and why. */
export interface KevProblem {
  readonly where: string;
  readonly reason: string;
}

/** A catalog that was read, with the entries left out (and any other remark), or why none could be read. */
export type KevReading =
  | { readonly ok: true; readonly catalog: KevCatalog; readonly problems: readonly KevProblem[]; readonly skipped: number }
  | { readonly ok: false; readonly error: string };

/**
 * The most bytes read of a catalog, from a file or the feed. CISA's whole catalog is about 1.5 MB
 * (some 1,500 entries); the limit leaves room for growth and stops a server that sends without end.
 */
export const KEV_MAX_BYTES = 32 * 1024 * 1024;
/** The most entries one catalog may list. */
export const KEV_MAX_ENTRIES = 100_000;
/** The longest text field kept; CISA's longest (notes with several links) are a few hundred characters. */
const MAX_TEXT = 10_000;

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TOP_FIELDS = ['title', 'catalogVersion', 'dateReleased', 'count', 'vulnerabilities'] as const;
const REQUIRED_TEXT = ['vendorProject', 'product', 'vulnerabilityName', 'shortDescription', 'requiredAction'] as const;

/** Parses a catalog's JSON text. Never throws. */
export function parseKevCatalog(text: string): KevReading {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `is not valid JSON${whereInText(text, (error as Error).message)}: ${(error as Error).message}` };
  }
  return readKevCatalog(raw);
}

/** " at line 3, column 2" from V8's "… at position 12", so that a hand-edited file points at its line. */
function whereInText(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /\(line \d+/.test(message)) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Checks a parsed document. The top level must be a catalog (every field of the right type), else the
 * whole document is refused; each entry is then checked on its own, and a bad one or a second entry for
 * one CVE is left out with its reason. A catalog with no usable entry is refused: CISA never publishes
 * an empty one, so an empty list means a broken download, and the data in use should stay.
 */
export function readKevCatalog(raw: unknown): KevReading {
  if (!isRecord(raw)) return { ok: false, error: `is not a KEV catalog: expected an object with ${TOP_FIELDS.join(', ')}` };
  const wrong: string[] = [];
  for (const field of ['title', 'catalogVersion', 'dateReleased'] as const) {
    if (typeof raw[field] !== 'string' || raw[field] === '') wrong.push(`${field}: ${describeMissing(raw[field], 'a text')}`);
  }
  if (typeof raw.dateReleased === 'string' && raw.dateReleased !== '' && Number.isNaN(Date.parse(raw.dateReleased))) wrong.push(`dateReleased: ${quote(raw.dateReleased)} is not a date`);
  if (!Number.isInteger(raw.count) || (raw.count as number) < 0) wrong.push(`count: ${describeMissing(raw.count, 'a whole number')}`);
  if (!Array.isArray(raw.vulnerabilities)) wrong.push(`vulnerabilities: ${describeMissing(raw.vulnerabilities, 'a list')}`);
  if (wrong.length > 0) return { ok: false, error: `is not a KEV catalog: ${wrong.join('; ')}` };
  const list = raw.vulnerabilities as unknown[];
  if (list.length > KEV_MAX_ENTRIES) return { ok: false, error: `lists ${list.length} entries, more than the ${KEV_MAX_ENTRIES} the bot reads` };

  const problems: KevProblem[] = [];
  const entries: KevEntry[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const id = isRecord(item) && typeof item.cveID === 'string' ? ` (${item.cveID.slice(0, 30)})` : '';
    const where = `vulnerabilities[${index}]${id}`;
    const checked = readEntry(item);
    if (typeof checked === 'string') {
      problems.push({ where, reason: checked });
      return;
    }
    if (seen.has(checked.cveID)) {
      problems.push({ where, reason: `${checked.cveID} is listed twice; the first entry is kept` });
      return;
    }
    seen.add(checked.cveID);
    entries.push(checked);
  });
  const skipped = list.length - entries.length;
  if (entries.length === 0) {
    const first = problems[0];
    return { ok: false, error: list.length === 0 ? 'lists no vulnerabilities' : `${list.length === 1 ? 'its only entry is not' : `none of its ${list.length} entries is`} usable (${first === undefined ? '' : formatKevProblem(first)})` };
  }
  if (raw.count !== list.length) problems.push({ where: 'count', reason: `says ${String(raw.count)}, but the catalog lists ${entriesText(list.length)}` });
  const catalog: KevCatalog = {
    title: raw.title as string,
    catalogVersion: raw.catalogVersion as string,
    dateReleased: raw.dateReleased as string,
    count: raw.count as number,
    vulnerabilities: entries,
  };
  return { ok: true, catalog, problems, skipped };
}

/** "vulnerabilities[3] (CVE-2099-0001): dueDate: “soon” is not a date (YYYY-MM-DD)" */
export function formatKevProblem(problem: KevProblem): string {
  return `${problem.where}: ${problem.reason}`;
}

/** One entry, or the first reason it cannot be used. */
function readEntry(item: unknown): KevEntry | string {
  if (!isRecord(item)) return 'is not an object';
  const cveID = item.cveID;
  if (typeof cveID !== 'string' || !CVE_ID.test(cveID)) return `cveID: ${typeof cveID === 'string' ? `${quote(cveID)} is not a CVE id` : describeMissing(cveID, 'a CVE id')}`;
  for (const field of REQUIRED_TEXT) {
    const problem = textProblem(item[field]);
    if (problem !== null) return `${field}: ${problem}`;
  }
  for (const field of ['dateAdded', 'dueDate'] as const) {
    const value = item[field];
    if (typeof value !== 'string') return `${field}: ${describeMissing(value, 'a date (YYYY-MM-DD)')}`;
    if (!isCalendarDate(value)) return `${field}: ${quote(value)} is not a date (YYYY-MM-DD)`;
  }
  for (const field of ['knownRansomwareCampaignUse', 'notes'] as const) {
    const value = item[field];
    if (value === undefined) continue;
    const problem = textProblem(value, true);
    if (problem !== null) return `${field}: ${problem}`;
  }
  const cwes = item.cwes;
  if (cwes !== undefined) {
    if (!Array.isArray(cwes)) return 'cwes: is not a list';
    // Checked for type and size only: a CWE spelling CISA may adopt later is no reason to drop a listing.
    if (cwes.some((c) => typeof c !== 'string' || c.length > 100)) return 'cwes: holds something other than short texts';
  }
  return {
    cveID: cveID.toUpperCase(),
    vendorProject: item.vendorProject as string,
    product: item.product as string,
    vulnerabilityName: item.vulnerabilityName as string,
    dateAdded: item.dateAdded as string,
    shortDescription: item.shortDescription as string,
    requiredAction: item.requiredAction as string,
    dueDate: item.dueDate as string,
    knownRansomwareCampaignUse: (item.knownRansomwareCampaignUse as string | undefined) ?? null,
    notes: (item.notes as string | undefined) ?? null,
    cwes: (cwes as string[] | undefined) ?? [],
  };
}

function entriesText(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

function textProblem(value: unknown, emptyAllowed = false): string | null {
  if (typeof value !== 'string') return describeMissing(value, 'a text');
  if (!emptyAllowed && value.trim() === '') return 'is empty';
  if (value.length > MAX_TEXT) return `is longer than ${MAX_TEXT} characters`;
  return null;
}

/** A real day of the calendar, not merely the pattern: 2025-02-30 is refused. */
function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function describeMissing(value: unknown, expected: string): string {
  if (value === undefined) return 'missing';
  if (value === null) return `is null, not ${expected}`;
  return `is ${Array.isArray(value) ? 'a list' : typeof value}, not ${expected}`;
}

/** A value from the document, cut short: a problem line never carries a whole field of someone else's data. */
function quote(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 39)}…` : value}”`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
