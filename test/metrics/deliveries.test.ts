import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardReply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { BotMetrics } from '../../src/features/metrics/bot-metrics.ts';
import type { Delivery, DeliveryResult } from '../../src/features/reminders/delivery.ts';
import { Outbox } from '../../src/features/reminders/outbox.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { parseExposition, valueOf } from '../helpers/prometheus-text.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

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
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const metrics = new BotMetrics(clock.now, silentLogger);
    const delivery = scriptedDelivery({
      'slack:C1': [{ kind: 'retry', reason: 'HTTP 503' }],
      'slack:C2': [{ kind: 'permanent', reason: 'channel_not_found' }],
    });
    const outbox = new Outbox({
      store,
      deliveries: { slack: delivery },
      clock,
      log: silentLogger,
      owner: 'test',
      onPermanent: () => Promise.resolve(),
      random: () => 0,
      onOutcome: (platform, outcome) => metrics.recordDelivery(platform, outcome),
    });
    try {
      const queuedAt = new Date('2026-11-26T08:59:59Z');
      await store.enqueue('slack:C1', 'slack', REPLY, queuedAt);
      await store.enqueue('slack:C2', 'slack', REPLY, queuedAt);
      await store.enqueue('teams:T1', 'teams', REPLY, queuedAt);
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
