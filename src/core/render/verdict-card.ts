import { formatRating, rateVulnerability, worstRating } from '../../matching/severity.ts';
import { affecting, groupByAdvisory, type Verdict } from '../../matching/verdict.ts';
import type { Card, CardElement, Reply, Tone } from '../reply.ts';
import { span } from '../reply.ts';

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
  return worst?.level === 'critical' || worst?.level === 'high' ? 'danger' : 'warning';
}

/** How a verdict is named in titles: the normalised version, or what the user typed. */
export function verdictSubject(verdict: Verdict): string {
  if (verdict.version !== null) return verdict.version;
  if (verdict.reading.kind === 'junos') return verdict.reading.junos;
  if (verdict.reading.kind === 'train') return verdict.reading.train;
  const input = verdict.input.trim();
  return input === '' ? '(empty)' : `“${input.length > 40 ? input.slice(0, 39) + '…' : input}”`;
}

/** One card for one version: verdict, CVEs, severity, upgrade target, caveats, links to the bulletins. */
export function buildVerdictCard(verdict: Verdict): Card {
  const hits = affecting(verdict);
  const elements: CardElement[] = [{ kind: 'text', text: verdict.message }];
  if (hits.length > 0) {
    const worst = worstRating(hits.map((a) => rateVulnerability(a.vulnerability)));
    elements.push({
      kind: 'fields',
      fields: [
        { label: 'CVE', value: hits.map((a) => a.vulnerability.id).join(', ') },
        { label: 'Severity', value: worst === null ? 'unscored' : formatRating(worst) },
        { label: 'Upgrade to', value: verdict.upgradeTo === null ? 'no release known that clears every bulletin' : [span.code(verdict.upgradeTo)] },
        { label: 'Bulletins', value: [...groupByAdvisory(hits).keys()].map((a) => a.id).join(', ') },
      ],
    });
    elements.push({
      kind: 'list',
      title: 'Findings',
      items: hits.map((a) => [
        span.bold(`${a.advisory.id} ${a.vulnerability.id}`),
        span.plain(` ${a.vulnerability.name}: ${formatRating(rateVulnerability(a.vulnerability))}`),
        span.plain(a.fixedIn.length > 0 ? `; fixed in ${a.fixedIn.join(' or ')}` : '; no fix named on this train'),
        span.plain(a.knownExploited !== null ? `; known exploited (CISA KEV since ${a.knownExploited.dateAdded})` : ''),
      ]),
    });
  }
  for (const note of verdict.notes) elements.push({ kind: 'context', text: note });
  const advisories = [...groupByAdvisory(hits).keys()].slice(0, 3);
  return {
    title: `${verdictSubject(verdict)}: ${STATUS_LABEL[verdict.status]}`,
    tone: verdictTone(verdict),
    elements,
    actions: advisories.map((a) => ({ label: `Show ${a.id}`, command: `advisory ${a.id}` })),
  };
}

export function renderVerdictCard(verdict: Verdict): Reply {
  return { cards: [buildVerdictCard(verdict)], fallback: verdict.message, visibility: 'private', shareable: true };
}

/** Several versions: a summary card with a line each, followed by full cards when there are few. */
export function renderVerdictSummary(verdicts: readonly Verdict[], options: { fullCards: boolean; leftOut: number }): Reply {
  const count = (status: Verdict['status']): number => verdicts.filter((v) => v.status === status).length;
  const counts = `${count('affected')} affected, ${count('unknown')} unknown, ${count('not_affected')} not affected`;
  const items = verdicts.map((v) => {
    const hits = affecting(v);
    const detail =
      v.status === 'affected'
        ? `${[...groupByAdvisory(hits)].map(([a, g]) => `${a.id} (${g.map((x) => x.vulnerability.id).join(', ')})`).join(', ')}` +
          (v.upgradeTo !== null ? ` → upgrade to ${v.upgradeTo}` : '')
        : v.status === 'unknown'
          ? v.message
          : 'clear of every loaded bulletin';
    return [span.bold(`${verdictSubject(v)}: ${STATUS_LABEL[v.status]}`), span.plain(` ${detail}`)];
  });
  const elements: CardElement[] = [{ kind: 'list', items }];
  if (options.leftOut > 0) {
    elements.push({ kind: 'context', text: `${options.leftOut} more versions were left out: send at most 100 at a time.` });
  }
  const worstTone: Tone = verdicts.some((v) => verdictTone(v) === 'danger')
    ? 'danger'
    : verdicts.some((v) => v.status !== 'not_affected')
      ? 'warning'
      : 'good';
  const summary: Card = { title: `${verdicts.length} versions: ${counts}`, tone: worstTone, elements, actions: [] };
  const cards = options.fullCards ? [summary, ...verdicts.map(buildVerdictCard)] : [summary];
  return { cards, fallback: `${verdicts.length} versions checked: ${counts}.`, visibility: 'private', shareable: true };
}
