import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../../src/infrastructure/config.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { FakeConnector } from '../../fakes/fake-connector.ts';
import { TestClock } from '../../helpers/inventory-fixtures.ts';
import { readRfc4180 } from '../../helpers/rfc4180.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';

const HOUR = 3_600_000;
const INVENTORY = 'name,site,owner,version\r\nfw-ams-1,Amsterdam,=cmd(),6.3.0r19\r\nfw-ams-2,Amsterdam,netops@example.com,6.3.0r26\r\n';

async function withTeamsBot(environment: Record<string, string>, use: (bot: RunningBot, connector: FakeConnector, clock: TestClock) => Promise<void>): Promise<void> {
  const connector = await new FakeConnector().start();
  const dataDir = tempDataDir();
  const inventory = path.join(dataDir, 'fleet.csv');
  await writeFile(inventory, INVENTORY);
  const clock = new TestClock(new Date('2026-11-26T09:00:00Z'));
  const config = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', DATA_DIR: dataDir, INVENTORY_FILE: inventory, ...environment });
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

/** The url of the card's download button, if any. */
function downloadUrl(card: { body: Record<string, unknown>[] }): string | undefined {
  const set = card.body.find((e) => e.type === 'ActionSet') as { actions?: { type: string; url: string; title: string }[] } | undefined;
  return set?.actions?.find((a) => a.type === 'Action.OpenUrl')?.url;
}

describe('devices export on Teams', () => {
  it('links the CSV from the card under PUBLIC_URL; the bot serves it as a download until the link expires a day later', async () => {
    await withTeamsBot({ PUBLIC_URL: 'https://bot.example.com/' }, async (bot, connector, clock) => {
      const card = await ask(bot, connector, 'devices export');
      const text = JSON.stringify(card.body);
      assert.match(text, /2 devices: 1 unpatched, 1 not affected\./);
      assert.match(text, /The link works until 2026-11-27 09:00 UTC; ask again for a new one\./);
      const url = downloadUrl(card) ?? '';
      const match = /^https:\/\/bot\.example\.com\/files\/([A-Za-z0-9_-]{32})\.csv$/.exec(url);
      assert.ok(match !== null, url);
      const token = match[1] ?? '';

      const served = await fetch(`http://127.0.0.1:${bot.port}/files/${token}.csv`);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(served.headers.get('content-disposition'), 'attachment; filename="devices-20261126T090000Z.csv"');
      assert.equal(served.headers.get('cache-control'), 'private, no-store');
      const csv = Buffer.from(await served.arrayBuffer()).toString('utf8');
      assert.ok(csv.startsWith('\uFEFF'));
      const [header, ...rows] = readRfc4180(csv.slice(1));
      assert.deepEqual(header?.slice(0, 3), ['name', 'site', 'owner']);
      assert.deepEqual(rows.map((r) => [r[0], r[2]]).sort(), [['fw-ams-1', "'=cmd()"], ['fw-ams-2', 'netops@example.com']]);

      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${token}.png`)).status, 404, 'a file is served under its own path alone');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.png`)).status, 404, 'and with its own extension');
      assert.notEqual(downloadUrl(await ask(bot, connector, 'devices export')), url, 'every export gets a link of its own');

      clock.advance(23 * HOUR);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.csv`)).status, 200);
      clock.advance(1 * HOUR);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.csv`)).status, 404, 'the link expired after 24 hours');
    });
  });

  it('says that export needs PUBLIC_URL on Teams, or the CLI, and serves no files, when PUBLIC_URL is not set', async () => {
    await withTeamsBot({}, async (bot, connector) => {
      const card = await ask(bot, connector, 'devices export advisory=JSA10713');
      assert.equal(downloadUrl(card), undefined);
      const text = JSON.stringify(card.body);
      assert.match(text, /Teams lets a bot attach a file only in a personal chat, so the bot hands files over through a link under PUBLIC_URL, which is not set: ask whoever runs the bot to set it\./);
      assert.match(text, /"text":"npm run cli -- audit --csv --advisory JSA10713"/);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${'A'.repeat(32)}.csv`)).status, 404);
    });
  });
});
