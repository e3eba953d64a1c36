import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plainText, type Reply } from '../../src/chat/reply.ts';
import type { Device } from '../../src/domain/fleet/types.ts';
import { buildReminder } from '../../src/features/reminders/reminder-message.ts';
import type { ReminderRecord, ReminderScope } from '../../src/infrastructure/store/store.ts';
import { device, inventoryRig } from '../helpers/inventory-fixtures.ts';

function reminder(scope: Partial<ReminderScope>): ReminderRecord {
  const at = new Date('2026-11-26T09:00:00Z');
  return {
    id: 7,
    conversationKey: 'slack:C1',
    platform: 'slack',
    conversationName: 'netops',
    cron: '0 9 * * 1-5',
    timezone: 'Europe/Amsterdam',
    scope: { site: null, owner: null, advisory: null, ...scope },
    paused: false,
    pausedReason: null,
    createdBy: 'slack:UADMIN',
    createdAt: at,
    checkedThrough: at,
    lastDigest: null,
    lastSentAt: null,
  };
}

async function remind(scope: Partial<ReminderScope>, devices: readonly Device[]): Promise<Reply> {
  const { inventory } = await inventoryRig(devices);
  const content = buildReminder(reminder(scope), await inventory.view(), 'inventory synced just now');
  assert.equal(content.kind, 'post');
  return content.reply;
}

function lines(reply: Reply): string[] {
  return (reply.cards[0]?.elements ?? []).flatMap((e) => (e.kind === 'list' ? e.items.map(plainText) : []));
}

describe('a reminder scoped to one bulletin', () => {
  it('names JSA10713’s CVEs and the nearest fix on each device’s train, with the all-bulletins target second', async () => {
    const reply = await remind({ advisory: 'JSA10713' }, [device('ams-edge-fw1', '6.3.0r19'), device('ams-dc-fw1', '6.3.0r21')]);
    assert.deepEqual(lines(reply), [
      'ams-edge-fw1 (Amsterdam, netops-ams@example.com) 6.3.0r19: unpatched · CVE-2015-7755, CVE-2015-7756 · JSA10713 fix on 6.3.0: 6.3.0r19b · every bulletin → 6.3.0r26',
    ]);
    assert.deepEqual(reply.cards[0]?.actions, [{ label: 'All unpatched devices', command: 'devices status=unpatched advisory=JSA10713' }]);
    assert.match(plainText(reply.cards[1]?.elements[0]?.kind === 'text' ? reply.cards[1].elements[0].text : ''), /JSA10713 fix on 6\.3\.0: 6\.3\.0r19b/);
  });

  it('lists the devices by that bulletin’s urgency: the backdoor before an internet-exposed device with only the VPN flaw', async () => {
    const reply = await remind({ advisory: 'JSA10713' }, [
      device('exposed-r16', '6.3.0r16', { tags: ['exposure=internet'] }),
      device('internal-r19', '6.3.0r19'),
    ]);
    assert.deepEqual(
      lines(reply).map((l) => l.split(' ')[0]),
      ['internal-r19', 'exposed-r16'],
    );
  });

  it('keeps the all-bulletins line for a reminder that names no bulletin', async () => {
    const reply = await remind({}, [device('ams-edge-fw1', '6.3.0r19')]);
    assert.deepEqual(lines(reply), [
      'ams-edge-fw1 (Amsterdam, netops-ams@example.com) 6.3.0r19: unpatched · CVE-2015-7755, CVE-2016-2108, CVE-2016-2182 +23 · → 6.3.0r26',
    ]);
  });
});
