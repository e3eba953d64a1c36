import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readRfc4180 } from '../../helpers/rfc4180.ts';
import { slash, SLASH_RESPONSE, withSlackBot } from '../../helpers/slack-rig.ts';

/** Three devices, one of whose owners a spreadsheet would run as a formula. */
const INVENTORY =
  'name,site,owner,version\r\nfw-ams-1,Amsterdam,=cmd(),6.3.0r19\r\nfw-ams-2,Amsterdam,netops@example.com,6.3.0r26\r\nfw-nyc-1,"New York, NY",@nyc-netops,6.2.0r16\r\n';

describe('devices export on Slack', () => {
  it('answers with a one-line summary in the channel and uploads the CSV there, RFC 4180, a formula owner neutralised', async () => {
    await withSlackBot({ inventory: INVENTORY }, async (bot, fake) => {
      const answer = JSON.parse(await slash(bot, fake, 'devices export', 'CNETOPS')) as { response_type: string; text: string; blocks: unknown[] };
      assert.equal(answer.response_type, 'in_channel');
      assert.equal(answer.text, 'Devices as CSV: 2 unpatched of 3. 3 devices: 2 unpatched, 1 not affected.');
      assert.match(JSON.stringify(answer.blocks), /📄 Devices, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: CSV of 3 devices, one a row, most urgent first/);

      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      const [file] = fake.sharedFiles;
      assert.ok(file !== undefined);
      assert.equal(file.channel, 'CNETOPS', 'shared into the conversation that asked');
      assert.equal(file.threadTs, null);
      assert.match(file.filename, /^devices-\d{8}T\d{6}Z\.csv$/);
      assert.match(file.title ?? '', /^Devices, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
      assert.equal(file.altText, null, 'a file is described by its message, not by alt text');

      const text = file.bytes.toString('utf8');
      assert.ok(text.startsWith('\uFEFF'));
      const [header, ...rows] = readRfc4180(text.slice(1));
      assert.deepEqual(header?.slice(0, 6), ['name', 'site', 'owner', 'product', 'version', 'status']);
      const byName = new Map(rows.map((r) => [r[0], r]));
      assert.deepEqual([...byName.keys()].sort(), ['fw-ams-1', 'fw-ams-2', 'fw-nyc-1']);
      assert.equal(byName.get('fw-ams-1')?.[2], "'=cmd()", 'the owner is shown as text, never run');
      assert.equal(byName.get('fw-nyc-1')?.[1], 'New York, NY');
      assert.equal(byName.get('fw-nyc-1')?.[2], "'@nyc-netops");
      for (const cell of rows.flat()) assert.ok(!/^[=+\-@]/.test(cell), `cell ${cell} would start a formula`);
    });
  });

  it('uploads the rows the filters select', async () => {
    await withSlackBot({ inventory: INVENTORY }, async (bot, fake) => {
      const answer = JSON.parse(await slash(bot, fake, 'devices export advisory=JSA10713 status=unpatched', 'CNETOPS')) as { text: string };
      assert.equal(answer.text, 'Devices for JSA10713 as CSV: 2 unpatched of 2. 2 devices, for JSA10713 alone: 2 unpatched.');
      await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      const [header, ...rows] = readRfc4180(fake.sharedFiles[0]?.bytes.toString('utf8').slice(1) ?? '');
      assert.equal(header?.[8], 'advisory_fix');
      assert.deepEqual(rows.map((r) => r[0]).sort(), ['fw-ams-1', 'fw-nyc-1']);
    });
  });

  it('tells whoever asked, privately, when the file could not be posted, and why', async () => {
    await withSlackBot({ inventory: INVENTORY }, async (bot, fake) => {
      fake.queue('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });
      await slash(bot, fake, 'devices export', 'CPRIVATE');
      const told = await fake.waitFor((c) => c.method === SLASH_RESPONSE && c.body.response_type === 'ephemeral');
      assert.equal(
        told.body.text,
        'The CSV file could not be posted: the bot is not in this channel (Slack: not_in_channel); invite it with /invite @screenos-bot.',
      );
      assert.deepEqual(fake.sharedFiles, []);
    });
  });
});
