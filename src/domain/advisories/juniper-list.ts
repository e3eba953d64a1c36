import { compareJunosRelease, formatJunos, junosTrain, matchJunosVersion, type JunosVersion } from '../version/junos-version.ts';
import type { Range, RangeEvent } from './types.ts';

/**
 * Juniper's affected lists, read into per-train range events (advisories/README.md, "Junos OS bulletins").
 *
 * Juniper writes which Junos releases a CVE affects as one sentence of clauses: "All versions prior to
 * 20.4R3-S9; 21.1 versions 21.1R1 and later; 22.3 versions prior to 22.3R2-S2, 22.3R3-S1; …". The
 * bulletin files keep that sentence verbatim (`statement`) beside the ranges derived from it, and the
 * tests derive the ranges again from the sentence, so the data cannot drift from Juniper's words.
 *
 * The reading follows Juniper's per-train rule: list the fixes of a train as (R, S) pairs; a release of
 * the train is not affected if a fix has its R and an S at or below its S, or if its R is above every
 * fix's R; otherwise it is affected. In OSV events (fixed exclusive) that is `introduced TR1, fixed F1`,
 * then for each further fix `introduced T R<previous fix's R + 1>, fixed F2`; a pair that would be empty,
 * as for "22.4R2-S1, 22.4R3", is dropped. On an X line the D numbers are one line: the lowest fix fixes
 * every later D.
 */

/** One train as a list speaks of it, all its clauses merged (18.4 appears twice in JSA11021). */
export interface ListedTrain {
  /** The train key: `22.3`, `12.3X48`, `15.1F`. */
  readonly train: string;
  /** True for the "All versions prior to F" line: every train below F's is affected too. */
  readonly allBelow: boolean;
  /** The first affected release when a lower bound sentence names one on this train, else null. */
  readonly from: JunosVersion | null;
  /** The fixes on this train, in release order. */
  readonly fixes: readonly JunosVersion[];
  /** "T version TRn and later": the smallest such n, or null. */
  readonly openFrom: number | null;
  /** A release of the train, for its line and product. */
  readonly sample: JunosVersion;
}

export type JunosRange = Range & { readonly type: 'JUNOS' };

/** What a list says: the product, the trains it names, their ranges, and any typo read past. */
export interface JuniperListReading {
  readonly product: 'Junos OS' | 'Junos OS Evolved';
  readonly trains: readonly ListedTrain[];
  /** One range per train, in the list's order. */
  readonly ranges: readonly JunosRange[];
  /** The trains the list names, `"<train> and earlier"` for an "All versions prior to" line. */
  readonly assessed: readonly string[];
  /** Corrections made while reading, e.g. `read “22,4R2-S2” as 22.4R2-S2`. */
  readonly corrections: readonly string[];
}

export type JuniperListResult = { readonly reading: JuniperListReading } | { readonly problem: string };

const TRAIN = String.raw`(\d{1,2}\.\d{1,2}(?:X\d{1,3}|F)?)`;
const PRIOR = String.raw`(?:prior to|before|earlier than)`;
const ALL_BELOW = new RegExp(String.raw`^(?:All )?versions ${PRIOR} (\S+)$`, 'i');
const TRAIN_PRIOR = new RegExp(String.raw`^${TRAIN} versions? ${PRIOR} (\S+)$`, 'i');
const TRAIN_LATER = new RegExp(String.raw`^${TRAIN} versions? (\S+) and later(?: versions)?$`, 'i');
const LOWER_BOUND = new RegExp(String.raw`^This issue does not affect (?:Juniper Networks )?Junos OS(?: Evolved)? versions? ${PRIOR} (\S+)$`, 'i');
/** "22,4R2-S2": Juniper's comma for the train's dot, seen in CVE-2023-36851. */
const COMMA_TYPO = /\b(\d{1,2}),(\d{1,2}[RFX]\d[\w-]*)/gi;

