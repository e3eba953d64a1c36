import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { renderBlockKit } from '../../adapters/slack/render-block-kit.ts';
import { renderAdaptiveCards } from '../../adapters/teams/render-adaptive-card.ts';
import { cardReply, span, type FileElement } from '../../src/chat/reply.ts';
import { assertValidAdaptiveCard, assertValidSlackPayload } from '../helpers/render-check.ts';

const FILE: FileElement = {
  kind: 'file',
  content: '\uFEFFname,site\r\nfw1,<HQ>\r\n',
  mediaType: 'text/csv',
  fileName: 'devices-20261126T090000Z.csv',
  title: 'Devices (site <HQ>\u202e), 2026-11-26 09:00 UTC',
  description: 'CSV of 1 device, one a row, most urgent first',
  elsewhere: [span.code('npm run cli -- audit --csv'), span.plain(', run where the bot runs, writes the same file.')],
};
const REPLY = cardReply(
  { title: 'Devices as CSV: 1 unpatched of 1', tone: 'info', elements: [{ kind: 'text', text: '1 device: 1 unpatched.' }, FILE], actions: [] },
  'public',
);

describe('a file in each platform’s rendering', () => {
  it('on Slack, names the file that follows the message, escaped and without direction controls', () => {
    const message = renderBlockKit(REPLY);
    assertValidSlackPayload({ ...message });
    assert.deepEqual(message.blocks.at(-1), {
      type: 'context',
      elements: [
        { type: 'plain_text', text: '📄 Devices (site &lt;HQ&gt;), 2026-11-26 09:00 UTC: CSV of 1 device, one a row, most urgent first', emoji: true },
      ],
    });
  });

  it('on Teams, offers a download button on its link and says until when it works', () => {
    const [card] = renderAdaptiveCards(
      REPLY,
      undefined,
      new Map([[FILE, { url: 'https://bot.example.com/files/abc.csv', expiresAt: new Date('2026-11-27T09:00:00Z') }]]),
    );
    assertValidAdaptiveCard(card);
    const text = JSON.stringify(card?.body);
    assert.match(text, /"text":"📄 Devices \(site <HQ>\), 2026-11-26 09:00 UTC"/);
    assert.deepEqual(
      card?.body.find((e) => e.type === 'ActionSet'),
      {
        type: 'ActionSet',
        actions: [{ type: 'Action.OpenUrl', title: 'Download devices-20261126T090000Z.csv', url: 'https://bot.example.com/files/abc.csv' }],
      },
    );
    assert.match(text, /The link works until 2026-11-27 09:00 UTC; ask again for a new one\./);
  });

  it('on Teams without a link, says why and gives the command that writes the same file', () => {
    const [card] = renderAdaptiveCards(REPLY, undefined, new Map([[FILE, { problem: 'PUBLIC_URL is not set.' }]]));
    assertValidAdaptiveCard(card);
    const text = JSON.stringify(card?.body);
    assert.equal(text.includes('ActionSet'), false);
    assert.match(text, /"text":"PUBLIC_URL is not set\."/);
    assert.match(text, /"text":"On the command line: "/);
    assert.match(text, /"text":"npm run cli -- audit --csv","isSubtle":true,"fontType":"Monospace"/);
  });

  it('in the console, prints where the file was written, or the command when it could not be', () => {
    const written = renderReplyText(REPLY, { color: false, savedPaths: new Map([[FILE, '/data/exports/devices-20261126T090000Z.csv']]) });
    assert.match(
      written,
      /^ {2}📄 Devices \(site <HQ>\), 2026-11-26 09:00 UTC\n {4}CSV of 1 device, one a row, most urgent first\n {2}File: \/data\/exports\/devices-20261126T090000Z\.csv$/m,
    );
    assert.match(
      renderReplyText(REPLY, { color: false }),
      /^ {2}The file could not be written; `npm run cli -- audit --csv`, run where the bot runs, writes the same file\.$/m,
    );
  });
});
