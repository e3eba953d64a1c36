import semver from 'semver';
import type { Advisory, ProductLifecycle, RangeEvent } from '../../src/domain/advisories/types.ts';

/**
 * The baseline for the verdict benchmark: a straightforward parse-and-compare with no precomputation.
 * Every call parses the input, and for every vulnerability re-parses and re-sorts the range events,
 * compares trains with semver, walks the events, checks what the bulletin assessed, then scans for an
 * upgrade target the same way, on the version's train or the newest supported one. It answers the same
 * question as AdvisoryCatalog.check (status and upgrade target) and the benchmark checks that the two agree.
 */
interface Parsed {
  train: string;
  release: number;
  respin: string;
}

const PATTERN = /(?:^|\s)(\d+)\.(\d+)(?:\.(\d+))?r(\d+)([a-z]?)(?:\.\d+)?(?:\.t)?(?:-[a-z]+\d*)?(?:,|$)/;

function parse(text: string): Parsed | null {
  const m = PATTERN.exec(text.trim().toLowerCase());
  if (m === null) return null;
  const major = Number(m[1]);
  if (major >= 9 && m[3] === undefined) return null; // Junos
  return { train: `${major}.${Number(m[2])}.${Number(m[3] ?? '0')}`, release: Number(m[4]), respin: m[5] ?? '' };
}

function compare(a: Parsed, b: Parsed): number {
  const train = semver.compare(a.train, b.train);
  if (train !== 0) return train;
  if (a.release !== b.release) return a.release - b.release;
  return a.respin < b.respin ? -1 : a.respin > b.respin ? 1 : 0;
}

function entry(event: RangeEvent): [string, string] {
  return Object.entries(event)[0] as [string, string];
}

type Status = 'affected' | 'not_affected' | 'unknown';

/** One status per vulnerability that has a platform-wide ScreenOS entry. */
function judge(advisories: readonly Advisory[], v: Parsed): Status[] {
  const result: Status[] = [];
  for (const advisory of advisories) {
    for (const vulnerability of advisory.vulnerabilities) {
      let hit = false;
      let general = false;
      let assessed = false;
      for (const affected of vulnerability.affected) {
        // Entries limited to some hardware (KRACK on SSG-5/SSG-20) never decide a version-only verdict.
        if (affected.platforms.length > 0 || affected.product.toLowerCase() !== 'screenos') continue;
        general = true;
        if (affected.assessed === 'all' || affected.assessed.includes(v.train)) assessed = true;
        for (const range of affected.ranges) {
          const events = range.events
            .map((e) => {
              const [type, value] = entry(e);
              return { type, version: value === '0' ? null : parse(value) };
            })
            .sort((x, y) => (x.version === null ? -1 : y.version === null ? 1 : compare(x.version, y.version)));
          let inRange = false;
          for (const e of events) {
            const cmp = e.version === null ? -1 : compare(e.version, v);
            if (e.type === 'introduced' && cmp <= 0) inRange = true;
            else if (e.type === 'fixed' && cmp <= 0) inRange = false;
            else if (e.type === 'last_affected' && cmp < 0) inRange = false;
          }
          if (inRange) hit = true;
        }
        for (const listed of affected.versions) {
          const p = parse(listed);
          if (p !== null && compare(p, v) === 0) hit = true;
        }
      }
      if (general) result.push(hit ? 'affected' : assessed ? 'not_affected' : 'unknown');
    }
  }
  return result;
}

export interface NaiveVerdict {
  status: Status;
  upgradeTo: string | null;
}

const DAY_MS = 86_400_000;

function supportedAt(endOfSupport: string | null, nowMs: number): boolean {
  return endOfSupport === null || nowMs < Date.parse(endOfSupport) + DAY_MS;
}

/** The lowest release on `train` above `above` (if given) that every bulletin assessed and clears. */
function firstClear(advisories: readonly Advisory[], train: string, above: Parsed | null): Parsed | null {
  const candidates: Parsed[] = [];
  for (const advisory of advisories) {
    for (const vulnerability of advisory.vulnerabilities) {
      for (const affected of vulnerability.affected) {
        if (affected.platforms.length > 0) continue;
        for (const range of affected.ranges) {
          for (const e of range.events) {
            const p = parse(entry(e)[1]);
            if (p !== null && p.train === train && (above === null || compare(p, above) > 0)) candidates.push(p);
          }
        }
      }
    }
  }
  candidates.sort(compare);
  return candidates.find((c) => judge(advisories, c).every((s) => s === 'not_affected')) ?? null;
}

export function naiveCheck(advisories: readonly Advisory[], lifecycle: ProductLifecycle | null, input: string, nowMs: number): NaiveVerdict {
  const v = parse(input.replace(/^software version:\s*/i, '').replace(/^screenos\s+/i, ''));
  if (v === null) return { status: 'unknown', upgradeTo: null };
  const statuses = judge(advisories, v);
  const status: Status = statuses.includes('affected') ? 'affected' : statuses.includes('unknown') ? 'unknown' : 'not_affected';
  const own = lifecycle?.trains.find((t) => t.train === v.train);
  const unsupported = own !== undefined && !supportedAt(own.end_of_support, nowMs);
  if (status === 'not_affected' && !unsupported) return { status, upgradeTo: null };
  const newest = (lifecycle?.trains ?? [])
    .filter((t) => supportedAt(t.end_of_support, nowMs))
    .map((t) => t.train)
    .sort(semver.rcompare)[0];
  const elsewhere = newest !== undefined && semver.gt(newest, v.train) ? firstClear(advisories, newest, null) : null;
  const onTrain = status === 'not_affected' ? null : firstClear(advisories, v.train, v);
  const target = unsupported ? (elsewhere ?? onTrain) : (onTrain ?? elsewhere);
  return { status, upgradeTo: target === null ? null : `${target.train}r${target.release}${target.respin}` };
}
