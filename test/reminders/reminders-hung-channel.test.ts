import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createSlackDelivery } from '../../adapters/slack/slack-delivery.ts';
import { EXAMPLE_FLEET, loadConfig, type SlackConfig } from '../../src/infrastructure/config.ts';
import { createLogger, type Logger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack, type RecordedCall } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';

/** The detailed /healthz report, with the outbox, is behind METRICS_TOKEN. */
const METRICS_TOKEN = 'hung-channel-metrics-token-0123';

const SECRET = 'hung-channel-secret';
const ADMIN = 'UADMIN';
/** Long enough for any test to finish, so that only an abort can end a hung post. */
const NEVER_MS = 10 * 60_000;
/** A hung test fails on this instead of hanging the suite; no assertion depends on it. */
const SAFETY = { timeout: 60_000 };

interface Rig {
  fake: FakeSlack;
  clock: ManualClock;
  dataDir: string;
  bot: RunningBot;
  log: Logger;
  logLines: string[];
  slack: SlackConfig;
}

/**
 * A Slack bot on a fake Slack with three reminders due at 09:00 UTC, in CHUNG, CA and CB. Its reminder
 * posts give up after `timeoutMs` on the rig's clock, which only the test moves; the ticker is off, the
 * test ticks.
 */
async function rig(timeoutMs: number): Promise<Rig> {
  const fake = await new FakeSlack().start();
  const clock = new ManualClock('2026-11-26T07:00:00Z');
  const dataDir = tempDataDir();
  const logLines: string[] = [];
  const log = createLogger({ level: 'info', write: (line) => logLines.push(line) });
  const config = loadConfig({ ...botEnv({ fake }), DATA_DIR: dataDir });
  const slack = config.slack;
  assert.ok(slack !== null);
  const bot = await startServer(config, { clock, runScheduler: false, log });
  bot.runtime.deliveries.slack = createSlackDelivery(slack, log, { timeoutMs, clock });
  const r = { fake, clock, dataDir, bot, log, logLines, slack };
  for (const channel of ['CHUNG', 'CA', 'CB']) assert.match(await slash(r, 'remind add "0 9 * * *" tz=UTC', channel), /Reminder \d added/);
  return r;
}

/** The bot's settings on `fake`, without its DATA_DIR. */
function botEnv({ fake }: Pick<Rig, 'fake'>): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-hung',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    INVENTORY_FILE: EXAMPLE_FLEET,
    BOT_ADMINS: `slack:${ADMIN}`,
    METRICS_TOKEN,
  };
}

async function stopAll(r: Rig): Promise<void> {
  await r.bot.stop();
  await r.fake.stop();
  await rm(r.dataDir, { recursive: true, force: true });
}

async function slash(r: Pick<Rig, 'fake' | 'bot'>, text: string, channel: string): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    user_id: ADMIN,
    channel_id: channel,
    trigger_id: `t-${Math.random()}`,
    response_url: r.fake.responseUrl('r'),
  });
  const { text: ack } = await postToSlackEndpoint(`http://127.0.0.1:${r.bot.port}/slack/events`, SECRET, {
    contentType: 'application/x-www-form-urlencoded',
    body,
  });
  return ack;
}

/** What the user sees: the acknowledgement, or the answer sent later to the response_url. */
async function answerTo(r: Rig, text: string, channel: string): Promise<string> {
  const ack = await slash(r, text, channel);
  if (!/Working on it/.test(ack)) return ack;
  return JSON.stringify((await r.fake.waitFor((c) => c.method === '/response/r', 30_000)).body);
}

const posts = (r: Rig, channel: string): RecordedCall[] => r.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

/** Resolves once the hung channel's post has reached Slack (and hangs there). */
function hungPostSent(r: Rig): Promise<RecordedCall> {
  return r.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CHUNG');
}

/**
 * Resolves once the outbox holds nothing but the hung post: every other post was answered and recorded,
 * so that moving the clock past the timeout can only time out the hung one. The outbox's state has no
 * event of its own; this turns the event loop until it shows, never waiting on time.
 */
async function onlyHungPostLeft(r: Rig): Promise<void> {
  while (r.bot.runtime.scheduler.deliveryStatus().pending > 1) await new Promise((resolve) => setImmediate(resolve));
}

interface OutboxHealth {
  pending: number;
  stuck: { conversation: string; since: string; attempts: number; lastError: string }[];
}

