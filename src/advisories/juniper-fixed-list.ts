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
 * they add to an affected list: the trains past the list that are fixed from their first release
 * (`"23.4 and later"`), and the per-platform fixes of a bulletin whose fixes do not hold on every
 * platform (JSA93446).
 */

export interface FixedList {
  /** The releases, in the list's order; `pending` for Juniper's `*` (not yet downloadable). */
  readonly releases: readonly { readonly release: JunosVersion; readonly pending: boolean }[];
  /** Whether the list ends "and all subsequent releases". */
  readonly subsequent: boolean;
}

/** Reads a fixed list, or returns the piece it cannot read. Juniper's comma typo is read past here too. */
export function readFixedList(text: string): FixedList | { readonly problem: string } {
  const body = correctCommaTypos(text.trim().replace(/\.$/, ''), []);
  const releases: { release: JunosVersion; pending: boolean }[] = [];
  let subsequent = false;
  for (const raw of body.split(',')) {
    const piece = raw.trim();
    if (piece === '') continue;
    if (/^and all subsequent releases$/i.test(piece)) {
      subsequent = true;
      continue;
    }
    const release = readListedRelease(piece.replace(/\*$/, ''));
    if (release === null) return { problem: `cannot read “${piece}”` };
    releases.push({ release, pending: piece.endsWith('*') });
  }
  return { releases, subsequent };
}

/**
 * `"<T> and later"` for a fixed list that ends "and all subsequent releases": T is the first train past
 * the last R train the affected list names whose first fixed release is TR1, so that no release of T or
 * of a later train is below a fix. A train between (JSA75729 names 23.2R1-S1 as fixed but lists no 23.2
 * line) is left out: its first releases are neither listed as affected nor fixed, an open question.
 * Null when the list has no "and all subsequent releases" or no such train.
 */
export function laterTrains(reading: Pick<JuniperListReading, 'trains'>, fixed: FixedList): string | null {
  if (!fixed.subsequent) return null;
  const named = reading.trains.filter((t) => t.sample.line === 'R').map((t) => t.sample);
  const last = named.reduce<JunosVersion | null>((max, r) => (max === null || compareTrainNumbers(r, max) > 0 ? r : max), null);
  const past = fixed.releases
    .map((f) => f.release)
    .filter((r) => r.line === 'R' && (last === null || compareTrainNumbers(r, last) > 0))
    .sort(compareJunosRelease);
  const firstOfTrain = past.filter((r, i) => i === 0 || junosTrain(past[i - 1] ?? r) !== junosTrain(r));
  const opening = firstOfTrain.find((r) => r.release === 1 && r.service === 0);
  return opening === undefined ? null : `${junosTrain(opening)} and later`;
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
