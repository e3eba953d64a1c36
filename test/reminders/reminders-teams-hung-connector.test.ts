import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { createTeamsDelivery } from '../../adapters/teams/teams-adapter.ts';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { cardReply } from '../../src/chat/reply.ts';
import { createLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { tempDataDir } from '../helpers/run-process.ts';

const KEY = 'teams:19:hung@thread.tacv2';

describe('Teams reminders through a connector that never answers', () => {
  it('give up on the attempt at the timeout and ask for a retry, the outcome unknown', { timeout: 60_000 }, async () => {
    // A connector that takes the request and never answers.
    const requests: IncomingMessage[] = [];
    let reached = (): void => undefined;
    const reachedConnector = new Promise<void>((resolve) => (reached = resolve));
    const connector = createServer((request) => {
      requests.push(request);
      reached();
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
    const dataDir = tempDataDir();
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const bot = await startServer(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', DATA_DIR: dataDir }), {
      clock,
      runScheduler: false,
      log: createLogger({ level: 'error', write: () => undefined }),
    });
    try {
      assert.ok(bot.teams !== null);
      await bot.runtime.store.saveConversation({
        key: KEY,
        platform: 'teams',
        name: 'Hung',
        reference: {
          channelId: 'msteams',
          serviceUrl,
          conversation: { id: '19:hung@thread.tacv2', conversationType: 'channel' },
          bot: { id: '28:bot', name: 'screenos-bot' },
        },
        updatedAt: new Date('2026-11-26T09:00:00Z'),
      });
      const delivery = createTeamsDelivery(bot.teams, { timeoutMs: 300, clock });
      const delivering = delivery.deliver(KEY, cardReply({ title: 'Reminder', tone: 'info', elements: [], actions: [] }));
      await reachedConnector;
      await clock.advance(300);
      const result = await delivering;
      assert.equal(requests.length, 1, 'the connector was reached');
      assert.deepEqual(result, { kind: 'retry', reason: 'no answer within 300 ms; it may or may not have been posted', timedOut: true });
    } finally {
      await bot.stop();
      connector.closeAllConnections();
      await new Promise<void>((resolve) => connector.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
