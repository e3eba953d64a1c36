import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planActions, titleRoom } from '../../../adapters/teams/card-actions.ts';
import { renderAdaptiveCards } from '../../../adapters/teams/render-adaptive-card.ts';
import { replyActivity, TEAMS_MESSAGE_LIMIT } from '../../../adapters/teams/teams-turn.ts';
import { buildBriefing } from '../../../src/features/briefings/briefing.ts';
import { span, type Card, type Reply, type Tone } from '../../../src/chat/reply.ts';
import { generateFleet } from '../../bench/fleet.ts';
import { catalog, device, from, inventoryRig } from '../../helpers/inventory-fixtures.ts';
import { adaptiveCardTexts, assertValidAdaptiveCard } from '../../helpers/render-check.ts';

const EXACT = ["<<< %s(un='%s') = %u", "'<name>' at host <ip>", 'juniper_backdoor', 'Dual_EC', '[ID]', '*', '0 9 * * 1-5', '- 1. `x` \\n'];

function reply(cards: Card[], fallback = 'fallback'): Reply {
  return { cards, fallback, visibility: 'private' };
}

type Run = { type: string; text: string; fontType?: string };

/** Every TextRun of a card, in order. */
function runsOf(card: unknown): Run[] {
  const runs: Run[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      if ((node as Run).type === 'TextRun') runs.push(node as Run);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return runs;
}

describe('Teams cards: what people copy arrives exactly', () => {
  const [card] = renderAdaptiveCards(
    reply(
      [
        {
          title: 'Indicators: Dual_EC [ID] <ip>',
          tone: 'danger',
          elements: [
            { kind: 'text', text: EXACT.flatMap((text) => [span.code(text), span.plain(' ')]) },
            { kind: 'text', text: EXACT.join(' | ') },
            { kind: 'fields', fields: [{ label: 'Cron', value: [span.code('0 9 * * 1-5')] }] },
            { kind: 'list', ordered: true, title: 'Log templates', items: EXACT.map((text) => [span.code(text)]) },
            { kind: 'context', text: EXACT.join(' | ') },
          ],
          actions: [],
        },
      ],
      EXACT.join(' | '),
    ),
  );

  it('shows indicators, log templates and cron strings as Monospace TextRuns, character for character', () => {
    assertValidAdaptiveCard(card);
    for (const text of EXACT)
      assert.equal(runsOf(card).filter((r) => r.text === text && r.fontType === 'Monospace').length, text === '0 9 * * 1-5' ? 3 : 2, text);
  });

  it('shows plain text, titles, contexts and the fallback text as they are, with no escapes or look-alikes', () => {
    const lines = adaptiveCardTexts(card);
    assert.equal(lines[0], '🔴 Indicators: Dual_EC [ID] <ip>');
    assert.equal(lines.filter((l) => l === EXACT.join(' | ')).length, 2, 'the text and the context line');
    assert.ok(
      lines.every((l) => !l.startsWith('md:')),
      'no Markdown TextBlock',
    );
    assert.equal(card?.fallbackText, EXACT.join(' | '));
    assert.doesNotMatch(JSON.stringify(card), /[‹›“”]|\\\\[_*[]/);
  });

  it('numbers a list with its own text, not a Markdown list that a phone indents and clips', () => {
    const lines = adaptiveCardTexts(card);
    assert.ok(lines.includes(`1. ${EXACT[0] ?? ''}`) && lines.includes(`8. ${EXACT[7] ?? ''}`), lines.join('\n'));
  });

  it('mentions an owner in a TextBlock while a device name with <at> or <!channel> beside it stays inert', () => {
    const [mentioning] = renderAdaptiveCards(
      reply([
        {
          title: 't',
          tone: 'warning',
          elements: [{ kind: 'text', text: [span.plain('<at>x</at> <!channel> · '), span.mention('alice@example.com')] }],
          actions: [],
        },
      ]),
    );
    assertValidAdaptiveCard(mentioning);
    const block = mentioning?.body[1] as { type: string; text: string };
    assert.equal(block.type, 'TextBlock');
    assert.equal(block.text.match(/<at>/g)?.length, 1, block.text);
    const entities = (mentioning?.msteams as { entities: { text: string; mentioned: { id: string } }[] }).entities;
    assert.deepEqual(
      entities.map((e) => e.mentioned.id),
      ['alice@example.com'],
    );
  });

  it('shows a command as a mention of the bot, as it is typed in a Teams channel', () => {
    const [withCommand] = renderAdaptiveCards(
      reply([{ title: 't', tone: 'info', elements: [{ kind: 'text', text: [span.command('devices')] }], actions: [] }]),
    );
    assert.ok(runsOf(withCommand).some((r) => r.text === '@screenos-bot devices' && r.fontType === 'Monospace'));
  });
});

describe('Teams cards: readable on a phone', () => {
  it('never colours text Warning or Good, whatever the tone: the emoji carries it', () => {
    for (const tone of ['danger', 'warning', 'good', 'info'] as Tone[]) {
      const [card] = renderAdaptiveCards(reply([{ title: 't', tone, elements: [{ kind: 'text', text: 'x' }], actions: [] }]));
      assert.doesNotMatch(JSON.stringify(card), /"color":"(Warning|Good)"/, tone);
    }
  });

  it('puts at most three buttons in the row, titles shortened to fit a 400 px card, the rest in the overflow menu', () => {
    const ids = ['JSA10713', 'JSA10704', 'JSA10712', 'JSA10733', 'JSA10759'];
    const [card] = renderAdaptiveCards(
      reply([{ title: 't', tone: 'danger', elements: [], actions: ids.map((id) => ({ label: `Show ${id}`, command: `advisory ${id}` })) }]),
    );
    assertValidAdaptiveCard(card);
    const actions = card?.actions as { title: string; mode?: string }[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.mode ?? 'primary']),
      [
        ['JSA10713', 'primary'],
        ['JSA10704', 'primary'],
        ['JSA10712', 'primary'],
        ['Show JSA10733', 'secondary'],
        ['Show JSA10759', 'secondary'],
      ],
    );
  });

  it('keeps fewer buttons in the row rather than clip a title that cannot be shortened', () => {
    const planned = planActions([
      { label: 'Acknowledge', command: 'ack a' },
      { label: 'Snooze 1 day', command: 'snooze a until 1d' },
      { label: 'Snooze 1 week', command: 'snooze a until 1w' },
    ]);
    assert.deepEqual(
      planned.map((p) => p.primary),
      [true, true, false],
    );
    for (const p of planned.filter((p) => p.primary)) assert.ok(p.title.length <= titleRoom(2), p.title);
    assert.equal(titleRoom(3), 12);
  });

  it('keeps every briefing for a 400-device fleet under Teams’ message size, counted in UTF-16 code units', async () => {
    const rig = await inventoryRig(generateFleet(400));
    const views = await rig.inventory.view(rig.clock.now());
    for (const advisory of catalog.advisories) {
      const activity = replyActivity(buildBriefing(advisory, catalog, views, 'fleet.csv read 5 minutes ago').reply);
      assert.ok(JSON.stringify(activity).length <= TEAMS_MESSAGE_LIMIT, `${advisory.id}: ${JSON.stringify(activity).length} code units`);
      for (const attachment of activity.attachments ?? []) assertValidAdaptiveCard(attachment.content);
    }
  });

  it('cuts long lists shorter, saying how many are left out, when a message would pass the size limit', () => {
    const items = Array.from({ length: 40 }, (_, i) => `device ${i}: ${'a long line of findings '.repeat(40)}`);
    const activity = replyActivity(reply([{ title: 't', tone: 'info', elements: [{ kind: 'list', items }], actions: [] }]));
    const json = JSON.stringify(activity);
    assert.ok(json.length <= TEAMS_MESSAGE_LIMIT, `${json.length} code units`);
    assert.match(json, /…and \d+ more/);
  });
});

describe('Teams cards: true to Teams', () => {
  it('shows the commands in help as a mention of the bot', async () => {
    const { bot } = await inventoryRig([device('fw-ams1', '6.3.0r19')]);
    const [card] = renderAdaptiveCards(await bot.handle(from({ platform: 'teams', id: 'aad-1' }, 'help')));
    assertValidAdaptiveCard(card);
    assert.ok(runsOf(card).some((r) => r.text.startsWith('@screenos-bot devices') && r.fontType === 'Monospace'));
  });

  it('tells people how to hunt in Teams words, never to share a log file “on Slack”', async () => {
    const rig = await inventoryRig([device('fw-ams1', '6.3.0r19')]);
    const advisory = catalog.findAdvisory('JSA10713');
    assert.ok(advisory !== undefined);
    const cards = renderAdaptiveCards(buildBriefing(advisory, catalog, await rig.inventory.view(rig.clock.now()), 'fresh').reply);
    assert.doesNotMatch(JSON.stringify(cards), /Slack/);
    assert.ok(cards.some((c) => runsOf(c).some((r) => r.text === '@screenos-bot hunt')));
  });
});
