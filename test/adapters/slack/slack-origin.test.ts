import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { createLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { LogLines, type LogEntry } from '../../helpers/log-lines.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { interactivityBody, postToSlackEndpoint, slashCommandBody } from '../../helpers/slack-requests.ts';

const SECRET = 'origin-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-origin-bot-token';

async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', name), 'utf8')) as T;
}

interface Running {
  readonly fake: FakeSlack;
  readonly bot: RunningBot;
  readonly url: string;
  readonly dataDir: string;
  readonly logLines: string[];
  readonly log: LogLines;
}

async function startBot(prepare: (fake: FakeSlack) => void = () => undefined): Promise<Running> {
  const fake = await new FakeSlack().start();
  prepare(fake);
  const dataDir = tempDataDir();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    BOT_ADMINS: 'slack:UADMIN',
  });
  const logged = new LogLines();
  const log = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SECRET], write: logged.write });
  const bot = await startServer(config, { log, runScheduler: false });
  return { fake, bot, url: `http://127.0.0.1:${bot.port}/slack/events`, dataDir, logLines: logged.lines, log: logged };
}

async function stopBot(running: Running): Promise<void> {
  await running.bot.stop();
  await running.fake.stop();
  await rm(running.dataDir, { recursive: true, force: true });
}

/** A request from the bot's own workspace and app is answered. */
async function assertOwnAnswered(running: Running, command: Record<string, string>, id: string): Promise<void> {
  const marker = await postToSlackEndpoint(running.url, SECRET, {
    contentType: 'application/x-www-form-urlencoded',
    body: slashCommandBody({ ...command, text: '6.3.0r26', response_url: running.fake.responseUrl(id), trigger_id: `trigger-${id}` }),
  });
  assert.match(marker.text, /6\.3\.0r26 is not affected/, 'a request from the bot’s own workspace and app is answered');
}

const isRefusal = (entry: LogEntry): boolean => String(entry.message).includes('another workspace or app');

/**
 * Waits until the guard has refused `count` more deliveries than `already`: its log line is the only trace
 * of a refusal (events are acknowledged before they are handled), and nothing follows it.
 */
async function refused(running: Running, already: number, count = 1): Promise<void> {
  await running.log.waitFor(isRefusal, already + count);
}

function refusals(running: Running): LogEntry[] {
  return running.log.entries().filter(isRefusal);
}

describe('Slack deliveries from another workspace or app', () => {
  let running: Running;
  let command: Record<string, string>;
  before(async () => {
    running = await startBot();
    command = await fixture<Record<string, string>>('slash-command.json');
  });
  after(async () => stopBot(running));

  it('acknowledges a slash command from another workspace without running it, and logs a warning', async () => {
    const already = refusals(running).length;
    const { status, text } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommandBody({
        ...command,
        team_id: 'TOTHER',
        user_id: 'UADMIN',
        text: 'ack ams-edge-fw1 from elsewhere',
        response_url: running.fake.responseUrl('other-team'),
        trigger_id: 'trigger-other-team',
      }),
    });
    assert.equal(status, 200, 'acknowledged, so that Slack does not retry');
    assert.equal(text, '', 'no answer');
    await refused(running, already);
    await assertOwnAnswered(running, command, 'after-other-team');
    assert.equal((await running.bot.runtime.store.auditLog()).length, 0, 'the state change did not run');
    assert.equal(running.fake.callsTo('/response/other-team').length, 0);
    const refusal = refusals(running).find((line) => line.from === 'workspace TOTHER');
    assert.equal(refusal?.level, 'warn');
  });

  it('ignores a mention from another app', async () => {
    const event = await fixture<{ event: Record<string, unknown> } & Record<string, unknown>>('app-mention.json');
    const foreign = { ...event, api_app_id: 'AOTHER', event_id: 'Ev0OTHERAPP', event: { ...event.event, ts: '1515449600.000001' } };
    const already = refusals(running).length;
    const { status } = await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(foreign) });
    assert.equal(status, 200);
    await refused(running, already);
    await assertOwnAnswered(running, command, 'after-other-app');
    assert.equal(running.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1515449600.000001').length, 0);
    assert.ok(refusals(running).some((line) => line.from === 'app AOTHER'));
  });

  it('ignores a button press from another workspace, and one that names no app', async () => {
    const payload = await fixture<Record<string, unknown>>('block-actions-share.json');
    const otherTeam = {
      ...payload,
      team: { id: 'TOTHER', domain: 'elsewhere' },
      user: { ...(payload.user as object), team_id: 'TOTHER' },
      trigger_id: 'trigger-share-other',
      response_url: running.fake.responseUrl('share-other'),
    };
    const noApp = { ...payload, api_app_id: undefined, trigger_id: 'trigger-share-no-app', response_url: running.fake.responseUrl('share-no-app') };
    const already = refusals(running).length;
    for (const body of [otherTeam, noApp]) {
      const { status } = await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/x-www-form-urlencoded', body: interactivityBody(body) });
      assert.equal(status, 200);
    }
    await refused(running, already, 2);
    await assertOwnAnswered(running, command, 'after-share');
    assert.equal(running.fake.callsTo('/response/share-other').length + running.fake.callsTo('/response/share-no-app').length, 0);
  });
});

describe('when Slack does not say which app the bot is', () => {
  it('still refuses another workspace, and answers its own', async () => {
    const running = await startBot((fake) => fake.queue('bots.info', { body: { ok: false, error: 'missing_scope' } }));
    try {
      const command = await fixture<Record<string, string>>('slash-command.json');
      const { text } = await postToSlackEndpoint(running.url, SECRET, {
        contentType: 'application/x-www-form-urlencoded',
        body: slashCommandBody({ ...command, team_id: 'TOTHER', text: '6.2.0r16', response_url: running.fake.responseUrl('x'), trigger_id: 'trigger-x' }),
      });
      assert.equal(text, '');
      await refused(running, 0);
      await assertOwnAnswered(running, command, 'own');
      assert.ok(
        running.logLines.some((line) => line.includes('bots.info') && line.includes('"warn"')),
        'the missing app id is logged',
      );
    } finally {
      await stopBot(running);
    }
  });
});
