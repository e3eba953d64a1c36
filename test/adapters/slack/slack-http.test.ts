import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { createLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { FakeSlack, type RecordedCall } from '../../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { interactivityBody, postToSlackEndpoint, slashCommandBody } from '../../helpers/slack-requests.ts';
import { assertValidSlackPayload, slackDisplayedLines } from '../../helpers/render-check.ts';
import { LogLines } from '../../helpers/log-lines.ts';

const SECRET = 'test-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-test-bot-token-abcdef';
const METRICS_TOKEN = 'slack-metrics-token-0123456789';
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack');

async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(FIXTURES, name), 'utf8')) as T;
}

interface Running {
  dataDir: string;
  fake: FakeSlack;
  bot: RunningBot;
  url: string;
  logLines: string[];
  log: LogLines;
}

async function startSlackBot(ackBudgetMs?: number): Promise<Running> {
  const fake = await new FakeSlack().start();
  fake.users.set('alice@example.com', 'UALICE');
  const dataDir = tempDataDir();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    BOT_ADMINS: 'slack:UADMIN,alice@example.com',
    METRICS_TOKEN,
  });
  const logged = new LogLines();
  const log = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SECRET], write: logged.write });
  const bot = await startServer(config, { log, ...(ackBudgetMs === undefined ? {} : { slackAckBudgetMs: ackBudgetMs }) });
  return { dataDir, fake, bot, url: `http://127.0.0.1:${bot.port}/slack/events`, logLines: logged.lines, log: logged };
}

async function stopSlackBot(running: Running): Promise<void> {
  await running.bot.stop();
  await running.fake.stop();
  await rm(running.dataDir, { recursive: true, force: true });
}

/** Every text Slack would show from a message: fallback, headers, sections, fields, context. */
function allText(message: Record<string, unknown>): string {
  return JSON.stringify(message);
}

function slashCommand(base: Record<string, string>, text: string, fake: FakeSlack, id: string): string {
  return slashCommandBody({ ...base, text, response_url: fake.responseUrl(id), trigger_id: `trigger-${id}` });
}

