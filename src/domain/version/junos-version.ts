/**
 * A Junos OS (or Junos OS Evolved) release as Juniper writes it (KB1868): `21.4R3-S5.4` is train 21.4,
 * release R3, service release S5, build 4. Special lines are trains of their own: `12.3X48-D101` (X48 line,
 * D101), `15.1F6-S7` (feature line). Old service releases used S as the type letter (`10.4S12`).
 * Evolved releases end in `-EVO` (`22.4R1.11-EVO`), after the build.
 */
export interface JunosVersion {
  readonly major: number;
  readonly minor: number;
  /** R (shipped release), S (an old-style service release, `10.4S12`), F (feature line) or X (special line). */
  readonly line: JunosLine;
  /** The X line's number (`X48`), null on other lines. */
  readonly xLine: number | null;
  /** The number after R, S or F, or the D number of an X line. 0 stands for "the train's first release". */
  readonly release: number;
  /** The `-S` number, 0 when there is none. */
  readonly service: number;
  /** The build or spin counter (`.4`), null when absent. Advisories name releases, not builds. */
  readonly build: number | null;
  readonly evo: boolean;
}

export type JunosLine = 'R' | 'S' | 'F' | 'X';

// Anchored, lower case: train, then one line form, then an optional build and `-evo`. Numbers are capped
// so that every one stays exact and a pathological paste is refused at once.
const VERSION_PATTERN =
  /^(\d{1,2})\.(\d{1,2})(?:r(\d{1,3})(?:-s(\d{1,3}))?|f(\d{1,3})(?:-s(\d{1,3}))?|x(\d{1,3})-d(\d{1,4})|s(\d{1,3}))(?:\.(\d{1,5}))?(-evo)?$/;
// A train key as the advisory files use it for "the train's first release": `22.3`, `12.3x48`, `15.1f`.
const TRAIN_KEY_PATTERN = /^(\d{1,2})\.(\d{1,2})(?:x(\d{1,3})|(f))?(-evo)?$/;

/** Reads a bare Junos version in any case (`21.4r3-s5.4`, `12.3X48-D101`, `22.4R1.11-EVO`), or null. */
export function matchJunosVersion(text: string): JunosVersion | null {
  const m = VERSION_PATTERN.exec(text.toLowerCase());
  if (m === null) return null;
  const [, major, minor, r, rService, f, fService, x, d, s, build, evo] = m;
  const common = { major: Number(major), minor: Number(minor), build: build === undefined ? null : Number(build), evo: evo !== undefined };
  if (r !== undefined) return { ...common, line: 'R', xLine: null, release: Number(r), service: Number(rService ?? 0) };
  if (f !== undefined) return { ...common, line: 'F', xLine: null, release: Number(f), service: Number(fService ?? 0) };
  if (x !== undefined) return { ...common, line: 'X', xLine: Number(x), release: Number(d), service: 0 };
  return { ...common, line: 'S', xLine: null, release: Number(s), service: 0 };
}

/**
 * Reads a range bound: a version, or a train key (`22.3`, `12.3X48`, `15.1F`) that stands for the first
 * release of that train, so that "12.3X48 versions prior to 12.3X48-D101" needs no invented D number.
 */
export function matchJunosBound(text: string): JunosVersion | null {
  const version = matchJunosVersion(text);
  if (version !== null) return version;
  const m = TRAIN_KEY_PATTERN.exec(text.toLowerCase());
  if (m === null) return null;
  const [, major, minor, x, f, evo] = m;
  const line: JunosLine = x !== undefined ? 'X' : f !== undefined ? 'F' : 'R';
  return {
    major: Number(major),
    minor: Number(minor),
    line,
    xLine: x === undefined ? null : Number(x),
    release: 0,
    service: 0,
    build: null,
    evo: evo !== undefined,
  };
}

/** The train key: `21.4` for R and old S releases, `15.1F` for the feature line, `12.3X48` for an X line. */
export function junosTrain(v: JunosVersion): string {
  let train = trains.get(v);
  if (train === undefined) {
    const base = `${v.major}.${v.minor}`;
    train = v.line === 'X' ? `${base}X${v.xLine ?? 0}` : v.line === 'F' ? `${base}F` : base;
    trains.set(v, train);
  }
  return train;
}

/** Train keys already spelled: the matcher asks for the trains of the same compiled bounds over and over. */
const trains = new WeakMap<JunosVersion, string>();

/** Juniper's spelling, upper case, every part the input had: `21.4R3-S5.4`, `22.4R1.11-EVO`. */
export function formatJunos(v: JunosVersion): string {
  return formatJunosRelease(v) + (v.build === null ? '' : `.${v.build}`) + (v.evo ? '-EVO' : '');
}

/** The release alone, without build or `-EVO`: `21.4R3-S5`, `12.3X48-D101`. A train's start prints as its key. */
export function formatJunosRelease(v: JunosVersion): string {
  if (v.release === 0) return junosTrain(v);
  const train = `${v.major}.${v.minor}`;
  const service = v.service > 0 ? `-S${v.service}` : '';
  switch (v.line) {
    case 'R':
      return `${train}R${v.release}${service}`;
    case 'F':
      return `${train}F${v.release}${service}`;
    case 'S':
      return `${train}S${v.release}`;
    case 'X':
      return `${train}X${v.xLine ?? 0}-D${v.release}`;
    default: {
      const never: never = v.line;
      return never;
    }
  }
}

// Lines of one MAJOR.MINOR in the order used across trains: the R train (with its old S releases), then
// the feature line, then the X lines by number. Only "All versions prior to F" ever compares across trains.
const LINE_RANK: Readonly<Record<JunosLine, number>> = { R: 0, S: 0, F: 1, X: 2 };

/**
 * The release order (KB1868), every part as an integer: train (MAJOR, MINOR, line), then the release
 * number (R3 < R12, D95 < D101), then on the R train an old `S` type above an R of the same number, then
 * the `-S` number (none = 0, so `21.4R3 < 21.4R3-S1 < 21.4R3-S10`). A build never decides it:
 * `21.4R3.5` is the plain R3 and sorts below `21.4R3-S1`, where a natural string compare puts it above.
 * `-EVO` is ignored here: Junos OS and Evolved are different products and never compared by the matcher.
 */
export function compareJunosRelease(a: JunosVersion, b: JunosVersion): number {
  return (
    a.major - b.major ||
    a.minor - b.minor ||
    LINE_RANK[a.line] - LINE_RANK[b.line] ||
    (a.xLine ?? 0) - (b.xLine ?? 0) ||
    a.release - b.release ||
    (a.line === 'S' ? 1 : 0) - (b.line === 'S' ? 1 : 0) ||
    a.service - b.service
  );
}
