import semver from 'semver';
import type { Advisory, ProductLifecycle, Vulnerability } from '../advisories/types.ts';
import type { LoadProblem } from '../advisories/load-advisories.ts';
import { KevRegistry, type KnownExploited } from '../advisories/kev-registry.ts';
import { readVersion, type VersionReading } from '../version/read-version.ts';
import { JUNOS, JUNOS_EVOLVED, SCREENOS } from '../version/schemes.ts';
import type { ProductId } from '../version/version-scheme.ts';
import type { JunosVersion } from '../version/junos-version.ts';
import { baseVersion, compareBase, formatBase, formatVersion, type ScreenOsVersion } from '../version/screenos-version.ts';
import { assessOne, type CompiledVulnerability } from './assess-vulnerability.ts';
import { assessesVersion, compileAffected, describeTrain, isAffected, versionsOnTrain } from './ranges.ts';
import type { Assessment, Judgement, Verdict } from './verdict.ts';
import { judgeTrain, judgeUnreadable, type TrainStretch } from './explain.ts';
import { summariseProductRelease } from './explain-product-release.ts';
import { ProductMatcher } from './product-matcher.ts';
import { readModel } from './platforms.ts';
import { summariseRelease, type NotAssessed, type PlatformFinding } from './explain-release.ts';
import { SupportCalendar } from './train-support.ts';

/**
 * How a catalog is built. Its clock decides which trains are still supported, so it comes with the
 * end-of-support dates: without them no verdict depends on the instant, and none is needed.
 */
export type CatalogOptions = {
  /** False re-judges every call (the benchmarks' baseline); verdicts are the same. */
  readonly memoize?: boolean;
  /** End-of-life files that failed to load: listed with `problems`, and admitted in every verdict. */
  readonly lifecycleProblems?: readonly LoadProblem[];
} & (
  | { readonly lifecycle?: null; readonly now?: () => Date }
  | {
      /** End-of-support dates of the ScreenOS trains (advisories/lifecycle/screenos.json); none when null. */
      readonly lifecycle: ProductLifecycle | null;
      readonly now: () => Date;
    }
);

/** Verdicts kept per normalised version; fleets and pastes repeat a few dozen versions. */
const MEMO_LIMIT = 50_000;
/** Unreadable inputs longer than this are not kept: the memo holds short keys only. */
const MEMO_INPUT_LIMIT = 64;

/**
 * The loaded bulletins, compiled once, and the single place that turns a version string into a verdict.
 * Verdicts for a ScreenOS version are memoised by its normalised spelling: they depend on nothing else
 * but the set of trains still supported and the KEV listings they carry, and the memo is emptied when
 * either changes (see {@link revision}).
 */
export class AdvisoryCatalog {
  readonly advisories: readonly Advisory[];
  /** Files that failed validation and were left out (bulletins, then end-of-life data); shown in `help` and `advisories`. */
  readonly problems: readonly LoadProblem[];
  /** The KEV data in use, which the KEV feed replaces as it refreshes. */
  readonly kev = new KevRegistry();
  private readonly compiled: readonly CompiledVulnerability[];
  /** The vulnerabilities with a ScreenOS entry: every ScreenOS verdict assesses each of them. */
  private readonly screenOs: readonly CompiledVulnerability[];
  /** The bulletins with a ScreenOS entry: what a ScreenOS verdict speaks about. */
  private readonly screenOsAdvisories: readonly Advisory[];
  private readonly junos: ProductMatcher<JunosVersion>;
  private readonly junosEvolved: ProductMatcher<JunosVersion>;
  private readonly candidatesByTrain = new Map<string, readonly ScreenOsVersion[]>();
  private readonly clearByTrain = new Map<string, readonly ScreenOsVersion[]>();
  private readonly memo = new Map<string, Judgement>();
  /** Verdicts per raw input, product and platform, with the KEV revision and support epoch they hold for. */
  private readonly verdicts = new Map<string, { readonly verdict: Verdict; readonly stamp: number }>();
  private memoRevision = 0;
  private memoEpoch = 0;
  private readonly memoize: boolean;
  private readonly calendar: SupportCalendar;
  /** The instant verdicts are judged at, in milliseconds. */
  private readonly nowMs: () => number;
  /** Entries for other products, named in every ScreenOS verdict so that nothing is skipped silently. */
  private readonly unevaluated: readonly string[];
  private readonly unloaded: readonly string[];
  private readonly lifecycleUnloaded: readonly string[];
  private readonly platformOnly: ReadonlySet<Advisory>;

