import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';
import { replyText } from '../helpers/messages.ts';

/** The device names listed, in order. */
function listed(answer: string): string[] {
  return [...answer.matchAll(/^(\S+) \(/gm)].map((m) => m[1] ?? '');
}

const FLEET = [
  device('ams-edge-fw1', '6.3.0r19', { tags: ['exposure=internet'] }),
  // Patched for the backdoor (6.3.0r21 clears JSA10713), still open to JSA10733's OpenSSL flaws.
  device('ams-dc-fw1', '6.3.0r21'),
  device('fra-dc-fw1', '6.2.0r16', { site: 'Frankfurt', owner: 'netops-fra@example.com' }),
  device('fra-dc-fw2', '6.3.0r26', { site: 'Frankfurt', owner: 'netops-fra@example.com' }),
];

describe('devices for one bulletin', () => {
  it('counts a device patched for JSA10713 though JSA10733 still affects it as not affected under devices advisory=JSA10713', async () => {
    const { bot } = await inventoryRig(FLEET);
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices'))), /4 devices: 3 unpatched, 1 not affected\./);
    const answer = replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10713')));
    assert.match(answer, /^Devices for JSA10713: 2 unpatched of 4$/m);
    assert.match(answer, /4 devices, for JSA10713 alone: 2 unpatched, 2 not affected\./);
    assert.deepEqual(listed(answer), ['ams-edge-fw1', 'fra-dc-fw1']);
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10733'))), /for JSA10733 alone: 2 unpatched, 1 unknown, 1 not affected\./);
  });

  it('names the bulletin’s CVEs and its nearest fix on the device’s train in each line, then the release that clears every bulletin', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10713')));
    assert.match(
      answer,
      /ams-edge-fw1 \(Amsterdam, netops-ams@example\.com\) 6\.3\.0r19: unpatched · CVE-2015-7755, CVE-2015-7756 · JSA10713 fix on 6\.3\.0: 6\.3\.0r19b · every bulletin → 6\.3\.0r26 · internet-exposed/,
    );
    // Without end-of-life data, no release is known to clear every bulletin for 6.2.0r16: the line stops at JSA10713's fix.
    assert.match(answer, /fra-dc-fw1 .*6\.2\.0r16: unpatched · CVE-2015-7756 · JSA10713 fix on 6\.2\.0: 6\.2\.0r19$/m);
  });

  it('finds the bulletin by a CVE id or its bare number as well', async () => {
    const { bot } = await inventoryRig(FLEET);
    const byId = await bot.handle(from(ADMIN, 'devices advisory=JSA10713'));
    assert.equal(byId.cards[0]?.title, 'Devices for JSA10713: 2 unpatched of 4');
    assert.deepEqual(await bot.handle(from(ADMIN, 'devices advisory=CVE-2015-7756')), byId);
    assert.deepEqual(await bot.handle(from(ADMIN, 'devices advisory=10713')), byId);
  });

  it('answers an unknown bulletin by naming it and the bulletins that are loaded', async () => {
    const { bot } = await inventoryRig(FLEET);
    const reply = await bot.handle(from(ADMIN, 'devices advisory=JSA99999'));
    assert.equal(reply.cards[0]?.title, 'No bulletin “JSA99999”');
    assert.match(replyText(reply), new RegExp(`“JSA99999” is not a loaded bulletin or CVE\\. Loaded: ${SHIPPED_IDS.join(', ')}\\.`));
  });

  it('keeps a device’s acknowledgement while the bulletin affects it', async () => {
    const { bot, inventory } = await inventoryRig(FLEET);
    await inventory.setState('fra-dc-fw1', 'acknowledged', ADMIN, null, 'upgrade booked');
    const answer = replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10713')));
    assert.match(answer, /1 unpatched, 1 acknowledged, 2 not affected/);
    assert.doesNotMatch(replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10713 status=unpatched'))), /fra-dc-fw1/);
  });

  it('orders the devices by the bulletin’s own CVEs: the backdoor before an internet-exposed device with only the VPN flaw', async () => {
    const { bot } = await inventoryRig([device('exposed-r16', '6.3.0r16', { tags: ['exposure=internet'] }), device('internal-r19', '6.3.0r19')]);
    assert.deepEqual(listed(replyText(await bot.handle(from(ADMIN, 'devices advisory=JSA10713')))), ['internal-r19', 'exposed-r16']);
  });

  it('pages with a button that keeps the bulletin, spelled as loaded', async () => {
    const many = Array.from({ length: 25 }, (_, i) => device(`fw${String(i).padStart(2, '0')}`, '6.3.0r19'));
    const { bot } = await inventoryRig(many);
    const first = await bot.handle(from(ADMIN, 'devices advisory=10713'));
    assert.match(replyText(first), /page 1 of 2/);
    assert.equal(first.cards[0]?.actions[0]?.command, 'devices advisory=JSA10713 page=2');
  });

  it('shows the advisory option in help', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from(ADMIN, 'help')));
    assert.match(answer, /^devices \[export\] \[advisory=ID\] \[site=…\].*against one \(advisory=JSA10713, a CVE, or 10713\)/m);
  });
});
