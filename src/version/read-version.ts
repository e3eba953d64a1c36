import { stripEnclosing } from './find-versions.ts';
import { formatVersion, matchScreenOsVersion, type ScreenOsVersion } from './screenos-version.ts';

/**
 * What one version string turned out to be. Only `screenos` can ever be judged "not affected"; the
 * other kinds are answered with an explanation, never with a verdict of safety.
 */
export type VersionReading =
  | { readonly kind: 'screenos'; readonly input: string; readonly version: ScreenOsVersion }
  /** A train without a release (`6.3.0`): which release it is cannot be told. */
  | { readonly kind: 'train'; readonly input: string; readonly train: string }
  /** A Junos OS version (`12.3X48-D10`, `15.1R7-S5`), in Juniper's spelling. */
  | { readonly kind: 'junos'; readonly input: string; readonly junos: string }
  | {
      readonly kind: 'unreadable';
      readonly input: string;
      readonly reason: string;
      /** A close spelling that does read, when one single edit away exists. */
      readonly suggestion: string | null;
    };

const GET_SYSTEM_PREFIX = 'software version:';
const PRODUCT_PREFIXES = ['screenos version', 'screenos', 'screen os', 'netscreen'];
const JUNOS_PREFIXES = ['junos os', 'junos'];

// Junos: `15.1R7-S5`, `21.2R3-S7.3`, `12.3X48-D10`, `15.1X49-D150.2`. The R form without a service
// release looks like the ScreenOS shorthand `6.3r22`; Junos trains start at 9, ScreenOS trains end at 6.
const JUNOS_PATTERN = /^(\d{1,2})\.(\d{1,2})(?:r(\d{1,3})(-s\d{1,3})?|x(\d{1,3})-d(\d{1,4}))(\.\d{1,3})?$/;
const FIRST_JUNOS_MAJOR = 9;
const TRAIN_PATTERN = /^(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?$/;
const ALLOWED_CHARS = /^[0-9a-z.-]*$/;

/**
 * Reads one version as users paste it: trimmed, any case, with an optional product name
 * (`ScreenOS 6.3.0r18`) or as the `get system` line (`Software Version: 6.2.0r18.0, Type: Firewall+VPN`).
 * Never throws; anything it cannot read comes back as `unreadable` with the reason.
 */
export function readVersion(input: string): VersionReading {
  let text = input.trim().toLowerCase();
  let junosNamed = false;

  if (text.startsWith(GET_SYSTEM_PREFIX)) {
    text = text.slice(GET_SYSTEM_PREFIX.length).trim();
    const comma = text.indexOf(',');
    if (comma >= 0) text = text.slice(0, comma).trim();
  } else {
    const product = PRODUCT_PREFIXES.find((p) => text.startsWith(p + ' '));
    if (product !== undefined) text = text.slice(product.length).trim();
    const junos = JUNOS_PREFIXES.find((p) => text.startsWith(p + ' '));
    if (junos !== undefined) {
      text = text.slice(junos.length).trim();
      junosNamed = true;
    }
  }
  text = stripEnclosing(text);

  const junos = matchJunos(text, junosNamed);
  if (junos !== null) return { kind: 'junos', input, junos };

  const version = matchScreenOsVersion(text);
  if (version !== null) return { kind: 'screenos', input, version };

  const train = TRAIN_PATTERN.exec(text);
  if (train !== null) {
    const [, major, minor, patch] = train;
    return { kind: 'train', input, train: `${Number(major)}.${Number(minor)}.${Number(patch ?? '0')}` };
  }
  return { kind: 'unreadable', input, reason: explainUnreadable(input, text), suggestion: suggestSpelling(text) };
}

/** The ScreenOS version in `text`, or null for anything else (Junos, a bare train, junk). */
export function readScreenOsVersion(text: string): ScreenOsVersion | null {
  const reading = readVersion(text);
  return reading.kind === 'screenos' ? reading.version : null;
}

function matchJunos(text: string, junosNamed: boolean): string | null {
  const m = JUNOS_PATTERN.exec(text);
  if (m === null) return null;
  const [, major, , release, service, xTrain] = m;
  const looksJunos = junosNamed || xTrain !== undefined || service !== undefined || Number(major) >= FIRST_JUNOS_MAJOR;
  if (!looksJunos || (release === undefined && xTrain === undefined)) return null;
  return text.toUpperCase();
}

function explainUnreadable(input: string, text: string): string {
  if (input.trim() === '') return 'no version was given';
  const stray = [...text].find((c) => !ALLOWED_CHARS.test(c));
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
  return null;
}
