import { stripEnclosing } from './find-versions.ts';
import { formatJunos, junosTrain, matchJunosVersion, type JunosVersion } from './junos-version.ts';
import { formatVersion, matchScreenOsVersion, type ScreenOsVersion } from './screenos-version.ts';
import type { ProductId } from './version-scheme.ts';

/**
 * What one version string turned out to be. Only a release of a known product (`screenos`, `junos`) can
 * ever be judged "not affected"; the other kinds are answered with an explanation, never with safety.
 */
export type VersionReading =
  | { readonly kind: 'screenos'; readonly input: string; readonly version: ScreenOsVersion }
  /** A train without a release (`6.3.0`): which release it is cannot be told. */
  | { readonly kind: 'train'; readonly input: string; readonly train: string }
  /** A Junos OS or Junos OS Evolved release (`12.3X48-D10`, `21.4R3-S5.4`, `22.4R1.11-EVO`). */
  | { readonly kind: 'junos'; readonly input: string; readonly version: JunosVersion; readonly product: 'junos' | 'junos-evo' }
  | {
      readonly kind: 'unreadable';
      readonly input: string;
      readonly reason: string;
      /** A close spelling that does read, when one single edit away exists. */
      readonly suggestion: string | null;
      /** The product the text was meant to be (named in it, or forced), when that is known; ScreenOS otherwise. */
      readonly product?: ProductId;
    };

