import semver from 'semver';
import type { Advisory, RangeEvent } from '../../src/advisories/types.ts';

/**
 * The baseline for the verdict benchmark: a straightforward parse-and-compare with no precomputation.
 * Every call parses the input, and for every vulnerability re-parses and re-sorts the range events,
 * compares trains with semver, walks the events, then scans for an upgrade target the same way.
 * It answers the same question as AdvisoryCatalog.check (status and upgrade target) and the benchmark
 * checks that the two agree.
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

function affectedBy(advisories: readonly Advisory[], v: Parsed): boolean[] {
  const result: boolean[] = [];
  for (const advisory of advisories) {
    for (const vulnerability of advisory.vulnerabilities) {
      let hit = false;
      for (const affected of vulnerability.affected) {
        // Entries limited to some hardware (KRACK on SSG-5/SSG-20) never decide a version-only verdict.
        if (affected.platforms.length > 0) continue;
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
      result.push(hit);
    }
  }
  return result;
}

export interface NaiveVerdict {
  status: 'affected' | 'not_affected' | 'unknown';
  upgradeTo: string | null;
}

export function naiveCheck(advisories: readonly Advisory[], input: string): NaiveVerdict {
  const v = parse(input.replace(/^software version:\s*/i, '').replace(/^screenos\s+/i, ''));
  if (v === null) return { status: 'unknown', upgradeTo: null };
  if (!affectedBy(advisories, v).some(Boolean)) return { status: 'not_affected', upgradeTo: null };
  const candidates: Parsed[] = [];
  for (const advisory of advisories) {
    for (const vulnerability of advisory.vulnerabilities) {
      for (const affected of vulnerability.affected) {
        if (affected.platforms.length > 0) continue;
        for (const range of affected.ranges) {
          for (const e of range.events) {
            const p = parse(entry(e)[1]);
            if (p !== null && p.train === v.train && compare(p, v) > 0) candidates.push(p);
          }
        }
      }
    }
  }
  candidates.sort(compare);
  const target = candidates.find((c) => !affectedBy(advisories, c).some(Boolean));
  return { status: 'affected', upgradeTo: target === undefined ? null : `${target.train}r${target.release}${target.respin}` };
}
