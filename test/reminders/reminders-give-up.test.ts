import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createSlackDelivery } from '../../adapters/slack/slack-delivery.ts';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { createLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';

const SECRET = 'give-up-secret';
const ADMIN = 'UADMIN';
const METRICS_TOKEN = 'give-up-metrics-token-0123456789';
/** The outbox's limit of attempts on one message, as the admins' notice words it. */
const MAX_ATTEMPTS = 12;
/** Far more failures than the outbox may try: a bot that never gives up would get through after them, and be seen to. */
const FAILURES = 40;
/** Slack's answer to a post that may be tried again at once: a 429 asking for no wait, so that no test waits. */
const RATE_LIMITED = { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } };
/** A bot that never gives up retries without end: the test then fails on this instead of hanging the suite. */
const SAFETY = { timeout: 60_000 };

async function slash(fake: FakeSlack, bot: RunningBot, text: string, channel = 'CREMIND'): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    user_id: ADMIN,
    channel_id: channel,
    trigger_id: `t-${Math.random()}`,
    response_url: fake.responseUrl('r'),
  });
  return (await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, { contentType: 'application/x-www-form-urlencoded', body })).text;
}

describe('a reminder whose channel never accepts a post', () => {
  it('is tried as many times as the outbox allows, then given up: logged, the reminder paused, and the admins told', SAFETY, async () => {
    const fake = await new FakeSlack().start();
    const clock = new ManualClock('2026-11-26T07:00:00Z');
    const dataDir = tempDataDir();
    const logLines: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => logLines.push(line) });
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-give-up',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: EXAMPLE_FLEET,
      BOT_ADMINS: `slack:${ADMIN}`,
      METRICS_TOKEN,
    });
    assert.ok(config.slack !== null);
    const bot = await startServer(config, { clock, runScheduler: false, log });
    try {
      // Slack's own pacing (one post a second per channel) would make the test wait a second an attempt.
      bot.runtime.deliveries.slack = { ...createSlackDelivery(config.slack, log), minIntervalMs: 0 };
      assert.match(await slash(fake, bot, 'remind add "0 9 * * *" tz=UTC'), /Reminder 1 added/);
      fake.queueForChannel('CREMIND', RATE_LIMITED, FAILURES);

      await clock.moveTo('2026-11-26T09:00:00Z');
      // The tick resolves when the outbox has nothing left to do: the reminder given up on, the admins' notice sent.
      await bot.runtime.scheduler.tick();
      assert.equal(fake.postsTo('CREMIND').length, 0, 'nothing reached the channel');
      assert.equal(fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CREMIND').length, MAX_ATTEMPTS);

      const reason = `gave up after ${MAX_ATTEMPTS} attempts: rate limited (429)`;
      const errors = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
      assert.deepEqual(
        errors.map((l) => [l.message, l.conversation, l.reason]),
        [['outbox: message could not be delivered', 'slack:CREMIND', reason]],
      );
      const notices = fake.postsTo(ADMIN);
      assert.equal(notices.length, 1, 'the admins are told once');
      assert.match(notices[0]?.text ?? '', /Reminder 1 is paused/);
      assert.match(
        JSON.stringify(fake.callsTo('chat.postMessage').find((c) => c.body.channel === ADMIN)?.body),
        new RegExp(`Posting to slack:CREMIND failed for good: ${reason.replace(/[()]/g, '\\$&')}\\. Fix it .*remind resume 1`),
      );
      assert.match(await slash(fake, bot, 'remind list all'), new RegExp(`paused \\(${reason.replace(/[()]/g, '\\$&')}\\)`));
      const health = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).json()) as {
        outbox: { pending: number; stuck: unknown[] };
      };
      assert.deepEqual(health.outbox, { pending: 0, stuck: [] }, 'nothing is left pending or shown as still being tried');

      // Given up means given up: later ticks, and the next day's slot of the paused reminder, post nothing more.
      await clock.moveTo('2026-11-27T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.equal(fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CREMIND').length, MAX_ATTEMPTS);
      assert.equal(fake.postsTo(ADMIN).length, 1);
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
