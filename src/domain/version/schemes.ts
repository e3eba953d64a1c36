import semver from 'semver';
import { compareJunosRelease, formatJunos, formatJunosRelease, junosTrain, matchJunosBound, matchJunosVersion, type JunosVersion } from './junos-version.ts';
import { compareBase, formatBase, formatVersion, matchScreenOsVersion, type ScreenOsVersion } from './screenos-version.ts';
import type { ProductId, VersionScheme } from './version-scheme.ts';

/**
 * ScreenOS: ranges run across trains in one order (6.2.0r15 up to 6.3.0r21), and `assessed` lists trains.
 */
export const SCREENOS: VersionScheme<ScreenOsVersion> = {
  product: 'screenos',
  name: 'ScreenOS',
  rangeType: 'SCREENOS',
  rangesPerTrain: false,
  read: (text) => matchScreenOsVersion(text.toLowerCase()),
  readBound: (text) => matchScreenOsVersion(text.toLowerCase()),
  compare: compareBase,
  train: (v) => v.train,
  format: formatVersion,
  formatRelease: formatBase,
  isRespin: (v) => v.respin !== '',
  readScope: (label) => semver.valid(label) !== null,
  inScope: (label, v) => label === v.train,
};

// "20.4 and earlier", "23.4 and later": Juniper's "All versions prior to 20.4R3-S9" and "… 23.4R1, and all
// subsequent releases" cover every train below or above, whatever its line.
const OPEN_SCOPE = /^(\d{1,2})\.(\d{1,2}) and (earlier|later)$/;

function junosScheme(product: ProductId, name: string, evo: boolean): VersionScheme<JunosVersion> {
  const ofProduct = (v: JunosVersion | null): JunosVersion | null => (v !== null && v.evo === evo ? v : null);
  return {
    product,
    name,
    rangeType: 'JUNOS',
    // "22.3 versions prior to 22.3R2-S2, 22.3R3-S1" is about the 22.3 train alone: a range that closes on
    // one train must not spill into the next train Juniper's list leaves out.
    rangesPerTrain: true,
    read: (text) => ofProduct(matchJunosVersion(text)),
    // A bare train key (`22.3`, `12.3X48`) stands for the train's first release, on either product.
    readBound: (text) => {
      const bound = matchJunosBound(text);
      return bound !== null && bound.release === 0 ? bound : ofProduct(bound);
    },
    compare: compareJunosRelease,
    train: junosTrain,
    format: formatJunos,
    formatRelease: formatJunosRelease,
    isRespin: () => false,
    readScope: (label) => OPEN_SCOPE.test(label) || isTrainKey(label),
    inScope: (label, v) => {
      const open = OPEN_SCOPE.exec(label);
      if (open === null) return label.toUpperCase() === junosTrain(v);
      const order = v.major - Number(open[1]) || v.minor - Number(open[2]);
      return open[3] === 'earlier' ? order <= 0 : order >= 0;
    },
  };
}

function isTrainKey(label: string): boolean {
  const bound = matchJunosBound(label);
  return bound !== null && bound.release === 0 && junosTrain(bound) === label.toUpperCase();
}

export const JUNOS = junosScheme('junos', 'Junos OS', false);
export const JUNOS_EVOLVED = junosScheme('junos-evo', 'Junos OS Evolved', true);

/** Any registered scheme; a new product adds its version type here. */
export type AnyScheme = VersionScheme<ScreenOsVersion> | VersionScheme<JunosVersion>;

/** Every scheme the bot knows: the one place a new product is registered. */
export const SCHEMES: readonly AnyScheme[] = [SCREENOS, JUNOS, JUNOS_EVOLVED];

/**
 * Runs `use` with a registered scheme whatever its version type: code that only passes a scheme's own
 * versions back to it (the validator, the matcher) is written once, generic in `V`.
 */
export function withScheme<R>(scheme: AnyScheme, use: <V>(s: VersionScheme<V>) => R): R {
  return scheme.product === 'screenos' ? use(scheme as VersionScheme<ScreenOsVersion>) : use(scheme as VersionScheme<JunosVersion>);
}

/** The scheme an advisory's `affected[].product` names (`ScreenOS`, `Junos OS Evolved`), in any case. */
export function schemeForProduct(product: string): AnyScheme | undefined {
  const wanted = product.trim().toLowerCase();
  return SCHEMES.find((s) => s.name.toLowerCase() === wanted);
}

/** The scheme of a product id. */
export function schemeById(id: ProductId): AnyScheme {
  const scheme = SCHEMES.find((s) => s.product === id);
  if (scheme === undefined) throw new Error(`no version scheme for ${id}`);
  return scheme;
}
