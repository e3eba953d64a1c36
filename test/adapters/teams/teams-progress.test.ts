import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/chat/render/chart-image.ts';
import { FakeConnector } from '../../fakes/fake-connector.ts';
import { TestClock } from '../../helpers/inventory-fixtures.ts';
import { decodePng } from '../../helpers/png.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';

const DAY = 86_400_000;

async function withTeamsBot(environment: Record<string, string>, use: (bot: RunningBot, connector: FakeConnector, clock: TestClock) => Promise<void>): Promise<void> {
  const connector = await new FakeConnector().start();
  const dataDir = tempDataDir();
  const clock = new TestClock(new Date('2026-11-26T09:00:00Z'));
  const config = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', DATA_DIR: dataDir, INVENTORY_FILE: EXAMPLE_FLEET, ...environment });
  const bot = await startServer(config, { log: silentLogger, now: clock.now, runScheduler: false });
  try {
    await use(bot, connector, clock);
  } finally {
    await bot.stop();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Sends `text` as a channel mention and resolves with the card of the answer. */
async function ask(bot: RunningBot, connector: FakeConnector, text: string): Promise<{ body: Record<string, unknown>[] }> {
  const activity = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'teams', 'message-channel-mention.json'), 'utf8')) as Record<string, unknown>;
  const before = connector.sent.length;
  await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl, text: `<at>screenos-bot</at> ${text}` }) });
  await connector.waitForSent(before + 1);
  const attachments = connector.sent[before]?.activity.attachments as { content: { body: Record<string, unknown>[] } }[];
  return attachments[0]?.content ?? { body: [] };
}

describe('progress on Teams', () => {
  it('shows the chart in the card from an unguessable https link under PUBLIC_URL, which the bot serves until it expires', async () => {
    await withTeamsBot({ PUBLIC_URL: 'https://bot.example.com/' }, async (bot, connector, clock) => {
      const card = await ask(bot, connector, 'progress JSA10713');
      const image = card.body.find((e) => e.type === 'Image');
      assert.ok(image !== undefined, 'the card holds an Image');
      const url = String(image.url);
      const match = /^https:\/\/bot\.example\.com\/charts\/([A-Za-z0-9_-]{32})\.png$/.exec(url);
      assert.ok(match !== null, url);
      assert.match(String(image.altText), /^Burn-down chart of JSA10713 from/);
      assert.equal(image.size, 'Stretch');

      const served = await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}.png`);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'image/png');
      const png = decodePng(Buffer.from(await served.arrayBuffer()));
      assert.deepEqual([png.width, png.height], [CHART_WIDTH, CHART_HEIGHT]);

      const again = await ask(bot, connector, 'progress JSA10713');
      assert.notEqual(String(again.body.find((e) => e.type === 'Image')?.url), url, 'every picture gets a link of its own');
      const guessed = `${match[1]?.slice(0, -1)}${match[1]?.endsWith('A') === true ? 'B' : 'A'}`;
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${guessed}.png`)).status, 404, 'a neighbouring token finds nothing');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}`)).status, 404, 'only the .png path');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}.png`, { method: 'POST' })).status, 405);

      clock.advance(31 * DAY);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}.png`)).status, 404, 'the link expired after 30 days');
    });
  });

  it('describes the chart in words, and serves no charts, when PUBLIC_URL is not set', async () => {
    await withTeamsBot({}, async (bot, connector) => {
      const card = await ask(bot, connector, 'progress');
      assert.equal(card.body.some((e) => e.type === 'Image'), false);
      assert.match(JSON.stringify(card.body), /📈 Burn-down chart of Every bulletin from/);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${'A'.repeat(32)}.png`)).status, 404);
    });
  });
});
