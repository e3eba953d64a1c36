import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer } from '../../../app/main.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';

/** The next message the bot sends on the socket, parsed. */
function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as Record<string, unknown>)));
}

describe('Slack over Socket Mode', () => {
  it('connects through apps.connections.open, acknowledges a slash-command envelope and carries the answer in the ack', async () => {
    const fake = await new FakeSlack().start();
    const connected = new Promise<WebSocket>((resolve) => fake.onSocket(resolve));
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-socket-test',
      SLACK_SIGNING_SECRET: 'socket-secret',
      SLACK_APP_TOKEN: 'xapp-1-socket-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: tempDataDir(),
    });
    const bot = await startServer(config, { log: silentLogger });
    try {
      const socket = await connected;
      const open = fake.callsTo('apps.connections.open')[0];
      assert.equal(open?.authorization, 'Bearer xapp-1-socket-test', 'the socket is opened with the app-level token');

      const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
      const ack = nextMessage(socket);
      socket.send(
        JSON.stringify({
          envelope_id: '1d3c79ab-0ffb-41f3-a080-d19e85f53649',
          payload: { ...command, text: '6.3.0r19b', response_url: fake.responseUrl('socket') },
          type: 'slash_commands',
          accepts_response_payload: true,
        }),
      );
      const reply = await ack;
      assert.equal(reply.envelope_id, '1d3c79ab-0ffb-41f3-a080-d19e85f53649');
      const payload = reply.payload as { response_type: string; text: string };
      assert.equal(payload.response_type, 'ephemeral');
      assert.match(payload.text, /6\.3\.0r19b is affected by .*Not affected by [^.]*JSA10712, JSA10713\b/);
    } finally {
      await bot.stop();
      await fake.stop();
    }
  });

  it('names SLACK_APP_TOKEN when Slack refuses the app-level token, and leaves nothing running', async () => {
    const fake = await new FakeSlack().start();
    fake.queue('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-socket-test',
      SLACK_SIGNING_SECRET: 'socket-secret',
      SLACK_APP_TOKEN: 'xapp-1-refused',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: tempDataDir(),
    });
    try {
      await assert.rejects(startServer(config, { log: silentLogger }), (error: Error) => {
        assert.match(error.message, /^SLACK_APP_TOKEN: Slack refused the token \(invalid_auth\)/);
        assert.ok(!error.message.includes('xapp-1-refused'));
        return true;
      });
      assert.equal(fake.sockets.length, 0, 'no socket was opened');
    } finally {
      await fake.stop();
    }
  });
});