  constructor(advisories: readonly Advisory[], problems: readonly LoadProblem[] = [], options: CatalogOptions = {}) {
    this.memoize = options.memoize ?? true;
    this.advisories = advisories;
    const lifecycleProblems = options.lifecycleProblems ?? [];
    this.problems = [...problems, ...lifecycleProblems];
    this.calendar = new SupportCalendar(options.lifecycle ?? null);
    const { now } = options;
    // Without end-of-life data no verdict depends on the instant: any one will do.
    this.nowMs = now === undefined ? () => 0 : () => now().getTime();
    this.compiled = advisories.flatMap((advisory) =>
      advisory.vulnerabilities.map((vulnerability) => ({
        advisory,
        vulnerability,
        affected: compileAffected(vulnerability.affected, SCREENOS),
      })),
    );
    this.screenOs = this.compiled.filter((c) => c.affected.general || c.affected.platformLimited.length > 0);
    this.screenOsAdvisories = [...new Set(this.screenOs.map((c) => c.advisory))];
    this.junos = new ProductMatcher(JUNOS, advisories);
    this.junosEvolved = new ProductMatcher(JUNOS_EVOLVED, advisories);
    this.platformOnly = new Set(
      advisories.filter((a) => {
        const entries = this.screenOs.filter((c) => c.advisory === a);
        return entries.length > 0 && entries.every((c) => !c.affected.general);
      }),
    );
    this.unloaded = [...new Set(problems.map((p) => p.file))];
    this.lifecycleUnloaded = [...new Set(lifecycleProblems.map((p) => p.file))];
    this.unevaluated = this.compiled.flatMap(({ advisory, vulnerability, affected }) =>
      affected.otherProducts.map((product) => `${advisory.id} ${vulnerability.id} (${product})`),
    );
  }

  /** Finds a bulletin by id (`JSA10713`, `jsa10713`, `10713`) or by one of its CVEs. */
  findAdvisory(query: string): Advisory | undefined {
    const q = query.trim().toUpperCase();
    const id = /^\d+$/.test(q) ? `JSA${q}` : q;
    return this.advisories.find((a) => a.id.toUpperCase() === id) ?? this.advisories.find((a) => a.vulnerabilities.some((v) => v.id.toUpperCase() === q));
  }

  /**
   * Changes whenever a verdict for the same version could come out differently (today: a KEV listing
   * changed), so that anything holding verdicts (the inventory's findings) knows to judge again.
   */
  get revision(): number {
    return this.kev.revision;
  }

  /**
   * Changes whenever any verdict of {@link check} could come out differently: a KEV listing changed
   * ({@link revision}) or, at the catalog's clock, the set of supported trains did (the support epoch).
   * Whatever is built from verdicts alone (a rendered answer) may be kept for as long as this holds.
   */
  freshness(): number {
    return this.revision * 1_000_003 + this.calendar.epoch(this.nowMs());
  }

  /**
   * Whether a vulnerability is known to be exploited: its bulletin says so, or the KEV data in use lists
   * its CVE (CISA's dates win, as they come with a due date). Null when neither does.
   */
  knownExploited(vulnerability: Vulnerability): KnownExploited | null {
    return this.kev.knownExploited(vulnerability);
  }

