import type { Advisory, Vulnerability } from '../advisories/types.ts';
import { readScreenOsVersion } from '../version/read-version.ts';
import { formatBase, type ScreenOsVersion } from '../version/screenos-version.ts';
import { groupByUrgency } from './urgency.ts';
import type { Judgement } from './verdict.ts';

type ReleaseFacts = Pick<Judgement, 'status' | 'version' | 'assessments' | 'upgradeTo' | 'nearestFixOnTrain' | 'trainSupport'>;

/** What a verdict must admit it does not cover. */
export interface CatalogCoverage {
  readonly advisories: readonly Advisory[];
  /** `JSA… CVE-… (Junos OS)` for entries of other products, which are not evaluated. */
  readonly unevaluated: readonly string[];
  /** Advisory files that failed to load. */
  readonly unloaded: readonly string[];
  /** End-of-life files that failed to load. */
  readonly lifecycleUnloaded: readonly string[];
}

/** A bulletin that did not assess the release's train, and the trains it did assess. */
export interface NotAssessed {
  readonly advisory: Advisory;
  readonly trains: readonly string[];
}

/**
 * A platform-limited entry (KRACK on SSG-5/SSG-20) that lists the release, or else its upgrade target.
 * It never decides the verdict, since a version does not tell the hardware; the answer names it.
 */
export interface PlatformFinding {
  readonly advisory: Advisory;
  readonly vulnerabilities: readonly Vulnerability[];
  readonly platforms: readonly string[];
  /** The release it lists: the version, or the upgrade target when the version is outside it. */
  readonly release: string;
  readonly isTarget: boolean;
  /** The first later release on that train that the entry clears, or null when it names none. */
  readonly fixedIn: string | null;
}

export interface ReleaseContext {
  readonly notAssessed: readonly NotAssessed[];
  readonly platformFindings: readonly PlatformFinding[];
  /** Bulletins that speak only about some hardware: never named as clearing a release. */
  readonly platformOnly: ReadonlySet<Advisory>;
}

/**
 * Adds the message and the notes to a verdict on one ScreenOS release. The message says what affects
 * it, where to go and why; the notes carry the caveats, one short line each, so that a card with twenty
 * CVEs does not grow: which bulletins did not assess the train, platform-limited findings, CSP and FIPS
 * builds, missing workarounds, and files that failed to load.
 */
export function summariseRelease(version: ScreenOsVersion, facts: ReleaseFacts, context: ReleaseContext, coverage: CatalogCoverage): Judgement {
  const { advisories, unevaluated, unloaded, lifecycleUnloaded } = coverage;
  if (advisories.length === 0) {
    const why = unloaded.length > 0 ? ` (${unloaded.join(', ')} failed to load)` : '';
    return {
      ...facts,
      status: 'unknown',
      upgradeTo: null,
      nearestFixOnTrain: null,
      notes: [],
      message: `No ScreenOS bulletin is loaded${why}, so ${facts.version} cannot be judged.`,
    };
  }
  const train = version.train;
  const notes: string[] = [];
  if (unloaded.length > 0) notes.push(`Not covered: ${unloaded.join(', ')} could not be loaded (see advisories).`);
  if (lifecycleUnloaded.length > 0) {
    notes.push(`End-of-life data not loaded (${lifecycleUnloaded.join(', ')}; see advisories): this answer does not say whether ${train} is still supported.`);
  }
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

  const hits = facts.assessments.filter((a) => a.status === 'affected');
  // Worst first: the backdoor leads the sentence on 6.3.0r19, not the bulletin with the lowest number.
  const byAdvisory = groupByUrgency(hits);
  const noWorkaround = [...byAdvisory.keys()].filter((a) => a.workaround === null).map((a) => a.id);
  if (noWorkaround.length > 0) {
    notes.push(`No workaround for ${noWorkaround.join(', ')}: only an upgrade fixes ${noWorkaround.length === 1 ? 'it' : 'them'}.`);
  }
  const notAssessedLine = describeNotAssessed(context.notAssessed);
  if (facts.status === 'affected' && notAssessedLine !== null) notes.push(`Not assessed for ${train} by: ${notAssessedLine}.`);
  for (const finding of context.platformFindings) notes.push(describePlatformFinding(finding, facts.status === 'affected'));

  const sentences: string[] = [];
  if (facts.status === 'affected') {
    sentences.push(
      `${facts.version} is affected by ${[...byAdvisory].map(([a, group]) => `${a.id} (${group.map((x) => x.vulnerability.id).join(', ')})`).join(', ')}.`,
    );
  } else if (facts.status === 'unknown') {
    sentences.push(`Whether ${facts.version} is affected is unknown: ${notAssessedLine ?? 'some loaded bulletins'} did not assess the ${train} train.`);
  } else {
    sentences.push(`${facts.version} is not affected by any of the ${advisories.length} loaded bulletins (${advisories.map((a) => a.id).join(', ')}).`);
  }
  const support = facts.trainSupport;
  const unsupported = support !== null && !support.supported;
  if (unsupported) sentences.push(`${train} left Juniper support on ${support.endOfSupport ?? 'an unknown date'}.`);
  if (facts.status !== 'not_affected' || unsupported) sentences.push(describeUpgrade(train, facts, unsupported, facts.status !== 'not_affected'));
  if (facts.status === 'affected') {
    const cleared = advisories
      .filter((a) => !byAdvisory.has(a) && !context.platformOnly.has(a) && !context.notAssessed.some((n) => n.advisory === a))
      .map((a) => a.id);
    if (cleared.length > 0) sentences.push(`Not affected by ${cleared.join(', ')}.`);
  }
  return { ...facts, notes, message: sentences.join(' ') };
}

