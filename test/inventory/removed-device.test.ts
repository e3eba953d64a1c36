/**
 * A device that leaves the inventory was decommissioned, renamed or lost by a bad export: nobody can tell
 * that it was patched. Followed through the whole bot on a fake Slack: the `inventory sync` answer, the
 * reminder's counts and change line, and the briefing's edit and thread note call it removed, never patched.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack, type RecordedCall } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { PROJECT_ROOT, tempDataDir } from '../helpers/run-process.ts';
import { postToSlackEndpoint, slashCommandBody } from '../helpers/slack-requests.ts';

const SECRET = 'removed-device-secret';
const ADMIN = 'UADMIN';
const HEADER = 'name,site,owner,version';
/** Three devices exposed to JSA10713 (6.3.0r17, 6.3.0r19) and one clear of every bulletin (6.3.0r26). */
const FLEET = [
  HEADER,
  'ams-edge-fw1,Amsterdam,netops-ams@example.com,6.3.0r19',
  'ams-dc-fw1,Amsterdam,netops-ams@example.com,6.3.0r17',
  'fra-dc-fw1,Frankfurt,netops-fra@example.com,6.3.0r17',
  'fra-core-fw1,Frankfurt,netops-fra@example.com,6.3.0r26',
];

async function slash(fake: FakeSlack, bot: RunningBot, text: string, channel: string): Promise<string> {
  const command = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'slack', 'slash-command.json'), 'utf8')) as Record<string, string>;
  const body = slashCommandBody({
    ...command,
    text,
    user_id: ADMIN,
    channel_id: channel,
    trigger_id: `t-${Math.random()}`,
    response_url: fake.responseUrl('r'),
  });
  return (await postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, { contentType: 'application/x-www-form-urlencoded', body })).text;
}

const posts = (fake: FakeSlack, channel: string): RecordedCall[] => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('a device removed from the inventory', () => {
  it('is “removed”, never “patched”, in the sync answer, the next reminder and the briefing note, and no longer counted', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const fleet = path.join(dataDir, 'fleet.csv');
    await writeFile(fleet, FLEET.join('\n'));
    const clock = new ManualClock('2026-11-26T07:00:00Z');
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-removed',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      INVENTORY_FILE: fleet,
      BOT_ADMINS: `slack:${ADMIN}`,
    });
    const bot = await startServer(config, { clock, runScheduler: false, log: silentLogger });
    try {
      assert.match(await slash(fake, bot, 'remind add "0 9 * * *" tz=UTC', 'CREMIND'), /Reminder 1 added/);
      assert.match(await slash(fake, bot, 'brief JSA10713', 'CINC'), /Briefing posted/);
      assert.match(JSON.stringify(posts(fake, 'CINC')[0]?.body), /Our exposure to JSA10713: 3 unpatched of 3 affected/);
      await clock.moveTo('2026-11-26T09:00:00Z');
      await bot.runtime.scheduler.tick();
      assert.match(String(posts(fake, 'CREMIND')[0]?.body.text), /^Reminder: 3 devices still unpatched \(all devices\)\.$/);

      // ams-dc-fw1 is upgraded to a release no bulletin affects; fra-dc-fw1 leaves the export.
      await writeFile(fleet, [HEADER, FLEET[1], 'ams-dc-fw1,Amsterdam,netops-ams@example.com,6.3.0r26', FLEET[4]].join('\n'));
      const synced = await slash(fake, bot, 'inventory sync', 'CREMIND');
      assert.match(synced, /Inventory synced: 3 devices/);
      assert.match(synced, /From inventory file fleet\.csv: 1 removed, 1 on another version\./);
      assert.doesNotMatch(synced, /patched/);

      // The sync edits the briefing in place and notes in its thread what changed.
      const note = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CINC' && c.body.thread_ts !== undefined);
      assert.equal(String(note.body.text), 'Briefing updated: 1 patched, 1 removed from the inventory.');
      const edit = fake.callsTo('chat.update').at(-1);
      assert.match(JSON.stringify(edit?.body), /Our exposure to JSA10713: 1 unpatched of 1 affected/);
      assert.doesNotMatch(JSON.stringify(edit?.body), /fra-dc-fw1/);

      await clock.moveTo('2026-11-27T09:00:00Z');
      await bot.runtime.scheduler.tick();
      const second = posts(fake, 'CREMIND')[1];
      assert.equal(
        String(second?.body.text),
        'Reminder: 1 device still unpatched (all devices). 1 patched, 1 removed from the inventory since the last reminder.',
      );
      assert.doesNotMatch(JSON.stringify(second?.body), /fra-dc-fw1|ams-dc-fw1/);

      // The last unpatched device leaves too: the all-clear says it was removed, not patched.
      await writeFile(fleet, [HEADER, 'ams-dc-fw1,Amsterdam,netops-ams@example.com,6.3.0r26', FLEET[4]].join('\n'));
      assert.match(await slash(fake, bot, 'inventory sync', 'CREMIND'), /From inventory file fleet\.csv: 1 removed\./);
      await clock.moveTo('2026-11-28T09:00:00Z');
      await bot.runtime.scheduler.tick();
      const third = JSON.stringify(posts(fake, 'CREMIND')[2]?.body);
      assert.match(third, /All clear: no unpatched devices \(all devices\)/);
      assert.match(third, /1 removed from the inventory since the last reminder\./);
      assert.doesNotMatch(third, /patched since|\d+ patched/);
      const notes = (): RecordedCall[] => posts(fake, 'CINC').filter((c) => c.body.thread_ts !== undefined);
      await fake.waitFor(() => notes().length === 2);
      assert.equal(String(notes()[1]?.body.text), 'Briefing updated: 1 removed from the inventory.');
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
