import type { RangeEvent } from './types.ts';

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
 * then for each further fix `introduced T R<previous fix's R + 1>, fixed F2` (an empty pair, as for
 * "22.4R2-S1, 22.4R3", is dropped).
 */

/** A release as a list names it: `22.3R2-S2`, `12.3X48-D101`, `15.1F6-S7`, `22.3R3-S1-EVO`. */
export interface ListedRelease {
  /** Juniper's spelling, upper case, the comma typo corrected: `22.4R2-S2`. */
  readonly text: string;
  /** The train key: `22.3`, `12.3X48`, `15.1F`. */
  readonly train: string;
  readonly major: number;
  readonly minor: number;
  readonly line: 'R' | 'F' | 'X';
  /** The R or F number; for an X line, 0 (its D numbers are one line). */
  readonly branch: number;
  /** The S number (0 when none); for an X line, the D number. */
  readonly service: number;
  readonly evo: boolean;
}

/** One train as a list speaks of it, all its clauses merged (18.4 appears twice in JSA11021). */
export interface ListedTrain {
  readonly train: string;
  /** True for the "All versions prior to F" line: every train below F's is affected too. */
  readonly allBelow: boolean;
  /** The first affected release when a lower bound sentence names one on this train, else null. */
  readonly from: ListedRelease | null;
  /** The fixes on this train, in release order. */
  readonly fixes: readonly ListedRelease[];
  /** "T version TRn and later": the smallest such n, or null. */
  readonly openFrom: number | null;
  /** A release of the train, for its major, minor, line and product. */
  readonly sample: ListedRelease;
}

export interface JunosRange {
  readonly type: 'JUNOS';
  readonly events: readonly RangeEvent[];
}

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

const RELEASE = /^(\d{1,4})\.(\d{1,4})(?:([RF])(\d{1,4})(?:-S(\d{1,4}))?|X(\d{1,4})-D(\d{1,4}))(-EVO)?$/i;
const TRAIN = String.raw`(\d{1,4}\.\d{1,4}(?:X\d{1,4}|F)?)`;
const PRIOR = String.raw`(?:prior to|before|earlier than)`;
const ALL_BELOW = new RegExp(String.raw`^(?:All )?versions ${PRIOR} (\S+)$`, 'i');
const TRAIN_PRIOR = new RegExp(String.raw`^${TRAIN} versions? ${PRIOR} (\S+)$`, 'i');
const TRAIN_LATER = new RegExp(String.raw`^${TRAIN} versions? (\S+) and later(?: versions)?$`, 'i');
const LOWER_BOUND = new RegExp(String.raw`^This issue does not affect (?:Juniper Networks )?Junos OS(?: Evolved)? versions? ${PRIOR} (\S+)$`, 'i');
/** "22,4R2-S2": Juniper's comma for the train's dot, seen in CVE-2023-36851. */
const COMMA_TYPO = /\b(\d{1,4}),(\d{1,4}[RFX]\d[\w-]*)/gi;

/** Reads one release token, or null. Builds (`.11`) are not part of any list and do not read. */
export function readListedRelease(token: string): ListedRelease | null {
  const m = RELEASE.exec(token.trim());
  if (m === null) return null;
  const [, major, minor, letter, branch, service, x, d, evo] = m;
  const isX = x !== undefined;
  const line = isX ? 'X' : (letter ?? 'R').toUpperCase() === 'F' ? 'F' : 'R';
  const release = {
    major: Number(major),
    minor: Number(minor),
    line,
    branch: isX ? 0 : Number(branch),
    service: isX ? Number(d) : Number(service ?? 0),
    evo: evo !== undefined,
  } as const;
  const train = `${release.major}.${release.minor}${isX ? `X${Number(x)}` : line === 'F' ? 'F' : ''}`;
  return { ...release, train, text: formatRelease(train, release) };
}

function formatRelease(train: string, r: Pick<ListedRelease, 'line' | 'branch' | 'service' | 'evo'>): string {
  const body = r.line === 'X' ? `${train}-D${r.service}` : `${train.replace(/F$/, '')}${r.line}${r.branch}${r.service > 0 ? `-S${r.service}` : ''}`;
  return `${body}${r.evo ? '-EVO' : ''}`;
}

/** The first release of `t`'s R or F branch `branch` (S 0), or the bare train key of an X line. */
export function branchStart(t: ListedTrain, branch: number): string {
  if (t.sample.line === 'X') return `${t.train}${t.sample.evo ? '-EVO' : ''}`;
  return formatRelease(t.train, { line: t.sample.line, branch, service: 0, evo: t.sample.evo });
}

/** Release order inside one train: branch, then S (D for X lines). */
export function compareOnTrain(a: Pick<ListedRelease, 'branch' | 'service'>, b: Pick<ListedRelease, 'branch' | 'service'>): number {
  return a.branch - b.branch || a.service - b.service;
}

/** Train order by MAJOR.MINOR, the only cross-train order a list needs ("All versions prior to"). */
export function compareTrainNumbers(a: Pick<ListedRelease, 'major' | 'minor'>, b: Pick<ListedRelease, 'major' | 'minor'>): number {
  return a.major - b.major || a.minor - b.minor;
}

