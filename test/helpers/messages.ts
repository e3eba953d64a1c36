import assert from 'node:assert/strict';
import type { IncomingMessage } from '../../src/chat/message.ts';
import { plainText, type Card, type Reply } from '../../src/chat/reply.ts';

/** A message from the on-call engineer in a Slack channel. */
export function messageFrom(text: string): IncomingMessage {
  return {
    conversation: { platform: 'slack', id: 'C0NETOPS', name: 'netops' },
    author: { platform: 'slack', id: 'U0ONCALL', name: 'on-call' },
    text,
    addressedToBot: true,
  };
}

/** The reply's only card, failing when there are several. */
export function onlyCard(reply: Reply): Card {
  assert.equal(reply.cards.length, 1, `expected one card, got: ${reply.cards.map((c) => c.title).join(' | ')}`);
  const [card] = reply.cards;
  assert.ok(card);
  return card;
}

/** All the text of a reply's cards and their buttons, for assertions that do not care about layout. */
export function replyText(reply: Reply): string {
  return reply.cards
    .flatMap((card: Card) => [
      card.title,
      ...card.elements.flatMap((e) => {
        switch (e.kind) {
          case 'text':
          case 'context':
            return [plainText(e.text)];
          case 'fields':
            return e.fields.map((f) => `${f.label}: ${plainText(f.value)}`);
          case 'list':
            return [e.title ?? '', ...e.items.map(plainText)];
          case 'divider':
            return [];
          case 'image':
            return [`[picture: ${e.title}] ${e.alt}`];
          case 'file':
            return [`[file ${e.fileName}: ${e.title}] ${e.description}`];
        }
      }),
      ...card.actions.map((a) => `[${a.label} → ${a.command}]`),
    ])
    .join('\n');
}
