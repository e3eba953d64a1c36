import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { createTurnHandler } from '../../../adapters/teams/teams-turn.ts';
import { renderAdaptiveCards, escapeTeamsText } from '../../../adapters/teams/render-adaptive-card.ts';
import { span } from '../../../src/chat/reply.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { device, inventoryRig } from '../../helpers/inventory-fixtures.ts';
import { adaptiveCardTexts, assertValidAdaptiveCard } from '../../helpers/render-check.ts';
import { SHIPPED_IDS } from '../../helpers/shipped-advisories.ts';

const ADMIN_AAD = '7faf080b-1b1f-4e7c-9a3d-2d5d3e0f1a11';

async function teamsRig(): Promise<{ adapter: TestAdapter; store: Awaited<ReturnType<typeof inventoryRig>>['store'] }> {
  const rig = await inventoryRig([device('ams-edge-fw1', '6.3.0r19', { tags: ['exposure=internet'] }), device('fra-dc-fw2', '6.3.0r26')], `teams:${ADMIN_AAD}`);
  const turn = createTurnHandler({
    bot: rig.bot,
    store: rig.store,
    log: silentLogger,
    now: rig.clock.now,
    send: async (context, activity) => void (await context.sendActivity(activity)),
  });
  const adapter = new TestAdapter(turn, { from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: ADMIN_AAD } });
  return { adapter, store: rig.store };
}

/** The JSON of the Adaptive Card in a reply, for matching. */
function cardJson(activity: Partial<Activity>): string {
  const attachment = activity.attachments?.[0];
  assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive');
  for (const a of activity.attachments ?? []) assertValidAdaptiveCard(a.content);
  return JSON.stringify(attachment.content);
}

const COMMANDS: { send: string; expect: RegExp }[] = [
  { send: '6.2.0r16', expect: /6\.2\.0r16: affected/ },
  { send: 'screenos 6.3.0r19b 6.3.0r12a', expect: /2 versions: 2 affected/ },
  { send: '6.3.0', expect: /6\.3\.0: unknown/ },
  { send: 'advisory', expect: /JSA10713: 2015-12 Out of Cycle Security Bulletin/ },
  { send: 'advisory JSA10704', expect: /JSA10704/ },
  { send: 'advisories', expect: new RegExp(`${SHIPPED_IDS.length} bulletins loaded`) },
  { send: 'help', expect: /Our devices against every bulletin/ },
  { send: 'devices', expect: /Devices: 1 unpatched of 2/ },
  { send: 'device ams-edge-fw1', expect: /ams-edge-fw1: affected/ },
  { send: 'inventory', expect: /Inventory: 2 devices, 0 rejected/ },
  { send: 'ack ams-edge-fw1 booked', expect: /ams-edge-fw1 acknowledged: booked/ },
  { send: 'unack ams-edge-fw1', expect: /ams-edge-fw1 cleared/ },
  { send: 'snooze ams-edge-fw1 until 3d', expect: /ams-edge-fw1 snoozed until 2026-11-29 09:00 UTC/ },
  { send: 'accept ams-edge-fw1 until 2026-12-31 isolated lab', expect: /ams-edge-fw1 risk accepted until 2026-12-31 00:00 UTC: isolated lab/ },
  { send: 'frobnicate', expect: /I did not understand that/ },
];

describe('the Teams turn, through botbuilder’s TestAdapter', () => {
  it('answers every command with an Adaptive Card, in order, as the other platforms do', async () => {
    const { adapter } = await teamsRig();
    let flow = adapter.send(COMMANDS[0]?.send ?? '');
    COMMANDS.forEach((c, i) => {
      if (i > 0) flow = flow.send(c.send);
      flow = flow.assertReply((activity) => assert.match(cardJson(activity), c.expect, c.send));
    });
    await flow.startTest();
  });

  it('runs a button’s command from the submitted card data', async () => {
    const { adapter } = await teamsRig();
    await adapter
      .send({ type: 'message', value: { command: 'advisory JSA10712' } })
      .assertReply((activity) => assert.match(cardJson(activity), /JSA10712/))
      .startTest();
  });

  it('stores the conversation reference on every message', async () => {
    const { adapter, store } = await teamsRig();
    await adapter
      .send('help')
      .assertReply(() => undefined)
      .startTest();
    const [stored] = await store.conversations('teams');
    assert.equal(stored?.platform, 'teams');
    assert.equal(stored?.active, true);
    assert.equal((stored?.reference as { serviceUrl?: string }).serviceUrl, 'https://test.com');
  });
});

describe('renderAdaptiveCards', () => {
  const HOSTILE = '<at>Megan</at> **bold** _it_ [link](https://evil.test) ~~x~~';

  it('shows markdown and mention syntax from inventory text as it is, in TextRuns, in every element', () => {
    const [card] = renderAdaptiveCards({
      fallback: HOSTILE,
      visibility: 'private',
      cards: [
        {
          title: HOSTILE,
          tone: 'danger',
          elements: [
            { kind: 'text', text: HOSTILE },
            { kind: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
            { kind: 'list', title: HOSTILE, items: [HOSTILE, [span.bold(HOSTILE)]] },
            { kind: 'context', text: HOSTILE },
          ],
          actions: [],
        },
      ],
    });
    assertValidAdaptiveCard(card);
    const lines = adaptiveCardTexts(card);
    assert.ok(
      lines.every((l) => !l.startsWith('md:')),
      'no Markdown TextBlock',
    );
    assert.equal(lines.filter((l) => l.includes(HOSTILE)).length, 7);
    assert.ok(!JSON.stringify(card).includes('Action.OpenUrl'), 'no link');
    assert.equal(card?.fallbackText, HOSTILE);
  });

  it('still escapes list markers in the Markdown of a line that mentions an owner, and leaves versions readable', () => {
    assert.equal(escapeTeamsText('- not a list\n1. nor this'), '\\- not a list\n1\\. nor this');
    assert.equal(escapeTeamsText('6.2.0r16 → 6.2.0r19'), '6.2.0r16 → 6.2.0r19');
  });

  it('keeps real links from the advisory data as a run’s action and renders card actions as Action.Submit with the command', () => {
    const [card] = renderAdaptiveCards({
      fallback: 'f',
      visibility: 'private',
      cards: [
        {
          title: 't',
          tone: 'info',
          elements: [{ kind: 'text', text: [span.link('Juniper JSA10713', 'https://kb.juniper.net/JSA10713')] }],
          actions: [{ label: 'Show', command: 'advisory JSA10713' }],
        },
      ],
    });
    assertValidAdaptiveCard(card);
    const run = (card?.body[1] as { inlines: { text: string; selectAction?: { url: string } }[] }).inlines[0];
    assert.equal(run?.text, 'Juniper JSA10713');
    assert.equal(run?.selectAction?.url, 'https://kb.juniper.net/JSA10713');
    assert.deepEqual(card?.actions, [{ type: 'Action.Submit', title: 'Show', data: { command: 'advisory JSA10713' } }]);
    assert.equal(card?.version, '1.5');
  });
});
