import type { Advisory } from '../advisories/types.ts';
import type { VersionScheme } from '../version/version-scheme.ts';
import type { CatalogCoverage } from './explain-release.ts';
import type { PlatformException, ReleaseFindings } from './product-matcher.ts';
import { groupByUrgency } from './urgency.ts';
import type { Assessment, Judgement } from './verdict.ts';

/** The facts beside the findings that the answer must say. */
export interface ProductReleaseContext<V> {
  readonly scheme: VersionScheme<V>;
  readonly version: V;
  /** The device's hardware model, or null for a version alone. */
  readonly platform: string | null;
  /** The bulletins with an entry about the product. */
  readonly advisories: readonly Advisory[];
  readonly coverage: CatalogCoverage;
}

/**
 * The message and notes for a release of a product judged by a {@link ProductMatcher}: what affects it
 * and on which platforms, where to go on its own train, what a version alone cannot settle, and the
 * bulletins that speak only about another product.
 */
export function summariseProductRelease<V>(findings: ReleaseFindings, context: ProductReleaseContext<V>): Judgement {
  const { scheme, version, platform, advisories, coverage } = context;
  const shown = scheme.format(version);
  const train = scheme.train(version);
  const facts = {
    status: findings.status,
    version: shown,
    assessments: findings.assessments,
    upgradeTo: findings.upgradeTo,
    nearestFixOnTrain: findings.nearestFixOnTrain,
    trainSupport: null,
  } as const;
  const others = coverage.advisories.filter((a) => !advisories.includes(a));
  const notes: string[] = [];
  // What other bulletins state about this product ("JSA10713: Junos OS is not affected"), with the source.
  for (const a of coverage.advisories) {
    for (const n of a.not_affected) if (n.product.trim().toLowerCase() === scheme.name.toLowerCase()) notes.push(`${a.id}: ${n.statement} (${n.source})`);
  }
  if (coverage.unloaded.length > 0) notes.push(`Not covered: ${coverage.unloaded.join(', ')} could not be loaded (see advisories).`);
  if (advisories.length === 0) {
    return {
      ...facts,
      status: 'unknown',
      upgradeTo: null,
      nearestFixOnTrain: null,
      notes,
      message: `No loaded bulletin covers ${scheme.name}, so ${shown} cannot be judged.`,
    };
  }
  const judgedFor = platform === null ? '' : ` on ${platform}`;
  const hits = findings.assessments.filter((a) => a.status === 'affected');
  const byAdvisory = groupByUrgency(hits);
  const unknown = unique(findings.assessments.filter((a) => a.status === 'unknown').map((a) => a.advisory.id));

  const sentences: string[] = [];
  if (findings.status === 'affected') {
    sentences.push(`${shown}${judgedFor} is affected by ${[...byAdvisory].map(([a, group]) => `${a.id} (${group.map(describeHit).join(', ')})`).join(', ')}.`);
    sentences.push(describeUpgrade(train, findings));
    const cleared = advisories.filter((a) => !byAdvisory.has(a) && !unknown.includes(a.id)).map((a) => a.id);
    if (cleared.length > 0) sentences.push(`Not affected by ${cleared.join(', ')}.`);
  } else if (findings.status === 'unknown') {
    sentences.push(
      `Whether ${shown}${judgedFor} is affected is unknown: ${unknown.join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not list the ${train} train, so it was not evaluated there. Ask Juniper, or move to a train the bulletins cover.`,
    );
    if (findings.upgradeTo !== null) sentences.push(`${findings.upgradeTo} clears every loaded ${scheme.name} bulletin.`);
  } else {
    const ids = advisories.map((a) => a.id).join(', ');
    sentences.push(
      advisories.length === 1
        ? `${shown}${judgedFor} is not affected by ${ids}, the one loaded ${scheme.name} bulletin.`
        : `${shown}${judgedFor} is not affected by any of the ${advisories.length} loaded ${scheme.name} bulletins (${ids}).`,
    );
  }
  for (const [advisory] of byAdvisory) {
    if (advisory.workaround !== null) notes.push(`Workaround for ${advisory.id} until you upgrade: ${advisory.workaround}`);
  }
  const noWorkaround = [...byAdvisory.keys()].filter((a) => a.workaround === null).map((a) => a.id);
  if (noWorkaround.length > 0) notes.push(`No workaround for ${noWorkaround.join(', ')}: only an upgrade fixes ${noWorkaround.length === 1 ? 'it' : 'them'}.`);
  if (findings.status === 'affected' && unknown.length > 0) {
    notes.push(
      `Not evaluated for the ${train} train by ${unknown.join(', ')}: ${unknown.length === 1 ? 'its list skips' : 'their lists skip'} it, so ${unknown.length === 1 ? 'it' : 'they'} may apply as well. Ask Juniper.`,
    );
  }
  for (const line of describeExceptions(findings.exceptions, shown)) notes.push(line);
  if (platform === null && findings.assessments.some((a) => a.platforms !== null)) {
    notes.push(
      'Judged on the version alone: findings that name platforms hold only there. Give the model (or set the inventory’s platform) to judge one device.',
    );
  }
  if (others.length > 0) notes.push(describeOthers(others, scheme.name));
  return { ...facts, notes, message: sentences.join(' ') };
}

/**
 * "Not about Junos OS Evolved: 15 ScreenOS bulletins; 4 Junos OS bulletins (JSA11021, JSA72300, …)":
 * the loaded bulletins this answer did not weigh, by the products they are about, so that their silence
 * is never read as an all-clear. ScreenOS bulletins are counted, not named: there are many.
 */
function describeOthers(others: readonly Advisory[], name: string): string {
  const byProduct = new Map<string, string[]>();
  for (const a of others) {
    const product = [...new Set(a.vulnerabilities.flatMap((v) => v.affected.map((e) => e.product)))].join(' and ') || 'no product';
    byProduct.set(product, [...(byProduct.get(product) ?? []), a.id]);
  }
  const parts = [...byProduct].map(
    ([product, ids]) => `${ids.length} ${product} bulletin${ids.length === 1 ? '' : 's'}${ids.length <= 5 ? ` (${ids.join(', ')})` : ''}`,
  );
  return `Not about ${name}: ${parts.join('; ')}.`;
}

/** `CVE-2023-36845 on EX Series, SRX Series` when the finding names platforms. */
function describeHit(a: Assessment): string {
  return a.platforms === null ? a.vulnerability.id : `${a.vulnerability.id} on ${a.platforms.join(', ')}`;
}

function describeUpgrade(train: string, findings: ReleaseFindings): string {
  const { upgradeTo, nearestFixOnTrain } = findings;
  if (upgradeTo === null) return 'The loaded bulletins name no later release that clears them all: ask Juniper which release to move to.';
  if (nearestFixOnTrain !== null) return `Upgrade to ${upgradeTo} or later on the ${train} train.`;
  return `No ${train} release clears every loaded bulletin: upgrade to ${upgradeTo} or later.`;
}

/** "On SRX300 Series: JSA93446 (CVE-2025-21590) still lists 21.4R3-S10, no fixed release on this train." */
function describeExceptions(exceptions: readonly PlatformException[], shown: string): string[] {
  return exceptions.map(
    (e) =>
      `On ${e.platforms.join(', ')}: ${e.advisory.id} (${e.vulnerability.id}) still lists ${shown}, ` +
      (e.fixedIn === null ? 'with no fixed release on this train.' : `fixed there in ${e.fixedIn}.`),
  );
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
