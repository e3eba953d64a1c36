import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardReply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { BotMetrics } from '../../src/features/metrics/bot-metrics.ts';
import type { Delivery, DeliveryResult } from '../../src/features/reminders/delivery.ts';
import { Outbox } from '../../src/features/reminders/outbox.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { parseExposition, valueOf } from '../helpers/prometheus-text.ts';

const REPLY = cardReply({ title: 'Reminder: 3 devices unpatched', tone: 'warning', elements: [], actions: [] });

/** A platform that answers each conversation from its own script, then "sent". */
function scriptedDelivery(scripts: Record<string, DeliveryResult[]>): Delivery {
  return {
    minIntervalMs: 0,
    deliver: (conversationKey) => Promise.resolve(scripts[conversationKey]?.shift() ?? { kind: 'sent' }),
  };
}

void describe('the deliveries counter', () => {
  void it('counts each attempt by platform and outcome: a 503 retried then sent, a channel gone failed', async () => {
    const store = SqliteStore.open(':memory:');
    const metrics = new BotMetrics(() => new Date(), silentLogger);
    const delivery = scriptedDelivery({
      'slack:C1': [{ kind: 'retry', reason: 'HTTP 503' }],
      'slack:C2': [{ kind: 'permanent', reason: 'channel_not_found' }],
    });
    const outbox = new Outbox({
      store, deliveries: { slack: delivery }, now: () => new Date(), log: silentLogger, owner: 'test',
      onPermanent: () => Promise.resolve(), sleep: () => Promise.resolve(), random: () => 0,
      onOutcome: (platform, outcome) => metrics.recordDelivery(platform, outcome),
    });
    try {
      await store.enqueue('slack:C1', 'slack', REPLY, new Date(Date.now() - 1000));
      await store.enqueue('slack:C2', 'slack', REPLY, new Date(Date.now() - 1000));
      await store.enqueue('teams:T1', 'teams', REPLY, new Date(Date.now() - 1000));
      await outbox.drain();
      const exposition = parseExposition(await metrics.exposition());
      assert.equal(valueOf(exposition, 'screenos_bot_deliveries_total', { platform: 'slack', outcome: 'sent' }), 1);
      assert.equal(valueOf(exposition, 'screenos_bot_deliveries_total', { platform: 'slack', outcome: 'retried' }), 1);
      assert.equal(valueOf(exposition, 'screenos_bot_deliveries_total', { platform: 'slack', outcome: 'failed' }), 1);
      assert.equal(valueOf(exposition, 'screenos_bot_deliveries_total', { platform: 'teams', outcome: 'failed' }), 1, 'no Teams adapter is running');
    } finally {
      await outbox.stop();
      await store.close();
    }
  });
});
