import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { FakeSlack, type RecordedCall } from '../fakes/fake-slack.ts';
import { tempDataDir } from '../helpers/run-process.ts';
import { deliveriesHandled, eventCallback, sendToSlack, slash, startSlackBot } from '../helpers/slack-rig.ts';

const postsTo = (fake: FakeSlack, channel: string): RecordedCall[] => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('incident briefings on Slack', () => {
  it('posts a briefing with the bulletin, our exposure, the checklist and the indicators', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const bot = await startSlackBot(fake, dataDir);
    try {
      assert.match(await slash(bot, fake, 'brief', 'CINC'), /Briefing posted/);
      const [briefing] = postsTo(fake, 'CINC');
      const text = JSON.stringify(briefing?.body);
      for (const part of [
        'Incident briefing: JSA10713',
        '16 devices affected, 16 unpatched',
        'Our exposure to JSA10713: 16 unpatched of 16 affected',
        'CVE-2015-7755 Administrative Access',
        'Restricting management access (SSH and telnet) to trusted management networks and hosts helps mitigate CVE-2015-7755',
        '6.3.0 → 6.3.0r26',
        'rotate admin credentials and VPN pre-shared keys',
        "<<< %s(un='%s') = %u",
        '21001728',
        'Amsterdam',
        'inventory synced',
      ]) {
        assert.ok(text.includes(part), `${part} is in the briefing`);
      }
      assert.ok(text.indexOf('ams-edge-fw1') < text.indexOf('ams-vpn-fw1'), 'CVE-2015-7755 devices come before CVE-2015-7756-only ones');
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('briefs an incident channel on its own when the bot joins it or it is created, and no other channel', async () => {
    const fake = await new FakeSlack().start();
    fake.channelNames.set('CJOINED', 'inc-jsa10712-ssh');
    fake.channelNames.set('CGENERAL', 'general');
    const dataDir = tempDataDir();
    const bot = await startSlackBot(fake, dataDir);
    try {
      await sendToSlack(
        bot,
        eventCallback('member_joined_channel', { user: 'UBOT', channel: 'CJOINED', channel_type: 'C', team: 'T0FAKE' }),
        'application/json',
      );
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CJOINED');
      assert.match(JSON.stringify(postsTo(fake, 'CJOINED')[0]?.body), /Incident briefing: JSA10712/, 'the bulletin named in the channel name');

      await sendToSlack(
        bot,
        eventCallback('channel_created', { channel: { id: 'CNEW', name: 'inc_2026_firewalls', created: 1, creator: 'U1' } }),
        'application/json',
      );
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CNEW');
      assert.ok(
        fake.callsTo('conversations.join').some((c) => c.body.channel === 'CNEW'),
        'it joins the new channel first',
      );
      assert.match(JSON.stringify(postsTo(fake, 'CNEW')[0]?.body), /Incident briefing: JSA10713/, 'the default bulletin');

      await sendToSlack(
        bot,
        eventCallback('member_joined_channel', { user: 'UBOT', channel: 'CGENERAL', channel_type: 'C', team: 'T0FAKE' }),
        'application/json',
      );
      await sendToSlack(
        bot,
        eventCallback('member_joined_channel', { user: 'USOMEONE', channel: 'CJOINED', channel_type: 'C', team: 'T0FAKE' }),
        'application/json',
      );
      await slash(bot, fake, '6.3.0r26', 'CGENERAL');
      await deliveriesHandled(bot);
      assert.equal(postsTo(fake, 'CGENERAL').length, 0, 'no briefing in a channel that is not an incident channel');
      assert.equal(postsTo(fake, 'CJOINED').length, 1, 'someone else joining does not brief again');
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('edits the briefing in place after an ack, notes what changed in its thread, and still does after a restart', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    let bot = await startSlackBot(fake, dataDir);
    try {
      await slash(bot, fake, 'brief', 'CINC');
      const ts =
        (await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CINC')) &&
        fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CINC');
      assert.ok(ts !== undefined);
      await slash(bot, fake, 'ack ams-edge-fw1 upgrade tonight', 'CINC');
      const update = await fake.waitFor((c) => c.method === 'chat.update');
      assert.equal(update.body.channel, 'CINC');
      assert.match(JSON.stringify(update.body), /15 unpatched of 16 affected/);
      const note = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts !== undefined);
      assert.match(String(note.body.text), /Briefing updated: 1 acknowledged, snoozed or accepted/);
      const briefingTs = update.body.ts;
      assert.equal(note.body.thread_ts, briefingTs);

      await bot.stop();
      bot = await startSlackBot(fake, dataDir);
      const updatesBefore = fake.callsTo('chat.update').length;
      await slash(bot, fake, 'snooze fra-edge-fw1 until 1d', 'CINC');
      await fake.waitFor(() => fake.callsTo('chat.update').length > updatesBefore);
      const second = fake.callsTo('chat.update').at(-1);
      assert.equal(second?.body.ts, briefingTs, 'the same message is edited after the restart');
      assert.match(JSON.stringify(second?.body), /14 unpatched of 16 affected/);
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers brief in a channel the bot is not in with how to invite it, not an apology', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const bot = await startSlackBot(fake, dataDir);
    try {
      fake.queue('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
      const answer = await slash(bot, fake, 'brief', 'CNOTIN');
      assert.match(answer, /I cannot post the briefing here/);
      assert.match(answer, /The bot is not in this channel \(Slack: not_in_channel\); invite it with \/invite @screenos-bot, then try again/);
      assert.doesNotMatch(answer, /Something failed on my side/);
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
