import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer } from '../../../app/main.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../../helpers/slack-requests.ts';

const SECRET = 'replay-signing-secret-0123456789';

describe('a signed Slack request replayed after a restart', () => {
  it('does not run an admin’s state change a second time', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-replay',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: EXAMPLE_FLEET,
      BOT_ADMINS: 'slack:UADMIN',
    });
    const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
    // The same bytes and the same timestamp: a captured request, still inside Slack's five-minute window.
    const request = {
      contentType: 'application/x-www-form-urlencoded' as const,
      body: slashCommandBody({
        ...command,
        user_id: 'UADMIN',
        text: 'ack ams-edge-fw1 booked',
        response_url: fake.responseUrl('ack'),
        trigger_id: 'trigger-replayed-ack',
      }),
      timestamp: Math.floor(Date.now() / 1000),
    };
    try {
      const first = await startServer(config, { log: silentLogger, runScheduler: false });
      try {
        const answer = await postToSlackEndpoint(`http://127.0.0.1:${first.port}/slack/events`, SECRET, request);
        assert.match(answer.text, /ams-edge-fw1 acknowledged: booked/);
      } finally {
        await first.stop();
      }
      const second = await startServer(config, { log: silentLogger, runScheduler: false });
      try {
        const replay = await postToSlackEndpoint(`http://127.0.0.1:${second.port}/slack/events`, SECRET, request);
        assert.equal(replay.status, 200, 'acknowledged, so that a genuine retry stops');
        assert.doesNotMatch(replay.text, /acknowledged: booked/);
        const audit = await second.runtime.store.auditLog({ subject: 'ams-edge-fw1' });
        assert.equal(audit.length, 1, `one audit entry: ${JSON.stringify(audit)}`);
      } finally {
        await second.stop();
      }
    } finally {
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
