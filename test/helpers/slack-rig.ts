import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningBot } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { startBot, withBot, type BotSetup } from './bot-rig.ts';
import { PROJECT_ROOT } from './run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from './slack-requests.ts';

const SIGNING_SECRET = 'rig-signing-secret';

/** Who the rig's bots take for an admin. */
export const SLACK_ADMIN = 'UADMIN';

const RESPONSE_ID = 'slash';

/** Where the fake records what the bot sends to a slash command's `response_url`: its later answers. */
export const SLASH_RESPONSE = `/response/${RESPONSE_ID}`;

/** A bot that calls `fake` for Slack's Web API and checks requests with the rig's signing secret. */
function onFake(fake: FakeSlack, setup: Partial<BotSetup>): BotSetup {
  return {
    ...setup,
    environment: {
      SLACK_BOT_TOKEN: 'xoxb-rig',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      BOT_ADMINS: `slack:${SLACK_ADMIN}`,
      ...setup.environment,
    },
  };
}

/** Starts a Slack bot on `dataDir`, talking to `fake`; a second call on the same folder is a restart. */
export function startSlackBot(fake: FakeSlack, dataDir: string, setup: Partial<BotSetup> = {}): Promise<RunningBot> {
  return startBot(dataDir, onFake(fake, setup));
}

/** Runs `use` with a Slack bot on a fresh data folder and a fresh fake Slack, and stops both afterwards. */
export async function withSlackBot(setup: Partial<BotSetup>, use: (bot: RunningBot, fake: FakeSlack) => Promise<void>): Promise<void> {
  const fake = await new FakeSlack().start();
  try {
    await withBot(onFake(fake, setup), (bot) => use(bot, fake));
  } finally {
    await fake.stop();
  }
}

/** POSTs `body` to the bot's Slack endpoint, signed as Slack signs it, and resolves with the text of the answer. */
export async function sendToSlack(bot: RunningBot, body: string, contentType: 'application/json' | 'application/x-www-form-urlencoded'): Promise<string> {
  return (await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SIGNING_SECRET, { contentType, body })).text;
}

/**
 * Runs the slash command with `text` in `channel` as `user`, and resolves with its immediate answer; what
 * the bot sends later goes to the fake as {@link SLASH_RESPONSE}.
 */
export async function slash(bot: RunningBot, fake: FakeSlack, text: string, channel: string, user = SLACK_ADMIN): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    channel_id: channel,
    user_id: user,
    trigger_id: `t-${Math.random()}`,
    response_url: fake.responseUrl(RESPONSE_ID),
  });
  return sendToSlack(bot, body, 'application/x-www-form-urlencoded');
}

/** An Events API delivery of an event of `type` with `fields`, under an id of its own. */
export function eventCallback(type: string, fields: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'x',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: 1,
    event: { type, ...fields },
  });
}

/**
 * Resolves once the bot has handled every delivery sent so far. Slack's answer to an event comes before
 * the event is handled, so a test that asserts nothing was posted waits on this first.
 */
export async function deliveriesHandled(bot: RunningBot): Promise<void> {
  assert.ok(bot.slack !== null, 'the bot runs Slack');
  await bot.slack.settled();
}
