import type { CommandSpec } from '../command.ts';
import { PRODUCT_NAMES, readProductName, type ProductId } from '../../domain/version/product-names.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import type { Verdict } from '../../domain/matching/verdict.ts';
import { findVersionCandidates } from '../../domain/version/find-versions.ts';
import { readVersion } from '../../domain/version/read-version.ts';
import { MAX_VERSIONS, renderVerdictCard, renderVerdictSummary } from '../render/verdict-card.ts';
import { cardReply, span, type Reply } from '../reply.ts';
import { VersionReplyCache } from './version-reply-cache.ts';

/** More versions than this in one message get one summary card rather than a card each. */
const FULL_CARDS_UP_TO = 3;
/** At most this many versions are judged per message; the rest are named as left out. */

// `product=junos`, `product="Junos OS"`: the option is taken out of the text before versions are picked.
const PRODUCT_OPTION = /(?<!\S)product=(?:"([^"]*)"|“([^”]*)”|'([^']*)'|(\S*))/gi;

export const checkVersionsCommand: CommandSpec = {
  name: 'check',
  aliases: ['version', 'versions'],
  usage: 'check <version>… [product=junos|screenos]',
  summary:
    'Says whether ScreenOS or Junos OS releases are affected, by which CVE of which bulletin, and what to upgrade to. The product is told from the version; product= forces it.',
  examples: ['6.2.0r16', '6.3.0r19b 6.3.0r12a', 'Software Version: 6.2.0r18.0, Type: Firewall+VPN', '21.4R3-S5 product=junos'],
  run({ args, services }): Reply {
    return checkVersions(args, services.catalog, null);
  },
};

/**
 * `junos <version>…`: the versions read as Junos OS releases, as `check … product=junos` would, for people
 * who will not type screenos for a Junos box (`/junos` in Slack arrives here). Followed by another command
 * (`junos help`, `/junos devices`), it runs that command.
 */
export const junosCommand: CommandSpec = {
  name: 'junos',
  aliases: [],
  usage: 'junos <version>…',
  summary: 'Reads the versions as Junos OS releases (Junos OS Evolved with -EVO): check … product=junos.',
  examples: ['junos 21.4R3-S5', 'junos 22.3R3-S1-EVO'],
  passesThrough: true,
  run({ args, services }): Reply {
    return checkVersions(args, services.catalog, 'junos');
  },
};

/** Answers already rendered, while the catalog's verdicts hold. */
const replies = new VersionReplyCache();

/** The versions in `args` judged, each for the product the text or the command states (null: told from the version). */
function checkVersions(args: string, catalog: AdvisoryCatalog, forced: ProductId | null): Reply {
  return replies.answer(catalog, forced, args, () => renderCheck(args, catalog, forced));
}

function renderCheck(args: string, catalog: AdvisoryCatalog, forced: ProductId | null): Reply {
  const option = readProductOption(args);
  if ('reply' in option) return option.reply;
  if (forced !== null && option.product !== null && family(option.product) !== family(forced)) {
    return productReply(
      `junos reads Junos OS releases, so product=${option.stated ?? ''} does not go with it. Send check <version> product=${option.stated ?? ''} instead.`,
    );
  }
  const product = forced === 'junos' && option.product === 'junos-evo' ? option.product : (forced ?? option.product);
  const text = option.rest;
  const candidates = findVersionCandidates(text);
  if (candidates.length === 0) return renderVerdictCard(judgeForProduct(catalog, text, product));
  const verdicts = candidates.slice(0, MAX_VERSIONS).map((c) => judgeForProduct(catalog, c, product));
  const leftOut = candidates.length - verdicts.length;
  const [only] = verdicts;
  if (verdicts.length === 1 && only !== undefined) return renderVerdictCard(only);
  return renderVerdictSummary(verdicts, { fullCards: verdicts.length <= FULL_CARDS_UP_TO, leftOut });
}

/**
 * The `product=` option of a text and the text without it. A product it does not know is answered at
 * once: judging the versions as some other product could clear a release of a product no bulletin covers.
 */
export function readProductOption(args: string): { product: ProductId | null; stated: string | null; rest: string } | { reply: Reply } {
  const [first] = args.matchAll(PRODUCT_OPTION);
  if (first === undefined) return { product: null, stated: null, rest: args };
  const stated = (first.slice(1).find((g) => g !== undefined) ?? '').trim();
  const rest = args.replace(PRODUCT_OPTION, ' ').trim();
  const product = readProductName(stated);
  if (product === null) {
    return {
      reply: productReply(`“${stated}” is not a product I know. Use product=junos (Junos OS, Junos OS Evolved with -EVO versions) or product=screenos.`),
    };
  }
  return { product, stated, rest };
}

/**
 * One version judged for a stated product: the catalog reads it as that product only. A version that
 * reads as the other product is answered unknown with the reason, since a ScreenOS verdict is no answer
 * for a Junos box (nor the reverse), and a version is never cleared as a product it was not asked as.
 */
function judgeForProduct(catalog: AdvisoryCatalog, input: string, product: ProductId | null): Verdict {
  const verdict = catalog.check(input, { product });
  if (product === null || verdict.reading.kind !== 'unreadable') return verdict;
  const plain = readVersion(input);
  const read = plain.kind === 'junos' ? 'junos' : plain.kind === 'screenos' ? 'screenos' : null;
  if (read === null || family(read) === family(product)) return verdict;
  const shown = input.trim() === '' ? 'An empty version' : `“${input.trim()}”`;
  const asked = PRODUCT_NAMES[product];
  const message =
    read === null
      ? `${shown} cannot be read as a ${asked} version. Try a release such as ${product === 'screenos' ? '6.2.0r16' : '21.4R3-S5'}.`
      : `${shown} is a ${PRODUCT_NAMES[read]} version, not ${asked}; send it without product= to have it judged as ${PRODUCT_NAMES[read]}.`;
  return { ...catalog.judge({ kind: 'unreadable', input, reason: message, suggestion: null }), message };
}

/** Junos OS and Junos OS Evolved share their version grammar; which of them a release is, the catalog tells. */
function family(product: ProductId): 'screenos' | 'junos' {
  return product === 'screenos' ? 'screenos' : 'junos';
}

function productReply(text: string): Reply {
  return cardReply({
    title: 'Which product?',
    tone: 'info',
    elements: [{ kind: 'text', text: [span.plain(text)] }],
    actions: [],
  });
}