const GET_SYSTEM_PREFIX = 'software version:';
const PRODUCT_PREFIXES = ['screenos version', 'screenos', 'screen os', 'netscreen'];
// `Junos: 21.4R3-S5.4` (show version), `JUNOS Software Release [12.1X47-D10.4]` (old SRX), `Junos OS 21.4R3`.
const JUNOS_PREFIX = /^junos(?: os)?(?: evolved)?(?: software release)?(?:\s*:\s*|\s+)/;
// A plain R release looks like the ScreenOS shorthand `6.3r22`; Junos trains start at 9, ScreenOS trains end at 6.
const FIRST_JUNOS_MAJOR = 9;
// Alpha, beta and internal builds (`21.4B1`, `15.1I20230101`): no advisory names them.
const JUNOS_PRERELEASE = /^\d{1,2}\.\d{1,2}[abi]\d/;
const TRAIN_PATTERN = /^(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?$/;
// A code point that no version has, searched for: spreading a long paste into an array of its characters
// would allocate an array as long as the paste to name one of them.
const STRAY_CHAR = /[^0-9a-z.-]/u;

/** Options of {@link readVersion}. */
export interface ReadOptions {
  /** Read the text as this product's version only (`product=junos`); otherwise the product is told from the text. */
  readonly product?: ProductId | null;
}

/**
 * Reads one version as users paste it: trimmed, any case, with an optional product name
 * (`ScreenOS 6.3.0r18`, `Junos: 21.4R3-S5.4`) or as the `get system` line (`Software Version: 6.2.0r18.0,
 * Type: Firewall+VPN`). The product is told from the string (a Junos train starts at 9, or has `-S`, an X
 * or F line, or `-EVO`) unless `options.product` forces one. Never throws; anything it cannot read comes
 * back as `unreadable` with the reason.
 */
export function readVersion(input: string, options: ReadOptions = {}): VersionReading {
  const forced = options.product ?? null;
  let text = input.trim().toLowerCase();
  let junosNamed = forced === 'junos' || forced === 'junos-evo';

  if (text.startsWith(GET_SYSTEM_PREFIX)) {
    text = text.slice(GET_SYSTEM_PREFIX.length).trim();
    const comma = text.indexOf(',');
    if (comma >= 0) text = text.slice(0, comma).trim();
  } else {
    const product = PRODUCT_PREFIXES.find((p) => text.startsWith(p + ' '));
    if (product !== undefined) text = text.slice(product.length).trim();
    const junos = JUNOS_PREFIX.exec(text);
    if (junos !== null) {
      text = text.slice(junos[0].length).trim();
      junosNamed = true;
    }
  }
  text = stripEnclosing(text);

  const junos = matchJunos(text, junosNamed);
  if (forced === 'screenos' && junos !== null) {
    // `21.4R3-S4` also fits the ScreenOS grammar as a CSP build of a 21.4.0 train that never existed.
    return { kind: 'unreadable', input, reason: `it is the Junos OS release ${formatJunos(junos)}, not a ScreenOS one`, suggestion: null, product: 'screenos' };
  }
  if (junos !== null) return { kind: 'junos', input, version: junos, product: junos.evo ? 'junos-evo' : 'junos' };
  if (junosNamed) return { kind: 'unreadable', input, reason: explainUnreadableJunos(input, text), suggestion: suggestJunosSpelling(text), product: 'junos' };

  const version = matchScreenOsVersion(text);
  if (version !== null) return { kind: 'screenos', input, version };

  const train = TRAIN_PATTERN.exec(text);
  if (train !== null) {
    const [, major, minor, patch] = train;
    return { kind: 'train', input, train: `${Number(major)}.${Number(minor)}.${Number(patch ?? '0')}` };
  }
  const reason = explainUnreadable(input, text);
  // A string that reads as a broken Junos release is answered as one (`21.4R3S5`, `21.4B1`).
  const junosLike = reason.includes('Junos');
  return { kind: 'unreadable', input, reason, suggestion: suggestSpelling(text), ...(junosLike ? { product: 'junos' as const } : {}) };
}

/** The train of a reading (`6.3.0`, `21.4`, `12.3X48`), or null when it is not a release or a train. */
export function readingTrain(reading: VersionReading): string | null {
  switch (reading.kind) {
    case 'screenos':
      return reading.version.train;
    case 'junos':
      return junosTrain(reading.version);
    case 'train':
      return reading.train;
    case 'unreadable':
      return null;
    default: {
      const never: never = reading;
      return never;
    }
  }
}

/** The ScreenOS version in `text`, or null for anything else (Junos, a bare train, junk). */
export function readScreenOsVersion(text: string): ScreenOsVersion | null {
  const reading = readVersion(text);
  return reading.kind === 'screenos' ? reading.version : null;
}

function matchJunos(text: string, junosNamed: boolean): JunosVersion | null {
  const v = matchJunosVersion(text);
  if (v === null) return null;
  const looksJunos = junosNamed || v.line !== 'R' || v.service > 0 || v.evo || v.major >= FIRST_JUNOS_MAJOR;
  return looksJunos ? v : null;
}

function explainUnreadableJunos(input: string, text: string): string {
  if (input.trim() === '') return 'no version was given';
  if (JUNOS_PRERELEASE.test(text)) return 'it is an alpha, beta or internal Junos build (A, B or I), which no advisory names: ask Juniper';
  return 'it does not follow the Junos OS pattern <train>R<n>[-S<n>][.build], as in 21.4R3-S5, 12.3X48-D101 or 22.4R1.11-EVO';
}

function explainUnreadable(input: string, text: string): string {
  if (input.trim() === '') return 'no version was given';
  if (JUNOS_PRERELEASE.test(text)) return explainUnreadableJunos(input, text);
  if (/^\d{1,2}\.\d{1,2}(?:r\d+-s|x\d+-d|f\d)/.test(text) || text.endsWith('-evo')) return explainUnreadableJunos(input, text);
  const stray = STRAY_CHAR.exec(text)?.[0];
  if (stray !== undefined) return `it contains “${stray}”, which no ScreenOS version has`;
  if (!/\d/.test(text)) return 'it has no version number in it';
  if (/^\d+\.\d+(\.\d+)?r$/.test(text)) return 'the release number after “r” is missing';
  if (!text.includes('r')) return 'a ScreenOS version has an “r” and a release number after the train, as in 6.3.0r19';
  return 'it does not follow the ScreenOS pattern <train>r<release>[respin], as in 6.3.0r19 or 6.3.0r12b';
}

// Look-alike characters people type by accident.
const LOOKALIKES: Readonly<Record<string, string>> = { o: '0', l: '1', i: '1', ',': '.', ' ': '' };

/**
 * One edit away from a readable ScreenOS version: a deleted character, a look-alike replaced or two
 * neighbours swapped. Returns the canonical spelling of the first candidate that reads, or null.
 */
export function suggestSpelling(text: string): string | null {
  if (text.length === 0 || text.length > 40) return null;
  const candidates: string[] = [];
  for (let i = 0; i < text.length; i++) candidates.push(text.slice(0, i) + text.slice(i + 1));
  for (let i = 0; i < text.length; i++) {
    const replacement = LOOKALIKES[text.charAt(i)];
    if (replacement !== undefined) candidates.push(text.slice(0, i) + replacement + text.slice(i + 1));
  }
  for (let i = 0; i + 1 < text.length; i++) {
    candidates.push(text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2));
  }
  for (const candidate of candidates) {
    const version = matchScreenOsVersion(candidate);
    if (version !== null) return formatVersion(version);
  }
  return suggestJunosSpelling(text);
}

/** One edit away from a readable Junos release (`21.4r3s5` → `21.4R3-S5`), or null. */
function suggestJunosSpelling(text: string): string | null {
  if (text.length === 0 || text.length > 40) return null;
  const candidates = [text.replace(/(r\d+)s(\d)/, '$1-s$2').replace(/(x\d+)d(\d)/, '$1-d$2')];
  for (let i = 0; i < text.length; i++) candidates.push(text.slice(0, i) + text.slice(i + 1));
  for (let i = 0; i < text.length; i++) {
    const replacement = LOOKALIKES[text.charAt(i)];
    if (replacement !== undefined) candidates.push(text.slice(0, i) + replacement + text.slice(i + 1));
  }
  for (const candidate of candidates) {
    const version = matchJunosVersion(candidate);
    if (version !== null && candidate !== text) return formatJunos(version);
  }
  return null;
}
