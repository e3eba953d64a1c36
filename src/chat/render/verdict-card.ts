import { formatRating, formatRatingShort, isSevere, rateVulnerability, worstRating } from '../../domain/matching/severity.ts';
import { byUrgency, compareAssessments, cveIds, groupByUrgency } from '../../domain/matching/urgency.ts';
import { affecting, type Assessment, type Verdict } from '../../domain/matching/verdict.ts';
import type { Card, CardElement, Reply, RichText, Tone } from '../reply.ts';
import { span } from '../reply.ts';

/** Versions judged from one message; the rest are left out and counted, so a huge paste stays one answer. */
export const MAX_VERSIONS = 100;

/** How each verdict status reads in titles. */
export const STATUS_LABEL: Readonly<Record<Verdict['status'], string>> = {
  affected: 'affected',
  not_affected: 'not affected',
  unknown: 'unknown',
};

/** The tone of a verdict: red for a high or critical finding, amber for lesser ones and for unknowns. */
export function verdictTone(verdict: Verdict): Tone {
  if (verdict.status === 'not_affected') return 'good';
  if (verdict.status === 'unknown') return 'warning';
  const worst = worstRating(affecting(verdict).map((a) => rateVulnerability(a.vulnerability)));
  return isSevere(worst) ? 'danger' : 'warning';
}

/** How a verdict is named in titles: the normalised version, or what the user typed. */
export function verdictSubject(verdict: Verdict): string {
  if (verdict.version !== null) return verdict.version;
  if (verdict.reading.kind === 'train') return verdict.reading.train;
  const input = verdict.input.trim();
  return input === '' ? '(empty)' : `“${input.length > 40 ? input.slice(0, 39) + '…' : input}”`;
}

/** Findings listed on one card; the rest are a bulletin card away, so that twenty CVEs stay readable on a phone. */
export const FINDINGS_SHOWN = 8;

/**
 * One card for one version: verdict, CVEs, severity, upgrade target, caveats, links to the bulletins.
 * Everything is worst first (see `compareAssessments`): the CVE list, the bulletins, the findings
 * (grouped by bulletin, at most {@link FINDINGS_SHOWN}) and the "Show …" buttons.
 */
export function buildVerdictCard(verdict: Verdict): Card {
  const hits = affecting(verdict);
  const groups = groupByUrgency(hits);
  const bulletins = [...groups.keys()];
  const elements: CardElement[] = [{ kind: 'text', text: verdict.message }];
  if (hits.length > 0) {
    const worst = worstRating(hits.map((a) => rateVulnerability(a.vulnerability)));
    elements.push({
      kind: 'fields',
      fields: [
        { label: 'CVE', value: cveIds(hits).join(', ') },
        { label: 'Severity', value: worst === null ? 'unscored' : formatRating(worst) },
        { label: 'Upgrade to', value: verdict.upgradeTo === null ? 'no release known that clears every bulletin' : [span.code(verdict.upgradeTo)] },
        { label: 'Bulletins', value: bulletins.map((a) => a.id).join(', ') },
      ],
    });
    const findings = [...groups.values()].flat();
    elements.push({ kind: 'list', title: 'Findings', items: findings.slice(0, FINDINGS_SHOWN).map(findingLine) });
    const hidden = findings.slice(FINDINGS_SHOWN);
    if (hidden.length > 0) elements.push({ kind: 'context', text: moreFindings(hidden, findings.slice(0, FINDINGS_SHOWN)) });
  }
  for (const note of verdict.notes) elements.push({ kind: 'context', text: note });
  return {
    title: `${verdictSubject(verdict)}: ${STATUS_LABEL[verdict.status]}`,
    tone: verdictTone(verdict),
    elements,
    actions: bulletins.slice(0, 3).map((a) => ({ label: `Show ${a.id}`, command: `advisory ${a.id}` })),
  };
}

function findingLine(a: Assessment): RichText {
  return [
    span.bold(`${a.advisory.id} ${a.vulnerability.id}`),
    span.plain(` ${a.vulnerability.name}: ${formatRating(rateVulnerability(a.vulnerability))}`),
    span.plain(a.platforms === null ? '' : `; on ${a.platforms.join(', ')}`),
    span.plain(a.fixedIn.length > 0 ? `; fixed in ${a.fixedIn.join(' or ')}` : '; no fix named on this train'),
    span.plain(a.knownExploited !== null ? `; known exploited (CISA KEV since ${a.knownExploited.dateAdded})` : ''),
  ];
}

/**
 * "…and 19 more findings: JSA10759 (5 more), JSA10732 (1); type `advisory JSA10759` for all its CVEs
 * and fixes.": what was left out, per bulletin, and the command that shows the first of them.
 */