/**
 * Where to go: the recommended release, and the nearest one on the version's own train when they differ
 * (for a release that needs a fix; one that is clear but out of support only needs the target).
 */
function describeUpgrade(train: string, facts: ReleaseFacts, unsupported: boolean, needsFix: boolean): string {
  const { upgradeTo, nearestFixOnTrain } = facts;
  if (upgradeTo === null) {
    return needsFix
      ? `The loaded bulletins name no release on the ${train} train that clears them all: ask Juniper which release to move to.`
      : 'No release on a supported train is known to clear every loaded bulletin: ask Juniper which release to move to.';
  }
  const targetTrain = readScreenOsVersion(upgradeTo)?.train ?? train;
  if (targetTrain === train) {
    return (
      `Upgrade to ${upgradeTo} or later on the ${train} train` + (unsupported ? ': no supported train has a release that clears every loaded bulletin.' : '.')
    );
  }
  const ownTrain = !needsFix
    ? '.'
    : nearestFixOnTrain !== null
      ? `; the nearest release on ${train} that clears every loaded bulletin is ${nearestFixOnTrain}.`
      : `; no later ${train} release clears every loaded bulletin.`;
  return `Upgrade to ${upgradeTo} or later on the ${targetTrain} train${ownTrain}`;
}

/**
 * "JSA10604 (5.4.0, 6.2.0, 6.3.0 only); JSA10624, JSA10733 (6.3.0 only)": bulletins grouped by the
 * trains they did assess, in catalog order, or null when every bulletin assessed the train.
 */
export function describeNotAssessed(notAssessed: readonly NotAssessed[]): string | null {
  if (notAssessed.length === 0) return null;
  const groups = new Map<string, string[]>();
  for (const { advisory, trains } of notAssessed) {
    const key = trains.join(', ');
    groups.set(key, [...(groups.get(key) ?? []), advisory.id]);
  }
  return [...groups].map(([trains, ids]) => `${ids.join(', ')} (${trains} only)`).join('; ');
}

/**
 * "On SSG-5/SSG-20: also affected by JSA10827 (CVE-2017-13077 and 4 more), no fixed release named.
 * Disable all Wi-Fi configurations …": the remedy is the bulletin's workaround, else its first action.
 */
function describePlatformFinding(finding: PlatformFinding, alsoAffected: boolean): string {
  const [first, ...rest] = finding.vulnerabilities;
  const cves = first === undefined ? '' : ` (${first.id}${rest.length > 0 ? ` and ${rest.length} more` : ''})`;
  const subject = finding.isTarget ? `${finding.release} is affected by` : alsoAffected ? 'also affected by' : 'affected by';
  const fix = finding.fixedIn === null ? 'no fixed release named' : `fixed in ${finding.fixedIn}`;
  const remedy = finding.advisory.workaround ?? finding.advisory.actions[0] ?? null;
  return `On ${finding.platforms.join('/')}: ${subject} ${finding.advisory.id}${cves}, ${fix}.` + (remedy === null ? '' : ` ${remedy}`);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
