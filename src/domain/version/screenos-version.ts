import semver from 'semver';

/**
 * A ScreenOS release as the vendor writes it: `6.3.0r12b.0` is train 6.3.0, release 12, respin b,
 * build counter 0. Customer special builds add a suffix (`6.3.0r13-dnd1`) and old FIPS builds a `.t`
 * (`5.0.0r9a.t`).
 */
export interface ScreenOsVersion {
  /** The train, always three numbers: `6.3r22` is written out as 6.3.0. */
  readonly train: string;
  readonly release: number;
  /** The respin letter, `''` when there is none. */
  readonly respin: string;
  /** The build counter (`.0`), null when absent. It never changes a verdict. */
  readonly build: number | null;
  /** The customer special build suffix (`dnd1`), null when absent. */
  readonly csp: string | null;
  /** True for old FIPS builds (`.t`). */
  readonly fips: boolean;
}

// Anchored grammar (at most six digits a number, which keeps every number exact): train (two or three numbers), `r`, release, optional respin letter, optional build
// counter, optional `.t`, optional CSP suffix. Input is lowercased before matching.
const VERSION_PATTERN = /^(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?r(\d{1,6})([a-z]?)(?:\.(\d{1,6}))?(\.t)?(?:-([a-z]{1,8}\d{0,6}))?$/;

/**
 * Reads a bare version string (already trimmed and lowercased) in the ScreenOS grammar, or returns null.
 * The caller handles prefixes such as `ScreenOS` or `Software Version:`.
 */
export function matchScreenOsVersion(text: string): ScreenOsVersion | null {
  const m = VERSION_PATTERN.exec(text);
  if (m === null) return null;
  const [, major, minor, patch, release, respin, build, fips, csp] = m;
  // semver validates and normalises the train (it drops leading zeros, rejects nothing numeric).
  const train = semver.valid(`${Number(major)}.${Number(minor)}.${Number(patch ?? '0')}`);
  if (train === null) return null;
  return {
    train,
    release: Number(release),
    respin: respin ?? '',
    build: build === undefined ? null : Number(build),
    csp: csp ?? null,
    fips: fips !== undefined,
  };
}

/** The canonical spelling: lowercase, train written out, every part the input had. */
export function formatVersion(v: ScreenOsVersion): string {
  let text = `${v.train}r${v.release}${v.respin}`;
  if (v.build !== null) text += `.${v.build}`;
  if (v.fips) text += '.t';
  if (v.csp !== null) text += `-${v.csp}`;
  return text;
}

/** The release a verdict is about: without build counter, FIPS marker or CSP suffix. */
export function baseVersion(v: ScreenOsVersion): ScreenOsVersion {
  if (v.build === null && v.csp === null && !v.fips) return v;
  return { train: v.train, release: v.release, respin: v.respin, build: null, csp: null, fips: false };
}

/** `6.3.0r12b` for the base release of any build of it. */
export function formatBase(v: ScreenOsVersion): string {
  return `${v.train}r${v.release}${v.respin}`;
}

/**
 * The ScreenOS order, as the scanners (Tenable, Greenbone) apply it: train numerically, then release
 * numerically (r9 < r15, never as strings), then respin letter (none < a < b …), so a respin sorts
 * after its release and before the next one: 6.3.0r12 < 6.3.0r12b < 6.3.0r13. Build counters, FIPS
 * markers and CSP suffixes never decide it: verdicts are about base releases.
 */
/** The order of base releases alone: train, release, respin. */
export function compareBase(a: ScreenOsVersion, b: ScreenOsVersion): number {
  if (a.train !== b.train) return semver.compare(a.train, b.train);
  if (a.release !== b.release) return a.release < b.release ? -1 : 1;
  if (a.respin !== b.respin) return a.respin < b.respin ? -1 : 1;
  return 0;
}
