import type { CommandSpec } from '../command.ts';
import { findVersionCandidates } from '../../version/find-versions.ts';
import { renderVerdictCard, renderVerdictSummary } from '../render/verdict-card.ts';
import type { Reply } from '../reply.ts';

/** More versions than this in one message get one summary card rather than a card each. */
const FULL_CARDS_UP_TO = 3;
/** At most this many versions are judged per message; the rest are named as left out. */
export const MAX_VERSIONS = 100;

export const checkVersionsCommand: CommandSpec = {
  name: 'check',
  aliases: ['version', 'versions'],
  usage: 'check <version>…  (or just the versions)',
  summary: 'Says whether ScreenOS releases are affected, by which CVE of which bulletin, and what to upgrade to.',
  examples: ['6.2.0r16', '6.3.0r19b 6.3.0r12a', 'Software Version: 6.2.0r18.0, Type: Firewall+VPN'],
  run({ args, services }): Reply {
    const candidates = findVersionCandidates(args);
    if (candidates.length === 0) {
      const verdict = services.catalog.check(args);
      return renderVerdictCard(verdict);
    }
    const verdicts = candidates.slice(0, MAX_VERSIONS).map((c) => services.catalog.check(c));
    const leftOut = candidates.length - verdicts.length;
    const [only] = verdicts;
    if (verdicts.length === 1 && only !== undefined) return renderVerdictCard(only);
    return renderVerdictSummary(verdicts, { fullCards: verdicts.length <= FULL_CARDS_UP_TO, leftOut });
  },
};
