import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderBlockKit, SLACK_LIMITS, type SlackMessage } from '../../../adapters/slack/render-block-kit.ts';
import { stripMentions } from '../../../adapters/slack/slack-message.ts';
import { span, type Card, type Reply } from '../../../src/chat/reply.ts';
import { assertLinear } from '../../text/growth.ts';
import { assertValidSlackPayload, slackDisplayedLines } from '../../helpers/render-check.ts';
import { ADMIN, device, from, inventoryRig } from '../../helpers/inventory-fixtures.ts';

const HOSTILE = '<!channel> <@U123> <!subteam^S1> <https://evil.test|click> & *bold* `tick`';

function reply(cards: Card[], fallback = 'fallback'): Reply {
  return { cards, fallback, visibility: 'private' };
}

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text?: string | { text: string }; value?: string; url?: string; elements?: unknown[] }[];
}

function blocksOf(message: SlackMessage): Block[] {
  assertValidSlackPayload({ ...message });
  return message.blocks as Block[];
}

/** Every rich text element of a message, flattened. */
function richElements(message: SlackMessage): { type: string; text?: string; url?: string; user_id?: string; style?: Record<string, boolean> }[] {
  const out: { type: string }[] = [];
  const walk = (element: { type: string; elements?: unknown[] }): void => {
    out.push(element);
    for (const child of (element.elements ?? []) as { type: string; elements?: unknown[] }[]) walk(child);
  };
  for (const block of blocksOf(message)) if (block.type === 'rich_text') walk(block);
  return out;
}

const EXACT = ["<<< %s(un='%s') = %u", "'<name>' at host <ip>", 'juniper_backdoor', 'Dual_EC', '[ID]', '*', '0 9 * * 1-5', 'a_b_c *x* ~y~ `z`'];

describe('renderBlockKit: what people copy arrives exactly', () => {
  const card: Card = {
    title: 'Indicators for JSA10713',
    tone: 'danger',
    elements: [
      { kind: 'text', text: EXACT.map((text) => span.code(text)) },
      { kind: 'text', text: EXACT.join(' | ') },
      { kind: 'fields', fields: EXACT.map((value, i) => ({ label: `Field ${i}`, value: [span.code(value)] })) },
      { kind: 'list', title: 'Log templates', items: EXACT.map((text) => [span.code(text)]) },
      { kind: 'context', text: EXACT.join(' | ') },
    ],
    actions: [],
  };
  const message = renderBlockKit(reply([card], EXACT.join(' | ')));
  const lines = slackDisplayedLines(message);

  it('shows indicators, log templates, cron strings and names with _ and * character for character, as code', () => {
    for (const text of EXACT) {
      const code = richElements(message).filter((e) => e.type === 'text' && e.text === text && e.style?.code === true);
      assert.equal(code.length, 3, `${text} as code in the text, a field and a list item`);
    }
    assert.ok(
      lines.some((l) => l.includes(EXACT.join(' | '))),
      'plain text too',
    );
  });

  it('shows the same characters in the context line and in the notification text, with no look-alikes', () => {
    assert.ok(lines.at(-1)?.includes(EXACT.join(' | ')), lines.at(-1));
    assert.equal(
      message.text.replace(/&(lt|gt|amp);/g, (_m, n: string) => ({ lt: '<', gt: '>', amp: '&' })[n] ?? ''),
      EXACT.join(' | '),
    );
    assert.doesNotMatch(JSON.stringify(message), /[ˍ∗ˋ‹›]/);
  });

  it('numbers a list with Slack’s own ordered list, so nothing is indented away or clipped', () => {
    const blocks = blocksOf(
      renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'list', ordered: true, items: ['first', 'second'] }], actions: [] }])),
    );
    const list = (blocks[1]?.elements ?? []).find((e) => e.type === 'rich_text_list') as { style?: string; elements?: unknown[] } | undefined;
    assert.equal(list?.style, 'ordered');
    assert.equal(list?.elements?.length, 2);
  });
});