function moreFindings(hidden: readonly Assessment[], shown: readonly Assessment[]): RichText {
  const counts = new Map<string, number>();
  for (const a of hidden) counts.set(a.advisory.id, (counts.get(a.advisory.id) ?? 0) + 1);
  const split = new Set(shown.map((a) => a.advisory.id));
  const parts = [...counts].map(([id, n]) => `${id} (${n}${split.has(id) ? ' more' : ''})`);
  const [next = ''] = counts.keys();
  return [
    span.plain(`…and ${hidden.length} more finding${hidden.length === 1 ? '' : 's'}: ${parts.join(', ')}; type `),
    span.code(`advisory ${next}`),
    span.plain(' for all its CVEs and fixes.'),
  ];
}

export function renderVerdictCard(verdict: Verdict): Reply {
  return { cards: [buildVerdictCard(verdict)], fallback: verdict.message, visibility: 'private', shareable: true };
}

/** Bulletins named on one line of a summary before "and N more"; the version's own card names them all. */
const BULLETINS_PER_LINE = 3;
/** CVEs named per bulletin on one line of a summary. */
const CVES_PER_BULLETIN = 3;

/**
 * Several versions: a summary card, then full cards when there are few. Affected versions come first,
 * worst first, each with its worst severity; then the unknown ones; then, under their own heading, the
 * ones that are not affected, so that a clear line is never read as one of the affected. The full cards
 * follow in the same order.
 */
export function renderVerdictSummary(verdicts: readonly Verdict[], options: { fullCards: boolean; leftOut: number }): Reply {
  const affected = verdicts.filter((v) => v.status === 'affected').sort(compareVerdicts);
  const unknown = verdicts.filter((v) => v.status === 'unknown');
  const clear = verdicts.filter((v) => v.status === 'not_affected');
  const counts = `${affected.length} affected, ${unknown.length} unknown, ${clear.length} not affected`;
  const elements: CardElement[] = [];
  if (affected.length > 0) elements.push({ kind: 'list', title: `Affected (${affected.length}), worst first`, items: affected.map(affectedLine) });
  if (unknown.length > 0) {
    elements.push({
      kind: 'list',
      title: `Unknown (${unknown.length})`,
      items: unknown.map((v) => [span.bold(verdictSubject(v)), span.plain(`: ${v.message}`)]),
    });
  }
  if (clear.length > 0) {
    elements.push({
      kind: 'list',
      title: `Not affected (${clear.length})`,
      items: clear.map((v) => [
        span.bold(verdictSubject(v)),
        span.plain(`: clear of every loaded bulletin${v.upgradeTo === null ? '' : `; its train left support → ${v.upgradeTo}`}`),
      ]),
    });
  }
  if (options.leftOut > 0) {
    elements.push({ kind: 'context', text: `${options.leftOut} more versions were left out: send at most ${MAX_VERSIONS} at a time.` });
  }
  const worstTone: Tone = verdicts.some((v) => verdictTone(v) === 'danger') ? 'danger' : verdicts.some((v) => v.status !== 'not_affected') ? 'warning' : 'good';
  const summary: Card = { title: `${verdicts.length} versions: ${counts}`, tone: worstTone, elements, actions: [] };
  const cards = options.fullCards ? [summary, ...[...affected, ...unknown, ...clear].map(buildVerdictCard)] : [summary];
  return { cards, fallback: `${verdicts.length} versions checked: ${counts}.`, visibility: 'private', shareable: true };
}

/** Two affected verdicts by their most urgent findings. */
function compareVerdicts(a: Verdict, b: Verdict): number {
  const [worstA] = byUrgency(affecting(a));
  const [worstB] = byUrgency(affecting(b));
  return worstA === undefined || worstB === undefined ? 0 : compareAssessments(worstA, worstB);
}

/** "6.3.0r19: Critical 9.8, known exploited · JSA10713 (CVE-2015-7755, CVE-2015-7756), … and 6 more bulletins → upgrade to 6.3.0r26". */
function affectedLine(verdict: Verdict): RichText {
  const hits = affecting(verdict);
  const worst = worstRating(hits.map((a) => rateVulnerability(a.vulnerability)));
  const groups = [...groupByUrgency(hits)];
  const named = groups.slice(0, BULLETINS_PER_LINE).map(([advisory, group]) => {
    const ids = group.map((a) => a.vulnerability.id);
    const more = ids.length > CVES_PER_BULLETIN ? ` +${ids.length - CVES_PER_BULLETIN}` : '';
    return `${advisory.id} (${ids.slice(0, CVES_PER_BULLETIN).join(', ')}${more})`;
  });
  const others = groups.length - named.length;
  const severity = (worst === null ? 'Unscored' : formatRatingShort(worst)) + (hits.some((a) => a.knownExploited !== null) ? ', known exploited' : '');
  return [
    span.bold(verdictSubject(verdict)),
    span.plain(`: ${severity} · ${named.join(', ')}${others > 0 ? ` and ${others} more bulletin${others === 1 ? '' : 's'}` : ''}`),
    span.plain(verdict.upgradeTo === null ? '' : ` → upgrade to ${verdict.upgradeTo}`),
  ];
}
