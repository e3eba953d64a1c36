import type { IndicatorKind } from '../../domain/advisories/types.ts';
import type { HuntReport } from '../../domain/hunt/log-hunt.ts';
import type { BulletinHits, IndicatorHit } from '../../domain/hunt/indicator-sweep.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { groupByUrgency } from '../../domain/matching/urgency.ts';
import { span, type CardElement, type RichText, type Span } from '../reply.ts';

const count = new Intl.NumberFormat('en-US');

export function plural(n: number, word: string): string {
  return `${count.format(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** `A`, `A and B`, `A, B and C`. */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * Bulletin ids, worst first as everywhere (see `compareAssessments`): known exploited first, then the
 * more severe, then by id. Ids the catalog does not hold keep their order, last.
 */
export function worstFirst(ids: readonly string[], catalog: AdvisoryCatalog): string[] {
  const advisories = catalog.advisories.filter((a) => ids.includes(a.id));
  const facts = advisories.flatMap((advisory) =>
    advisory.vulnerabilities.map((vulnerability) => ({ advisory, vulnerability, knownExploited: catalog.knownExploited(vulnerability) })),
  );
  const ordered = [...groupByUrgency(facts).keys()].map((a) => a.id);
  return [...ordered, ...ids.filter((id) => !ordered.includes(id))];
}

function knownExploited(id: string, catalog: AdvisoryCatalog): boolean {
  return catalog.findAdvisory(id)?.vulnerabilities.some((v) => catalog.knownExploited(v) !== null) ?? false;
}

const KIND_LABEL: Readonly<Record<IndicatorHit['kind'], string>> = { log_pattern: 'log pattern', ip_address: 'address', file_hash: 'SHA-256' };

/** "`PHPRC=` (log pattern), 3 lines: 2, 7, 9; the first: `POST /?PHPRC=…` — what it means". */
function hitItem(hit: IndicatorHit): RichText {
  const more = hit.lines > hit.firstLines.length ? ', …' : '';
  const where = hit.lines === 1 ? `line ${hit.firstLines[0]}: ` : `${plural(hit.lines, 'line')}: ${hit.firstLines.join(', ')}${more}; the first: `;
  return [span.code(hit.value), span.plain(` (${KIND_LABEL[hit.kind]}), ${where}`), span.code(hit.excerpt), span.plain(` — ${hit.description}`)];
}

/** The bulletins whose indicators were found, worst first. */
export function hitBulletins(report: HuntReport, catalog: AdvisoryCatalog): BulletinHits[] {
  const order = worstFirst(
    report.indicatorHits.map((h) => h.bulletin),
    catalog,
  );
  return [...report.indicatorHits].sort((a, b) => order.indexOf(a.bulletin) - order.indexOf(b.bulletin));
}

/** One list per bulletin with indicators found, worst first: each indicator, its lines and the first line itself. */
export function indicatorHitLists(report: HuntReport, catalog: AdvisoryCatalog): CardElement[] {
  return hitBulletins(report, catalog).map((hits) => {
    const title = catalog.findAdvisory(hits.bulletin)?.title;
    const exploited = knownExploited(hits.bulletin, catalog) ? ', known exploited' : '';
    return {
      kind: 'list',
      title: `${hits.bulletin}${exploited}: ${plural(hits.indicators.length, 'indicator')} in ${plural(hits.lines, 'line')}${title === undefined ? '' : ` (${title})`}`,
      items: hits.indicators.map(hitItem),
    };
  });
}

/**
 * What was searched for, by name and count, so that "nothing found" says what it did not find:
 * "Searched 6 lines for the JSA10713 backdoor login … and for 24 indicators of JSA72300 (6), …".
 */
export function searchedText(report: HuntReport, catalog: AdvisoryCatalog): string {
  const { searched, readElsewhere } = report.coverage;
  const pair = readElsewhere.length > 0 ? `the ${listing(worstFirst(readElsewhere, catalog))} backdoor login` : 'the ScreenOS backdoor login';
  let text = `Searched ${plural(report.linesRead, 'line')} for ${pair} (an 00515 SSH login as “system”, then an 00528 password login from the same address)`;
  if (searched.length > 0) {
    const total = searched.reduce((sum, s) => sum + s.indicators, 0);
    const per = worstFirst(
      searched.map((s) => s.bulletin),
      catalog,
    ).map((id) => `${id} (${searched.find((s) => s.bulletin === id)?.indicators ?? 0})`);
    text += ` and for ${plural(total, 'indicator')} of ${listing(per)}: log patterns, addresses and SHA-256 hashes`;
  }
  return `${text}.`;
}

const NOT_LOG_CONTENT: readonly [IndicatorKind, string][] = [
  ['file_name', 'file names'],
  ['command', 'commands to run on the device'],
  ['ids_rule', 'IDS rules (Snort, BPF)'],
  ['scanner_check', 'YARA rules and scanner checks'],
  ['published_credential', 'published passwords'],
];

/**
 * The indicators that are not log content, which the hunt leaves out, and where to find them: the
 * hunted bulletins that have some, worst first.
 */
export function notSearchedText(report: HuntReport, catalog: AdvisoryCatalog): RichText | null {
  const { searched, readElsewhere, notLogContent } = report.coverage;
  const hunted = new Set([...searched.map((s) => s.bulletin), ...readElsewhere]);
  const relevant = notLogContent.filter((n) => hunted.has(n.bulletin));
  if (relevant.length === 0) return null;
  const kinds = NOT_LOG_CONTENT.filter(([kind]) => relevant.some((n) => n.kinds.includes(kind))).map(([, words]) => words);
  const see = worstFirst(
    relevant.map((n) => n.bulletin),
    catalog,
  ).flatMap((id, i): Span[] => [span.plain(i === 0 ? '' : ', '), span.command(`advisory ${id}`)]);
  return [span.plain(`Not searched, being for the device and the IDS rather than the log: ${kinds.join(', ')}. See `), ...see, span.plain('.')];
}