interface Draft {
  train: string;
  allBelow: boolean;
  from: ListedRelease | null;
  fixes: ListedRelease[];
  openFrom: number | null;
  sample: ListedRelease;
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
  const text = statement.replace(COMMA_TYPO, (typo, major: string, rest: string) => {
    const fixed = `${major}.${rest}`;
    corrections.push(`read “${typo}” as ${fixed}`);
    return fixed;
  });
  const drafts: Draft[] = [];
  let lowerBound: ListedRelease | null = null;
  let current: Draft | null = null;

  const release = (token: string): ListedRelease | string => readListedRelease(token) ?? `“${token}” is not a Junos release`;
  const onTrain = (train: string): Draft | undefined => drafts.find((d) => d.train === train);
  const addFix = (draft: Draft, fix: ListedRelease): string | null => {
    if (fix.train !== draft.train) return `${fix.text} is not on the ${draft.train} train`;
    draft.fixes.push(fix);
    return null;
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
      current = null;
      for (const rawPiece of clause.split(',')) {
        const piece = rawPiece.trim().replace(/^Junos OS (?:Evolved )?/i, '');
        if (piece === '') continue;
        const all = ALL_BELOW.exec(piece);
        const prior = TRAIN_PRIOR.exec(piece);
        const later = TRAIN_LATER.exec(piece);
        const bare = readListedRelease(piece);
        if (all !== null || prior !== null) {
          const r = release((all ?? prior)?.[all !== null ? 1 : 2] ?? '');
          if (typeof r === 'string') return { problem: r };
          const train = prior?.[1]?.toUpperCase() ?? r.train;
          current = onTrain(train) ?? { train, allBelow: false, from: null, fixes: [], openFrom: null, sample: r };
          if (!drafts.includes(current)) drafts.push(current);
          if (all !== null) current.allBelow = true;
          const problem = addFix(current, r);
          if (problem !== null) return { problem: `“${piece}”: ${problem}` };
        } else if (later !== null) {
          const r = release(later[2] ?? '');
          if (typeof r === 'string') return { problem: r };
          const train = (later[1] ?? '').toUpperCase();
          if (r.train !== train || r.line === 'X') return { problem: `“${piece}”: ${r.text} does not open the ${train} train` };
          const draft = onTrain(train) ?? { train, allBelow: false, from: null, fixes: [], openFrom: null, sample: r };
          if (!drafts.includes(draft)) drafts.push(draft);
          draft.openFrom = Math.min(draft.openFrom ?? r.branch, r.branch);
          current = null;
        } else if (bare !== null && current !== null) {
          const problem = addFix(current, bare);
          if (problem !== null) return { problem: `“${piece}”: ${problem}` };
        } else {
          return { problem: `cannot read “${piece}”` };
        }
      }
    }
  }
  if (drafts.length === 0) return { problem: 'the list names no release' };
  const evo = drafts[0]?.sample.evo ?? false;
  const mixed = drafts.flatMap((d) => d.fixes).find((r) => r.evo !== evo);
  if (mixed !== undefined) return { problem: `${mixed.text} mixes Junos OS and Junos OS Evolved releases` };
  if (lowerBound !== null) {
    const problem = applyLowerBound(drafts, lowerBound);
    if (problem !== null) return { problem };
  }
  const trains: ListedTrain[] = drafts.map((d) => ({ ...d, fixes: [...d.fixes].sort(compareOnTrain) }));
  return {
    reading: {
      product: evo ? 'Junos OS Evolved' : 'Junos OS',
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
function applyLowerBound(drafts: Draft[], bound: ListedRelease): string | null {
  for (const d of drafts) {
    const order = compareTrainNumbers(d.sample, bound);
    if (order < 0 || (order === 0 && d.train !== bound.train)) return `the ${d.train} line is below the lower bound ${bound.text}`;
    if (order > 0 && d.allBelow) return `“All versions prior to” on ${d.train} with a lower bound on ${bound.train} spans several trains`;
    if (order === 0) d.from = bound;
  }
  return null;
}

/**
 * The OSV events of one train line (see the module comment for the rule). The "All versions prior to"
 * line opens at "0"; an X line at its bare train key (its first release), fixed from its lowest D.
 */
export function trainEvents(t: ListedTrain): RangeEvent[] {
  const first = t.from?.text ?? (t.allBelow ? '0' : branchStart(t, 1));
  const events: RangeEvent[] = [{ introduced: first }];
  let previous: ListedRelease | null = null;
  // On an X line the D numbers are one line: the lowest fix fixes every later D.
  const fixes = t.sample.line === 'X' ? t.fixes.slice(0, 1) : t.fixes;
  for (const fix of fixes) {
    if (previous === null) {
      events.push({ fixed: fix.text });
    } else if (fix.branch > previous.branch) {
      const reopen = { branch: previous.branch + 1, service: 0 };
      if (compareOnTrain(reopen, fix) < 0) events.push({ introduced: branchStart(t, reopen.branch) }, { fixed: fix.text });
    }
    previous = fix;
  }
  if (t.openFrom !== null) {
    if (previous === null) events[0] = { introduced: t.from?.text ?? branchStart(t, t.openFrom) };
    else if (t.openFrom > previous.branch) events.push({ introduced: branchStart(t, t.openFrom) });
  }
  return events;
}
