import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderBlockKit, SLACK_LIMITS } from '../../../adapters/slack/render-block-kit.ts';
import { stripMentions } from '../../../adapters/slack/slack-adapter.ts';
import { span, type Card, type Reply } from '../../../src/core/reply.ts';
import { assertLinear } from '../../text/growth.ts';

const HOSTILE = '<!channel> <@U123> <!subteam^S1> <https://evil.test|click> & *bold* `tick`';

function reply(cards: Card[], fallback = 'fallback'): Reply {
  return { cards, fallback, visibility: 'private' };
}

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { text: string }[];
  elements?: { type: string; text?: string | { text: string }; value?: string; url?: string }[];
}

function blocksOf(message: ReturnType<typeof renderBlockKit>): Block[] {
  return message.attachments.flatMap((a) => (a.blocks ?? []) as Block[]);
}

/** Every string Slack would display: header, sections, fields, context, button labels; not button values. */
function displayed(message: ReturnType<typeof renderBlockKit>): string[] {
  const texts = [message.text];
  for (const block of blocksOf(message)) {
    if (block.text !== undefined) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    for (const element of block.elements ?? []) {
      if (typeof element.text === 'string') texts.push(element.text);
      else if (element.text !== undefined) texts.push(element.text.text);
    }
  }
  return texts;
}

describe('renderBlockKit escaping', () => {
  const card: Card = {
    title: HOSTILE,
    tone: 'danger',
    elements: [
      { kind: 'text', text: HOSTILE },
      { kind: 'text', text: [span.bold(HOSTILE), span.code(HOSTILE), span.italic(HOSTILE), span.link(HOSTILE, 'https://ok.test/a|b>c')] },
      { kind: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
      { kind: 'list', title: HOSTILE, items: [HOSTILE, [span.plain(HOSTILE)]] },
      { kind: 'context', text: HOSTILE },
    ],
    actions: [{ label: HOSTILE, command: 'advisory' }],
  };
  const message = renderBlockKit(reply([card], HOSTILE));

  it('leaves no raw <, > or unescaped & from dynamic text in anything Slack displays', () => {
    for (const text of displayed(message)) {
      assert.ok(!/<[!@#]/.test(text), `a mention or channel link survived in ${text}`);
      assert.ok(!/&(?!amp;|lt;|gt;)/.test(text), `an unescaped & survived in ${text}`);
    }
  });

  it('keeps links to http(s) targets, with | and > in the URL encoded so they cannot end the link', () => {
    const texts = displayed(message).join('\n');
    assert.ok(texts.includes('<https://ok.test/a%7Cb%3Ec|'), texts);
  });

  it('shows a link with a non-web target as plain text', () => {
    const text = displayed(renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.link('run me', 'javascript:alert(1)')] }], actions: [] }])));
    assert.ok(text.some((t) => t === 'run me'));
    assert.ok(!text.join('').includes('javascript:'));
  });

  it('keeps a stray style marker inside styled text from ending the style early', () => {
    const [section] = blocksOf(renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.bold('a*b'), span.code('c`d')] }], actions: [] }]))).filter((b) => b.type === 'section');
    assert.equal(section?.text?.text, '*a∗b*`cˋd`');
  });

  it('asks Slack not to parse plain words such as @here or #general (verbatim)', () => {
    for (const block of blocksOf(message).filter((b) => b.type === 'section')) {
      assert.equal((block.text as { verbatim?: boolean } | undefined)?.verbatim ?? true, true);
    }
  });
});

describe('renderBlockKit limits', () => {
  const many = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

  it('never sends more than 50 blocks, and says how many were left out', () => {
    const cards: Card[] = many(30, 'version').map((title) => ({ title, tone: 'warning', elements: [{ kind: 'text', text: title }, { kind: 'divider' }], actions: [{ label: 'Show', command: 'advisory' }] }));
    const blocks = blocksOf(renderBlockKit(reply(cards)));
    assert.equal(blocks.length, SLACK_LIMITS.blocks);
    const last = blocks.at(-1);
    assert.equal(last?.type, 'context');
    assert.match(JSON.stringify(last), /…and \d+ more sections are not shown/);
  });

  it('keeps every text within 3,000 characters and summarises a long list as "and N more"', () => {
    const items = many(400, 'a long finding line that takes room in the message, device');
    const blocks = blocksOf(renderBlockKit(reply([{ title: 'list', tone: 'info', elements: [{ kind: 'list', title: 'Devices', items }], actions: [] }])));
    for (const block of blocks) if (block.text !== undefined) assert.ok(block.text.text.length <= SLACK_LIMITS.text);
    const shown = blocks.filter((b) => b.type === 'section').reduce((n, b) => n + (b.text?.text.split('\n').filter((l) => l.startsWith('•')).length ?? 0), 0);
    const notice = JSON.stringify(blocks.at(-1));
    assert.match(notice, new RegExp(`…and ${400 - shown} more`));
  });

  it('cuts one overlong text at 3,000 characters without breaking an escaped entity', () => {
    const text = '&'.repeat(5000);
    const [section] = blocksOf(renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text }], actions: [] }]))).filter((b) => b.type === 'section');
    const shown = section?.text?.text ?? '';
    assert.ok(shown.length <= SLACK_LIMITS.text);
    assert.match(shown, /^(&amp;)+…$/);
  });

  it('shows at most 10 fields, with a line for the rest', () => {
    const fields = many(14, 'field').map((label) => ({ label, value: 'v' }));
    const blocks = blocksOf(renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'fields', fields }], actions: [] }])));
    assert.equal(blocks.find((b) => b.fields !== undefined)?.fields?.length, SLACK_LIMITS.fields);
    assert.ok(JSON.stringify(blocks).includes('…and 4 more fields'));
  });

  it('keeps a header within 150 characters', () => {
    const [header] = blocksOf(renderBlockKit(reply([{ title: 'x'.repeat(400), tone: 'good', elements: [], actions: [] }])));
    assert.ok((header?.text?.text.length ?? 0) <= SLACK_LIMITS.headerText);
  });

  it('adds the Share in channel button to the last card only', () => {
    const message = renderBlockKit(reply([{ title: 'a', tone: 'info', elements: [], actions: [] }, { title: 'b', tone: 'info', elements: [], actions: [] }]), { shareCommand: '6.2.0r16' });
    const actions = message.attachments.map((a) => JSON.stringify(a.blocks).includes('share_reply'));
    assert.deepEqual(actions, [false, true]);
  });
});

describe('stripMentions', () => {
  it('removes the bot’s mention wherever it is, and a leading mention of the bot under another id form', () => {
    assert.equal(stripMentions('<@UBOT> 6.3.0r19', 'UBOT'), '6.3.0r19');
    assert.equal(stripMentions('check <@UBOT|screenos-bot> 6.3.0r19', 'UBOT'), 'check  6.3.0r19');
    assert.equal(stripMentions('<@W123> help', undefined), 'help');
  });

  it('takes time linear in a message full of unclosed mentions of the bot', async () => {
    await assertLinear((text) => stripMentions(text, 'UBOT'), (n) => '<@UBOT|'.repeat(n / 7), 8_000);
  });
});
