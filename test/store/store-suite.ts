/**
 * The behaviour every store promises, written once and run against each implementation (SQLite and
 * PostgreSQL) through a factory that opens stores on one shared database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardReply } from '../../src/chat/reply.ts';
import type { AuditEntry, NewReminder, Store } from '../../src/infrastructure/store/store.ts';
import type { ProgressCount } from '../../src/domain/progress/progress-counts.ts';

export interface StoreFactory {
  /** A new store on the shared database: several of them play several processes. */
  open(): Promise<Store>;
  /** Runs SQL on the shared database, for rows a store would never write itself. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const AT = new Date('2026-11-26T09:00:00Z');
const minutes = (n: number): Date => new Date(AT.getTime() + n * 60_000);
const REPLY = cardReply({ title: 'Reminder', tone: 'info', elements: [{ kind: 'text', text: 'fw1 is unpatched' }], actions: [] });
const DEVICE = {
  name: 'ams-edge-fw1',
  site: 'Amsterdam',
  owner: 'netops@example.com',
  version: '6.3.0r19',
  product: 'ScreenOS',
  platform: 'ISG-2000',
  managementIp: '192.0.2.1',
  tags: ['exposure=internet'],
  ref: 'line 2',
};

function audit(action: string, subject: string, at = AT): AuditEntry {
  return { at, platform: 'console', actor: 'console:console', actorName: 'console', action, subject, detail: null, reason: 'test' };
}

function reminder(channel: string): NewReminder {
  return {
    conversationKey: `slack:${channel}`,
    platform: 'slack',
    conversationName: channel,
    cron: '0 9 * * *',
    timezone: 'UTC',
    scope: { site: null, owner: null, advisory: null },
    createdBy: 'slack:U1',
    createdAt: AT,
    checkedThrough: AT,
  };
}

/** Defines the shared tests for one implementation; `skip` says why they cannot run here. */
export function storeSuite(name: string, factory: () => Promise<StoreFactory>, skip: string | false = false): void {
  describe(`${name} store`, { skip }, () => {
    async function withStores(use: (stores: { first: Store; second: Store; exec: (sql: string) => Promise<void> }) => Promise<void>): Promise<void> {
      const made = await factory();
      const first = await made.open();
      const second = await made.open();
      try {
        await use({ first, second, exec: (sql) => made.exec(sql) });
      } finally {
        await first.close();
        await second.close();
        await made.close();
      }
    }

    it('keeps the inventory snapshot and the sync status for the next process', async () => {
      await withStores(async ({ first, second }) => {
        assert.equal(await second.loadSnapshot(), null);
        await first.saveSnapshot({
          source: 'file x.csv',
          fetchedAt: minutes(-60),
          read: { devices: [DEVICE], rejected: [{ ref: 'line 3', reason: 'name is missing' }] },
        });
        await first.recordSyncAttempt({ source: 'file x.csv', lastSuccessAt: minutes(-60), lastAttemptAt: minutes(-45), lastError: 'HTTP 503' });
        assert.deepEqual(await second.loadSnapshot(), {
          source: 'file x.csv',
          fetchedAt: minutes(-60),
          read: { devices: [DEVICE], rejected: [{ ref: 'line 3', reason: 'name is missing' }] },
        });
        assert.deepEqual(await second.syncStatus(), { source: 'file x.csv', lastSuccessAt: minutes(-60), lastAttemptAt: minutes(-45), lastError: 'HTTP 503' });
      });
    });

    it('keeps one state per device whatever its case, and an audit entry for every change, newest first', async () => {
      await withStores(async ({ first, second }) => {
        await first.setDeviceState({ device: 'fw1', kind: 'acknowledged', until: null, reason: null, actor: 'a', changedAt: AT }, audit('ack', 'fw1'));
        await second.setDeviceState(
          { device: 'FW1', kind: 'snoozed', until: minutes(600), reason: 'freeze', actor: 'b', changedAt: minutes(1) },
          audit('snooze', 'FW1', minutes(1)),
        );
        assert.deepEqual(await first.deviceStates(), [
          { device: 'FW1', kind: 'snoozed', until: minutes(600), reason: 'freeze', actor: 'b', changedAt: minutes(1) },
        ]);
        await first.clearDeviceState('Fw1', audit('unack', 'Fw1', minutes(2)));
        assert.deepEqual(await second.deviceStates(), []);
        assert.deepEqual(
          (await second.auditLog({ subject: 'fw1' })).map((e) => e.action),
          ['unack', 'snooze', 'ack'],
        );
        assert.equal((await second.auditLog({ limit: 1 }))[0]?.action, 'unack');
      });
    });

    it('remembers conversations, marks them inactive, and makes them active again when saved', async () => {
      await withStores(async ({ first, second }) => {
        await first.saveConversation({ key: 'teams:19:abc', platform: 'teams', name: 'ops', reference: { serviceUrl: 'http://127.0.0.1:9/' }, updatedAt: AT });
        await second.markConversationInactive('teams:19:abc', 'the bot was removed', minutes(1));
        assert.deepEqual(await first.conversation('teams:19:abc'), {
          key: 'teams:19:abc',
          platform: 'teams',
          name: 'ops',
          reference: { serviceUrl: 'http://127.0.0.1:9/' },
          active: false,
          inactiveReason: 'the bot was removed',
          updatedAt: minutes(1),
        });
        await second.saveConversation({
          key: 'teams:19:abc',
          platform: 'teams',
          name: null,
          reference: { serviceUrl: 'http://127.0.0.1:8/' },
          updatedAt: minutes(2),
        });
        const [saved] = await first.conversations('teams');
        assert.equal(saved?.active, true);
        assert.equal(saved?.name, 'ops', 'a save without a name keeps the known one');
        assert.deepEqual(await first.conversations('slack'), []);
      });
    });

    it('adds, pauses and removes reminders, and never moves a reminder’s planning back in time', async () => {
      await withStores(async ({ first, second }) => {
        const added = await first.addReminder(reminder('C1'), audit('remind add', 'reminder'));
        assert.equal(added.conversationKey, 'slack:C1');
        assert.equal(added.paused, false);
        assert.equal(added.lastDigest, null);
        await second.updateReminder(added.id, { checkedThrough: minutes(10) });
        await first.updateReminder(added.id, { checkedThrough: minutes(5) });
        await first.updateReminder(added.id, { paused: true, pausedReason: 'by hand' }, audit('remind pause', `reminder ${added.id}`));
        const [stored] = await second.reminders();
        assert.equal(stored?.checkedThrough.toISOString(), minutes(10).toISOString());
        assert.equal(stored?.paused, true);
        assert.equal(stored?.pausedReason, 'by hand');
        assert.deepEqual(
          (await second.auditLog({ subject: `reminder ${added.id}` })).map((e) => e.action),
          ['remind pause', 'remind add'],
        );
        await second.removeReminder(added.id, audit('remind remove', `reminder ${added.id}`));
        assert.deepEqual(await first.reminders(), []);
      });
    });

    it('lets exactly one of many concurrent claims of a slot win, and queues its post once', async () => {
      await withStores(async ({ first, second }) => {
        const record = await first.addReminder(reminder('C1'), audit('remind add', 'reminder'));
        const slot = { key: '2026-11-26T09:00', at: AT };
        const action = { kind: 'post', reply: REPLY, digest: ['fw1'] } as const;
        const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).claimSlot(record, slot, `p${i}`, action, AT)));
        assert.equal(claims.filter(Boolean).length, 1);
        const leased = await second.leaseOutbox('p', AT, minutes(5), 100);
        assert.equal(leased.length, 1);
        assert.deepEqual(leased[0]?.content, { kind: 'reply', reply: REPLY });
        assert.equal(leased[0]?.slotKey, slot.key);
        assert.deepEqual((await first.reminders())[0]?.lastDigest, ['fw1']);
      });
    });

    it('leases each due message to one process until its lease runs out, and never again once sent', async () => {
      await withStores(async ({ first, second }) => {
        for (let i = 0; i < 6; i++) await first.enqueue(`slack:C${i}`, 'slack', REPLY, AT);
        const [a, b] = await Promise.all([first.leaseOutbox('a', AT, minutes(5), 4), second.leaseOutbox('b', AT, minutes(5), 4)]);
        const ids = [...(a ?? []), ...(b ?? [])].map((e) => e.id);
        assert.equal(ids.length, 6);
        assert.equal(new Set(ids).size, 6, 'no message went to both');
        assert.deepEqual(await second.leaseOutbox('c', minutes(4), minutes(9), 10), [], 'nothing while the leases hold');
        for (const entry of a ?? []) await first.completeOutbox(entry.id, { kind: 'sent', at: minutes(1) });
        const expired = await second.leaseOutbox('c', minutes(5), minutes(10), 10);
        assert.deepEqual(
          expired.map((e) => e.id).sort((x, y) => x - y),
          (b ?? []).map((e) => e.id).sort((x, y) => x - y),
          'only the unsent come back',
        );
      });
    });

    it('announces a newly known exploited CVE once across processes, queuing its messages with it', async () => {
      await withStores(async ({ first, second }) => {
        const messages = [
          { conversationKey: 'slack:CADMIN', platform: 'slack' as const, reply: REPLY },
          { conversationKey: 'slack:CINC', platform: 'slack' as const, reply: REPLY },
        ];
        const outcomes = await Promise.all([
          first.announceKnownExploited('CVE-2015-7755', messages, AT),
          second.announceKnownExploited('cve-2015-7755', messages, AT),
        ]);
        assert.deepEqual(outcomes.sort(), [false, true], 'one of the two announces it');
        const queued = await first.leaseOutbox('a', AT, minutes(5), 10);
        assert.deepEqual(queued.map((e) => e.conversationKey).sort(), ['slack:CADMIN', 'slack:CINC'], 'its messages are queued once');
        assert.equal(await second.announceKnownExploited('CVE-2015-7755', messages, minutes(60)), false, 'never again');
      });
    });

    it('remembers an attempt whose outcome is unknown until one ends with a known outcome', async () => {
      await withStores(async ({ first, second }) => {
        await first.enqueue('slack:C1', 'slack', REPLY, AT);
        const [entry] = await first.leaseOutbox('a', AT, minutes(5), 1);
        assert.ok(entry !== undefined);
        assert.equal(entry.attemptStartedAt, null);
        await first.startAttempt(entry.id, minutes(1));
        // The process died here: the next lease sees when the attempt began.
        const [again] = await second.leaseOutbox('b', minutes(5), minutes(10), 1);
        assert.equal(again?.attemptStartedAt?.toISOString(), minutes(1).toISOString());
        await second.completeOutbox(entry.id, { kind: 'retry', at: minutes(6), error: 'no answer', outcomeUnknown: true });
        const [third] = await first.leaseOutbox('a', minutes(6), minutes(11), 1);
        assert.equal(third?.attemptStartedAt?.toISOString(), minutes(1).toISOString(), 'an unanswered attempt keeps its start');
        await first.completeOutbox(entry.id, { kind: 'retry', at: minutes(7), error: 'HTTP 500' });
        const [fourth] = await second.leaseOutbox('b', minutes(7), minutes(12), 1);
        assert.equal(fourth?.attemptStartedAt, null, 'an attempt that failed for sure posted nothing');
        assert.equal(fourth?.attempts, 2);
      });
    });

    it('counts every attempt made under a lease, retries in place included, so that the limit holds across leases', async () => {
      await withStores(async ({ first, second }) => {
        await first.enqueue('slack:C1', 'slack', REPLY, AT);
        const [entry] = await first.leaseOutbox('a', AT, minutes(5), 1);
        assert.ok(entry !== undefined);
        await first.completeOutbox(entry.id, { kind: 'retry', at: minutes(1), error: 'HTTP 500', attempts: 6 });
        const [again] = await second.leaseOutbox('b', minutes(1), minutes(6), 1);
        assert.equal(again?.attempts, 6);
        await second.completeOutbox(entry.id, { kind: 'retry', at: minutes(2), error: 'HTTP 500' });
        const [third] = await first.leaseOutbox('a', minutes(2), minutes(7), 1);
        assert.equal(third?.attempts, 7, 'one attempt when the outcome does not say');
      });
    });

    it('fails a stored reply of a format version it does not know with a reason instead of crashing', async () => {
      await withStores(async ({ first, exec }) => {
        await first.enqueue('slack:C1', 'slack', REPLY, AT);
        await exec(`UPDATE outbox SET reply_json = '{"format":99,"reply":{"cards":[],"fallback":"x"}}'`);
        const [entry] = await first.leaseOutbox('a', AT, minutes(5), 1);
        assert.deepEqual(entry?.content, {
          kind: 'unreadable',
          reason: 'the stored reply has format version 99; this release reads versions 1 to 3 (written by a newer release)',
        });
      });
    });

    it('names the table and column of a row it cannot read', async () => {
      await withStores(async ({ first, exec }) => {
        await first.saveConversation({ key: 'slack:C1', platform: 'slack', name: null, reference: {}, updatedAt: AT });
        await exec(`UPDATE conversation SET platform = 'irc'`);
        await assert.rejects(first.conversation('slack:C1'), {
          name: 'StoredRowError',
          message: 'store: conversation.platform holds “irc”, expected one of console, slack, teams',
        });
      });
    });

    it('says a delivery id is new once across processes, and again only after it expired', async () => {
      await withStores(async ({ first, second }) => {
        const marks = await Promise.all([first.markDelivery('slack:event:1', AT, minutes(60)), second.markDelivery('slack:event:1', AT, minutes(60))]);
        assert.deepEqual(marks.sort(), [false, true]);
        assert.equal(await second.markDelivery('slack:event:1', minutes(59), minutes(119)), false);
        assert.equal(await first.markDelivery('slack:event:1', minutes(60), minutes(120)), true, 'forgotten once expired');
      });
    });

    it('gives a lease to one owner at a time, until it is released or runs out', async () => {
      await withStores(async ({ first, second }) => {
        assert.equal(await first.acquireLease('inventory-sync', 'a', AT, minutes(2)), true);
        assert.equal(await second.acquireLease('inventory-sync', 'b', minutes(1), minutes(3)), false);
        assert.equal(await first.acquireLease('inventory-sync', 'a', minutes(1), minutes(3)), true, 'the holder renews it');
        assert.equal(await second.acquireLease('inventory-sync', 'b', minutes(3), minutes(5)), true, 'it ran out');
        await first.releaseLease('inventory-sync', 'a');
        assert.equal(await first.acquireLease('inventory-sync', 'a', minutes(4), minutes(6)), false, 'a release by a former holder frees nothing');
        await second.releaseLease('inventory-sync', 'b');
        assert.equal(await first.acquireLease('inventory-sync', 'a', minutes(4), minutes(6)), true);
      });
    });

    it('keeps briefings per conversation and bulletin, updating in place', async () => {
      await withStores(async ({ first, second }) => {
        await first.saveBriefing({
          conversationKey: 'slack:C1',
          advisory: 'JSA10713',
          platform: 'slack',
          messageRef: '1.000001',
          digest: '{"a":1}',
          updatedAt: AT,
        });
        await second.saveBriefing({
          conversationKey: 'slack:C1',
          advisory: 'JSA10713',
          platform: 'slack',
          messageRef: '1.000001',
          digest: '{"a":2}',
          updatedAt: minutes(1),
        });
        assert.deepEqual(await first.briefings(), [
          { conversationKey: 'slack:C1', advisory: 'JSA10713', platform: 'slack', messageRef: '1.000001', digest: '{"a":2}', updatedAt: minutes(1) },
        ]);
      });
    });

    it('records a day of progress in one go: a later record replaces the day, a count it no longer names drops to zero', async () => {
      await withStores(async ({ first, second }) => {
        await first.recordProgress('2026-11-26', [
          count('JSA10713', 'amsterdam', 'unpatched', 3),
          count('JSA10713', 'frankfurt', 'unpatched', 2),
          count('JSA10713', 'frankfurt', 'not_affected', 1),
        ]);
        assert.deepEqual(await second.progressHistory({ advisory: 'JSA10713' }), [{ day: '2026-11-26', counts: { unpatched: 5, not_affected: 1 } }]);
        // Frankfurt left the inventory in the afternoon; one Amsterdam device was patched.
        await second.recordProgress('2026-11-26', [count('JSA10713', 'amsterdam', 'unpatched', 2), count('JSA10713', 'amsterdam', 'not_affected', 1)]);
        assert.deepEqual(await first.progressHistory({ advisory: 'JSA10713' }), [{ day: '2026-11-26', counts: { unpatched: 2, not_affected: 1 } }]);
        assert.deepEqual(
          await first.progressHistory({ advisory: 'JSA10713', site: 'Frankfurt' }),
          [{ day: '2026-11-26', counts: {} }],
          'the day is known, with nothing left at that site',
        );
        assert.deepEqual(
          await first.progressHistory({ advisory: 'JSA10713', site: 'AMSTERDAM' }),
          [{ day: '2026-11-26', counts: { unpatched: 2, not_affected: 1 } }],
          'sites match in any case',
        );
        assert.deepEqual(await first.progressHistory({ advisory: 'JSA10712' }), []);
      });
    });

    it('keeps each day and bulletin apart, reads from a day on, and forgets the days before a cut', async () => {
      await withStores(async ({ first, second }) => {
        for (const [day, unpatched] of [
          ['2025-10-20', 9],
          ['2026-11-24', 7],
          ['2026-11-25', 6],
          ['2026-11-26', 4],
        ] as const) {
          await first.recordProgress(day, [
            count('JSA10713', 'amsterdam', 'unpatched', unpatched),
            count('*', 'amsterdam', 'unpatched', unpatched + 1),
            count('*', 'amsterdam', 'acknowledged', 1),
          ]);
        }
        assert.deepEqual(
          (await second.progressHistory({ advisory: 'JSA10713', from: '2026-11-25' })).map((d) => [d.day, d.counts.unpatched]),
          [
            ['2026-11-25', 6],
            ['2026-11-26', 4],
          ],
        );
        assert.deepEqual(await second.progressHistory({ advisory: '*', from: '2026-11-26' }), [
          { day: '2026-11-26', counts: { unpatched: 5, acknowledged: 1 } },
        ]);
        await second.pruneProgress('2025-10-22');
        assert.deepEqual(
          (await first.progressHistory({ advisory: 'JSA10713' })).map((d) => d.day),
          ['2026-11-24', '2026-11-25', '2026-11-26'],
        );
      });
    });

    it('records the counts of a large fleet (16 bulletins, 500 sites) in one record', async () => {
      await withStores(async ({ first, second }) => {
        const counts: ProgressCount[] = [];
        for (let b = 0; b < 16; b++) {
          for (let site = 0; site < 500; site++) {
            counts.push(
              count(`JSA${10700 + b}`, `site-${site}`, 'unpatched', 10),
              count(`JSA${10700 + b}`, `site-${site}`, 'acknowledged', 2),
              count(`JSA${10700 + b}`, `site-${site}`, 'not_affected', 188),
            );
          }
        }
        await first.recordProgress('2026-11-26', counts);
        assert.deepEqual(await second.progressHistory({ advisory: 'JSA10715' }), [
          { day: '2026-11-26', counts: { unpatched: 5000, acknowledged: 1000, not_affected: 94000 } },
        ]);
        assert.deepEqual(await second.progressHistory({ advisory: 'JSA10715', site: 'site-499' }), [
          { day: '2026-11-26', counts: { unpatched: 10, acknowledged: 2, not_affected: 188 } },
        ]);
      });
    });

    it('serves a chart picture or an export behind its token to every process until it expires, and forgets expired ones', async () => {
      await withStores(async ({ first, second }) => {
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
        const chart = { bytes: png, mediaType: 'image/png', fileName: 'progress-jsa10713.png' };
        await first.saveLinkedFile({ token: 'tok-1', ...chart, createdAt: AT, expiresAt: minutes(60) });
        assert.deepEqual(await second.linkedFile('tok-1', minutes(59)), chart);
        assert.equal(await second.linkedFile('tok-1', minutes(60)), null, 'expired');
        assert.equal(await second.linkedFile('tok-2', AT), null, 'unknown');
        const csv = { bytes: Buffer.from('\uFEFFname,site\r\nfw1,"São Paulo"\r\n', 'utf8'), mediaType: 'text/csv', fileName: 'devices-20261126T090000Z.csv' };
        await second.saveLinkedFile({ token: 'tok-2', ...csv, createdAt: minutes(61), expiresAt: minutes(120) });
        assert.equal(await first.linkedFile('tok-1', AT), null, 'an expired picture is forgotten when the next file is kept, whatever the clock asks later');
        assert.deepEqual(await first.linkedFile('tok-2', minutes(61)), csv);
      });
    });
  });
}

function count(advisory: string, site: string, status: ProgressCount['status'], devices: number): ProgressCount {
  return { advisory, site, status, devices };
}
