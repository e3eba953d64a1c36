import type { Advisory, Vulnerability } from '../advisories/types.ts';
import type { LoadProblem } from '../advisories/load-advisories.ts';
import { KevRegistry, type KnownExploited } from '../advisories/kev-registry.ts';
import { readVersion, type VersionReading } from '../version/read-version.ts';
import {
  baseVersion,
  compareBase,
  formatBase,
  formatVersion,
  type ScreenOsVersion,
} from '../version/screenos-version.ts';
import { compileAffected, describeTrain, isAffected, versionsOnTrain, type CompiledAffected } from './ranges.ts';
import type { Assessment, Verdict } from './verdict.ts';
import { judgeJunos, judgeTrain, judgeUnreadable, summariseScreenOs } from './explain.ts';

interface CompiledVulnerability {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly affected: CompiledAffected;
}

type Judgement = Omit<Verdict, 'input' | 'reading'>;

/** The affected releases of one vulnerability on one train, in words. */
export interface TrainStretch {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly text: string;
}

/** Verdicts kept per normalised version; fleets and pastes repeat a few dozen versions. */
const MEMO_LIMIT = 50_000;

/**
 * The loaded bulletins, compiled once, and the single place that turns a version string into a verdict.
 * Verdicts for a ScreenOS version are memoised by its normalised spelling; they depend on nothing else
 * but the KEV listings they carry, so the memo is dropped whenever those change (see {@link revision}).
 */
export class AdvisoryCatalog {
  readonly advisories: readonly Advisory[];
  /** Files that failed validation and were left out; shown in `help` and `advisories`. */
  readonly problems: readonly LoadProblem[];
  /** The KEV data in use, which the KEV feed replaces as it refreshes. */
  readonly kev = new KevRegistry();
  private readonly compiled: readonly CompiledVulnerability[];
  private readonly candidatesByTrain = new Map<string, readonly ScreenOsVersion[]>();
  private readonly memo = new Map<string, Judgement>();
  private memoRevision = 0;
  private readonly memoize: boolean;
  /** Entries for other products, named in every ScreenOS verdict so that nothing is skipped silently. */
  private readonly unevaluated: readonly string[];
  private readonly unloaded: readonly string[];

  /**
   * @param options.memoize false re-judges every call (the benchmarks' baseline); verdicts are the same.
   */
  constructor(advisories: readonly Advisory[], problems: readonly LoadProblem[] = [], options: { readonly memoize?: boolean } = {}) {
    this.memoize = options.memoize ?? true;
    this.advisories = advisories;
    this.problems = problems;
    this.compiled = advisories.flatMap((advisory) =>
      advisory.vulnerabilities.map((vulnerability) => ({
        advisory,
        vulnerability,
        affected: compileAffected(vulnerability.affected),
      })),
    );
    this.unloaded = [...new Set(problems.map((p) => p.file))];
    this.unevaluated = this.compiled.flatMap(({ advisory, vulnerability, affected }) =>
      affected.otherProducts.map((product) => `${advisory.id} ${vulnerability.id} (${product})`),
    );
  }

  /** Finds a bulletin by id (`JSA10713`, `jsa10713`, `10713`) or by one of its CVEs. */
  findAdvisory(query: string): Advisory | undefined {
    const q = query.trim().toUpperCase();
    const id = /^\d+$/.test(q) ? `JSA${q}` : q;
    return (
      this.advisories.find((a) => a.id.toUpperCase() === id) ??
      this.advisories.find((a) => a.vulnerabilities.some((v) => v.id.toUpperCase() === q))
    );
  }

  /**
   * Changes whenever a verdict for the same version could come out differently (today: a KEV listing
   * changed), so that anything holding verdicts (the inventory's findings) knows to judge again.
   */
  get revision(): number {
    return this.kev.revision;
  }

  /**
   * Whether a vulnerability is known to be exploited: its bulletin says so, or the KEV data in use lists
   * its CVE (CISA's dates win, as they come with a due date). Null when neither does.
   */
  knownExploited(vulnerability: Vulnerability): KnownExploited | null {
    return this.kev.knownExploited(vulnerability);
  }

  /** Reads and judges one version string. Never throws. */
  check(input: string): Verdict {
    return this.judge(readVersion(input));
  }

  /** Judges a version already read (the inventory reads each row once). */
  judge(reading: VersionReading): Verdict {
    switch (reading.kind) {
      case 'screenos':
        return { input: reading.input, reading, ...this.judgeScreenOs(reading.version) };
      case 'train':
        return { input: reading.input, reading, ...judgeTrain(reading.train, this.describeTrain(reading.train)) };
      case 'junos':
        return { input: reading.input, reading, ...judgeJunos(reading.junos, this.advisories) };
      case 'unreadable':
        return { input: reading.input, reading, ...judgeUnreadable(reading) };
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
      return text === null ? [] : [{ advisory, vulnerability, text }];
    });
  }

  private judgeScreenOs(version: ScreenOsVersion): Judgement {
    if (!this.memoize) return this.assess(version);
    if (this.memoRevision !== this.revision) {
      this.memo.clear();
      this.memoRevision = this.revision;
    }
    const key = formatVersion(version);
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const judgement = this.assess(version);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, judgement);
    return judgement;
  }

  private assess(version: ScreenOsVersion): Judgement {
    const base = baseVersion(version);
    const build = version.csp === null ? null : `${formatBase(version)}-${version.csp}`;
    const assessments: Assessment[] = this.compiled.map(({ advisory, vulnerability, affected }) => {
      const inRange = isAffected(affected, base);
      const fixedBuild = inRange && build !== null && affected.fixedBuilds.has(build);
      const isHit = inRange && !fixedBuild;
      return { advisory, vulnerability, affected: isHit, fixedBuild, fixedIn: isHit ? fixedInOnTrain(affected, base) : [], knownExploited: this.knownExploited(vulnerability) };
    });
    const hits = assessments.filter((a) => a.affected);
    const upgradeTo = hits.length === 0 ? null : this.findUpgradeTarget(base);
    const partial = { status: hits.length > 0 ? 'affected' : 'not_affected', version: formatVersion(version), assessments, upgradeTo } as const;
    return summariseScreenOs(version, partial, { advisories: this.advisories, unevaluated: this.unevaluated, unloaded: this.unloaded });
  }

  /** The lowest release above `base` on its train that no loaded vulnerability affects. */
  private findUpgradeTarget(base: ScreenOsVersion): string | null {
    for (const candidate of this.candidates(base.train)) {
      if (compareBase(candidate, base) <= 0) continue;
      if (!this.compiled.some((c) => isAffected(c.affected, candidate))) return formatBase(candidate);
    }
    return null;
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
}

/** The nearest fix on the same train: the patched respin of this release, and the first fixed mainline release. */
function fixedInOnTrain(affected: CompiledAffected, base: ScreenOsVersion): string[] {
  const later = versionsOnTrain(affected, base.train)
    .filter((v) => compareBase(v, base) > 0 && !isAffected(affected, v))
    .sort(compareBase);
  const nearest = later[0];
  const mainline = later.find((v) => v.respin === '');
  const result: string[] = [];
  if (nearest !== undefined) result.push(formatBase(nearest));
  if (mainline !== undefined && mainline !== nearest) result.push(formatBase(mainline));
  return result;
}