/** Reads Juniper's comma typo as the dot it stands for, saying so in `corrections`. */
export function correctCommaTypos(text: string, corrections: string[]): string {
  return text.replace(COMMA_TYPO, (typo, major: string, rest: string) => {
    const fixed = `${major}.${rest}`;
    corrections.push(`read “${typo}” as ${fixed}`);
    return fixed;
  });
}

/**
 * A release as lists name them: R, F and X lines, with or without `-EVO`. Builds (`.11`) and the old S type
 * (`10.4S12`) are in no list this reads, and do not read.
 */
export function readListedRelease(token: string): JunosVersion | null {
  const version = matchJunosVersion(token.trim());
  return version === null || version.build !== null || version.line === 'S' ? null : version;
}

/** The first release of `t`'s R or F branch `branch` (S 0), or the bare train key of an X line. */
export function branchStart(t: ListedTrain, branch: number): string {
  if (t.sample.line === 'X') return `${t.train}${t.sample.evo ? '-EVO' : ''}`;
  return formatJunos({ ...t.sample, release: branch, service: 0, build: null });
}

/** Train order by MAJOR.MINOR: the only order across trains that a list needs. */
export function compareTrainNumbers(a: JunosVersion, b: JunosVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

interface Draft {
  train: string;
  allBelow: boolean;
  from: JunosVersion | null;
  fixes: JunosVersion[];
  openFrom: number | null;
  sample: JunosVersion;
}

/**
 * Reads Juniper's affected list (a bulletin's `statement`). Understands "All versions prior to F",
 * "T versions prior to F1, F2", "T versions TRn and later [versions]", X lines, `-EVO` releases, "before"
 * and "earlier than" for "prior to", an optional "Junos OS" before each clause, ";" or "," between
 * clauses, stray spaces, a trailing full stop, Juniper's comma typo ("22,4R2-S2"), and a lower bound
 * sentence ("This issue does not affect Junos OS versions prior to 20.4R1"). Anything else is a problem,
 * never a guess.
 */
export function readJuniperList(statement: string): JuniperListResult {
  const corrections: string[] = [];
  const text = correctCommaTypos(statement, corrections);
  const drafts: Draft[] = [];
  let lowerBound: JunosVersion | null = null;

  const release = (token: string): JunosVersion | string => readListedRelease(token) ?? `“${token}” is not a Junos release`;
  const draftFor = (train: string, sample: JunosVersion): Draft => {
    const found = drafts.find((d) => d.train === train);
    if (found !== undefined) return found;
    const draft: Draft = { train, allBelow: false, from: null, fixes: [], openFrom: null, sample };
    drafts.push(draft);
    return draft;
  };

  for (const sentence of text.split(/\.(?=\s|$)/)) {
    const trimmed = sentence.trim().replace(/\s+/g, ' ');
    if (trimmed === '') continue;
    const bound = LOWER_BOUND.exec(trimmed);
    if (bound !== null) {
      const r = release(bound[1] ?? '');
      if (typeof r === 'string') return { problem: r };
      lowerBound = r;
      continue;
    }
    for (const clause of trimmed.split(';')) {
      let current: Draft | null = null;
      for (const rawPiece of clause.split(',')) {
        const piece = rawPiece.trim().replace(/^Junos OS (?:Evolved )?/i, '');
        if (piece === '') continue;
        const all = ALL_BELOW.exec(piece);
        const prior = TRAIN_PRIOR.exec(piece);
        const later = TRAIN_LATER.exec(piece);
        const bare = current === null ? null : readListedRelease(piece);
        if (all !== null || prior !== null) {
          const r = release((all !== null ? all[1] : prior?.[2]) ?? '');
          if (typeof r === 'string') return { problem: r };
          current = draftFor(prior?.[1]?.toUpperCase() ?? junosTrain(r), r);
          if (all !== null) current.allBelow = true;
          if (junosTrain(r) !== current.train) return { problem: `“${piece}”: ${formatJunos(r)} is not on the ${current.train} train` };
          current.fixes.push(r);
        } else if (later !== null) {
          const r = release(later[2] ?? '');
          if (typeof r === 'string') return { problem: r };
          const train = (later[1] ?? '').toUpperCase();
          if (junosTrain(r) !== train || r.line === 'X') return { problem: `“${piece}”: ${formatJunos(r)} does not open a branch of the ${train} train` };
          const draft = draftFor(train, r);
          draft.openFrom = Math.min(draft.openFrom ?? r.release, r.release);
          current = null;
        } else if (bare !== null && current !== null) {
          if (junosTrain(bare) !== current.train) return { problem: `“${piece}”: ${formatJunos(bare)} is not on the ${current.train} train` };
          current.fixes.push(bare);
        } else {
          return { problem: `cannot read “${piece}”` };
        }
      }
    }
  }
  const first = drafts[0];
  if (first === undefined) return { problem: 'the list names no release' };
  const mixed = drafts.flatMap((d) => [d.sample, ...d.fixes]).find((r) => r.evo !== first.sample.evo);
  if (mixed !== undefined) return { problem: `${formatJunos(mixed)} mixes Junos OS and Junos OS Evolved releases` };
  if (lowerBound !== null) {
    const problem = applyLowerBound(drafts, lowerBound);
    if (problem !== null) return { problem };
  }
  const trains: ListedTrain[] = drafts.map((d) => ({ ...d, fixes: [...d.fixes].sort(compareJunosRelease) }));
  return {
    reading: {
      product: first.sample.evo ? 'Junos OS Evolved' : 'Junos OS',
      trains,
      ranges: trains.map((t) => ({ type: 'JUNOS', events: trainEvents(t) })),
      assessed: trains.map((t) => (t.allBelow ? `${t.train} and earlier` : t.train)),
      corrections,
    },
  };
}

/**
 * "Does not affect versions prior to L": the first affected release of L's train becomes L. A train line
 * below L's train contradicts the bound, and an "All versions" line on a higher train would need a range
 * across trains that does not start at "0", which the JUNOS range type does not have: both are problems.
 */
function applyLowerBound(drafts: Draft[], bound: JunosVersion): string | null {
  for (const d of drafts) {
    const order = compareTrainNumbers(d.sample, bound);
    if (order < 0 || (order === 0 && d.train !== junosTrain(bound))) return `the ${d.train} line is below the lower bound ${formatJunos(bound)}`;
    if (order > 0 && d.allBelow) return `“All versions prior to” on ${d.train} with a lower bound on ${junosTrain(bound)} spans several trains`;
    if (order === 0) d.from = bound;
  }
  return null;
}

/**
 * The OSV events of one train line (see the module comment for the rule). The "All versions prior to"
 * line opens at "0"; an X line at its bare train key (its first release).
 */
export function trainEvents(t: ListedTrain): RangeEvent[] {
  const opening = t.from === null ? (t.allBelow ? '0' : branchStart(t, 1)) : formatJunos(t.from);
  const events: RangeEvent[] = [{ introduced: opening }];
  let previous: JunosVersion | null = null;
  for (const fix of t.sample.line === 'X' ? t.fixes.slice(0, 1) : t.fixes) {
    if (previous === null) {
      events.push({ fixed: formatJunos(fix) });
    } else if (fix.release > previous.release) {
      const reopen: JunosVersion = { ...fix, release: previous.release + 1, service: 0 };
      if (compareJunosRelease(reopen, fix) < 0) events.push({ introduced: formatJunos(reopen) }, { fixed: formatJunos(fix) });
    }
    previous = fix;
  }
  if (t.openFrom !== null) {
    if (previous === null) events[0] = { introduced: t.from === null ? branchStart(t, t.openFrom) : formatJunos(t.from) };
    else if (t.openFrom > previous.release) events.push({ introduced: branchStart(t, t.openFrom) });
  }
  return events;
}
