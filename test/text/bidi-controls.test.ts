/**
 * A right-to-left override in a device name, a reason or a pasted log line would make the line it sits in
 * read differently from what it holds (`fw1‮lanretni` shows as `fw1internal`). No renderer lets one
 * through, wherever in a reply it comes from.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { renderBlockKit } from '../../adapters/slack/render-block-kit.ts';
import { renderAdaptiveCards } from '../../adapters/teams/render-adaptive-card.ts';
import { span, type Reply } from '../../src/chat/reply.ts';

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Every kind of bidirectional control around a name. */
const hostile = (text: string): string => `\u202e${text}\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c`;

const reply: Reply = {
  visibility: 'private',
  fallback: hostile('fallback'),
  cards: [
    {
      title: hostile('fw1 lanretni'),
      tone: 'danger',
      elements: [
        { kind: 'text', text: hostile('plain text') },
        {
          kind: 'text',
          text: [
            span.plain(hostile('plain')),
            span.bold(hostile('bold')),
            span.italic(hostile('italic')),
            span.code(hostile('code')),
            span.link(hostile('link'), `https://example.com/${hostile('path')}`),
            span.mention(hostile('owner@example.com')),
          ],
        },
        { kind: 'fields', fields: [{ label: hostile('Site'), value: hostile('Amsterdam') }] },
        { kind: 'list', title: hostile('Devices'), items: [hostile('fw-ams1'), [span.bold(hostile('fw-ams2'))]] },
        { kind: 'divider' },
        { kind: 'context', text: hostile('inventory synced') },
      ],
      actions: [{ label: hostile('Acknowledge'), command: `ack ${hostile('fw-ams1')}` }],
    },
  ],
};

void describe('bidirectional controls in a reply', () => {
  void it('never reach Slack: not in text, fields, lists, buttons, links, the footer or the share button', () => {
    const message = renderBlockKit(reply, { shareCommand: hostile('6.2.0r16'), footerMarkup: hostile('Shared by <@U0ONCALL>') });
    const json = JSON.stringify(message);
    assert.ok(json.includes('fw1 lanretni') && json.includes('Acknowledge'), 'the text itself is still there');
    assert.doesNotMatch(json, BIDI);
  });

  void it('never reach Teams: not in text, facts, lists, actions, links, mention entities or the fallback', () => {
    const json = JSON.stringify(renderAdaptiveCards(reply));
    assert.ok(json.includes('fw1 lanretni') && json.includes('owner@example.com'), 'the text itself is still there');
    assert.doesNotMatch(json, BIDI);
  });

  void it('never reach the terminal, direction marks included', () => {
    const text = renderReplyText(reply, { color: false });
    assert.ok(text.includes('fw1 lanretni'), 'the text itself is still there');
    assert.doesNotMatch(text, BIDI);
  });
});
