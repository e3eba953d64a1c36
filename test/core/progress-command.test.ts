import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imagesIn } from '../../src/chat/reply.ts';
import type { ProgressCount } from '../../src/domain/progress/progress-counts.ts';
import { ADMIN, device, from, inventoryRig, type InventoryRig } from '../helpers/inventory-fixtures.ts';
import { onlyCard, replyText } from '../helpers/messages.ts';
import { decodePng } from '../helpers/png.ts';

/** Eight devices, three of them still on a release JSA10713 affects (the rest upgraded this week). */
const FLEET = [
  device('ams-fw1', '6.3.0r19'),
  device('ams-fw2', '6.3.0r19'),
  device('ams-fw3', '6.3.0r26'),
  device('fra-fw1', '6.3.0r19', { site: 'Frankfurt' }),
  device('fra-fw2', '6.3.0r26', { site: 'Frankfurt' }),
  device('fra-fw3', '6.3.0r26', { site: 'Frankfurt' }),
  device('ny-fw1', '6.3.0r21', { site: 'New York' }),
  device('ny-fw2', '6.3.0r26', { site: 'New York' }),
];

/** A week of JSA10713's history before the rig's today (26 Nov 2026): 7 of the 8 affected on 19 Nov, 3 by 24 Nov. */
async function withHistory(rig: InventoryRig): Promise<void> {
  const days = [
    ['2026-11-19', 3, 3, 1],
    ['2026-11-21', 3, 2, 1],
    ['2026-11-24', 2, 1, 0],
  ] as const;
  for (const [day, amsterdam, frankfurt, newYork] of days) {
    const counts: ProgressCount[] = [
      { advisory: 'JSA10713', site: 'amsterdam', status: 'unpatched', devices: amsterdam },
      { advisory: 'JSA10713', site: 'amsterdam', status: 'not_affected', devices: 3 - amsterdam },
      { advisory: 'JSA10713', site: 'frankfurt', status: 'unpatched', devices: frankfurt },
      { advisory: 'JSA10713', site: 'frankfurt', status: 'not_affected', devices: 3 - frankfurt },
      { advisory: 'JSA10713', site: 'new york', status: 'unpatched', devices: newYork },
      { advisory: 'JSA10713', site: 'new york', status: 'not_affected', devices: 2 - newYork },
    ];
    await rig.store.recordProgress(
      day,
      counts.filter((c) => c.devices > 0),
    );
  }
}

describe('progress', () => {
  it('shows the burn-down of one bulletin since it was first counted, with the pace in words and a chart, visibly', async () => {
    const rig = await inventoryRig(FLEET);
    await withHistory(rig);
    await rig.inventory.setState('ams-fw2', 'acknowledged', ADMIN, null, null);
    const reply = await rig.bot.handle(from(ADMIN, 'progress JSA10713'));
    assert.equal(reply.visibility, 'public');
    const card = onlyCard(reply);
    assert.equal(card.title, 'JSA10713: 2 unpatched of 3 affected');
    const text = replyText(reply);
    assert.match(text, /^4 patched in the last 7 days; at this pace about 6 days to go\.$/m);
    assert.match(text, /Affected: 7 on 19 Nov 2026, 3 now/);
    assert.match(text, /Unpatched: 7 on 19 Nov 2026, 2 now/);
    assert.match(text, /\[Unpatched devices → devices advisory=JSA10713 status=unpatched\]/);
    assert.match(text, /scripted test source: inventory synced just now/);
    const [image] = imagesIn(reply);
    assert.ok(image !== undefined);
    assert.equal(decodePng(Buffer.from(image.png, 'base64')).height, image.height);
    assert.equal(image.fileName, 'progress-jsa10713-2026-11-26.png');
    assert.equal(image.text.length, 3);
  });

  it('narrows to one site in any case, and reads a CVE or a bare number as its bulletin', async () => {
    const rig = await inventoryRig(FLEET);
    await withHistory(rig);
    const reply = await rig.bot.handle(from(ADMIN, 'progress CVE-2015-7755 site=AMSTERDAM'));
    assert.equal(onlyCard(reply).title, 'JSA10713 at AMSTERDAM: 2 unpatched of 2 affected');
    assert.match(replyText(reply), /Affected: 3 on 19 Nov 2026, 2 now/);
    assert.match(replyText(reply), /devices advisory=JSA10713 site=AMSTERDAM status=unpatched/);
    assert.equal(
      onlyCard(await rig.bot.handle(from(ADMIN, 'progress advisory=10713 site="New York"'))).title,
      'JSA10713 at New York: 0 unpatched of 0 affected',
    );
  });

  it('counts every bulletin together when none is named, starting today when nothing was recorded yet', async () => {
    const rig = await inventoryRig(FLEET);
    const reply = await rig.bot.handle(from(ADMIN, 'progress'));
    assert.equal(onlyCard(reply).title, 'Every bulletin: 4 unpatched of 4 affected');
    assert.match(replyText(reply), /^The history starts today: the pace shows from tomorrow\.$/m);
    assert.doesNotMatch(replyText(reply), /Affected:/, 'no from-to line for a single day');
  });

  it('answers an unknown bulletin, an unknown site and a stray word with what to type instead', async () => {
    const rig = await inventoryRig(FLEET);
    assert.match(replyText(await rig.bot.handle(from(ADMIN, 'progress JSA99999'))), /“JSA99999” is not a loaded bulletin or CVE/);
    const site = replyText(await rig.bot.handle(from(ADMIN, 'progress site=Paris')));
    assert.match(site, /No device at site “Paris”/);
    assert.match(site, /Sites in the inventory: Amsterdam, Frankfurt, New York\./);
    const stray = replyText(await rig.bot.handle(from(ADMIN, 'progress JSA10713 Amsterdam colour=red')));
    assert.match(stray, /“colour” is not an option \(advisory, site\)/);
    assert.match(stray, /“Amsterdam” is not an option: write site=Amsterdam/);
  });

  it('is listed in help', async () => {
    const rig = await inventoryRig(FLEET);
    assert.match(replyText(await rig.bot.handle(from(ADMIN, 'help'))), /progress \[advisory\] \[site=…\] How fast our affected and unpatched devices go down/);
  });
});
