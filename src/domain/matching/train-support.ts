import semver from 'semver';
import type { ProductLifecycle } from '../advisories/types.ts';

/** Where one train stands with the vendor at the verdict's instant. */
export interface TrainSupport {
  readonly train: string;
  /** The last day of support (`YYYY-MM-DD`), or null when no source states one. */
  readonly endOfSupport: string | null;
  /**
   * False once the end-of-support day is over (UTC). A train without a date counts as supported, and the
   * answers say nothing about its support: no source states that it ended.
   */
  readonly supported: boolean;
  /** Where the date comes from, or why it is null. */
  readonly source: string;
}

const DAY_MS = 86_400_000;

interface DatedTrain {
  readonly train: string;
  readonly endOfSupport: string | null;
  readonly source: string;
  /** The first instant the train is unsupported: the start (UTC) of the day after its last day. */
  readonly endsAt: number;
}

/**
 * The end-of-support dates of one product's trains, asked at a given instant. Pure: the instant is
 * always passed in, so that a test can stand on either side of a date.
 */
export class SupportCalendar {
  private readonly trains: ReadonlyMap<string, DatedTrain>;
  /** The distinct instants at which some train leaves support, ascending. */
  private readonly boundaries: readonly number[];
  /** Newest first, for "the newest supported train". */
  private readonly newestFirst: readonly DatedTrain[];

  constructor(lifecycle: ProductLifecycle | null) {
    const trains = new Map<string, DatedTrain>();
    for (const t of lifecycle?.trains ?? []) {
      const endsAt = t.end_of_support === null ? Number.POSITIVE_INFINITY : Date.parse(t.end_of_support) + DAY_MS;
      trains.set(t.train, { train: t.train, endOfSupport: t.end_of_support, source: t.source, endsAt });
    }
    this.trains = trains;
    this.boundaries = [...new Set([...trains.values()].map((t) => t.endsAt).filter(Number.isFinite))].sort((a, b) => a - b);
    this.newestFirst = [...trains.values()].sort((a, b) => semver.rcompare(a.train, b.train));
  }

  /** Whether any end-of-life data was loaded. */
  get known(): boolean {
    return this.trains.size > 0;
  }

  /**
   * A number that changes exactly when the set of supported trains does: answers computed under one
   * epoch hold for every instant of it, so they can be memoised per epoch.
   */
  epoch(nowMs: number): number {
    let passed = 0;
    for (const boundary of this.boundaries) {
      if (boundary > nowMs) break;
      passed++;
    }
    return passed;
  }

  /** The train's support at `nowMs`, or null when the data does not list the train. */
  support(train: string, nowMs: number): TrainSupport | null {
    const t = this.trains.get(train);
    if (t === undefined) return null;
    return { train: t.train, endOfSupport: t.endOfSupport, supported: nowMs < t.endsAt, source: t.source };
  }

  /** The newest listed train still supported at `nowMs`, or null when none is (or nothing is listed). */
  newestSupportedTrain(nowMs: number): string | null {
    return this.newestFirst.find((t) => nowMs < t.endsAt)?.train ?? null;
  }
}
