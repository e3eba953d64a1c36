// Junos devices in the inventory go through every answer that lists devices: devices, device, a briefing
// for a Junos bulletin and a reminder scoped to one, judged for their product and model.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildBriefing } from '../../src/features/briefings/briefing.ts';
import { catalog, device, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { messageFrom, replyText } from '../helpers/messages.ts';

const FLEET = [
  device('ams-srx-gw1', '21.4R3-S4', { product: 'Junos OS', platform: 'SRX345', tags: ['exposure=internet'] }),
  device('nyc-access-sw1', '22.3R2-S2', { product: 'Junos OS', platform: 'EX4300-48T', site: 'New York', owner: 'netops-nyc@example.com' }),
  device('fra-core-rt1', '21.4R3-S4', { product: 'Junos OS', platform: 'MX204', site: 'Frankfurt', owner: 'netops-fra@example.com' }),
  device('ams-edge-fw1', '6.3.0r19'),
];

describe('a fleet with Junos devices', () => {
  it('lists each device for a Junos bulletin by its model: J-Web concerns the SRX and the EX, not the MX', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(messageFrom('devices advisory=JSA72300 status=all')));
    assert.match(
      answer,
      /ams-srx-gw1 \(Amsterdam, netops-ams@example\.com\) 21\.4R3-S4: unpatched · CVE-2023-36845, CVE-2023-36846, CVE-2023-36851 · JSA72300 fix on 21\.4: 21\.4R3-S6/,
    );
    assert.match(answer, /nyc-access-sw1 .*22\.3R2-S2: unpatched · CVE-2023-36844 · JSA72300 fix on 22\.3: 22\.3R3-S1/);
    assert.match(answer, /fra-core-rt1 .*21\.4R3-S4: not affected/);
    assert.match(answer, /ams-edge-fw1 .*6\.3\.0r19: not affected/);
  });

  it('scopes to JSA93446 by CVE too, where every Junos OS platform is concerned and the ScreenOS box is not', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(messageFrom('devices advisory=CVE-2025-21590 status=all')));
    assert.match(answer, /Devices for JSA93446: 2 unpatched of 4/);
    assert.match(answer, /fra-core-rt1 .*: unpatched · CVE-2025-21590 · JSA93446 fix on 21\.4: 21\.4R3-S10/);
    assert.match(answer, /ams-edge-fw1 .*: not affected/);
  });

  it('briefs JSA72300 with our exposure: the SRX and the EX by site and owner, the MX left out', async () => {
    const { inventory } = await inventoryRig(FLEET);
    const advisory = catalog.findAdvisory('JSA72300');
    assert.ok(advisory);
    const text = replyText(buildBriefing(advisory, catalog, await inventory.view(), 'inventory synced just now').reply);
    assert.match(text, /Our exposure to JSA72300: 2 unpatched of 2 affected/);
    assert.match(text, /ams-srx-gw1 .*internet-exposed/);
    assert.match(text, /nyc-access-sw1/);
    assert.doesNotMatch(text, /fra-core-rt1/);
    assert.match(text, /PHPRC=/);
  });

  it('shows one device with its product, model and findings', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(messageFrom('device fra-core-rt1')));
    assert.match(answer, /Junos OS on MX204/);
    assert.match(answer, /CVE-2025-21590/);
    assert.doesNotMatch(answer, /CVE-2023-36845/);
  });
});
