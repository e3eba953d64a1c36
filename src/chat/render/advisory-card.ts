import type { Advisory, Indicator, Vulnerability } from '../../domain/advisories/types.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { eventEntry, isScreenOs } from '../../domain/matching/ranges.ts';
import { formatRating, isSevere, rateVulnerability, worstRating } from '../../domain/matching/severity.ts';
import { byUrgency } from '../../domain/matching/urgency.ts';
import { SCHEMES, SCREENOS, schemeForProduct, withScheme } from '../../domain/version/schemes.ts';
import type { Card, CardElement, RichText, Tone } from '../reply.ts';
import { span } from '../reply.ts';

const INDICATOR_LABEL: Readonly<Record<Indicator['kind'], string>> = {
  log_pattern: 'Log',
  ids_rule: 'IDS rule',
  published_credential: 'Published password',
  scanner_check: 'Scanner check',
  file_hash: 'SHA-256',
  ip_address: 'Address',
  file_name: 'File',
  command: 'Run',
};

/** The tone of a bulletin from its most severe vulnerability. */
export function advisoryTone(advisory: Advisory): Tone {
  const worst = worstRating(advisory.vulnerabilities.map(rateVulnerability));
  if (isSevere(worst)) return 'danger';
  if (worst?.level === 'medium') return 'warning';
  return 'info';
}

/**
 * The fixed releases a bulletin names, by train, in each product's order: respins first, the mainline
 * fix last. Trains of a product other than ScreenOS carry its name (`22.3 (Junos OS Evolved)`) when the
 * bulletin covers more than one product.
 */
export function fixedReleasesByTrain(advisory: Advisory): Map<string, string[]> {
  const entries = advisory.vulnerabilities.flatMap((v) => v.affected);
  const products = new Set(entries.map((e) => schemeForProduct(e.product)?.product).filter((p) => p !== undefined));
  const result = new Map<string, string[]>();
  for (const scheme of SCHEMES) {
    if (!products.has(scheme.product)) continue;
    const ofProduct = entries.filter((e) => schemeForProduct(e.product) === scheme);
    const label = (train: string): string => (products.size > 1 && scheme !== SCREENOS ? `${train} (${scheme.name})` : train);
    withScheme(scheme, (s) => {
      const fixed = ofProduct.flatMap((e) => e.ranges.flatMap((r) => r.events.map(eventEntry).filter(([type]) => type === 'fixed')));
      const versions = fixed
        .map(([, value]) => s.read(value))
        .filter((v) => v !== null)
        .sort(s.compare);
      for (const v of versions) {
        const list = result.get(label(s.train(v))) ?? [];
        if (!list.includes(s.formatRelease(v))) list.push(s.formatRelease(v));
        result.set(label(s.train(v)), list);
      }
    });
  }
  return result;
}

/** The bulletin's vulnerabilities with their ratings, CWEs and KEV listing, worst first. */
export function vulnerabilitiesList(advisory: Advisory, catalog: AdvisoryCatalog, title = 'Vulnerabilities'): CardElement {
  const rated = byUrgency(
    advisory.vulnerabilities.map((vulnerability) => ({ advisory, vulnerability, knownExploited: catalog.knownExploited(vulnerability) })),
  );
  return {
    kind: 'list',
    title,
    items: rated.map(({ vulnerability: v }) => [
      span.bold(`${v.id} ${v.name}`),
      span.plain(`: ${formatRating(rateVulnerability(v))}`),
      span.plain(v.cwes.length > 0 ? `; ${v.cwes.join(', ')}` : ''),
      span.plain(knownExploitedText(catalog, v)),
    ]),
  };
}

/** "; known exploited (CISA KEV since …)" when the bulletin or the KEV data in use lists it, else nothing. */
function knownExploitedText(catalog: AdvisoryCatalog, vulnerability: Vulnerability): string {
  const kev = catalog.knownExploited(vulnerability);
  return kev === null ? '' : `; known exploited (CISA KEV since ${kev.dateAdded})`;
}

