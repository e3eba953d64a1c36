import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import type { IncomingMessage } from '../../src/chat/message.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeKevFeed, kevCatalog, kevEntry, shippedSnapshot } from '../fakes/fake-kev-feed.ts';
import { FakeSlack, type RecordedCall } from '../fakes/fake-slack.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { tempDataDir } from '../helpers/run-process.ts';

const METRICS_TOKEN = 'kev-metrics-token-0123456789';
const HOUR = 3_600_000;

interface Rig {
  readonly slack: FakeSlack;
  readonly feed: FakeKevFeed;
  readonly clock: ManualClock;
  readonly dataDir: string;
  readonly bots: RunningBot[];
}

async function rig(): Promise<Rig> {
  return {
    slack: await new FakeSlack().start(),
    feed: await new FakeKevFeed().start(),
    clock: new ManualClock('2026-11-26T09:00:00Z'),
    dataDir: tempDataDir(),
    bots: [],
  };
}

/** A Slack bot over the example fleet whose KEV data comes from the fake feed; the test ticks the outbox. */
async function startBot(r: Rig): Promise<RunningBot> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-kev',
    SLACK_SIGNING_SECRET: 'kev-secret',
    SLACK_API_URL: r.slack.apiUrl,
    PORT: '0',
    DATA_DIR: r.dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    BOT_ADMINS: 'slack:UADMIN',
    METRICS_TOKEN,
    KEV_URL: r.feed.url,
  });
  const bot = await startServer(config, { log: silentLogger, clock: r.clock, runScheduler: false });
  r.bots.push(bot);
  // The refresh made at start, which the test lets finish before it changes what the feed serves.
  await bot.runtime.kev.refresh();
  return bot;
}

async function stopAll(r: Rig): Promise<void> {
  for (const bot of r.bots) await bot.stop();
  await r.slack.stop();
  await r.feed.stop();
  await rm(r.dataDir, { recursive: true, force: true });
}

function inChannel(text: string, channel: string): IncomingMessage {
  return {
    conversation: { platform: 'slack', id: channel, name: 'inc-jsa10713' },
    author: { platform: 'slack', id: 'UADMIN', name: 'ada' },
    text,
    addressedToBot: true,
  };
}

async function ask(bot: RunningBot, text: string, channel = 'CNETOPS'): Promise<string> {
  return JSON.stringify(await bot.runtime.bot.handle(inChannel(text, channel)));
}

/** The shipped snapshot plus CVE-2015-7756 (JSA10713), which affects devices of the example fleet. */
const LISTING_7756 = (): unknown =>
  kevCatalog([...shippedSnapshot().vulnerabilities, kevEntry('CVE-2015-7756', { dateAdded: '2026-11-25', dueDate: '2026-12-16' })], '2026.11.25');

const announcements = (r: Rig): RecordedCall[] =>
  r.slack.callsTo('chat.postMessage').filter((c) => String(c.body.text).includes("is now in CISA's KEV catalog"));

async function health(bot: RunningBot): Promise<{ kev?: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return (await response.json()) as { kev?: Record<string, unknown> };
}

