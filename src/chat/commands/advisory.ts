import type { CommandSpec } from '../command.ts';
import { buildAdvisoryCard } from '../render/advisory-card.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { cardReply, span, type Reply } from '../reply.ts';

/** The bulletin shown when none is named: the one this bot exists for. */
export const DEFAULT_ADVISORY = 'JSA10713';

export const advisoryCommand: CommandSpec = {
  name: 'advisory',
  aliases: ['bulletin', 'jsa'],
  usage: 'advisory [ID]',
  summary: `Summary card of one bulletin (default ${DEFAULT_ADVISORY}): what happened, affected and fixed releases, indicators, what to do.`,
  examples: ['advisory', 'advisory JSA10712', 'advisory CVE-2015-7755'],
  run({ args, services }) {
    const query = args.split(/\s+/)[0] || DEFAULT_ADVISORY;
    const advisory = services.catalog.findAdvisory(query);
    if (advisory !== undefined) {
      const card = buildAdvisoryCard(advisory, services.catalog);
      return cardReply(card, 'private', `${advisory.id}: ${advisory.summary}`);
    }
    return noSuchBulletin(query, services.catalog);
  },
};

/**
 * The answer to a bulletin id or CVE that names no loaded bulletin: why (not loaded, or its file failed
 * to load) and the ids that are loaded. Every command that takes a bulletin gives this same answer.
 */
export function noSuchBulletin(query: string, catalog: AdvisoryCatalog): Reply {
  const broken = catalog.problems.filter((p) => p.file.toUpperCase().startsWith(query.toUpperCase()));
  const loaded = catalog.advisories.map((a) => a.id);
  return cardReply({
    title: `No bulletin “${query}”`,
    tone: 'info',
    elements: [
      {
        kind: 'text',
        text: [
          span.plain(broken.length > 0 ? `The file for “${query}” could not be loaded (see ` : `“${query}” is not a loaded bulletin or CVE. `),
          ...(broken.length > 0 ? [span.code('advisories'), span.plain('). ')] : []),
          span.plain(loaded.length > 0 ? `Loaded: ${loaded.join(', ')}.` : 'No bulletin is loaded.'),
        ],
      },
    ],
    actions: [{ label: 'All bulletins', command: 'advisories' }],
  });
}
