import { huntChunks, huntLines } from '../../hunt/log-hunt.ts';
import { formatSize, renderHuntReport } from '../render/hunt-card.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type Reply } from '../reply.ts';

/** The most log a hunt reads, pasted or uploaded. */
export const HUNT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Hunts an uploaded log file for an adapter: pass the file's readable stream (a Node `Readable` is an
 * async iterable of chunks). Reads at most `maxBytes`, then closes the stream.
 */
export async function huntStream(stream: AsyncIterable<Uint8Array | string>, maxBytes: number = HUNT_MAX_BYTES): Promise<Reply> {
  return renderHuntReport(await huntChunks(stream, { maxBytes }), maxBytes);
}

function usageReply(): Reply {
  return cardReply({
    title: 'Paste ScreenOS log lines after “hunt”',
    tone: 'info',
    elements: [
      {
        kind: 'text',
        text: [
          span.plain('Send '),
          span.code('hunt'),
          span.plain(` followed by lines from the device's `),
          span.code('get event'),
          span.plain(` or from syslog (up to ${formatSize(HUNT_MAX_BYTES)}).`),
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
      { kind: 'context', text: [span.plain('Example: '), span.code('hunt 2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366')] },
    ],
    actions: [{ label: 'Show JSA10713', command: 'advisory JSA10713' }],
  });
}

export const huntCommand: CommandSpec = {
  name: 'hunt',
  aliases: ['logs'],
  usage: 'hunt <pasted log lines>',
  summary: 'Checks pasted ScreenOS event log or syslog lines for the login pattern of the JSA10713 backdoor (00515 “system” over SSH, then 00528).',
  examples: ['hunt 2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366'],
  async run({ args }) {
    if (args.trim() === '') return usageReply();
    const report = await huntLines(args.split('\n'), { maxBytes: HUNT_MAX_BYTES });
    return renderHuntReport(report, HUNT_MAX_BYTES);
  },
};
