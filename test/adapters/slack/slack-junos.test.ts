/**
 * `/junos` beside `/screenos`, over signed requests to the running receiver: the same core, with the
 * versions read as Junos OS, and every slash command the app manifest declares answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { assertValidSlackPayload } from '../../helpers/render-check.ts';
import { postToSlackEndpoint, slashCommandBody } from '../../helpers/slack-requests.ts';

const SECRET = 'junos-signing-secret-0123456789';

interface SlashAnswer {
  readonly status: number;
  readonly text: string;
  readonly body: { response_type?: string; text?: string; blocks?: { type: string; elements?: { action_id?: string; value?: string }[] }[] };
}

describe('the /junos slash command', () => {
  let fake: FakeSlack;
  let bot: RunningBot;
  let dataDir: string;
  let fields: Record<string, string>;
  let calls = 0;

  before(async () => {
    fake = await new FakeSlack().start();
    dataDir = tempDataDir();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-junos',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: EXAMPLE_FLEET,
    });
    bot = await startServer(config, { log: silentLogger, runScheduler: false });
    fields = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  });
  after(async () => {
    await bot.stop();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function slash(command: string, text: string): Promise<SlashAnswer> {
    const id = `junos-${++calls}`;
    const { status, text: body } = await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
      contentType: 'application/x-www-form-urlencoded',
      body: slashCommandBody({ ...fields, command, text, response_url: fake.responseUrl(id), trigger_id: `trigger-${id}` }),
    });
    return { status, text: body, body: body === '' ? {} : (JSON.parse(body) as SlashAnswer['body']) };
  }

  it('answers /junos 21.4R3-S4 as /screenos junos 21.4R3-S4 does, privately, with a share button that keeps the Junos reading', async () => {
    const junos = await slash('/junos', '21.4R3-S4');
    assert.equal(junos.status, 200);
    assertValidSlackPayload(junos.body);
    assert.equal(junos.body.response_type, 'ephemeral');
    assert.equal(junos.body.text, (await slash('/screenos', 'junos 21.4R3-S4')).body.text);
    assert.match(junos.body.text ?? '', /21\.4R3-S4/);
    const buttons = (junos.body.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    assert.ok(
      buttons.some((b) => b.action_id === 'share_reply' && b.value === 'junos 21.4R3-S4'),
      JSON.stringify(buttons),
    );
  });

  it('never clears a ScreenOS release sent to /junos, though /screenos clears it', async () => {
    assert.match((await slash('/screenos', '6.3.0r26')).body.text ?? '', /6\.3\.0r26 is not affected/);
    const junos = await slash('/junos', '6.3.0r26');
    assert.match(junos.body.text ?? '', /“6\.3\.0r26”.*Junos OS/, 'says the release is no Junos OS one');
    assert.doesNotMatch(junos.text, /is not affected/);
  });

  it('runs another command named after /junos: /junos devices site=Amsterdam lists the SRX with the rest', async () => {
    const devices = await slash('/junos', 'devices site=Amsterdam status=all');
    assert.equal(devices.status, 200);
    assert.match(devices.text, /ams-srx-gw1/);
    assert.match(devices.text, /ams-edge-fw1/);
    assert.equal((await slash('/junos', 'help')).body.text, (await slash('/screenos', 'help')).body.text);
  });

  it('answers every slash command the app manifest declares, at the URL the manifest gives', async () => {
    const manifest = parseYaml(await readFile(path.join(PROJECT_ROOT, 'adapters', 'slack', 'manifest.yml'), 'utf8')) as {
      features: { slash_commands: { command: string; url: string }[] };
    };
    const declared = manifest.features.slash_commands;
    assert.deepEqual(
      declared.map((c) => c.command),
      ['/screenos', '/junos'],
    );
    for (const { command, url } of declared) {
      assert.equal(new URL(url).pathname, '/slack/events', command);
      const answer = await slash(command, 'help');
      assert.equal(answer.status, 200, command);
      assert.match(answer.body.text ?? '', /screenos-bot/, command);
    }
  });
});
