import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/chat/render/chart-image.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { decodePng } from '../../helpers/png.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../../helpers/slack-requests.ts';

const SECRET = 'progress-secret';

async function startBot(fake: FakeSlack, dataDir: string): Promise<RunningBot> {
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-progress', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: dataDir, INVENTORY_FILE: EXAMPLE_FLEET, BOT_ADMINS: 'slack:UADMIN' });
  return startServer(config, { log: silentLogger, runScheduler: false });
}

async function send(bot: RunningBot, body: string, contentType: 'application/json' | 'application/x-www-form-urlencoded'): Promise<string> {
  return (await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, { contentType, body })).text;
}

async function slash(bot: RunningBot, fake: FakeSlack, text: string, channel: string): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  return send(bot, slashCommandBody({ ...command, text, channel_id: channel, user_id: 'UADMIN', trigger_id: `t-${Math.random()}`, response_url: fake.responseUrl('p') }), 'application/x-www-form-urlencoded');
}

async function withBot(use: (bot: RunningBot, fake: FakeSlack) => Promise<void>): Promise<void> {
  const fake = await new FakeSlack().start();
  const dataDir = tempDataDir();
  const bot = await startBot(fake, dataDir);
  try {
    await use(bot, fake);
  } finally {
    await bot.stop();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('progress on Slack', () => {
  it('answers /screenos progress in the channel and uploads the chart there as a PNG, through the external upload API', async () => {
    await withBot(async (bot, fake) => {
      const answer = JSON.parse(await slash(bot, fake, 'progress JSA10713', 'CINC')) as { response_type: string; text: string; blocks: unknown[] };
      assert.equal(answer.response_type, 'in_channel');
      assert.match(answer.text, /^JSA10713: 16 unpatched of 16 affected\. The history starts today/);
      assert.match(JSON.stringify(answer.blocks), /📈 Burn-down chart of JSA10713 from/);
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      const [asked] = fake.callsTo('files.getUploadURLExternal');
      assert.match(String(asked?.body.filename), /^progress-jsa10713-\d{4}-\d{2}-\d{2}\.png$/);
      const [file] = fake.sharedFiles;
      assert.ok(file !== undefined);
      assert.equal(file.channel, 'CINC', 'shared into the channel that asked');
      assert.equal(file.threadTs, null);
      assert.equal(file.title, 'JSA10713: 16 unpatched of 16 affected');
      assert.match(file.altText ?? '', /^Burn-down chart of JSA10713 from/);
      const png = decodePng(file.bytes);
      assert.deepEqual([png.width, png.height], [CHART_WIDTH, CHART_HEIGHT]);
      assert.equal(Number(asked?.body.length), file.bytes.length, 'the length announced is the length uploaded');
    });
  });

  it('puts the chart of a mention in the mention’s thread', async () => {
    await withBot(async (bot, fake) => {
      const mention = { token: 'x', team_id: 'T0FAKE', api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'Ev1', event_time: 1, event: { type: 'app_mention', user: 'U1', text: '<@UBOT> progress site=Amsterdam', ts: '1700000000.000100', channel: 'CINC' } };
      await send(bot, JSON.stringify(mention), 'application/json');
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      assert.deepEqual(fake.sharedFiles.map((f) => [f.channel, f.threadTs, f.title]), [['CINC', '1700000000.000100', 'Every bulletin at Amsterdam: 7 unpatched of 7 affected']]);
    });
  });

  it('tells whoever asked, privately, when the chart could not be posted, and why', async () => {
    await withBot(async (bot, fake) => {
      fake.queue('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });
      await slash(bot, fake, 'progress', 'CPRIVATE');
      const told = await fake.waitFor((c) => c.method === '/response/p' && c.body.response_type === 'ephemeral');
      assert.equal(told.body.text, 'The chart could not be posted: the bot is not in this channel (Slack: not_in_channel); invite it with /invite @screenos-bot.');
      assert.deepEqual(fake.sharedFiles, []);
    });
  });
});
