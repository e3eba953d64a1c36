import type { KevStatus } from '../../domain/advisories/kev-registry.ts';
import { formatLoadProblem } from '../../domain/advisories/load-advisories.ts';
import { ago } from '../render/freshness.ts';
import { primaryReference } from '../../domain/advisories/primary-reference.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { formatRating, rateVulnerability, worstRating } from '../../domain/matching/severity.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type CardElement } from '../reply.ts';

/** The warning shown wherever the bot lists what it knows: which files were left out, and why. */
export function loadProblemElements(catalog: AdvisoryCatalog): CardElement[] {
  if (catalog.problems.length === 0) return [];
  const files = new Set(catalog.problems.map((p) => p.file));
  return [
    {
      kind: 'list',
      title: `${files.size} advisory file${files.size === 1 ? ' was' : 's were'} not loaded; verdicts ignore ${files.size === 1 ? 'it' : 'them'}`,
      items: catalog.problems.map(formatLoadProblem),
    },
  ];
}

/**
 * "Known exploited: CISA KEV catalog 2025.10.02 (refreshed 3 h ago; last attempt failed: HTTP 503)":
 * which KEV data the answers use, how fresh it is, and what went wrong with it.
 */
export function describeKnownExploited(status: KevStatus, now: Date): string {
  const version = `CISA KEV catalog ${status.catalogVersion ?? '(no version)'}`;
  const skipped = status.skipped === 0 ? null : `${status.skipped} malformed ${status.skipped === 1 ? 'entry' : 'entries'} left out`;
  const notes = (first: string | null, failedLabel: string): string => {
    const parts = [first, status.lastError === null ? null : `${failedLabel}: ${status.lastError}`, skipped].filter((p) => p !== null);
    return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
  };
  switch (status.source) {
    case 'feed':
      return `Known exploited: ${version}${notes(status.lastSuccessAt === null ? 'refreshed' : `refreshed ${ago(status.lastSuccessAt, now)}`, 'last attempt failed')}`;
    case 'snapshot':
      return `Known exploited: ${version}, the snapshot shipped with the advisories${notes(null, 'refresh failed')}`;
    case 'none':
      return `Known exploited: only what the bulletins themselves record (${status.lastError ?? 'no KEV data loaded'})`;
    default: {
      const never: never = status.source;
      return never;
    }
  }
}

export const advisoriesCommand: CommandSpec = {
  name: 'advisories',
  aliases: ['bulletins', 'list'],
  usage: 'advisories',
  summary: 'Lists the loaded bulletins, and any advisory file that could not be loaded.',
  examples: ['advisories'],
  run({ services }) {
    const { catalog } = services;
    const items = catalog.advisories.map((a) => {
      const worst = worstRating(a.vulnerabilities.map(rateVulnerability));
      const source = primaryReference(a);
      return [
        span.bold(a.id),
        span.plain(` (${a.published}) ${worst === null ? 'unscored' : formatRating(worst)}: `),
        span.plain(`${a.vulnerabilities.map((v) => v.id).join(', ')}. ${a.summary}`),
        ...(source === undefined ? [] : [span.plain(' Source: '), span.link(source.title, source.url)]),
      ];
    });
    const problems = loadProblemElements(catalog);
    return cardReply({
      title: `${catalog.advisories.length} bulletin${catalog.advisories.length === 1 ? '' : 's'} loaded`,
      tone: problems.length > 0 ? 'warning' : 'info',
      elements: [{ kind: 'list', items }, ...problems, { kind: 'context', text: describeKnownExploited(catalog.kev.status(), services.now()) }],
      actions: catalog.advisories.slice(0, 5).map((a) => ({ label: a.id, command: `advisory ${a.id}` })),
    });
  },
};
