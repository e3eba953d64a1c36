import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readRfc4180 } from '../../helpers/rfc4180.ts';
import { askInChannel, withTeamsBot, type CardContent } from '../../helpers/teams-rig.ts';

const HOUR = 3_600_000;
const INVENTORY = 'name,site,owner,version\r\nfw-ams-1,Amsterdam,=cmd(),6.3.0r19\r\nfw-ams-2,Amsterdam,netops@example.com,6.3.0r26\r\n';

/** The url of the card's download button, if any. */
function downloadUrl(card: CardContent): string | undefined {
  const set = card.body.find((e) => e.type === 'ActionSet') as { actions?: { type: string; url: string; title: string }[] } | undefined;
  return set?.actions?.find((a) => a.type === 'Action.OpenUrl')?.url;
}

describe('devices export on Teams', () => {
  it('links the CSV from the card under PUBLIC_URL; the bot serves it as a download until the link expires a day later', async () => {
    await withTeamsBot({ environment: { PUBLIC_URL: 'https://bot.example.com/' }, inventory: INVENTORY }, async (bot, connector, clock) => {
      const card = await askInChannel(bot, connector, 'devices export');
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
      assert.deepEqual(rows.map((r) => [r[0], r[2]]).sort(), [
        ['fw-ams-1', "'=cmd()"],
        ['fw-ams-2', 'netops@example.com'],
      ]);

      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${token}.png`)).status, 404, 'a file is served under its own path alone');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.png`)).status, 404, 'and with its own extension');
      assert.notEqual(downloadUrl(await askInChannel(bot, connector, 'devices export')), url, 'every export gets a link of its own');

      await clock.advance(23 * HOUR);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.csv`)).status, 200);
      await clock.advance(1 * HOUR);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${token}.csv`)).status, 404, 'the link expired after 24 hours');
    });
  });

  it('says that export needs PUBLIC_URL on Teams, or the CLI, and serves no files, when PUBLIC_URL is not set', async () => {
    await withTeamsBot({ inventory: INVENTORY }, async (bot, connector) => {
      const card = await askInChannel(bot, connector, 'devices export advisory=JSA10713');
      assert.equal(downloadUrl(card), undefined);
      const text = JSON.stringify(card.body);
      assert.match(
        text,
        /Teams lets a bot attach a file only in a personal chat, so the bot hands files over through a link under PUBLIC_URL, which is not set: ask whoever runs the bot to set it\./,
      );
      assert.match(text, /"text":"npm run cli -- audit --csv --advisory JSA10713"/);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/files/${'A'.repeat(32)}.csv`)).status, 404);
    });
  });
});