describe('renderBlockKit: text from inventories and users cannot ping or link', () => {
  const card: Card = {
    title: HOSTILE,
    tone: 'danger',
    elements: [
      { kind: 'text', text: HOSTILE },
      { kind: 'text', text: [span.bold(HOSTILE), span.code(HOSTILE), span.italic(HOSTILE), span.link(HOSTILE, 'https://ok.test/a|b>c')] },
      { kind: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
      { kind: 'list', title: HOSTILE, items: [HOSTILE, [span.plain(HOSTILE)]] },
      { kind: 'context', text: HOSTILE },
      { kind: 'context', text: [span.code('x'), span.plain(HOSTILE)] },
    ],
    actions: [{ label: HOSTILE, command: 'advisory' }],
  };
  const message = renderBlockKit(reply([card], HOSTILE));

  it('puts hostile text in rich text as text elements only: no broadcast, user or link element but the real link', () => {
    const kinds = new Set(richElements(message).map((e) => e.type));
    assert.deepEqual(
      [...kinds].filter((k) => !['rich_text', 'rich_text_section', 'rich_text_list', 'text'].includes(k)),
      ['link'],
    );
    const links = richElements(message).filter((e) => e.type === 'link');
    assert.deepEqual(
      links.map((l) => l.url),
      ['https://ok.test/a%7Cb%3Ec'],
    );
    assert.ok(
      richElements(message).some((e) => e.text === HOSTILE),
      'the text is shown as it is',
    );
  });

  it('leaves no raw <, > or unescaped & in the text objects Slack parses (header, context, buttons, fallback)', () => {
    const parsed = [
      message.text,
      ...blocksOf(message).flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text))]),
    ];
    for (const text of parsed.filter((t): t is string => t !== undefined)) {
      assert.ok(!/<[!@#]/.test(text), `a mention or channel link survived in ${text}`);
      assert.ok(!/&(?!amp;|lt;|gt;)/.test(text), `an unescaped & survived in ${text}`);
    }
  });

  it('shows a link with a non-web target as plain text', () => {
    const elements = richElements(
      renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.link('run me', 'javascript:alert(1)')] }], actions: [] }])),
    );
    assert.ok(elements.some((e) => e.type === 'text' && e.text === 'run me'));
    assert.ok(!JSON.stringify(elements).includes('javascript:'));
  });

  it('mentions an owner only through the Slack user id it resolved to', () => {
    const owner = reply([
      { title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.mention('alice@example.com'), span.mention('<!channel>')] }], actions: [] },
    ]);
    const elements = richElements(
      renderBlockKit(owner, {
        mentions: new Map([
          ['alice@example.com', 'U0ALICE'],
          ['<!channel>', '<!channel>'],
        ]),
      }),
    );
    assert.deepEqual(
      elements.filter((e) => e.type === 'user').map((e) => e.user_id),
      ['U0ALICE'],
    );
    assert.ok(elements.some((e) => e.type === 'text' && e.text === '<!channel>'));
  });
});

describe('renderBlockKit: true to Slack', () => {
  it('puts the blocks at the top level with the text as the notification fallback, the tone as the header’s emoji', () => {
    const message = renderBlockKit(
      reply([{ title: '6.3.0r19: affected', tone: 'danger', elements: [{ kind: 'text', text: 'x' }], actions: [] }], '6.3.0r19: affected'),
    );
    assert.deepEqual(Object.keys(message).sort(), ['blocks', 'text']);
    assert.equal(message.text, '6.3.0r19: affected');
    assert.equal(blocksOf(message)[0]?.text?.text, '🔴 6.3.0r19: affected');
  });

  it('shows a command as the app’s slash command', () => {
    const message = renderBlockKit(
      reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.plain('Try '), span.command('devices')] }], actions: [] }]),
      { slashCommand: '/fw' },
    );
    assert.ok(richElements(message).some((e) => e.text === '/fw devices' && e.style?.code === true));
  });
});

describe('help on Slack', () => {
  it('shows the commands as the slash command', async () => {
    const { bot } = await inventoryRig([device('fw-ams1', '6.3.0r19')]);
    const message = renderBlockKit(await bot.handle(from(ADMIN, 'help')));
    assert.ok(richElements(message).some((e) => e.text?.startsWith('/screenos devices') === true && e.style?.code === true));
  });
});

