/**
 * Every path that user or log text takes, fed the inputs that make patterns backtrack (long runs of dots,
 * spaces, digits, `<`, `*`, `_`, unclosed quotes), must take time linear in the input: a message or a log
 * line far longer than usual costs proportionally more, never a frozen bot.
 */
import { describe, it, before } from 'node:test';
import { renderReplyText, sanitiseTerminalText } from '../../adapters/console/render-text.ts';
import { escapeSlackText } from '../../adapters/slack/escape.ts';
import { renderBlockKit, renderRichText as renderSlackRichText } from '../../adapters/slack/render-block-kit.ts';
import { escapeTeamsText, renderAdaptiveCards, renderRichText as renderTeamsRichText } from '../../adapters/teams/render-adaptive-card.ts';
import { parseArgs, parseUntil } from '../../src/chat/args.ts';
import type { Bot } from '../../src/chat/bot.ts';
import { span } from '../../src/chat/reply.ts';
import { huntIndicatorsOf, huntLines } from '../../src/domain/hunt/log-hunt.ts';
import { parseCsv } from '../../src/domain/fleet/csv.ts';
import { findVersionCandidates, stripEnclosing } from '../../src/domain/version/find-versions.ts';
import { readVersion } from '../../src/domain/version/read-version.ts';
import { ADMIN, catalog, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { assertLinear } from './growth.ts';

/** Characters in the smaller of the two inputs each check compares. */
const N = 8_000;

const repeat = (unit: string, n: number): string => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

void describe('every text path takes time linear in its input', () => {
  let bot: Bot;
  /** What a user waits for: the command's answer, rendered for Slack, Teams and the console. */
  const answerEverywhere = async (text: string): Promise<void> => {
    const reply = await bot.handle(from(ADMIN, text));
    renderBlockKit(reply);
    renderAdaptiveCards(reply);
    renderReplyText(reply, { color: true });
  };

  before(async () => {
    ({ bot } = await inventoryRig([device('fw-ams1', '6.3.0r19'), device('core fw 2', '6.2.0r16')]));
  });

  void describe('whole answers', () => {
    void it('answers “/screenos 6” followed by thousands of dots and a letter in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `/screenos 6${'.'.repeat(n)}x`, N);
    });

    void it('answers a hunt whose log line holds a user name with a long run of spaces in linear time', async () => {
      const pair = (n: number): string =>
        `hunt 00515 Admin user system has logged on via SSH from 1.2.3.4:22\n00528 SSH: Password authentication successful for admin user 'a${' '.repeat(n)}b' at host 1.2.3.4`;
      await assertLinear(answerEverywhere, pair, N);
    });

    void it('answers a hunt whose device id holds a long run of spaces in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `hunt 00515 Admin user system has logged on via SSH from 1.2.3.4:22 device_id="a${' '.repeat(n)}b"`, N);
    });

    void it('answers “device” followed by thousands of words in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `device ${repeat('a ', n)}`, N);
    });

    void it('answers “ack” with a device and a long reason in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `ack fw-ams1 ${repeat('* _ < ', n)}`, N);
    });

    void it('answers “devices” with many unclosed curly-quoted options in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `devices ${repeat('site=“ ', n)}`, N);
    });
  });

  void describe('versions', () => {
    void it('strips enclosing punctuation from a token of dots that ends in a letter in linear time', async () => {
      await assertLinear(stripEnclosing, (n) => `6${'.'.repeat(n)}x`, N);
      await assertLinear(stripEnclosing, (n) => `${'('.repeat(n)}6`, N);
    });

    void it('finds version candidates in runs of dots, digits and spaces in linear time', async () => {
      await assertLinear(findVersionCandidates, (n) => `6${'.'.repeat(n)}x`, N);
      await assertLinear(findVersionCandidates, (n) => repeat('6.3 r1 ', n), N);
      await assertLinear(findVersionCandidates, (n) => repeat('software version: ', n), N);
    });

    void it('reads a version made of runs of dots and digits in linear time', async () => {
      await assertLinear(readVersion, (n) => `6${'.'.repeat(n)}x`, N);
      await assertLinear(readVersion, (n) => repeat('1.', n), N);
    });
  });

  void describe('Slack', () => {
    void it('renders styled text with a long run of inner spaces in linear time', async () => {
      await assertLinear(
        (text) => renderSlackRichText([span.bold(text)]),
        (n) => `a${' '.repeat(n)}b`,
        N,
      );
    });

    void it('escapes runs of <, * and _ in linear time', async () => {
      await assertLinear(escapeSlackText, (n) => '<'.repeat(n), N);
      await assertLinear(
        (text) => renderSlackRichText([span.italic(text)]),
        (n) => repeat('_ ', n),
        N,
      );
    });
  });

  void describe('Teams', () => {
    void it('renders styled text with a long run of inner spaces in linear time', async () => {
      await assertLinear(
        (text) => renderTeamsRichText([span.code(text)]),
        (n) => `a${' '.repeat(n)}b`,
        N,
      );
    });

    void it('escapes many short lines of spaces, and lines of digits, in linear time', async () => {
      await assertLinear(escapeTeamsText, (n) => repeat(' \n', n), N);
      await assertLinear(escapeTeamsText, (n) => repeat('1'.repeat(50) + '\n', n), N);
      await assertLinear(escapeTeamsText, (n) => repeat('*_[<', n), N);
    });

    void it('recognises an owner’s address for a mention in linear time', async () => {
      await assertLinear(
        (text) => renderTeamsRichText([span.mention(text)]),
        (n) => `a@${repeat('a.', n)} `,
        N,
      );
    });
  });

  void describe('console', () => {
    void it('removes terminal escapes from runs of ESC [ and ESC ] in linear time', async () => {
      await assertLinear(sanitiseTerminalText, (n) => `\u001b[${'0'.repeat(n)}`, N);
      await assertLinear(sanitiseTerminalText, (n) => repeat('\u001b]', n), N);
    });
  });

  void describe('command arguments', () => {
    void it('parses options with unclosed quotes of every kind in linear time', async () => {
      await assertLinear(parseArgs, (n) => repeat('a=“ ', n), N);
      await assertLinear(parseArgs, (n) => repeat('a=" ', n), N);
      await assertLinear(parseArgs, (n) => repeat("a=' ", n), N);
      await assertLinear(parseArgs, (n) => repeat('" ', n), N);
    });

    void it('reads an “until” of digits and spaces in linear time', async () => {
      await assertLinear(
        (text) => parseUntil(text, new Date('2026-01-01T00:00:00Z')),
        (n) => `1${' '.repeat(n)}x`,
        N,
      );
    });
  });

  void describe('inventory and logs', () => {
    void it('parses CSV with doubled quotes, commas and quoted line breaks in linear time', async () => {
      await assertLinear(parseCsv, (n) => `"${repeat('a""', n)}"`, N);
      // Each comma opens a field, so the record is an array as long as the text. Past 16,384 entries (128 KiB)
      // V8 gives an array memory freshly mapped from the operating system, whose cost per page dwarfs the
      // parsing on a virtual machine and would start only in the larger input; a quarter of N keeps both
      // records below that size, and rescanning per field would still multiply the time by 16.
      await assertLinear(parseCsv, (n) => ','.repeat(n), N / 4);
      await assertLinear(parseCsv, (n) => `"${'\n'.repeat(n)}"`, N);
    });

    void it('hunts one long log line of repeated login phrases, quotes and addresses in linear time', async () => {
      const hunt = (line: string): Promise<unknown> => huntLines([line], { maxBytes: Number.MAX_SAFE_INTEGER });
      await assertLinear(hunt, (n) => `00515 ${repeat("admin user '", n)}`, N);
      await assertLinear(hunt, (n) => `00515 ${repeat('admin user a has logged on via ssh from ', n)}`, N);
      await assertLinear(hunt, (n) => `00528 ${repeat('password authentication successful for admin user ', n)}`, N);
      await assertLinear(hunt, (n) => `00515 admin user system has logged on via ssh from 1.2.3.4 ${repeat('device_id=', n)}`, N);
      await assertLinear(hunt, (n) => `<1>1 ${'a'.repeat(n)}`, N);
      await assertLinear(hunt, (n) => `00515 ${repeat('Dec 1 ', n)}`, N);
    });

    void it('sweeps one long log line for the bulletins’ indicators in linear time: wildcard parts that never complete, near-miss addresses and hashes, runs of capitals', async () => {
      const indicators = huntIndicatorsOf(catalog.advisories);
      const sweep = (line: string): Promise<unknown> => huntLines([line], { maxBytes: Number.MAX_SAFE_INTEGER, indicators });
      await assertLinear(sweep, (n) => '='.repeat(n), N);
      await assertLinear(sweep, (n) => repeat('=;', n), N);
      // Native search is so fast that re-reading the line once per token only shows on a longer line.
      await assertLinear(sweep, (n) => `${repeat('= ', n)};&`, 8 * N);
      await assertLinear(sweep, (n) => `${repeat('=; ', n)}&`, N);
      await assertLinear(sweep, (n) => `${repeat('%3b ', n)}&`, N);
      await assertLinear(sweep, (n) => repeat('129.126.109.500 ', n), N);
      await assertLinear(sweep, (n) => repeat('129.126.109.50', n), N);
      await assertLinear(sweep, (n) => repeat('5995aaff5a047565c0d7fe3c80fa354c40e7', n), N);
      await assertLinear(sweep, (n) => repeat('A ', n), N);
      await assertLinear(sweep, (n) => repeat('PHPRC', n), N);
    });

    void it('answers a hunt whose one long line holds an indicator among thousands of wildcard parts in linear time', async () => {
      await assertLinear(answerEverywhere, (n) => `hunt POST /?PHPRC=/dev/fd/0 ${repeat('= ', n)};&`, N);
    });
  });
});
