import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isSlackFileUrl } from '../../adapters/slack/slack-adapter.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer } from '../../src/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint } from '../helpers/slack-requests.ts';

const SECRET = 'hunt-secret';

describe('hunting a log file shared on Slack', () => {
  it('downloads a file shared in a direct message with the bot token, hunts it, and answers in the conversation', async () => {
    const fake = await new FakeSlack().start();
    fake.files.set('event-log.txt', await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'hunt', 'published-example.log'), 'utf8'));
    const dataDir = tempDataDir();
    const bot = await startServer(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-hunt', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: dataDir }), { log: silentLogger, runScheduler: false });
    try {
      const event = {
        token: 'x', team_id: 'T0FAKE', api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'EvFILE1', event_time: 1,
        event: {
          type: 'message', subtype: 'file_share', channel: 'D0HUNT', channel_type: 'im', user: 'U1', text: 'hunt', ts: '1700000000.000100',
          files: [{ id: 'F1', name: 'event-log.txt', mimetype: 'text/plain', size: 200, url_private: fake.fileUrl('event-log.txt'), url_private_download: fake.fileUrl('event-log.txt') }],
        },
      };
      const { status } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, { contentType: 'application/json', body: JSON.stringify(event) });
      assert.equal(status, 200);
      const answer = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0HUNT');
      const text = JSON.stringify(answer.body);
      assert.match(text, /1\.1\.1\.1/);
      assert.match(text, /at most 5 MB/);
      assert.ok(fake.calls.some((c) => c.method === '/files/event-log.txt' && c.authorization === 'Bearer xoxb-hunt'));
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends the bot token only to Slack’s own hosts or the configured API host', () => {
    assert.equal(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/download/log.txt', 'https://slack.com/api/'), true);
    assert.equal(isSlackFileUrl('http://files.slack.com/x', 'https://slack.com/api/'), false);
    assert.equal(isSlackFileUrl('https://evil.example/slack.com/x', 'https://slack.com/api/'), false);
    assert.equal(isSlackFileUrl('https://slack.com.evil.example/x', 'https://slack.com/api/'), false);
    assert.equal(isSlackFileUrl('http://127.0.0.1:9/files/x', 'http://127.0.0.1:9/api/'), true);
  });
});
