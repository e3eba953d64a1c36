/**
 * A server for the Slack latency benchmark, in its own process so the load client does not share its
 * event loop: `ours` is the real bot (Bolt's HTTP receiver, signature checks, the core, Block Kit);
 * `bare` is a Bolt app with the same receiver that acknowledges every command with a constant.
 * Prints the port, then serves until killed.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';

const BENCH_SECRET = 'bench-signing-secret';
const kind = process.argv[2];
const fake = await new FakeSlack().start();

if (kind === 'ours') {
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'screenos-bench-')) });
  const running = await startServer(config, { log: silentLogger });
  console.log(running.port);
} else {
  const receiver = new HTTPReceiver({ signingSecret: BENCH_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-bench', receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
  app.command('/screenos', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'ok' });
  });
  const server = await receiver.start(0);
  const address = server.address();
  console.log(typeof address === 'object' && address !== null ? address.port : 0);
}

// Exit normally when the bench is done, so that `--cpu-prof` writes its profile.
process.once('SIGINT', () => process.exit(0));
