import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { renderBlockKit } from '../../adapters/slack/render-block-kit.ts';
import { renderAdaptiveCards } from '../../adapters/teams/render-adaptive-card.ts';
import { cardReply, type ImageElement } from '../../src/chat/reply.ts';
import { assertValidAdaptiveCard, assertValidSlackPayload } from '../helpers/render-check.ts';

const PICTURE: ImageElement = {
  kind: 'image',
  png: 'iVBORw0KGgo=',
  width: 1200,
  height: 750,
  title: 'JSA10713 at <HQ>\u202e: 2 unpatched of 3 affected',
  alt: 'Burn-down chart of JSA10713 at <HQ>\u202e from 19 Nov 2026: affected 7 → 3, unpatched 7 → 2; 4 patched in the last 7 days.',
  fileName: 'progress-jsa10713-hq-2026-11-26.png',
  text: ['affected   7 █▇▆ 3', 'unpatched  7 █▆▄ 2', '             19 Nov 2026 … 26 Nov 2026'],
};
const REPLY = cardReply(
  { title: 'JSA10713: 2 unpatched of 3 affected', tone: 'warning', elements: [{ kind: 'text', text: 'Pace.' }, PICTURE], actions: [] },
  'public',
);

describe('a picture in each platform’s rendering', () => {
  it('on Slack, says what the chart shows (the upload follows the message), escaped and without direction controls', () => {
    const message = renderBlockKit(REPLY);
    assertValidSlackPayload({ ...message });
    const context = message.blocks.at(-1);
    assert.deepEqual(context, {
      type: 'context',
      elements: [
        {
          type: 'plain_text',
          text: '📈 Burn-down chart of JSA10713 at &lt;HQ&gt; from 19 Nov 2026: affected 7 → 3, unpatched 7 → 2; 4 patched in the last 7 days.',
          emoji: true,
        },
      ],
    });
  });

  it('on Teams, shows an Image from its link, stretched and expandable, or the description when it has none', () => {
    const [linked] = renderAdaptiveCards(
      REPLY,
      undefined,
      new Map([[PICTURE, { url: 'https://bot.example.com/charts/abc.png', expiresAt: new Date('2026-12-26T09:00:00Z') }]]),
    );
    assertValidAdaptiveCard(linked);
    assert.deepEqual(linked?.body.at(-1), {
      type: 'Image',
      url: 'https://bot.example.com/charts/abc.png',
      altText: PICTURE.alt.replace('\u202e', ''),
      size: 'Stretch',
      msteams: { allowExpand: true },
    });
    const [described] = renderAdaptiveCards(REPLY);
    assertValidAdaptiveCard(described);
    assert.equal(
      described?.body.some((e) => e.type === 'Image'),
      false,
    );
    assert.match(JSON.stringify(described?.body.at(-1)), /"text":"📈 Burn-down chart of JSA10713 at <HQ> from 19 Nov 2026/);
  });

  it('in the console, draws the chart in text and prints where its PNG was written', () => {
    const text = renderReplyText(REPLY, { color: false, savedPaths: new Map([[PICTURE, '/data/charts/progress-jsa10713-hq-2026-11-26.png']]) });
    assert.match(
      text,
      /^ {2}JSA10713 at <HQ>: 2 unpatched of 3 affected\n {4}affected {3}7 █▇▆ 3\n {4}unpatched {2}7 █▆▄ 2\n {4} {13}19 Nov 2026 … 26 Nov 2026\n {2}Chart: \/data\/charts\/progress-jsa10713-hq-2026-11-26\.png$/m,
    );
    assert.doesNotMatch(renderReplyText(REPLY, { color: false }), /Chart:/, 'no path for a picture that was not written');
  });
});
