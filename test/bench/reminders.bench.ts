import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../src/infrastructure/clock.ts';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { tempDataDir } from '../helpers/run-process.ts';

const REMINDERS = 1000;

/**
 * 1,000 reminders due in the same minute, each in its own channel, against a fake Slack API that allows
 * one message per second per channel and answers 429 beyond it. Prints wall time from the tick to the
 * last delivery, 429s received, posts delivered and duplicates. Target: all delivered, none twice.
 */
export async function benchReminders(): Promise<void> {
  const fake = await new FakeSlack().start();
  fake.minPostIntervalMs = 1000;
  const dataDir = tempDataDir();
  const clock = new ManualClock('2026-11-26T08:00:00Z');
  // The slot comes by moving the clock; waits stay on the machine's timers, since this measures wall time.
  const timeForTheBot = { ...systemClock, now: clock.now };
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
  });
  const bot = await startServer(config, { clock: timeForTheBot, runScheduler: false, log: silentLogger });
  try {
    const store = bot.runtime.store;
    for (let i = 0; i < REMINDERS; i++) {
      const channel = `C${String(i).padStart(5, '0')}`;
      await store.addReminder(
        {
          conversationKey: `slack:${channel}`,
          platform: 'slack',
          conversationName: channel,
          cron: '0 9 * * *',
          timezone: 'UTC',
          scope: { site: null, owner: null, advisory: null },
          createdBy: 'bench',
          createdAt: clock.now(),
          checkedThrough: clock.now(),
        },
        { at: clock.now(), platform: 'console', actor: 'bench', actorName: null, action: 'remind add', subject: 'reminder', detail: null, reason: null },
      );
    }
    await clock.moveTo('2026-11-26T09:00:00Z');
    const started = performance.now();
    await bot.runtime.scheduler.tick();
    const wallMs = performance.now() - started;
    const posts = fake.callsTo('chat.postMessage');
    const perChannel = new Map<string, number>();
    for (const call of posts) perChannel.set(String(call.body.channel), (perChannel.get(String(call.body.channel)) ?? 0) + 1);
    const delivered = perChannel.size;
    // Every attempt is recorded; those answered 429 did not post, so they are not duplicates.
    const duplicates = [...perChannel.values()].reduce((n, count) => n + Math.max(0, count - 1), 0) - fake.rateLimited;
    console.log(`\nReminders: ${REMINDERS} reminders due in one minute, one channel each, fake Slack at 1 message/s/channel`);
    console.log(
      `  wall time ${(wallMs / 1000).toFixed(2)} s (${(REMINDERS / (wallMs / 1000)).toFixed(0)} posts/s)   429s received ${fake.rateLimited}   posts delivered ${delivered}   duplicates ${duplicates}`,
    );
    console.log(`  target all ${REMINDERS} delivered, no duplicates: ${delivered === REMINDERS && duplicates === 0 ? 'met' : 'NOT met'}`);
  } finally {
    await bot.stop();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