/** Affected releases per train and CVE, then the fixed releases per train. */
export function releaseLists(advisory: Advisory, catalog: AdvisoryCatalog): CardElement[] {
  const fixed = fixedReleasesByTrain(advisory);
  return [
    {
      kind: 'list',
      title: 'Affected releases',
      items: [
        // ScreenOS trains in words from the ranges; other products in the vendor's words below.
        ...[...fixed.keys()].filter(SCREENOS.readScope).flatMap((train) =>
          catalog
            .describeTrain(train)
            .filter((s) => s.advisory === advisory)
            .map((s): RichText => [span.bold(`${train} ${s.vulnerability.id}`), span.plain(`: ${s.text}`)]),
        ),
        ...vendorStatements(advisory),
      ],
    },
    {
      kind: 'list',
      title: 'Fixed releases',
      items: [...fixed].map(([train, versions]): RichText => [
        span.bold(train),
        span.plain(': '),
        ...versions.flatMap((v, i) => [span.plain(i === 0 ? '' : ', '), span.code(v)]),
      ]),
    },
  ];
}

/**
 * Entries of products other than ScreenOS as the vendor worded them ("22.3 versions prior to 22.3R2-S2,
 * 22.3R3-S1"), per CVE, product and platforms: the files encode these words as events, and the card
 * shows the words, which is what people compare with Juniper's page.
 */
function vendorStatements(advisory: Advisory): RichText[] {
  return advisory.vulnerabilities.flatMap((v) =>
    v.affected
      .filter((e) => !isScreenOs(e.product))
      .map((e): RichText => [
        span.bold(v.id),
        span.plain(` (${e.product}${e.platforms.length > 0 ? ` on ${e.platforms.join(', ')}` : ''}): `),
        span.plain(e.statement ?? 'see the bulletin for the affected releases'),
      ]),
  );
}

export function indicatorsList(advisory: Advisory): CardElement[] {
  return advisory.indicators.length === 0 ? [] : [{ kind: 'list', title: 'Indicators to hunt for', items: advisory.indicators.map(formatIndicator) }];
}

export function referencesList(advisory: Advisory): CardElement {
  return { kind: 'list', title: 'References', items: advisory.references.map((r) => [span.link(r.title, r.url)]) };
}

/** The summary card for one bulletin: what happened, severity, affected and fixed releases, indicators, actions, references. */
export function buildAdvisoryCard(advisory: Advisory, catalog: AdvisoryCatalog): Card {
  const worst = worstRating(advisory.vulnerabilities.map(rateVulnerability));
  const elements: CardElement[] = [
    { kind: 'text', text: advisory.summary },
    {
      kind: 'fields',
      fields: [
        { label: 'Severity', value: worst === null ? 'unscored' : formatRating(worst) },
        { label: 'CVEs', value: advisory.vulnerabilities.map((v) => v.id).join(', ') },
        { label: 'Published', value: advisory.published === advisory.modified ? advisory.published : `${advisory.published} (updated ${advisory.modified})` },
        { label: 'Workaround', value: advisory.workaround ?? 'None: upgrade is the only fix' },
      ],
    },
    { kind: 'text', text: advisory.details },
    vulnerabilitiesList(advisory, catalog),
    ...releaseLists(advisory, catalog),
  ];
  if (advisory.not_affected.length > 0) {
    elements.push({ kind: 'list', title: 'Not affected', items: advisory.not_affected.map((n) => `${n.product}: ${n.statement} (${n.source})`) });
  }
  elements.push(...indicatorsList(advisory));
  elements.push({ kind: 'list', title: 'What to do', items: advisory.actions, ordered: true });
  if (advisory.notes.length > 0) elements.push({ kind: 'list', title: 'Notes on scope', items: advisory.notes });
  elements.push(referencesList(advisory));
  return { title: `${advisory.id}: ${advisory.title}`, tone: advisoryTone(advisory), elements, actions: [{ label: 'All bulletins', command: 'advisories' }] };
}

function formatIndicator(indicator: Indicator): RichText {
  const parts = [span.bold(`${INDICATOR_LABEL[indicator.kind]}: `), span.code(indicator.value), span.plain(`. ${indicator.description}`)];
  if (indicator.example !== null) parts.push(span.plain(' Example: '), span.code(indicator.example));
  parts.push(span.italic(` (${indicator.source})`));
  return parts;
}
