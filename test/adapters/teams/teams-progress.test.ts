import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/chat/render/chart-image.ts';
import { decodePng } from '../../helpers/png.ts';
import { askInChannel, withTeamsBot } from '../../helpers/teams-rig.ts';

const DAY = 86_400_000;

describe('progress on Teams', () => {
  it('shows the chart in the card from an unguessable https link under PUBLIC_URL, which the bot serves until it expires', async () => {
    await withTeamsBot({ environment: { PUBLIC_URL: 'https://bot.example.com/' } }, async (bot, connector, clock) => {
      const card = await askInChannel(bot, connector, 'progress JSA10713');
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

      const again = await askInChannel(bot, connector, 'progress JSA10713');
      assert.notEqual(String(again.body.find((e) => e.type === 'Image')?.url), url, 'every picture gets a link of its own');
      const guessed = `${match[1]?.slice(0, -1)}${match[1]?.endsWith('A') === true ? 'B' : 'A'}`;
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${guessed}.png`)).status, 404, 'a neighbouring token finds nothing');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}`)).status, 404, 'only the .png path');
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}.png`, { method: 'POST' })).status, 405);

      await clock.advance(31 * DAY);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${match[1]}.png`)).status, 404, 'the link expired after 30 days');
    });
  });

  it('describes the chart in words, and serves no charts, when PUBLIC_URL is not set', async () => {
    await withTeamsBot({}, async (bot, connector) => {
      const card = await askInChannel(bot, connector, 'progress');
      assert.equal(
        card.body.some((e) => e.type === 'Image'),
        false,
      );
      assert.match(JSON.stringify(card.body), /📈 Burn-down chart of Every bulletin from/);
      assert.equal((await fetch(`http://127.0.0.1:${bot.port}/charts/${'A'.repeat(32)}.png`)).status, 404);
    });
  });
});
