/**
 * Device names typed in commands are read the way the inventory stores them: a typographic hyphen, a
 * fullwidth letter or a minus sign finds the device whose name has the plain character.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { deviceFromArgs } from '../../src/chat/commands/inventory-replies.ts';
import type { Inventory } from '../../src/features/inventory/inventory.ts';
import { onlyCard } from '../helpers/messages.ts';
import { ADMIN, device, from, inventoryRig, type InventoryRig } from '../helpers/inventory-fixtures.ts';

void describe('device names typed with look-alike characters', () => {
  let rig: InventoryRig;
  const ask = async (text: string): Promise<string> => onlyCard(await rig.bot.handle(from(ADMIN, text))).title;

  before(async () => {
    rig = await inventoryRig([device('fw-ams1', '6.3.0r19'), device('core fw 2', '6.2.0r16')]);
  });

  void it('finds fw-ams1 when it is typed with a hyphen (U+2010), an en dash or a minus sign', async () => {
    for (const dash of ['\u2010', '\u2013', '\u2212']) assert.match(await ask(`device fw${dash}ams1`), /^fw-ams1: /, `U+${dash.codePointAt(0)?.toString(16)}`);
  });

  void it('finds fw-ams1 typed in fullwidth letters, and a quoted name with spaces the same way', async () => {
    assert.match(await ask('device ｆｗ-ａｍｓ１'), /^fw-ams1: /);
    assert.match(await ask('device "ｃｏｒｅ fw ２"'), /^core fw 2: /);
  });

  void it('acknowledges fw-ams1 when an admin types its name with an en dash, keeping the reason as typed', async () => {
    await ask('ack fw\u2013ams1 upgrade booked \u2014 change 42');
    const [state] = await rig.store.deviceStates();
    assert.deepEqual([state?.device, state?.reason], ['fw-ams1', 'upgrade booked \u2014 change 42']);
  });

  void it('looks up a bounded run of leading words, however many words follow', () => {
    let charactersLookedUp = 0;
    const inventory: Pick<Inventory, 'findDevice'> = {
      findDevice: (name) => {
        charactersLookedUp += name.length;
        return undefined;
      },
    };
    const work = (words: number): number => {
      charactersLookedUp = 0;
      deviceFromArgs(inventory, 'fw-ams1 '.repeat(words));
      return charactersLookedUp;
    };
    const growth = work(4_000) / work(2_000);
    assert.ok(growth < 3, `twice the words looked up ${growth.toFixed(1)} times the text`);
  });
});
