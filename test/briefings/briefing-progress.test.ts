import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeConnector, type SentActivity } from '../fakes/fake-connector.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { decodePng } from '../helpers/png.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';

const SECRET = 'briefing-progress-secret';
const DAY = 86_400_000;

async function slash(bot: RunningBot, fake: FakeSlack, text: string, channel: string): Promise<void> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    channel_id: channel,
    user_id: 'UADMIN',
    trigger_id: `t-${Math.random()}`,
    response_url: fake.responseUrl('b'),
  });
  await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, { contentType: 'application/x-www-form-urlencoded', body });
}

/** Waits for the living briefings to be edited after a change (the refresh runs after the inventory tells it). */
async function settled(bot: RunningBot): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await bot.runtime.briefings.idle();
}

describe('briefings carry the burn-down chart', () => {
  it('on Slack: the pace in the message, the chart in its thread, a new chart with each change, and a daily edit without a note', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    fake.clock = () => clock.now().getTime();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-bp',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: EXAMPLE_FLEET,
      BOT_ADMINS: 'slack:UADMIN',
    });
    const bot = await startServer(config, { log: silentLogger, runScheduler: false, clock });
    try {
      await slash(bot, fake, 'brief', 'CINC');
      const posted = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CINC');
      assert.match(JSON.stringify(posted.body), /Progress: the history starts today: the pace shows from tomorrow\./);
      assert.match(JSON.stringify(posted.body), /📈 Burn-down chart of JSA10713 from 26 Nov 2026/);
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      const briefingTs = fake.postsTo('CINC')[0]?.ts;
      assert.deepEqual(
        fake.sharedFiles.map((f) => [f.channel, f.threadTs, f.title]),
        [['CINC', briefingTs, 'JSA10713: 16 unpatched of 16 affected']],
        'the chart goes into the briefing’s thread',
      );
      assert.equal(decodePng(fake.sharedFiles[0]?.bytes ?? Buffer.alloc(0)).width, 1200);

      await slash(bot, fake, 'ack ams-edge-fw1 tonight', 'CINC');
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal' && fake.callsTo('files.completeUploadExternal').length === 2);
      assert.deepEqual(
        fake.sharedFiles.map((f) => [f.threadTs, f.title]).at(-1),
        [briefingTs, 'JSA10713: 15 unpatched of 16 affected'],
        'a new chart with the note of what changed',
      );
      assert.equal(fake.callsTo('chat.update').length, 1);
      await settled(bot);

      // The next day nothing changed: the briefing is edited once, silently, so that its pace stays true.
      await clock.advance(DAY);
      const notes = fake.callsTo('chat.postMessage').length;
      await bot.runtime.inventory?.sync();
      await settled(bot);
      assert.equal(fake.callsTo('chat.update').length, 2, 'edited once on the new day');
      assert.match(JSON.stringify(fake.callsTo('chat.update').at(-1)?.body), /Progress: no progress in 1 day\./);
      assert.equal(fake.callsTo('chat.postMessage').length, notes, 'no note: nothing changed');
      assert.equal(fake.sharedFiles.length, 2, 'no new chart in the thread');
      await bot.runtime.inventory?.sync();
      await settled(bot);
      assert.equal(fake.callsTo('chat.update').length, 2, 'and not again the same day');
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('on Teams: the chart in the card from a new link at each edit, and the note of what changed in words', async () => {
    const connector = await new FakeConnector().start();
    const dataDir = tempDataDir();
    const config = loadConfig({
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      PUBLIC_URL: 'https://bot.example.com',
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: EXAMPLE_FLEET,
      BOT_ADMINS: 'teams:7faf080b-1b1f-4e7c-9a3d-2d5d3e0f1a11',
    });
    const bot = await startServer(config, { log: silentLogger, runScheduler: false });
    const url = `http://127.0.0.1:${bot.port}/api/messages`;
    const fixture = async (name: string): Promise<Record<string, unknown>> => ({
      ...(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'teams', name), 'utf8')) as Record<string, unknown>),
      serviceUrl: connector.serviceUrl,
    });
    const post = (activity: unknown): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const images = (sent: SentActivity | undefined): string[] =>
      [...JSON.stringify(sent?.activity.attachments ?? []).matchAll(/"url":"(https:\/\/bot\.example\.com\/charts\/[^"]+)"/g)].map((m) => m[1] ?? '');
    try {
      const install = await fixture('conversation-update-install.json');
      const channelData = install.channelData as { team: Record<string, unknown> };
      await post({ ...install, channelData: { ...channelData, team: { ...channelData.team, name: 'inc-jsa10713-firewalls' } } });
      await connector.waitForSent(2);
      const briefing = connector.sent.find((s) => JSON.stringify(s.activity).includes('Incident briefing: JSA10713'));
      const [first] = images(briefing);
      assert.ok(first !== undefined, 'the briefing card shows the chart');
      assert.match(JSON.stringify(briefing?.activity), /Progress: the history starts today/);

      const before = connector.sent.length;
      await post({ ...(await fixture('message-channel-mention.json')), id: 'ack-brief', text: '<at>screenos-bot</at> ack ams-edge-fw1' });
      await connector.waitForSent(before + 3);
      const edit = connector.sent.find((s) => s.method === 'PUT');
      const [second] = images(edit);
      assert.ok(second !== undefined && second !== first, 'the edited card shows a chart of its own');
      const note = connector.sent.find((s) => JSON.stringify(s.activity).includes('Briefing updated: 1 acknowledged'));
      assert.deepEqual(images(note), [], 'the note says what changed, without a second picture');
      const token = /charts\/(.+)$/.exec(second)?.[1] ?? '';
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${token}`)).headers.get('content-type'), 'image/png');
    } finally {
      await bot.stop();
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
