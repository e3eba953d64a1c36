import { compareJunosRelease, formatJunos, junosTrain, type JunosVersion } from '../version/junos-version.ts';
import {
  branchStart,
  compareTrainNumbers,
  correctCommaTypos,
  readListedRelease,
  trainEvents,
  type JunosRange,
  type JuniperListReading,
} from './juniper-list.ts';

/**
 * Juniper's fixed lists ("20.4R3-S9*, 21.2R3-S7*, …, 23.4R1*, and all subsequent releases.") and what
 * they add to an affected list: the later trains that "and all subsequent releases" covers
 * (`"23.4 and later"`, `"20.2 and later"`), and the per-platform fixes of a bulletin whose fixes do not
 * hold on every platform (JSA93446).
 */

export interface FixedList {
  /** The releases, in the list's order; `pending` for Juniper's `*` (not yet downloadable). */
  readonly releases: readonly { readonly release: JunosVersion; readonly pending: boolean }[];
  /** Whether the list ends "and all subsequent releases". */
  readonly subsequent: boolean;
}

/** "…, 23.4R1, and all subsequent releases" and, without the comma, "…, 20.1R2 and all subsequent releases". */
const SUBSEQUENT = /^(.*?)\s*\band all subsequent releases$/i;

/** Reads a fixed list, or returns the piece it cannot read. Juniper's comma typo is read past here too. */
export function readFixedList(text: string): FixedList | { readonly problem: string } {
  const body = correctCommaTypos(text.trim().replace(/\.$/, ''), []);
  const releases: { release: JunosVersion; pending: boolean }[] = [];
  let subsequent = false;
  for (const raw of body.split(',')) {
    let piece = raw.trim();
    const last = SUBSEQUENT.exec(piece);
    if (last !== null) {
      subsequent = true;
      piece = last[1] ?? '';
    }
    if (piece === '') continue;
    const release = readListedRelease(piece.replace(/\*$/, ''));
    if (release === null) return { problem: `cannot read “${piece}”` };
    releases.push({ release, pending: piece.endsWith('*') });
  }
  return { releases, subsequent };
}

/**
 * `"<T> and later"` for a fixed list that ends "and all subsequent releases": every release after the
 * list's highest fix is fixed, so every later train is. Trains compare by (MAJOR, MINOR) as numbers, and
 * the train after `M.m` is `M.(m+1)`: `20.2 and later` takes in 21.1 and every train Juniper numbers after it.
 *
 * - T is the highest train the fixed list names when the affected list does not name it and the fixed
 *   list enters it at its first release (JSA72300: "…, 23.2R2*, 23.4R1*, and all subsequent releases"
 *   gives `23.4 and later`; JSA93446's 24.4R1 gives `24.4 and later`).
 * - T is the train after it when the affected list names it (JSA11021: "…, 20.1R1-S1, 20.1R2 and all
 *   subsequent releases", and 20.1 has its own line, gives `20.2 and later`), or when the fixed list
 *   enters it above its first release: 23.2R1-S1 alone says nothing of 23.2R1, which stays open.
 * - T is never at or below a train the affected list names: "and later" does not reach back into the
 *   list, nor into a train missing from its middle.
 *
 * Null when the list has no "and all subsequent releases" or names no release.
 */
export function laterTrains(reading: Pick<JuniperListReading, 'trains'>, fixed: FixedList): string | null {
  if (!fixed.subsequent) return null;
  const highestOf = (releases: readonly JunosVersion[]): JunosVersion | null =>
    releases.reduce<JunosVersion | null>((max, r) => (max === null || compareTrainNumbers(r, max) > 0 ? r : max), null);
  const highest = highestOf(fixed.releases.map((f) => f.release));
  if (highest === null) return null;
  const listed = reading.trains.map((t) => t.sample);
  const onHighest = fixed.releases.map((f) => f.release).filter((r) => compareTrainNumbers(r, highest) === 0);
  const first = [...onHighest].sort(compareJunosRelease)[0];
  const opensIt =
    !listed.some((s) => compareTrainNumbers(s, highest) === 0) &&
    onHighest.every((r) => r.line === 'R') &&
    first !== undefined &&
    first.release === 1 &&
    first.service === 0;
  let start = { major: highest.major, minor: opensIt ? highest.minor : highest.minor + 1 };
  const top = highestOf(listed);
  if (top !== null && (top.major - start.major || top.minor - start.minor) >= 0) start = { major: top.major, minor: top.minor + 1 };
  return `${start.major}.${start.minor} and later`;
}

/** The ranges and assessed trains of one platform group, from the general list and its own fixes. */
export interface PlatformReading {
  readonly ranges: readonly JunosRange[];
  /** The general list's trains; plus `"<T> and later"` when the platform's fixes open a later train. */
  readonly assessed: readonly string[];
}

/**
 * A platform group whose fixes differ from the bulletin's (JSA93446: "this issue is not fixed for all
 * platforms in the releases specified", then the releases that do fix each group). Every train of the
 * general list keeps its place, and only the platform's own fixes count:
 *
 * - a train with platform fixes gets the usual events from those fixes (SRX300 Series on 23.4:
 *   `introduced 23.4R1, fixed 23.4R2-S5` instead of 23.4R2-S4);
 * - a train with none is affected with no fix (`introduced TR1`): the general fix does not fix it there;
 * - the "All versions prior to F" line with no platform fix on F's train becomes
 *   `introduced 0, last_affected F` (every release up to the general fix, on every train below) plus
 *   `introduced TR1` on F's train (its releases after F too): there is no fixed release to name;
 * - a platform fix past the general list's trains that opens its train (24.4R1) gives `"24.4 and later"`,
 *   as "and all subsequent releases" does in the bulletin's fixed list.
 *
 * Returns a problem for a platform fix on a train the general list does not name that is not such a
 * first release: the bulletin would then say something this reading cannot place.
 */
export function platformReading(general: JuniperListReading, onlyFixedIn: readonly string[]): PlatformReading | { readonly problem: string } {
  const fixes: JunosVersion[] = [];
  for (const token of onlyFixedIn) {
    const release = readListedRelease(token.replace(/\*$/, ''));
    if (release === null) return { problem: `“${token}” is not a Junos release` };
    fixes.push(release);
  }
  const ranges: JunosRange[] = [];
  for (const t of general.trains) {
    const own = fixes.filter((f) => junosTrain(f) === t.train).sort(compareJunosRelease);
    if (own.length > 0) {
      ranges.push({ type: 'JUNOS', events: trainEvents({ ...t, fixes: own, openFrom: null }) });
      continue;
    }
    const generalFix = t.fixes[0];
    if (t.allBelow && generalFix !== undefined) {
      ranges.push({ type: 'JUNOS', events: [{ introduced: '0' }, { last_affected: formatJunos(generalFix) }] });
    }
    ranges.push({ type: 'JUNOS', events: [{ introduced: t.from === null ? branchStart(t, 1) : formatJunos(t.from) }] });
  }
  const beyond = fixes.filter((f) => !general.trains.some((t) => t.train === junosTrain(f)));
  const later = laterTrains(general, { releases: beyond.map((release) => ({ release, pending: false })), subsequent: true });
  const stray = beyond.find((f) => later === null || `${junosTrain(f)} and later` !== later);
  if (stray !== undefined) return { problem: `${formatJunos(stray)} is on a train the list does not name, and does not open it` };
  return { ranges, assessed: later === null ? general.assessed : [...general.assessed, later] };
}