  /**
   * Reads and judges one version string, at the catalog's clock. Never throws. `product` forces how the
   * string is read (`product=junos`); `platform` (a device's model) judges it for that hardware.
   */
  check(input: string, options: CheckOptions = {}): Verdict {
    const product = options.product ?? null;
    if (!this.memoize || input.length > MEMO_INPUT_LIMIT) return this.judge(readVersion(input, { product }), options);
    // Fleets and pastes repeat the same strings: a verdict is kept per raw input for as long as nothing
    // it depends on changes (the KEV listings, the set of supported trains), so that reading is skipped too.
    const key = `${product ?? ''}|${readModel(options.platform) ?? ''}|${input}`;
    const stamp = this.freshness();
    const cached = this.verdicts.get(key);
    if (cached !== undefined && cached.stamp === stamp) return cached.verdict;
    const verdict = this.judge(readVersion(input, { product }), options);
    if (this.verdicts.size >= MEMO_LIMIT) this.verdicts.clear();
    this.verdicts.set(key, { verdict, stamp });
    return verdict;
  }

  /** Judges a version already read (the inventory reads each row once), for a platform when one is given. */
  judge(reading: VersionReading, options: JudgeOptions = {}): Verdict {
    const platform = readModel(options.platform);
    switch (reading.kind) {
      case 'screenos':
        return withInput(reading, this.judgeScreenOs(reading.version, platform), platform);
      case 'train': {
        const { train } = reading;
        const nowMs = this.nowMs();
        // A bare train lists every vulnerability's stretch on it: worth keeping, like a release.
        return withInput(
          reading,
          this.memoised(`train ${train}`, nowMs, () => judgeTrain(train, this.describeTrain(train), this.calendar.support(train, nowMs))),
          platform,
        );
      }
      case 'junos':
        return withInput(reading, this.judgeProduct(reading.product === 'junos-evo' ? this.junosEvolved : this.junos, reading.version, platform), platform);
      case 'unreadable':
        // Short junk repeats (`n/a`, `latest`); a long paste is judged afresh rather than kept.
        return withInput(
          reading,
          reading.input.length <= MEMO_INPUT_LIMIT
            ? this.memoised(`unreadable ${reading.product ?? ''} ${reading.input}`, null, () => judgeUnreadable(reading))
            : judgeUnreadable(reading),
          platform,
        );
      default: {
        const never: never = reading;
        return never;
      }
    }
  }

  /** For each vulnerability that touches the train, the affected releases on it in words. */
  describeTrain(train: string): TrainStretch[] {
    return this.compiled.flatMap(({ advisory, vulnerability, affected }) => {
      const text = describeTrain(affected, train);
      return text === null ? [] : [{ advisory, vulnerability, text, knownExploited: this.knownExploited(vulnerability) }];
    });
  }

  private judgeScreenOs(version: ScreenOsVersion, platform: string | null): Judgement {
    const nowMs = this.nowMs();
    const key = platform === null ? formatVersion(version) : `${formatVersion(version)} on ${platform.toUpperCase()}`;
    return this.memoised(key, nowMs, () => this.assess(version, nowMs, platform));
  }

  /** A release of a product judged by its {@link ProductMatcher} (Junos OS, Junos OS Evolved). */
  private judgeProduct(matcher: ProductMatcher<JunosVersion>, version: JunosVersion, platform: string | null): Judgement {
    const { scheme } = matcher;
    const key = `${scheme.product} ${scheme.format(version)}${platform === null ? '' : ` on ${platform.toUpperCase()}`}`;
    return this.memoised(key, null, () => {
      const base: JunosVersion = { ...version, build: null };
      const findings = matcher.judge(base, platform, (v) => this.knownExploited(v));
      return summariseProductRelease(findings, {
        scheme,
        version,
        platform,
        advisories: matcher.advisories,
        coverage: { advisories: this.advisories, unevaluated: this.unevaluated, unloaded: this.unloaded, lifecycleUnloaded: [] },
      });
    });
  }