describe('renderBlockKit limits', () => {
  const many = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

  it('never sends more than 50 blocks, and says how many were left out', () => {
    const cards: Card[] = many(30, 'version').map((title) => ({
      title,
      tone: 'warning',
      elements: [{ kind: 'text', text: title }, { kind: 'divider' }],
      actions: [{ label: 'Show', command: 'advisory' }],
    }));
    const blocks = blocksOf(renderBlockKit(reply(cards)));
    assert.equal(blocks.length, SLACK_LIMITS.blocks);
    const last = blocks.at(-1);
    assert.equal(last?.type, 'context');
    assert.match(JSON.stringify(last), /…and \d+ more sections are not shown/);
  });

  it('keeps every rich text block within 3,000 characters and summarises a long list as "and N more"', () => {
    const items = many(400, 'a long finding line that takes room in the message, device');
    const message = renderBlockKit(reply([{ title: 'list', tone: 'info', elements: [{ kind: 'list', title: 'Devices', items }], actions: [] }]));
    const blocks = blocksOf(message);
    for (const line of slackDisplayedLines(message)) assert.ok(line.length <= SLACK_LIMITS.text + 400, `${line.length} characters`);
    const shown = richElements(message).filter((e) => e.type === 'rich_text_section' && JSON.stringify(e).includes('device')).length;
    assert.ok(shown > 0 && shown < 400);
    assert.match(JSON.stringify(blocks.at(-1)), new RegExp(`…and ${400 - shown} more`));
  });

  it('continues the numbering of an ordered list split across blocks', () => {
    const items = many(200, 'step number that is long enough to fill blocks quickly, step');
    const blocks = blocksOf(renderBlockKit(reply([{ title: 'list', tone: 'info', elements: [{ kind: 'list', ordered: true, items }], actions: [] }])));
    const lists = blocks
      .filter((b) => b.type === 'rich_text')
      .map((b) => (b.elements ?? []).find((e) => e.type === 'rich_text_list') as { offset?: number; elements: unknown[] });
    assert.ok(lists.length > 1);
    assert.equal(lists[1]?.offset, lists[0]?.elements.length);
  });

  it('cuts one overlong text at 3,000 characters', () => {
    const message = renderBlockKit(reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: '&'.repeat(5000) }], actions: [] }]));
    const [text] = richElements(message).filter((e) => e.type === 'text');
    assert.equal(text?.text?.length, SLACK_LIMITS.text);
    assert.match(text?.text ?? '', /^&+…$/);
  });

  it('keeps a header within 150 characters', () => {
    const [header] = blocksOf(renderBlockKit(reply([{ title: 'x'.repeat(400), tone: 'good', elements: [], actions: [] }])));
    assert.ok((header?.text?.text.length ?? 0) <= SLACK_LIMITS.headerText);
  });

  it('adds the Share in channel button to the last card only', () => {
    const message = renderBlockKit(
      reply([
        { title: 'a', tone: 'info', elements: [], actions: [] },
        { title: 'b', tone: 'info', elements: [], actions: [] },
      ]),
      { shareCommand: '6.2.0r16' },
    );
    const actions = blocksOf(message)
      .filter((b) => b.type === 'actions')
      .map((b) => JSON.stringify(b).includes('share_reply'));
    assert.deepEqual(actions, [true]);
    assert.equal(blocksOf(message).at(-1)?.type, 'actions');
  });
});

describe('stripMentions', () => {
  it('removes the bot’s mention wherever it is, and a leading mention of the bot under another id form', () => {
    assert.equal(stripMentions('<@UBOT> 6.3.0r19', 'UBOT'), '6.3.0r19');
    assert.equal(stripMentions('check <@UBOT|screenos-bot> 6.3.0r19', 'UBOT'), 'check  6.3.0r19');
    assert.equal(stripMentions('<@W123> help', undefined), 'help');
  });

  it('takes time linear in a message full of unclosed mentions of the bot', async () => {
    await assertLinear(
      (text) => stripMentions(text, 'UBOT'),
      (n) => '<@UBOT|'.repeat(n / 7),
      8_000,
    );
  });
});