async function outboxHealth(r: Rig): Promise<OutboxHealth> {
  const response = await fetch(`http://127.0.0.1:${r.bot.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return ((await response.json()) as { outbox: OutboxHealth }).outbox;
}

describe('a reminder channel whose posts hang', () => {
  it('does not hold up the other channels: the hang is logged, shown in /healthz, and retried later', SAFETY, async () => {
    const r = await rig(1000);
    try {
      r.fake.hangingChannels.add('CHUNG');
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      const ticking = r.bot.runtime.scheduler.tick();
      await hungPostSent(r);
      await onlyHungPostLeft(r);
      assert.equal(posts(r, 'CA').length, 1, 'CA got its reminder while CHUNG hangs');
      assert.equal(posts(r, 'CB').length, 1, 'CB got its reminder while CHUNG hangs');
      await r.clock.advance(1000);
      await ticking;
      assert.equal(posts(r, 'CHUNG').length, 1, 'the hung channel was tried once');
      const warning = r.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 'warn' && l.conversation === 'slack:CHUNG');
      assert.ok(warning !== undefined, 'the hang is logged as a warning naming the conversation');
      assert.match(String(warning.reason), /no answer within 1000 ms/);
      const health = await outboxHealth(r);
      assert.deepEqual(
        health.stuck.map((s) => [s.conversation, s.attempts]),
        [['slack:CHUNG', 1]],
      );
      assert.match(health.stuck[0]?.lastError ?? '', /no answer within 1000 ms/);
      assert.equal(health.stuck[0]?.since, '2026-11-26T09:00:01.000Z', 'since the attempt timed out');

      r.fake.hangingChannels.delete('CHUNG');
      await r.clock.moveTo('2026-11-26T09:02:00Z');
      await r.bot.runtime.scheduler.tick();
      assert.equal(posts(r, 'CHUNG').length, 2, 'the hung channel’s reminder is retried and delivered');
      assert.equal(posts(r, 'CA').length, 1, 'the others are not posted twice');
      assert.deepEqual((await outboxHealth(r)).stuck, [], 'and it is no longer shown as stuck');
    } finally {
      await stopAll(r);
    }
  });

  it('still answers remind test in that channel', SAFETY, async () => {
    const r = await rig(1000);
    try {
      r.fake.hangingChannels.add('CHUNG');
      const answer = answerTo(r, 'remind test 1', 'CHUNG');
      await hungPostSent(r);
      await r.clock.advance(1000);
      assert.match(await answer, /Reminder 1 is queued.*did not confirm the post in time/s);
      assert.equal(posts(r, 'CHUNG').length, 1, 'the post was tried');
    } finally {
      await stopAll(r);
    }
  });

  it('lets the bot stop while the post is still hanging', SAFETY, async () => {
    const r = await rig(NEVER_MS);
    try {
      r.fake.hangingChannels.add('CHUNG');
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      const ticking = r.bot.runtime.scheduler.tick();
      await hungPostSent(r);
      await r.bot.stop();
      await ticking;
      assert.ok(
        r.logLines.some((l) => l.includes('slack:CHUNG') && l.includes('stopped while posting')),
        'the interrupted post is logged with its conversation',
      );
    } finally {
      await r.fake.stop();
      await rm(r.dataDir, { recursive: true, force: true });
    }
  });
});

describe('a bot that stops while a reminder post is on its way', () => {
  it('lets the post finish within the grace and records it as sent, so the next start neither posts it again nor has to look for it', SAFETY, async () => {
    const r = await rig(NEVER_MS);
    let first: RunningBot | null = r.bot;
    let next: RunningBot | null = null;
    try {
      const release = r.fake.holdPosts('CHUNG');
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      const ticking = r.bot.runtime.scheduler.tick();
      await hungPostSent(r);
      const stopping = r.bot.runtime.scheduler.stop(NEVER_MS);
      // The stop has begun (it aborts before its first await returns); only now does Slack answer.
      await new Promise((resolve) => setImmediate(resolve));
      release();
      await stopping;
      await ticking;
      assert.ok(!r.logLines.some((l) => l.includes('stopped while posting')), 'no post was abandoned');
      await r.bot.stop();
      first = null;

      next = await startServer(loadConfig({ ...botEnv(r), DATA_DIR: r.dataDir }), { clock: r.clock, runScheduler: false, log: r.log });
      next.runtime.deliveries.slack = createSlackDelivery(r.slack, r.log, { timeoutMs: NEVER_MS, clock: r.clock });
      await r.clock.moveTo('2026-11-26T09:02:00Z');
      await next.runtime.scheduler.tick();
      assert.equal(posts(r, 'CHUNG').length, 1, 'posted once');
      assert.equal(r.fake.callsTo('conversations.history').length, 0, 'the outcome was known: nothing to look for');
    } finally {
      await first?.stop();
      await next?.stop();
      await r.fake.stop();
      await rm(r.dataDir, { recursive: true, force: true });
    }
  });

  it('abandons a post that outlasts the grace, so that a hung platform cannot hold up the stop', SAFETY, async () => {
    const r = await rig(NEVER_MS);
    try {
      r.fake.hangingChannels.add('CHUNG');
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      const ticking = r.bot.runtime.scheduler.tick();
      await hungPostSent(r);
      const stopping = r.bot.stop({ deliveryGraceMs: 100 });
      await r.clock.waitingFor(100);
      await r.clock.advance(100);
      await stopping;
      await ticking;
      assert.ok(
        r.logLines.some((l) => l.includes('slack:CHUNG') && l.includes('stopped while posting')),
        'the abandoned post is logged with its conversation',
      );
    } finally {
      await r.fake.stop();
      await rm(r.dataDir, { recursive: true, force: true });
    }
  });
});