describe('known exploited, kept current from KEV_URL', () => {
  it('announces a CVE newly listed by CISA that affects our devices, to the admins and in the bulletin’s briefing channel, once, also after a restart', async () => {
    const r = await rig();
    try {
      let bot = await startBot(r);
      await ask(bot, 'brief JSA10713', 'CINC');
      assert.doesNotMatch(await ask(bot, 'check 6.3.0r19'), /CVE-2015-7756"[^\]]*?known exploited/);

      r.feed.answer = { kind: 'json', body: LISTING_7756() };
      await bot.runtime.kev.refresh();
      await bot.runtime.scheduler.tick();
      const sent = announcements(r);
      assert.deepEqual(sent.map((c) => c.body.channel).sort(), ['CINC', 'UADMIN']);
      const text = String(sent[0]?.body.text);
      assert.match(
        text,
        /^CVE-2015-7756 \(JSA10713\) is now in CISA's KEV catalog \(added 2026-11-25, due 2026-12-16\): 16 of our devices run an affected release\.$/,
      );
      const card = JSON.stringify(sent[0]?.body);
      for (const part of ['Frankfurt: 5', 'New York: 4', 'Amsterdam: 3', 'brief JSA10713', 'devices status=unpatched'])
        assert.ok(card.includes(part), `${part} is in the announcement`);

      assert.match(
        await ask(bot, 'check 6.3.0r19'),
        /CVE-2015-7756"[^\]]*?; known exploited \(CISA KEV since 2026-11-25\)/,
        'verdicts judged before the refresh are judged again',
      );
      assert.match(await ask(bot, 'device ams-edge-fw1'), /CVE-2015-7756"[^\]]*?; known exploited \(CISA KEV since 2026-11-25\)/, 'and so are the devices');

      await bot.runtime.kev.refresh();
      await bot.runtime.scheduler.tick();
      assert.equal(announcements(r).length, 2, 'a second refresh with the same listing announces nothing');

      await bot.stop();
      r.bots.length = 0;
      bot = await startBot(r);
      await bot.runtime.scheduler.tick();
      assert.equal(announcements(r).length, 2, 'nor does the refresh after a restart, which finds the CVE missing from the snapshot again');
      assert.match(await ask(bot, 'check 6.3.0r19'), /CVE-2015-7756"[^\]]*?; known exploited \(CISA KEV since 2026-11-25\)/);
    } finally {
      await stopAll(r);
    }
  });

  it('announces nothing for a newly listed CVE that no device runs an affected release of, or that no loaded bulletin names', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      // CVE-2008-0960 (JSA10604, SNMPv3) is on no release of the example fleet... or so this checks first.
      const exposedTo = (cve: string): number =>
        bot.runtime.inventory?.findings().filter((f) => f.verdict.assessments.some((a) => a.affected && a.vulnerability.id === cve)).length ?? -1;
      const unexposed = bot.runtime.catalog.advisories.flatMap((a) => a.vulnerabilities.map((v) => v.id)).find((cve) => exposedTo(cve) === 0);
      assert.ok(unexposed !== undefined, 'some loaded CVE affects no device of the example fleet');
      r.feed.answer = {
        kind: 'json',
        body: kevCatalog([...shippedSnapshot().vulnerabilities, kevEntry(unexposed), kevEntry('CVE-2099-0001', { product: 'Something else' })]),
      };
      const outcome = await bot.runtime.kev.refresh();
      assert.equal(outcome.kind === 'updated' && outcome.added.length, 2);
      await bot.runtime.scheduler.tick();
      assert.deepEqual(announcements(r), []);
    } finally {
      await stopAll(r);
    }
  });

  it('keeps the last good KEV data when the feed fails, and says so in /healthz and in “advisories”', async () => {
    const r = await rig();
    try {
      const bot = await startBot(r);
      r.feed.answer = { kind: 'json', body: LISTING_7756() };
      await bot.runtime.kev.refresh();
      const refreshedAt = r.clock.now().toISOString();

      await r.clock.advance(3 * HOUR);
      r.feed.answer = { kind: 'status', status: 503 };
      await bot.runtime.kev.refresh();
      const { kev } = await health(bot);
      assert.deepEqual(
        {
          source: kev?.source,
          catalogVersion: kev?.catalogVersion,
          dateReleased: kev?.dateReleased,
          lastSuccessAt: kev?.lastSuccessAt,
          lastError: kev?.lastError,
          location: kev?.location,
        },
        {
          source: 'feed',
          catalogVersion: '2026.11.25',
          dateReleased: '2026-11-25T17:00:00.000Z',
          lastSuccessAt: refreshedAt,
          lastError: 'HTTP 503',
          location: `http://127.0.0.1:${r.feed.port}/feeds/known_exploited_vulnerabilities.json`,
        },
      );
      assert.match(await ask(bot, 'advisories'), /Known exploited: CISA KEV catalog 2026\.11\.25 \(refreshed 3 h ago; last attempt failed: HTTP 503\)/);
      assert.match(
        await ask(bot, 'check 6.3.0r19'),
        /CVE-2015-7756"[^\]]*?; known exploited \(CISA KEV since 2026-11-25\)/,
        'the last good listing is still in use',
      );

      r.feed.answer = { kind: 'text', body: '<html>maintenance</html>' };
      await bot.runtime.kev.refresh();
      assert.match(String((await health(bot)).kev?.lastError), /^the catalog is not valid JSON: Unexpected token /);

      const plain = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as Record<string, unknown>;
      assert.equal(plain.kev, undefined, 'without the token, /healthz shows no KEV details');
    } finally {
      await stopAll(r);
    }
  });
});