describe('Slack over HTTP, end to end through Bolt’s receiver', () => {
  let running: Running;
  let command: Record<string, string>;
  before(async () => {
    running = await startSlackBot();
    command = await fixture<Record<string, string>>('slash-command.json');
  });
  after(async () => stopSlackBot(running));

  it('answers /screenos 6.3.0r25 in the acknowledgement, privately, with the CVE, the upgrade target and a share button', async () => {
    const { status, text } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand(command, '6.3.0r25', running.fake, 'first'),
    });
    assert.equal(status, 200);
    const ack = JSON.parse(text) as {
      response_type: string;
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[];
    };
    assertValidSlackPayload(ack);
    assert.equal(ack.response_type, 'ephemeral');
    assert.match(ack.text, /6\.3\.0r25 is affected by JSA10894 \(CVE-2018-0059\)/);
    const body = allText(ack);
    assert.ok(body.includes('CVE-2018-0059') && body.includes('6.3.0r26'), 'CVE and upgrade target are shown');
    assert.match(ack.blocks[0]?.text?.text ?? '', /^🟠 /, 'a medium finding is amber, in the header');
    const buttons = ack.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    assert.ok(
      buttons.some((b) => b.action_id === 'share_reply' && b.value === '6.3.0r25'),
      'a Share in channel button carries the command',
    );
  });

  it('answers the same question asked twice the same way, each share button carrying what its asker typed', async () => {
    const ask = async (text: string, id: string): Promise<{ text: string; share: string | undefined }> => {
      const answer = await postToSlackEndpoint(running.url, SECRET, {
        contentType: 'application/x-www-form-urlencoded',
        body: slashCommand(command, text, running.fake, id),
      });
      const ack = JSON.parse(answer.text) as { text: string; blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
      const share = ack.blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? [])
        .find((b) => b.action_id === 'share_reply');
      return { text: ack.text, share: share?.value };
    };
    const first = await ask('6.3.0r25', 'again-1');
    const second = await ask('6.3.0r25', 'again-2');
    const checked = await ask('check 6.3.0r25', 'again-3');
    assert.deepEqual(second, first);
    assert.equal(checked.text, first.text);
    assert.equal(first.share, '6.3.0r25');
    assert.equal(checked.share, 'check 6.3.0r25');
  });

  it('finishes through response_url when the answer is not ready within the acknowledgement budget', async () => {
    const slow = await startSlackBot(0);
    try {
      const { status, text } = await postToSlackEndpoint(slow.url, SECRET, {
        contentType: 'application/x-www-form-urlencoded',
        body: slashCommand(command, '6.3.0r13', slow.fake, 'slow'),
      });
      assert.equal(status, 200);
      assert.match(text, /Working on it/);
      const answer = await slow.fake.waitFor((c) => c.method === '/response/slow');
      assert.equal(answer.body.response_type, 'ephemeral');
      assert.match(String(answer.body.text), /6\.3\.0r13 is affected by .*JSA10713 \(CVE-2015-7756\)/);
    } finally {
      await stopSlackBot(slow);
    }
  });

  it('answers a mention in the thread of the mention, with the mention stripped', async () => {
    const event = await fixture<Record<string, unknown>>('app-mention.json');
    const { status } = await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(event) });
    assert.equal(status, 200);
    const post = await running.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1515449522.000016');
    assert.equal(post.body.channel, 'C0LAN2Q65');
    assert.match(String(post.body.text), /^6\.3\.0r19 is affected by/);
    assert.equal(post.authorization, `Bearer ${BOT_TOKEN}`);
  });

  it('answers a direct message in the conversation', async () => {
    const event = await fixture<Record<string, unknown>>('message-im.json');
    await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(event) });
    const post = await running.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D024BE91L');
    assert.match(allText(post.body), /JSA10712/);
  });

  it('posts nothing new when Slack retries a delivery or delivers it twice', async () => {
    const event = await fixture<{ event: Record<string, unknown> } & Record<string, unknown>>('app-mention.json');
    const twice = { ...event, event_id: 'Ev0RETRIED', event: { ...event.event, ts: '1515449999.000001', text: '<@UBOT> 6.2.0r16' } };
    const isOurs = (c: RecordedCall): boolean => c.method === 'chat.postMessage' && c.body.thread_ts === '1515449999.000001';
    await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(twice) });
    await running.fake.waitFor(isOurs);
    const retry = await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(twice), retryNum: 1 });
    const duplicate = await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(twice) });
    assert.equal(retry.status, 200, 'the retry is acknowledged so that Slack stops retrying');
    assert.equal(duplicate.status, 200);
    // Slack's events are acknowledged before they are handled: the guard's line for each dropped copy is
    // the barrier. Once both are written, the bot is done with them.
    await running.log.waitFor((e) => e.message === 'slack: duplicate delivery ignored' && e.key === 'slack:event:Ev0RETRIED', 2);
    assert.equal(running.fake.calls.filter(isOurs).length, 1);
  });

  it('shares an answer in the channel, attributed to the user who pressed the button, and removes the private copy', async () => {
    const payload = await fixture<Record<string, unknown>>('block-actions-share.json');
    const { status } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: interactivityBody({ ...payload, response_url: running.fake.responseUrl('share') }),
    });
    assert.equal(status, 200);
    const shared = await running.fake.waitFor((c) => c.method === '/response/share' && c.body.response_type === 'in_channel');
    assert.match(String(shared.body.text), /6\.2\.0r16 is affected/);
    assert.ok(allText(shared.body).includes('Shared by <@UA8RXUSPL>'));
    await running.fake.waitFor((c) => c.method === '/response/share' && c.body.delete_original === true);
  });

  it('runs the command a button of an answer carries and answers the presser privately, keeping the answer it came from', async () => {
    const payload = await fixture<{ actions: Record<string, unknown>[] } & Record<string, unknown>>('block-actions-share.json');
    const button = { ...payload.actions[0], action_id: 'run_command:0:0', text: { type: 'plain_text', text: 'Check 6.3.0r26' }, value: 'check 6.3.0r26' };
    const { status } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: interactivityBody({ ...payload, trigger_id: 'trigger-run-command', actions: [button], response_url: running.fake.responseUrl('run-command') }),
    });
    assert.equal(status, 200);
    const answer = await running.fake.waitFor((c) => c.method === '/response/run-command');
    assert.equal(answer.body.response_type, 'ephemeral');
    assert.equal(answer.body.replace_original, false);
    assert.match(String(answer.body.text), /6\.3\.0r26 is not affected/);
  });

  it('escapes hostile text from the user so that <!channel> and <@U123> never ping anyone', async () => {
    const { text } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand(command, '6.2<!channel><@U123>&<!here|here>', running.fake, 'hostile'),
    });
    const message = JSON.parse(text) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { type: string; text?: unknown }[] }[] };
    assertValidSlackPayload(message);
    assert.ok(
      slackDisplayedLines(message).some((l) => l.includes('6.2<!channel><@U123>&<!here|here')),
      'shown as typed',
    );
    // Rich text is never parsed: the hostile text is a text element, and no broadcast or user element is made.
    const richKinds = JSON.stringify(message.blocks.filter((b) => b.type === 'rich_text')).match(/"type":"[a-z_]+"/g) ?? [];
    assert.ok(!richKinds.some((k) => /"(broadcast|user|usergroup|channel)"/.test(k)), richKinds.join());
    // Text objects are parsed: there the characters are entities. Button values are data, never shown.
    const parsed = JSON.stringify({ text: message.text, blocks: message.blocks.filter((b) => b.type !== 'rich_text') }, (key, value: unknown) =>
      key === 'value' ? undefined : value,
    );
    for (const raw of ['<!channel>', '<@U123>', '<!here']) assert.ok(!parsed.includes(raw), `${raw} is not in a parsed text`);
  });

  it('logs a failed Slack call with where it happened and goes on answering', async () => {
    running.fake.queue('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const event = await fixture<{ event: Record<string, unknown> } & Record<string, unknown>>('app-mention.json');
    const failing = { ...event, event_id: 'Ev0FAILING', event: { ...event.event, channel: 'CGONE', ts: '1515450000.000001' } };
    await postToSlackEndpoint(running.url, SECRET, { contentType: 'application/json', body: JSON.stringify(failing) });
    await running.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CGONE');
    const [line] = await running.log.waitFor((e) => e.message === 'slack: handler failed');
    assert.equal(line?.channel, 'CGONE');
    assert.equal(line?.type, 'app_mention');
    const { status, text } = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand(command, '6.3.0r26', running.fake, 'after-failure'),
    });
    assert.equal(status, 200);
    assert.match(text, /6\.3\.0r26 is not affected/);
  });

  it('lists the inventory’s devices and lets only a configured Slack admin acknowledge one', async () => {
    const devices = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand(command, 'devices site=Amsterdam', running.fake, 'devices'),
    });
    assert.match(devices.text, /ams-edge-fw1/);
    const refused = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand(command, 'ack ams-edge-fw1', running.fake, 'refused'),
    });
    assert.match(refused.text, /Only admins may change a device’s state/);
    assert.match(refused.text, /slack:UADMIN/);
    const accepted = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand({ ...command, user_id: 'UADMIN' }, 'ack ams-edge-fw1 booked', running.fake, 'accepted'),
    });
    const ack = JSON.parse(accepted.text) as { response_type: string; text: string };
    assert.equal(ack.response_type, 'in_channel', 'a state change is announced to the channel');
    assert.match(ack.text, /ams-edge-fw1 acknowledged: booked/);
    assert.ok(!accepted.text.includes('share_reply'), 'a state change offers no Share button: sharing would run it again');
  });

  it('recognises an admin configured by email, looking the Slack user’s email up', async () => {
    const byEmail = await postToSlackEndpoint(running.url, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommand({ ...command, user_id: 'UALICE' }, 'snooze fra-dc-fw1 until 1d', running.fake, 'by-email'),
    });
    assert.match(byEmail.text, /fra-dc-fw1 snoozed until/);
    assert.ok(running.fake.callsTo('users.info').some((c) => c.body.user === 'UALICE'));
  });

  it('answers the detailed /healthz with the loaded bulletins and the Slack mode', async () => {
    const response = await fetch(`http://127.0.0.1:${running.bot.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
    const health = (await response.json()) as {
      status: string;
      advisories: string[];
      slack: { mode: string; botUserId: string };
      inventory: { source: string; lastError: string | null };
    };
    assert.match(health.inventory.source, /fleet\.csv$/);
    assert.equal(health.inventory.lastError, null);
    assert.equal(health.status, 'ok');
    assert.ok(health.advisories.includes('JSA10713'));
    assert.deepEqual(health.slack, { mode: 'http', botUserId: 'UBOT' });
  });

  it('never writes the bot token or the signing secret to the log', () => {
    const log = running.logLines.join('\n');
    assert.ok(log.length > 0);
    assert.ok(!log.includes(BOT_TOKEN) && !log.includes(SECRET));
  });
});

describe('Slack request verification', () => {
  let running: Running;
  let command: Record<string, string>;
  before(async () => {
    running = await startSlackBot();
    command = await fixture<Record<string, string>>('slash-command.json');
  });
  after(async () => stopSlackBot(running));

  const cases: { name: string; timestamp?: number; signature?: string | null }[] = [
    { name: 'a bad signature', signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' },
    { name: 'a missing signature', signature: null },
    { name: 'a timestamp older than five minutes', timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with 401 and no side effect`, async () => {
      const before = running.fake.calls.length;
      const { status } = await postToSlackEndpoint(running.url, SECRET, {
        contentType: 'application/x-www-form-urlencoded',
        body: slashCommand(command, '6.2.0r16', running.fake, `rejected-${c.name}`),
        ...(c.timestamp === undefined ? {} : { timestamp: c.timestamp }),
        ...(c.signature === undefined ? {} : { signature: c.signature }),
      });
      assert.equal(status, 401);
      // The receiver verifies before it dispatches, and answers 401 instead: the answer is the barrier.
      assert.equal(running.fake.calls.length, before, 'no call reached the Slack API or a response_url');
    });
  }
});
