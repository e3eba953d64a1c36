import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { isSlackFileUrl } from '../../adapters/slack/shared-files.ts';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { closeServer, listenOnLoopback } from '../fakes/loopback.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint } from '../helpers/slack-requests.ts';

const SECRET = 'hunt-secret';

describe('hunting a log file shared on Slack', () => {
  it('downloads a file shared in a direct message with the bot token, hunts it, and answers in the conversation', async () => {
    const fake = await new FakeSlack().start();
    fake.files.set('event-log.txt', await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'hunt', 'published-example.log'), 'utf8'));
    const dataDir = tempDataDir();
    const bot = await startServer(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-hunt', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: dataDir }),
      { log: silentLogger, runScheduler: false },
    );
    try {
      const event = {
        token: 'x',
        team_id: 'T0FAKE',
        api_app_id: 'A0FAKE',
        type: 'event_callback',
        event_id: 'EvFILE1',
        event_time: 1,
        event: {
          type: 'message',
          subtype: 'file_share',
          channel: 'D0HUNT',
          channel_type: 'im',
          user: 'U1',
          text: 'hunt',
          ts: '1700000000.000100',
          files: [
            {
              id: 'F1',
              name: 'event-log.txt',
              mimetype: 'text/plain',
              size: 200,
              url_private: fake.fileUrl('event-log.txt'),
              url_private_download: fake.fileUrl('event-log.txt'),
            },
          ],
        },
      };
      const { status } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
        contentType: 'application/json',
        body: JSON.stringify(event),
      });
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

  it('sweeps a shared Junos log for the bulletins’ indicators too, and answers with what it found', async () => {
    const fake = await new FakeSlack().start();
    fake.files.set(
      'httpd.log',
      [
        'Apr 27 10:15:02 ex-core-2 httpd[4242]: 198.51.100.23 "GET /index.php?a=1&b=2 HTTP/1.1" 200 1021',
        '203.0.113.45 - - [25/Aug/2023:14:02:11 +0000] "POST /?PHPRC=/dev/fd/0 HTTP/1.1" 200 512 "-" "python-requests/2.31.0"',
        'Mar 11 10:00:00 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50000->129.126.109.50/22 0x0 junos-ssh',
        '',
      ].join('\n'),
    );
    const dataDir = tempDataDir();
    const bot = await startServer(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-hunt', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: dataDir }),
      { log: silentLogger, runScheduler: false },
    );
    try {
      const event = {
        token: 'x',
        team_id: 'T0FAKE',
        api_app_id: 'A0FAKE',
        type: 'event_callback',
        event_id: 'EvFILE3',
        event_time: 1,
        event: {
          type: 'message',
          subtype: 'file_share',
          channel: 'D0HUNT',
          channel_type: 'im',
          user: 'U1',
          text: 'hunt',
          ts: '1700000000.000300',
          files: [
            {
              id: 'F3',
              name: 'httpd.log',
              mimetype: 'text/plain',
              size: 300,
              url_private: fake.fileUrl('httpd.log'),
              url_private_download: fake.fileUrl('httpd.log'),
            },
          ],
        },
      };
      const { status } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
        contentType: 'application/json',
        body: JSON.stringify(event),
      });
      assert.equal(status, 200);
      const answer = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0HUNT');
      const text = JSON.stringify(answer.body);
      assert.match(text, /Indicators of JSA72300 and JSA93446 found in 2 lines/);
      assert.match(text, /PHPRC=/);
      assert.match(text, /129\.126\.109\.50/);
      assert.match(text, /Not searched, being for the device and the IDS/);
      assert.ok(fake.calls.some((c) => c.method === '/files/httpd.log' && c.authorization === 'Bearer xoxb-hunt'));
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a shared file whose URL is on another host than Slack’s API: the token never leaves, and the user is told', async () => {
    // Another web server on loopback stands for a host that is not Slack: same address, another origin.
    const elsewhere: { url: string; authorization: string | undefined }[] = [];
    const other = createServer((req, res) => {
      elsewhere.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('Jan 1 00:00:00 ssg5 system-warning-00515: Admin user system has logged on via SSH from 1.1.1.1:22\n');
    });
    const otherPort = await listenOnLoopback(other);
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const bot = await startServer(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-hunt', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: dataDir }),
      { log: silentLogger, runScheduler: false },
    );
    try {
      const url = `http://127.0.0.1:${otherPort}/files-pri/T0FAKE-F1/download/event-log.txt`;
      const event = {
        token: 'x',
        team_id: 'T0FAKE',
        api_app_id: 'A0FAKE',
        type: 'event_callback',
        event_id: 'EvFILE2',
        event_time: 1,
        event: {
          type: 'message',
          subtype: 'file_share',
          channel: 'D0HUNT',
          channel_type: 'im',
          user: 'U1',
          text: 'hunt',
          ts: '1700000000.000200',
          files: [{ id: 'F1', name: 'event-log.txt', mimetype: 'text/plain', size: 200, url_private: url, url_private_download: url }],
        },
      };
      const { status } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
        contentType: 'application/json',
        body: JSON.stringify(event),
      });
      assert.equal(status, 200);
      // The answer comes after any download, so once it is here the other host has heard all it ever will.
      const answer = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0HUNT');
      assert.match(JSON.stringify(answer.body), /I cannot read that file/);
      assert.doesNotMatch(JSON.stringify(answer.body), /1\.1\.1\.1/);
      assert.deepEqual(elsewhere, []);
    } finally {
      await bot.stop();
      await fake.stop();
      await closeServer(other);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends the bot token only to Slack’s own hosts over TLS, or to the configured API origin', () => {
    const slackApi = 'https://slack.com/api/';
    const allowed = [
      'https://files.slack.com/files-pri/T1-F1/download/log.txt',
      'https://slack.com/files-pri/T1-F1/download/log.txt',
      'https://FILES.SLACK.COM/files-pri/T1-F1/download/log.txt',
    ];
    for (const url of allowed) assert.equal(isSlackFileUrl(url, slackApi), true, url);
    const refused = [
      'https://evilslack.com/files-pri/T1-F1/download/log.txt',
      'https://notslack.com/x',
      'https://files.slack.com.evil.com/files-pri/T1-F1/download/log.txt',
      'https://slack.com.evil.example/x',
      'https://files.slack.com@evil.com/x',
      'https://evil.example/files.slack.com/x',
      'https://evil.example/?host=files.slack.com',
      'http://files.slack.com/files-pri/T1-F1/download/log.txt',
      'http://slack.com/x',
      'ftp://files.slack.com/x',
      'files.slack.com/x',
      'not a url',
      '',
    ];
    for (const url of refused) assert.equal(isSlackFileUrl(url, slackApi), false, url);
  });

  it('trusts the configured API host by its whole origin: scheme, host and port', () => {
    const api = 'http://127.0.0.1:9/api/';
    assert.equal(isSlackFileUrl('http://127.0.0.1:9/files/x', api), true);
    assert.equal(isSlackFileUrl('http://127.0.0.1:10/files/x', api), false);
    assert.equal(isSlackFileUrl('https://127.0.0.1:9/files/x', api), false);
    assert.equal(isSlackFileUrl('http://localhost:9/files/x', api), false);
    assert.equal(isSlackFileUrl('https://gateway.example/files/x', 'https://gateway.example.evil.com/api/'), false);
  });
});
