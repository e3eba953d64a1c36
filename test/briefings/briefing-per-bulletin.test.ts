import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildBriefing } from '../../src/features/briefings/briefing.ts';
import { plainText, type Card, type CardElement, type Reply } from '../../src/chat/reply.ts';
import type { Device } from '../../src/domain/fleet/types.ts';
import { catalog, device, inventoryRig } from '../helpers/inventory-fixtures.ts';

async function brief(id: string, devices: readonly Device[]): Promise<Reply> {
  const advisory = catalog.findAdvisory(id);
  assert.ok(advisory);
  const { inventory } = await inventoryRig(devices);
  return buildBriefing(advisory, catalog, await inventory.view(), 'inventory synced just now').reply;
}

function exposureCard(reply: Reply): Card {
  const card = reply.cards.find((c) => c.title.startsWith('Our exposure'));
  assert.ok(card);
  return card;
}

function urgentList(card: Card): Extract<CardElement, { kind: 'list' }> {
  const list = card.elements.find((e) => e.kind === 'list' && e.title?.startsWith('Most urgent first'));
  assert.ok(list?.kind === 'list', 'the exposure card lists the most urgent devices');
  return list;
}

describe('a briefing for one bulletin', () => {
  it('names JSA10713’s CVEs and the nearest fix on the device’s train in a JSA10713 briefing, with the all-bulletins target second', async () => {
    const reply = await brief('JSA10713', [
      device('ams-edge-fw1', '6.3.0r19'),
      device('ams-dc-fw1', '6.3.0r21'),
      device('fra-dc-fw1', '6.2.0r16', { site: 'Frankfurt' }),
    ]);
    const lines = urgentList(exposureCard(reply)).items.map(plainText);
    assert.deepEqual(lines, [
      'ams-edge-fw1 (Amsterdam, netops-ams@example.com) 6.3.0r19: unpatched · CVE-2015-7755, CVE-2015-7756 · JSA10713 fix on 6.3.0: 6.3.0r19b · every bulletin → 6.3.0r26',
      'fra-dc-fw1 (Frankfurt, netops-ams@example.com) 6.2.0r16: unpatched · CVE-2015-7756 · JSA10713 fix on 6.2.0: 6.2.0r19',
    ]);
  });

  it('names only the OpenSSL bulletin’s CVEs in a JSA10733 briefing, most urgent first, and its own fix', async () => {
    const reply = await brief('JSA10733', [device('ams-edge-fw1', '6.3.0r19')]);
    const [line] = urgentList(exposureCard(reply)).items.map(plainText);
    assert.equal(
      line,
      'ams-edge-fw1 (Amsterdam, netops-ams@example.com) 6.3.0r19: unpatched · CVE-2015-1789, CVE-2015-1791, CVE-2015-3195, CVE-2015-1790 · JSA10733 fix on 6.3.0: 6.3.0r22 · every bulletin → 6.3.0r26',
    );
  });

  it('orders a JSA10713 briefing by JSA10713’s CVEs: the backdoor before an internet-exposed device with only the VPN flaw', async () => {
    const reply = await brief('JSA10713', [device('exposed-r16', '6.3.0r16', { tags: ['exposure=internet'] }), device('internal-r19', '6.3.0r19')]);
    assert.deepEqual(
      urgentList(exposureCard(reply)).items.map((i) => plainText(i).split(' ')[0]),
      ['internal-r19', 'exposed-r16'],
    );
  });

  it('says how to see the rest when it lists 15 of 16 devices, and its button lists that bulletin’s unpatched devices', async () => {
    const fleet = Array.from({ length: 16 }, (_, i) => device(`fw${String(i).padStart(2, '0')}`, '6.3.0r19'));
    const card = exposureCard(await brief('JSA10713', fleet));
    assert.equal(urgentList(card).title, 'Most urgent first (15 of 16)');
    assert.equal(urgentList(card).items.length, 15);
    const rest = card.elements.find((e) => e.kind === 'context' && plainText(e.text).startsWith('1 more'));
    assert.ok(rest?.kind === 'context');
    assert.equal(plainText(rest.text), '1 more: type devices advisory=JSA10713 for every affected device, a page at a time.');
    assert.ok(typeof rest.text !== 'string' && rest.text.some((s) => s.style === 'code' && s.text === 'devices advisory=JSA10713'));
    assert.deepEqual(card.actions, [{ label: 'Unpatched devices', command: 'devices advisory=JSA10713 status=unpatched' }]);
  });
});
