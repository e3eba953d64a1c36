import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/chat/render/chart-image.ts';
import { decodePng } from '../../helpers/png.ts';
import { eventCallback, sendToSlack, slash, SLASH_RESPONSE, withSlackBot } from '../../helpers/slack-rig.ts';

describe('progress on Slack', () => {
  it('answers /screenos progress in the channel and uploads the chart there as a PNG, through the external upload API', async () => {
    await withSlackBot({}, async (bot, fake) => {
      const answer = JSON.parse(await slash(bot, fake, 'progress JSA10713', 'CINC')) as { response_type: string; text: string; blocks: unknown[] };
      assert.equal(answer.response_type, 'in_channel');
      assert.match(answer.text, /^JSA10713: 16 unpatched of 16 affected\. The history starts today/);
      assert.match(JSON.stringify(answer.blocks), /📈 Burn-down chart of JSA10713 from/);
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      const [asked] = fake.callsTo('files.getUploadURLExternal');
      assert.match(String(asked?.body.filename), /^progress-jsa10713-\d{4}-\d{2}-\d{2}\.png$/);
      const [file] = fake.sharedFiles;
      assert.ok(file !== undefined);
      assert.equal(file.channel, 'CINC', 'shared into the channel that asked');
      assert.equal(file.threadTs, null);
      assert.equal(file.title, 'JSA10713: 16 unpatched of 16 affected');
      assert.match(file.altText ?? '', /^Burn-down chart of JSA10713 from/);
      const png = decodePng(file.bytes);
      assert.deepEqual([png.width, png.height], [CHART_WIDTH, CHART_HEIGHT]);
      assert.equal(Number(asked?.body.length), file.bytes.length, 'the length announced is the length uploaded');
    });
  });

  it('puts the chart of a mention in the mention’s thread', async () => {
    await withSlackBot({}, async (bot, fake) => {
      await sendToSlack(
        bot,
        eventCallback('app_mention', { user: 'U1', text: '<@UBOT> progress site=Amsterdam', ts: '1700000000.000100', channel: 'CINC' }),
        'application/json',
      );
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      assert.deepEqual(
        fake.sharedFiles.map((f) => [f.channel, f.threadTs, f.title]),
        [['CINC', '1700000000.000100', 'Every bulletin at Amsterdam: 7 unpatched of 7 affected']],
      );
    });
  });

  it('tells whoever asked, privately, when the chart could not be posted, and why', async () => {
    await withSlackBot({}, async (bot, fake) => {
      fake.queue('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });
      await slash(bot, fake, 'progress', 'CPRIVATE');
      const told = await fake.waitFor((c) => c.method === SLASH_RESPONSE && c.body.response_type === 'ephemeral');
      assert.equal(
        told.body.text,
        'The chart could not be posted: the bot is not in this channel (Slack: not_in_channel); invite it with /invite @screenos-bot.',
      );
      assert.deepEqual(fake.sharedFiles, []);
    });
  });
});
