import type { Advisory } from '../advisories/types.ts';
import type { TrainStretch } from './catalog.ts';
import type { VersionReading } from '../version/read-version.ts';
import { formatBase, type ScreenOsVersion } from '../version/screenos-version.ts';
import { groupByAdvisory, type Verdict } from './verdict.ts';

type Judgement = Omit<Verdict, 'input' | 'reading'>;
type ScreenOsFacts = Pick<Judgement, 'status' | 'version' | 'assessments' | 'upgradeTo'>;

/** Adds the notes and the message to a ScreenOS verdict. */
/** What a verdict must admit it does not cover. */
export interface CatalogCoverage {
  readonly advisories: readonly Advisory[];
  /** `JSA… CVE-… (Junos OS)` for entries of other products, which are not evaluated. */
  readonly unevaluated: readonly string[];
  /** Advisory files that failed to load. */
  readonly unloaded: readonly string[];
}

export function summariseScreenOs(version: ScreenOsVersion, facts: ScreenOsFacts, coverage: CatalogCoverage): Judgement {
  const { advisories, unevaluated, unloaded } = coverage;
  if (advisories.length === 0) {
    const why = unloaded.length > 0 ? ` (${unloaded.join(', ')} failed to load)` : '';
    return { ...facts, status: 'unknown', notes: [], message: `No bulletin is loaded${why}, so ${facts.version} cannot be judged.` };
  }
  const notes: string[] = [];
  if (unloaded.length > 0) notes.push(`Not covered: ${unloaded.join(', ')} could not be loaded (see advisories).`);
  if (unevaluated.length > 0) notes.push(`Not evaluated (not ScreenOS): ${unevaluated.join(', ')}.`);
  const base = formatBase(version);
  if (version.csp !== null) {
    const named = facts.assessments.filter((a) => a.fixedBuild).map((a) => a.advisory.id);
    notes.push(
      `${facts.version} is a customer special (CSP) build: it is judged as ${base}` +
        (named.length > 0 ? `, except where ${unique(named).join(', ')} names it as fixed` : '') +
        '. Confirm with Juniper what this CSP build contains.',
    );
  }
  if (version.fips) notes.push(`${facts.version} is a FIPS build: it is judged as ${base}.`);

  const hits = facts.assessments.filter((a) => a.affected);
  const byAdvisory = groupByAdvisory(hits);
  const noWorkaround = [...byAdvisory.keys()].filter((a) => a.workaround === null).map((a) => a.id);
  if (noWorkaround.length > 0) {
    notes.push(`No workaround for ${noWorkaround.join(', ')}: only an upgrade fixes ${noWorkaround.length === 1 ? 'it' : 'them'}.`);
  }

  let message: string;
  if (hits.length === 0) {
    message = `${facts.version} is not affected by any of the ${advisories.length} loaded bulletins (${advisories.map((a) => a.id).join(', ')}).`;
  } else {
    const list = [...byAdvisory].map(([advisory, group]) => `${advisory.id} (${group.map((a) => a.vulnerability.id).join(', ')})`);
    const cleared = advisories.filter((a) => !byAdvisory.has(a)).map((a) => a.id);
    message =
      `${facts.version} is affected by ${list.join(', ')}. ` +
      (facts.upgradeTo !== null
        ? `Upgrade to ${facts.upgradeTo} or later on the ${version.train} train.`
        : `The loaded bulletins name no release on the ${version.train} train that clears them all: ask Juniper which release to move to.`) +
      (cleared.length > 0 ? ` Not affected by ${cleared.join(', ')}.` : '');
  }
  return { ...facts, notes, message };
}

/** A train without a release: list what is affected on it rather than guess which release it is. */
export function judgeTrain(train: string, stretches: readonly TrainStretch[]): Judgement {
  const notes = stretches.map((s) => `${s.advisory.id} ${s.vulnerability.id}: ${s.text}.`);
  const message =
    `${train} names a train, not a release, so it cannot be judged. ` +
    (stretches.length === 0
      ? `No loaded bulletin names an affected release on ${train}. `
      : `${listAffecting(stretches)} releases on ${train} (listed below). `) +
    `Give the full release as \`get system\` shows it, for example ${train}r19.`;
  return { status: 'unknown', version: null, assessments: [], upgradeTo: null, notes, message };
}

/**
 * A Junos string: this bot checks ScreenOS only, so it reports what the loaded bulletins state about
 * Junos. It says "not affected" only when a bulletin states so and none lists Junos as affected.
 */
export function judgeJunos(junos: string, advisories: readonly Advisory[]): Judgement {
  const statements = advisories.flatMap((a) =>
    a.not_affected.filter((n) => /junos/i.test(n.product)).map((n) => `${a.id}: ${n.statement} (${n.source})`),
  );
  const listing = advisories.filter((a) =>
    a.vulnerabilities.some((v) => v.affected.some((entry) => /junos/i.test(entry.product))),
  );
  const others = advisories.filter((a) => !a.not_affected.some((n) => /junos/i.test(n.product))).map((a) => a.id);
  const cleared = statements.length > 0 && listing.length === 0;
  const message = cleared
    ? `${junos} is a Junos OS version, not ScreenOS. The loaded bulletins state Junos OS is not affected` +
      (others.length > 0 ? `; ${others.join(', ')} cover ScreenOS only` : '') +
      '. This bot does not check Junos bulletins.'
    : `${junos} is a Junos OS version, not ScreenOS, and no loaded bulletin states whether Junos OS is affected. This bot does not check Junos bulletins.`;
  return { status: cleared ? 'not_affected' : 'unknown', version: null, assessments: [], upgradeTo: null, notes: statements, message };
}

/** Something that is not a version: say why and offer a close spelling. Never "not affected". */
export function judgeUnreadable(reading: Extract<VersionReading, { kind: 'unreadable' }>): Judgement {
  const shown = reading.input.trim() === '' ? 'An empty version' : `“${reading.input.trim()}”`;
  const hint = reading.suggestion !== null ? ` Did you mean ${reading.suggestion}?` : ' Try a release such as 6.2.0r16 or 6.3.0r12b.';
  return {
    status: 'unknown',
    version: null,
    assessments: [],
    upgradeTo: null,
    notes: [],
    message: `${shown} is not a ScreenOS version: ${reading.reason}.${hint}`,
  };
}

function listAffecting(stretches: readonly TrainStretch[]): string {
  const ids = unique(stretches.map((s) => s.advisory.id));
  return `${ids.join(', ')} ${ids.length === 1 ? 'affects' : 'affect'}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
