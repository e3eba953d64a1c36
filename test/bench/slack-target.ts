/**
 * A server for the Slack latency benchmark, in its own process so the load client does not share its
 * event loop: `ours` is the real bot (Bolt's HTTP receiver, signature checks, the core, Block Kit);
 * `bare` is a Bolt app with the same receiver that acknowledges every command with the bot's answer to
 * the benchmark's question, worked out once at start; `bare-ok` acknowledges with a two-word constant.
 * Usage: `slack-target.ts <kind> <command text>`. Prints the port, then serves until killed, answering
 * each line on stdin with its CPU usage so far (`process.cpuUsage()` as JSON).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { App, HTTPReceiver, LogLevel, type RespondArguments } from '@slack/bolt';
import { commandResponse } from '../../adapters/slack/message-handlers.ts';
import { slackMessage } from '../../adapters/slack/slack-message.ts';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { createRuntime } from '../../app/runtime.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';

const BENCH_SECRET = 'bench-signing-secret';
const [kind, commandText = ''] = process.argv.slice(2);
const fake = await new FakeSlack().start();
const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: BENCH_SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: '0',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'screenos-bench-')),
});

if (kind === 'ours') {
  const running = await startServer(config, { log: silentLogger });
  console.log(running.port);
} else {
  const answer = kind === 'bare' ? await answerOnce() : { response_type: 'ephemeral' as const, text: 'ok' };
  const receiver = new HTTPReceiver({ signingSecret: BENCH_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-bench', receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
  app.command('/screenos', async ({ ack }) => {
    await ack(answer);
  });
  const server = await receiver.start(0);
  const address = server.address();
  console.log(typeof address === 'object' && address !== null ? address.port : 0);
}

/** The bot's acknowledgement of the benchmark's command, byte for byte, from a core that is closed again at once. */
async function answerOnce(): Promise<RespondArguments> {
  const runtime = await createRuntime(config, silentLogger, undefined, { waitForFirstSync: false });
  try {
    const reply = await runtime.bot.handle(slackMessage({ channelId: 'C1', channelName: 'bench', userId: 'U1', userName: 'bench', text: commandText }));
    return commandResponse(reply, commandText, config.slack?.command ?? '/screenos');
  } finally {
    await runtime.close();
  }
}

createInterface({ input: process.stdin }).on('line', () => console.log(JSON.stringify(process.cpuUsage())));

// Exit normally when the bench is done, so that `--cpu-prof` writes its profile.
process.once('SIGINT', () => process.exit(0));