  /**
   * The judgement kept under `key`, or a new one. Judgements that depend on the clock (`nowMs` given)
   * hold for one support epoch: the memo is emptied when the set of supported trains changes, and
   * whenever the KEV listings change.
   */
  private memoised(key: string, nowMs: number | null, judge: () => Judgement): Judgement {
    if (!this.memoize) return judge();
    if (this.memoRevision !== this.revision) {
      // A KEV listing changed: every judgement carries the listings, so none can be reused.
      this.memo.clear();
      this.memoRevision = this.revision;
    }
    if (nowMs !== null) {
      const epoch = this.calendar.epoch(nowMs);
      if (epoch !== this.memoEpoch) {
        this.memo.clear();
        this.memoEpoch = epoch;
      }
    }
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const judgement = judge();
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, judgement);
    return judgement;
  }

  private assess(version: ScreenOsVersion, nowMs: number, platform: string | null): Judgement {
    const base = baseVersion(version);
    const build = version.csp === null ? null : `${formatBase(version)}-${version.csp}`;
    const assessments = this.screenOs.map((c) =>
      assessOne(c, base, { build, platform, knownExploited: this.knownExploited(c.vulnerability), judgePlatformOnly: false }),
    );
    const status = assessments.some((a) => a.status === 'affected') ? 'affected' : assessments.some((a) => a.status === 'unknown') ? 'unknown' : 'not_affected';
    const trainSupport = this.calendar.support(base.train, nowMs);
    const unsupported = trainSupport !== null && !trainSupport.supported;
    let target: ScreenOsVersion | null = null;
    let own: ScreenOsVersion | null = null;
    if (status !== 'not_affected' || unsupported) {
      const newest = this.calendar.newestSupportedTrain(nowMs);
      // Only ever forward: a newer supported train, never a step back to an older one.
      const elsewhere = newest !== null && semver.gt(newest, base.train) ? this.firstClearAbove(newest, null) : null;
      // A clear release that left support needs a supported train, not a later release of its own.
      own = status === 'not_affected' ? null : this.firstClearAbove(base.train, base);
      target = unsupported ? (elsewhere ?? own) : (own ?? elsewhere);
    }
    const facts = {
      status,
      version: formatVersion(version),
      assessments,
      upgradeTo: target === null ? null : formatBase(target),
      nearestFixOnTrain: own === null ? null : formatBase(own),
      trainSupport,
    } as const;
    const context = {
      notAssessed: this.notAssessed(assessments),
      platformFindings: platform === null ? this.platformFindings(base, target) : [],
      platformOnly: this.platformOnly,
    };
    return summariseRelease(version, facts, context, {
      advisories: this.screenOsAdvisories,
      unevaluated: this.unevaluated,
      unloaded: this.unloaded,
      lifecycleUnloaded: this.lifecycleUnloaded,
    });
  }

  /** The lowest release on `train`, above `above` when given, that every loaded bulletin assessed and clears. */
  private firstClearAbove(train: string, above: ScreenOsVersion | null): ScreenOsVersion | null {
    let clear = this.clearByTrain.get(train);
    if (clear === undefined) {
      clear = this.candidates(train).filter((candidate) => this.clearsAll(candidate));
      this.clearByTrain.set(train, clear);
    }
    return clear.find((v) => above === null || compareBase(v, above) > 0) ?? null;
  }

  /**
   * Whether a release is proven clear: every platform-wide entry assessed its train and none lists it.
   * Platform-limited entries (KRACK) do not block it; the answer names them in a note instead.
   */
  private clearsAll(v: ScreenOsVersion): boolean {
    return this.screenOs.every(({ affected }) => !affected.general || (assessesVersion(affected, v) && !isAffected(affected, v)));
  }

  private candidates(train: string): readonly ScreenOsVersion[] {
    let list = this.candidatesByTrain.get(train);
    if (list === undefined) {
      const seen = new Map<string, ScreenOsVersion>();
      for (const c of this.compiled) for (const v of versionsOnTrain(c.affected, train)) seen.set(formatBase(v), v);
      list = [...seen.values()].sort(compareBase);
      this.candidatesByTrain.set(train, list);
    }
    return list;
  }

  /** The bulletins that left this release unknown, each with the trains it did assess. */
  private notAssessed(assessments: readonly Assessment[]): NotAssessed[] {
    const byAdvisory = new Map<Advisory, Set<string>>();
    assessments.forEach((a, i) => {
      const assessed = this.screenOs[i]?.affected.assessed;
      if (a.status !== 'unknown' || assessed === undefined || assessed === 'all') return;
      const trains = byAdvisory.get(a.advisory) ?? new Set<string>();
      for (const train of assessed) trains.add(train);
      byAdvisory.set(a.advisory, trains);
    });
    return [...byAdvisory].map(([advisory, trains]) => ({ advisory, trains: [...trains].sort(semver.compare) }));
  }

  /**
   * Platform-limited entries that list the release (or, failing that, the upgrade target): a version
   * alone cannot tell the hardware, so they become a note rather than a finding.
   */
  private platformFindings(base: ScreenOsVersion, target: ScreenOsVersion | null): PlatformFinding[] {
    const findings = new Map<Advisory, { vulnerabilities: Vulnerability[]; platforms: Set<string>; release: string; fixedIn: string | null }>();
    for (const { advisory, vulnerability, affected } of this.screenOs) {
      for (const entry of affected.platformLimited) {
        const subject = isAffected(entry, base) ? base : target !== null && isAffected(entry, target) ? target : null;
        if (subject === null) continue;
        const fix = versionsOnTrain(entry, subject.train)
          .filter((v) => compareBase(v, subject) > 0 && !isAffected(entry, v))
          .sort(compareBase)[0];
        const finding = findings.get(advisory) ?? {
          vulnerabilities: [],
          platforms: new Set<string>(),
          release: formatBase(subject),
          fixedIn: fix === undefined ? null : formatBase(fix),
        };
        if (!finding.vulnerabilities.includes(vulnerability)) finding.vulnerabilities.push(vulnerability);
        for (const p of entry.platforms) finding.platforms.add(p);
        findings.set(advisory, finding);
      }
    }
    return [...findings].map(([advisory, f]) => ({
      advisory,
      vulnerabilities: f.vulnerabilities,
      platforms: [...f.platforms],
      release: f.release,
      isTarget: f.release !== formatBase(base),
      fixedIn: f.fixedIn,
    }));
  }
}

/** Options of {@link AdvisoryCatalog.check}. */
export interface CheckOptions extends JudgeOptions {
  /** Read the string as this product's version (`product=junos`); told from the string when absent. */
  readonly product?: ProductId | null;
}

/** Options of {@link AdvisoryCatalog.judge}. */
export interface JudgeOptions {
  /** The device's hardware model (`SRX345`, `SSG-5`), when known: bulletins limited to other platforms then do not apply. */
  readonly platform?: string | null;
}

/**
 * The verdict for one input: its reading and the (shared, memoised) judgement. Written out field by
 * field rather than spread, because this runs for every verdict and a literal of one shape is cheaper.
 */
function withInput(reading: VersionReading, j: Judgement, platform: string | null): Verdict {
  return {
    input: reading.input,
    reading,
    product: reading.kind === 'screenos' ? 'screenos' : reading.kind === 'junos' ? reading.product : null,
    platform,
    status: j.status,
    version: j.version,
    assessments: j.assessments,
    upgradeTo: j.upgradeTo,
    nearestFixOnTrain: j.nearestFixOnTrain,
    trainSupport: j.trainSupport,
    notes: j.notes,
    message: j.message,
  };
}
