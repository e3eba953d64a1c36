import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';
import { createTestSchema, PG_SKIP } from '../store/pg-schema.ts';

const SECRET = 'replicas-signing-secret-0123456789';

describe('two replicas behind a load balancer on one PostgreSQL database', { skip: PG_SKIP }, () => {
  it('answer a Slack retry that reaches the other replica with nothing new, and show an ack made through one through the other', async () => {
    const fake = await new FakeSlack().start();
    const schema = await createTestSchema();
    const dirs = [tempDataDir(), tempDataDir()];
    const bots: RunningBot[] = [];
    try {
      for (const dir of dirs) {
        const config = loadConfig({
          SLACK_BOT_TOKEN: 'xoxb-replicas',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.apiUrl,
          PORT: '0',
          DATA_DIR: dir,
          DATABASE_URL: schema.url,
          INVENTORY_FILE: EXAMPLE_FLEET,
          BOT_ADMINS: 'slack:UADMIN',
        });
        bots.push(await startServer(config, { log: silentLogger, runScheduler: false }));
      }
      const [first, second] = bots;
      assert.ok(first !== undefined && second !== undefined);
      const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
      const ack = {
        contentType: 'application/x-www-form-urlencoded' as const,
        body: slashCommandBody({
          ...command,
          user_id: 'UADMIN',
          text: 'ack ams-edge-fw1 change booked',
          response_url: fake.responseUrl('ack'),
          trigger_id: 'trigger-ack-1',
        }),
      };

      const device = (n: number): typeof ack => ({
        ...ack,
        body: slashCommandBody({
          ...command,
          user_id: 'UOTHER',
          text: 'device ams-edge-fw1',
          response_url: fake.responseUrl(`device-${n}`),
          trigger_id: `trigger-device-${n}`,
        }),
      });
      const before = await postToSlackEndpoint(`http://127.0.0.1:${second.port}/slack/events`, SECRET, device(1));
      assert.doesNotMatch(before.text, /change booked/, 'the other replica has seen the device before the ack');

      const answer = await postToSlackEndpoint(`http://127.0.0.1:${first.port}/slack/events`, SECRET, ack);
      assert.match(answer.text, /ams-edge-fw1 acknowledged: change booked/);
      const retry = await postToSlackEndpoint(`http://127.0.0.1:${second.port}/slack/events`, SECRET, { ...ack, retryNum: 1 });
      assert.equal(retry.status, 200, 'acknowledged, so that Slack stops retrying');
      assert.doesNotMatch(retry.text, /acknowledged: change booked/);
      assert.equal((await second.runtime.store.auditLog({ subject: 'ams-edge-fw1' })).length, 1, 'the ack ran once');

      const shown = await postToSlackEndpoint(`http://127.0.0.1:${second.port}/slack/events`, SECRET, device(2));
      assert.match(shown.text, /acknowledged/i, 'the other replica shows the ack');
      assert.match(shown.text, /change booked/);
    } finally {
      for (const bot of bots) await bot.stop();
      await fake.stop();
      await schema.drop();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
