import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { createLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack, type RecordedCall } from '../fakes/fake-slack.ts';
import { LogLines } from '../helpers/log-lines.ts';
import { ManualClock, ONE_SYNC_A_DAY } from '../helpers/manual-clock.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';

const SECRET = 'reminder-test-secret';
const ADMIN = 'UADMIN';
/** Slack takes about one post a second per channel, and the outbox keeps to it. */
const SLACK_PACE_MS = 1000;

interface Rig {
  fake: FakeSlack;
  clock: ManualClock;
  dataDir: string;
  bots: RunningBot[];
  log: LogLines;
}

async function rig(start = '2026-11-26T07:00:00Z'): Promise<Rig> {
  const fake = await new FakeSlack().start();
  fake.users.set('netops-ams@example.com', 'UAMS');
  return { fake, clock: new ManualClock(start), dataDir: tempDataDir(), bots: [], log: new LogLines() };
}

/** A bot process on the rig's store and clock, with its ticker off: the test ticks. */
async function startBot(r: Rig): Promise<RunningBot> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-reminders',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: r.fake.apiUrl,
    PORT: '0',
    DATA_DIR: r.dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    ...ONE_SYNC_A_DAY,
    BOT_ADMINS: `slack:${ADMIN}`,
  });
  const bot = await startServer(config, { clock: r.clock, runScheduler: false, log: createLogger({ level: 'info', write: r.log.write }) });
  r.bots.push(bot);
  return bot;
}

async function stopAll(r: Rig): Promise<void> {
  for (const bot of r.bots) await bot.stop();
  await r.fake.stop();
  await rm(r.dataDir, { recursive: true, force: true });
}

async function slash(r: Rig, bot: RunningBot, text: string, user = ADMIN, channel = 'CREMIND'): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    user_id: user,
    channel_id: channel,
    trigger_id: `t-${Math.random()}`,
    response_url: r.fake.responseUrl('r'),
  });
  const { text: ack } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
    contentType: 'application/x-www-form-urlencoded',
    body,
  });
  return ack;
}

