import { huntChunks, huntIndicatorsOf, huntLines } from '../../domain/hunt/log-hunt.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { renderHuntReport } from '../render/hunt-card.ts';
import { formatSize } from '../../domain/byte-size.ts';
import { listing, plural, worstFirst } from '../render/indicator-hits.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type Reply, type RichText } from '../reply.ts';

/** The most log a hunt reads, pasted or uploaded. */
export const HUNT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Hunts an uploaded log file (pass its readable stream: a Node `Readable` is an async iterable of
 * chunks) with the loaded bulletins' indicators. Reads at most `maxBytes`, then closes the stream.
 * Adapters reach it through `Bot.hunt`, which holds the catalog.
 */
export async function huntStream(stream: AsyncIterable<Uint8Array | string>, catalog: AdvisoryCatalog, maxBytes: number = HUNT_MAX_BYTES): Promise<Reply> {
  return renderHuntReport(await huntChunks(stream, { maxBytes, indicators: huntIndicatorsOf(catalog.advisories) }), maxBytes, catalog);
}

/** "It also looks for the 24 log indicators of JSA72300 (6), …", from the loaded files. */
function indicatorsUsage(catalog: AdvisoryCatalog): RichText {
  const { searched } = huntIndicatorsOf(catalog.advisories).coverage;
  if (searched.length === 0) return 'No loaded bulletin has log indicators (log patterns, addresses, SHA-256 hashes) to look for besides.';
  const total = searched.reduce((sum, s) => sum + s.indicators, 0);
  const per = worstFirst(
    searched.map((s) => s.bulletin),
    catalog,
  ).map((id) => `${id} (${searched.find((s) => s.bulletin === id)?.indicators ?? 0})`);
  return `It also looks for the ${plural(total, 'log indicator')} of ${listing(per)}: request patterns (J-Web, httpd.log and proxy logs), addresses (flow logs) and SHA-256 hashes.`;
}

function usageReply(catalog: AdvisoryCatalog): Reply {
  return cardReply({
    title: 'Paste log lines after “hunt”',
    tone: 'info',
    elements: [
      {
        kind: 'text',
        text: [
          span.plain('Send '),
          span.code('hunt'),
          span.plain(` followed by log lines: from a ScreenOS device's `),
          span.code('get event'),
          span.plain(`, from syslog, or from a Junos OS device (up to ${formatSize(HUNT_MAX_BYTES)}).`),
        ],
      },
      {
        kind: 'text',
        text: [
          span.plain('It looks for the login pattern of the JSA10713 backdoor (CVE-2015-7755): an 00515 '),
          span.code('Admin user system has logged on via SSH from <ip>:<port>'),
          span.plain(' line followed by an 00528 '),
          span.code("SSH: Password authentication successful for admin user '<name>' at host <ip>"),
          span.plain(' line from the same address.'),
        ],
      },
      { kind: 'text', text: indicatorsUsage(catalog) },
      {
        kind: 'context',
        text: [span.plain('Example: '), span.code('hunt 2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366')],
      },
    ],
    actions: [{ label: 'Show JSA10713', command: 'advisory JSA10713' }],
  });
}

export const huntCommand: CommandSpec = {
  name: 'hunt',
  aliases: ['logs'],
  usage: 'hunt <pasted log lines>',
  summary:
    'Checks pasted log lines for the login pattern of the JSA10713 backdoor (00515 “system” over SSH, then 00528) and for the loaded bulletins’ log indicators (request patterns, addresses, SHA-256 hashes).',
  examples: ['hunt 2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366'],
  async run({ args, services }) {
    if (args.trim() === '') return usageReply(services.catalog);
    const report = await huntLines(args.split('\n'), { maxBytes: HUNT_MAX_BYTES, indicators: huntIndicatorsOf(services.catalog.advisories) });
    return renderHuntReport(report, HUNT_MAX_BYTES, services.catalog);
  },
};