const posts = (r: Rig, channel = 'CREMIND'): RecordedCall[] => r.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('scheduled reminders on Slack', () => {
  it('posts once at the slot, grouped by site and owner with the owner mentioned, and once only however often it ticks', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      assert.match(await slash(r, bot, 'remind add "0 9 * * *" tz=Europe/Berlin site=Amsterdam'), /Reminder 1 added.*Next: .*2026-11-26 09:00 Europe\/Berlin/);
      await r.clock.moveTo('2026-11-26T07:59:00Z');
      await bot.runtime.scheduler.tick();
      assert.equal(posts(r).length, 0, 'nothing before 09:00 Berlin');
      await r.clock.moveTo('2026-11-26T08:00:00Z');
      await bot.runtime.scheduler.tick();
      await bot.runtime.scheduler.tick();
      await r.clock.moveTo('2026-11-26T08:00:40Z');
      await bot.runtime.scheduler.tick();
      const sent = posts(r);
      assert.equal(sent.length, 1);
      const text = JSON.stringify(sent[0]?.body);
      // Six ScreenOS firewalls, and the SRX345 on 21.4R3-S4 (JSA72300, JSA75729 and JSA93446 name later 21.4 fixes).
      assert.match(String(sent[0]?.body.text), /Reminder: 7 devices still unpatched \(site Amsterdam\)/);
      assert.ok(text.includes('ams-srx-gw1'));
      assert.ok(text.includes('{"type":"user","user_id":"UAMS"}'), 'the owner is mentioned by their Slack user id');
      assert.ok(text.includes('ams-edge-fw1'));
      assert.ok(text.includes('"value":"snooze ams-edge-fw1 until 1d"'), 'buttons act through the state commands');
      assert.ok(text.includes('inventory synced'), 'and says how fresh the inventory is');
    } finally {
      await stopAll(r);
    }
  });

  it('says what changed since the last reminder, then one all-clear, then nothing', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      await slash(r, bot, 'remind add "0 9 * * *" tz=UTC owner=secops-lab@example.com');
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.match(String(posts(r)[0]?.body.text), /Reminder: 3 devices still unpatched/);
      await slash(r, bot, 'ack lab-fw1 testing');
      await r.clock.moveTo('2026-11-27T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.match(String(posts(r)[1]?.body.text), /2 devices still unpatched.*1 acknowledged, snoozed or accepted since the last reminder/);
      await slash(r, bot, 'snooze lab-fw2 until 1w');
      await slash(r, bot, 'accept lab-fw3 until 2026-12-20 isolated lab');
      await r.clock.moveTo('2026-11-28T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.match(String(posts(r)[2]?.body.text), /All clear/);
      await r.clock.moveTo('2026-11-29T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.equal(posts(r).length, 3, 'silence after the all-clear while nothing changes');
    } finally {
      await stopAll(r);
    }
  });

  it('posts each slot once when two processes share the store', async () => {
    const r = await rig();
    try {
      const first = await startBot(r);
      const second = await startBot(r);
      await slash(r, first, 'remind add "*/5 * * * *" tz=UTC');
      for (const minute of ['09:00', '09:05', '09:10']) {
        await r.clock.moveTo(`2026-11-26T${minute}:00Z`);
        await Promise.all([first.runtime.scheduler.tick(), second.runtime.scheduler.tick()]);
      }
      assert.equal(posts(r).length, 3);
    } finally {
      await stopAll(r);
    }
  });

  it('loses nothing and sends nothing twice when the process stops in the middle of a slot', async () => {
    const r = await rig();
    try {
      const first = await startBot(r);
      await slash(r, first, 'remind add "0 9 * * *" tz=UTC');
      // The slot is claimed and queued, then delivery is put off far enough that the process stops first.
      r.fake.queue('chat.postMessage', { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } });
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      await first.runtime.scheduler.tick();
      assert.equal(posts(r).length, 1, 'one attempt, answered 429');
      await first.stop();
      r.bots.splice(r.bots.indexOf(first), 1);

      const second = await startBot(r);
      await r.clock.moveTo('2026-11-26T09:02:30Z');
      await second.runtime.scheduler.tick();
      await second.runtime.scheduler.tick();
      assert.equal(posts(r).length, 2, 'the queued slot is delivered by the restarted process, and only once');
    } finally {
      await stopAll(r);
    }
  });

  it('sends a slot missed during downtime within the grace period once at start, and skips older ones', async () => {
    const r = await rig();
    try {
      const first = await startBot(r);
      await slash(r, first, 'remind add "0 9 * * *" tz=UTC');
      await first.stop();
      r.bots.splice(0, 1);
      await r.clock.moveTo('2026-11-26T09:40:00Z');
      const second = await startBot(r);
      await second.runtime.scheduler.tick();
      assert.equal(posts(r).length, 1, 'missed by 40 minutes: sent');
      await second.stop();
      r.bots.splice(0, 1);
      await r.clock.moveTo('2026-11-27T11:00:00Z');
      const third = await startBot(r);
      await third.runtime.scheduler.tick();
      assert.equal(posts(r).length, 1, 'missed by two hours: skipped');
      assert.ok(r.log.lines.some((l) => l.includes('slot missed beyond the grace period') && l.includes('2026-11-27T09:00')));
    } finally {
      await stopAll(r);
    }
  });

  it('waits for Retry-After on 429, retries a 500, and delivers', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      await slash(r, bot, 'remind add "0 9 * * *" tz=UTC');
      r.fake.queue('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
      r.fake.queue('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      const ticking = bot.runtime.scheduler.tick();
      // Each failed attempt is logged with the wait before the next one: the clock is moved past that
      // wait, and past Slack's pace of one post a second.
      for (const count of [1, 2]) {
        const retries = await r.log.waitFor((l) => l.message === 'outbox: delivery failed; retrying', count);
        await r.clock.advance(Math.max(Number(retries[count - 1]?.waitMs), SLACK_PACE_MS) + 1);
      }
      await ticking;
      const attempts = posts(r);
      assert.equal(attempts.length, 3, '429, 500, then delivered');
      assert.ok(
        r.log.lines.some((l) => l.includes('delivery failed; retrying') && l.includes('"waitMs":1000')),
        'the first retry waited the Retry-After second',
      );
      assert.equal(r.fake.callsTo('chat.postMessage').length, 3);
    } finally {
      await stopAll(r);
    }
  });

  it('pauses a reminder whose channel is gone and tells the admins, without holding up other channels', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      await slash(r, bot, 'remind add "0 9 * * *" tz=UTC', ADMIN, 'CGONE');
      await slash(r, bot, 'remind add "0 9 * * *" tz=UTC', ADMIN, 'COTHER');
      r.fake.queue('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
      await r.clock.moveTo('2026-11-26T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.equal(posts(r, 'COTHER').length, 1, 'the other channel got its reminder');
      const dm = posts(r, ADMIN)[0];
      assert.match(
        JSON.stringify(dm?.body),
        /Reminder 1 is paused.*the bot is not in this channel \(Slack: channel_not_found\); invite it with \/invite @screenos-bot/,
      );
      assert.match(await slash(r, bot, 'remind list all'), /paused \(the bot is not in this channel \(Slack: channel_not_found\); invite it/);
      await r.clock.moveTo('2026-11-27T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.equal(posts(r, 'CGONE').length, 1, 'a paused reminder does not post again');
    } finally {
      await stopAll(r);
    }
  });

  it('validates cron and time zone with a useful answer, and lets only admins change reminders', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      assert.match(await slash(r, bot, 'remind add "0 25 * * *"'), /hour 25 is out of range/);
      assert.match(await slash(r, bot, 'remind add "0 9 * * *" tz=Mars/Olympus'), /is not a time zone/);
      assert.match(await slash(r, bot, 'remind add "0 9 * * *"', 'UOTHER'), /Only admins may change reminders/);
      assert.match(await slash(r, bot, 'remind add "0 9 * * 1-5" tz=America/New_York'), /Reminder 1 added/);
      assert.match(await slash(r, bot, 'remind list', 'UOTHER'), /0 9 \* \* 1-5.*America\/New_York.*next Thu 2026-11-26 09:00 America\/New_York/);
      assert.match(await slash(r, bot, 'remind pause 1'), /Reminder 1 paused/);
      assert.match(await slash(r, bot, 'remind resume 1'), /Reminder 1 resumed/);
      assert.match(await slash(r, bot, 'remind test 1'), /Reminder 1 posted now/);
      assert.equal(posts(r).length, 1, 'remind test posts at once');
      assert.match(await slash(r, bot, 'remind remove 1'), /Reminder 1 removed/);
      assert.match(await slash(r, bot, 'remind list'), /No reminders/);
      const audit = await bot.runtime.store.auditLog({ subject: 'reminder 1' });
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['remind add', 'remind pause', 'remind resume', 'remind test', 'remind remove']);
    } finally {
      await stopAll(r);
    }
  });
});

describe('a channel the bot is not in', () => {
  it('answers remind add with how to invite the bot, and remind test with the failure, not “posted”', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      r.fake.queue('conversations.info', { body: { ok: false, error: 'channel_not_found' } });
      const added = await slash(r, bot, 'remind add "0 9 * * *" tz=UTC', ADMIN, 'GPRIVATE');
      assert.match(added, /Reminder 1 added, but I cannot post here yet/);
      assert.match(added, /The bot is not in this channel \(Slack: channel_not_found\); invite it with \/invite @screenos-bot/);
      r.fake.queue('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
      const tested = await slash(r, bot, 'remind test 1', ADMIN, 'GPRIVATE');
      assert.match(tested, /Reminder 1 failed/);
      assert.match(tested, /failed: the bot is not in this channel \(Slack: not_in_channel\); invite it with \/invite @screenos-bot/);
      assert.doesNotMatch(tested, /posted now|something failed on my side/i);
    } finally {
      await stopAll(r);
    }
  });
});
