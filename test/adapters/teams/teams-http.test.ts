import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET, loadConfig } from '../../../src/infrastructure/config.ts';
import { createLogger } from '../../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../../app/main.ts';
import { cardReply } from '../../../src/chat/reply.ts';
import { BODY_LIMIT, isAllowedServiceUrl } from '../../../adapters/teams/teams-endpoint.ts';
import { FakeConnector, type SentActivity } from '../../fakes/fake-connector.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';
import { adaptiveCardTexts } from '../../helpers/render-check.ts';
import { SHIPPED_IDS } from '../../helpers/shipped-advisories.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'teams');
const METRICS_TOKEN = 'teams-metrics-token-0123456789';

async function fixture(name: string, connector: FakeConnector): Promise<Record<string, unknown>> {
  const activity = JSON.parse(await readFile(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
  return { ...activity, serviceUrl: connector.serviceUrl };
}

interface Running {
  bot: RunningBot;
  dataDir: string;
  logLines: string[];
  url: string;
}

async function startTeamsBot(dataDir: string, environment: Record<string, string> = { TEAMS_ALLOW_UNAUTHENTICATED: 'true' }): Promise<Running> {
  const config = loadConfig({
    ...environment,
    METRICS_TOKEN,
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    BOT_ADMINS: 'teams:7faf080b-1b1f-4e7c-9a3d-2d5d3e0f1a11',
  });
  const logLines: string[] = [];
  const bot = await startServer(config, { log: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) });
  return { bot, dataDir, logLines, url: `http://127.0.0.1:${bot.port}/api/messages` };
}

/** A bot on a fresh store talking to a fresh fake connector, stopped and removed afterwards. */
async function withTeamsBot(use: (running: Running, connector: FakeConnector) => Promise<void>, environment?: Record<string, string>): Promise<void> {
  const connector = await new FakeConnector().start();
  const dataDir = tempDataDir();
  const running = await startTeamsBot(dataDir, environment);
  try {
    await use(running, connector);
  } finally {
    await running.bot.stop();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function post(url: string, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
}

/** The Adaptive Card of a sent activity. */
function cardOf(sent: SentActivity | undefined): {
  body: { type: string; text?: string; color?: string; facts?: { title: string; value: string }[]; items?: { text?: string }[] }[];
  actions?: { type: string; title: string; data: { command: string } }[];
  version: string;
} {
  const attachments = sent?.activity.attachments as { contentType: string; content: unknown }[] | undefined;
  assert.equal(attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
  return attachments[0]?.content as ReturnType<typeof cardOf>;
}

function cardText(sent: SentActivity | undefined): string {
  return JSON.stringify(cardOf(sent));
}

describe('Teams over HTTP, end to end through CloudAdapter', () => {
  let connector: FakeConnector;
  let running: Running;
  before(async () => {
    connector = await new FakeConnector().start();
    running = await startTeamsBot(tempDataDir());
  });
  after(async () => {
    await running.bot.stop();
    await connector.stop();
    await rm(running.dataDir, { recursive: true, force: true });
  });

  it('answers a channel mention with an Adaptive Card 1.5 in reply to the message, the mention stripped', async () => {
    const before = connector.sent.length;
    const response = await post(running.url, await fixture('message-channel-mention.json', connector));
    assert.equal(response.status, 200);
    await connector.waitForSent(before + 1);
    const sent = connector.sent[before];
    assert.equal(sent?.conversationId, '19:a0c4a2d1e8d64b0fb6b1a8c2f5e7d9b3@thread.tacv2;messageid=1481567603816');
    assert.equal(sent?.replyToId, '1481567603816');
    const card = cardOf(sent);
    assert.equal(card.version, '1.5');
    const [title = '', ...lines] = adaptiveCardTexts(card);
    assert.match(title, /^🟠 6\.3\.0r25: affected/);
    assert.equal(card.body[0]?.type, 'RichTextBlock');
    for (const label of ['CVE', 'Severity', 'Upgrade to', 'Bulletins'])
      assert.ok(
        lines.some((l) => l.startsWith(`${label}: `)),
        label,
      );
    assert.match(String(sent?.activity.summary), /6\.3\.0r25 is affected by JSA10894/);
    assert.ok(card.actions?.some((a) => a.type === 'Action.Submit' && a.data.command === 'advisory JSA10894'));
  });

  it('reads the versions of junos <version> as Junos OS: a ScreenOS release sent that way is unknown, never cleared', async () => {
    const mention = await fixture('message-channel-mention.json', connector);
    const before = connector.sent.length;
    await post(running.url, { ...mention, id: '1481567603999', text: '<at>screenos-bot</at> junos 6.3.0r26' });
    await connector.waitForSent(before + 1);
    const [title = '', ...lines] = adaptiveCardTexts(cardOf(connector.sent[before]));
    assert.match(title, /“6\.3\.0r26”: unknown/);
    assert.ok(
      lines.some((l) => /“6\.3\.0r26”.*Junos OS/.test(l)),
      lines.join('\n'),
    );
  });

  it('stores the conversation on install and welcomes the team with the commands', async () => {
    const before = connector.sent.length;
    const response = await post(running.url, await fixture('conversation-update-install.json', connector));
    assert.equal(response.status, 200);
    await connector.waitForSent(before + 1);
    assert.match(cardText(connector.sent[before]), /screenos-bot: which ScreenOS releases are affected/);
    const stored = await running.bot.runtime.store.conversation('teams:19:0b2d6a0c7f0a4a49bd2d2f0e57c8c0f4@thread.tacv2');
    assert.equal(stored?.active, true);
    assert.equal(stored?.name, 'Network Security');
  });

  it('runs the command of an Action.Submit button', async () => {
    const before = connector.sent.length;
    await post(running.url, await fixture('message-action-submit.json', connector));
    await connector.waitForSent(before + 1);
    assert.match(cardText(connector.sent[before]), /JSA10713: 2015-12 Out of Cycle Security Bulletin/);
  });

  it('answers an Action.Execute invoke with 200 and posts the reply', async () => {
    const activity = await fixture('message-action-submit.json', connector);
    const before = connector.sent.length;
    const response = await post(running.url, {
      ...activity,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'run', data: { command: 'advisories' } } },
    });
    assert.equal(response.status, 200);
    await connector.waitForSent(before + 1);
    assert.match(cardText(connector.sent.at(-1)), new RegExp(`${SHIPPED_IDS.length} bulletins loaded`));
  });

  it('keeps Teams markdown and mention syntax in dynamic text from taking effect', async () => {
    const activity = await fixture('message-channel-mention.json', connector);
    const before = connector.sent.length;
    await post(running.url, { ...activity, id: 'hostile-1', text: '<at>screenos-bot</at> 6.2**x**<at>Boss</at>[click](http://evil.test)' });
    await connector.waitForSent(before + 1);
    const card = cardOf(connector.sent[before]);
    const lines = adaptiveCardTexts(card);
    assert.ok(
      lines.some((l) => l.includes('6.2**x**[click](http://evil.test')),
      'shown as typed (the mention stripped on the way in), in TextRuns',
    );
    assert.ok(!lines.some((l) => l.startsWith('md:') && l.includes('<at>')), 'no TextBlock carries a mention tag');
    assert.ok(!JSON.stringify(card).includes('Action.OpenUrl'), 'no link');
    assert.ok(!('entities' in (connector.sent[before]?.activity ?? {})), 'no mention entity is attached');
  });

  it('lets the configured Teams admin acknowledge a device and refuses anyone else', async () => {
    const activity = await fixture('message-channel-mention.json', connector);
    let before = connector.sent.length;
    await post(running.url, { ...activity, id: 'ack-1', text: '<at>screenos-bot</at> ack ams-edge-fw1 booked' });
    await connector.waitForSent(before + 1);
    assert.match(cardText(connector.sent[before]), /ams-edge-fw1 acknowledged: booked/);
    before = connector.sent.length;
    await post(running.url, {
      ...activity,
      id: 'ack-2',
      from: { id: '29:other', name: 'Other', aadObjectId: '11111111-2222-3333-4444-555555555555' },
      text: '<at>screenos-bot</at> ack fra-dc-fw1',
    });
    await connector.waitForSent(before + 1);
    assert.match(cardText(connector.sent[before]), /Only admins may change a device’s state/);
  });

  it('sets a reminder in the channel and posts it proactively, owners mentioned with a Teams mention entity', async () => {
    const activity = await fixture('message-channel-mention.json', connector);
    let before = connector.sent.length;
    await post(running.url, { ...activity, id: 'remind-1', text: '<at>screenos-bot</at> remind add "0 9 * * 1-5" tz=Europe/Amsterdam site=Amsterdam' });
    await connector.waitForSent(before + 1);
    const added = /Reminder (\d+) added/.exec(cardText(connector.sent[before]));
    assert.ok(added !== null, cardText(connector.sent[before]));
    before = connector.sent.length;
    await post(running.url, { ...activity, id: 'remind-2', text: `<at>screenos-bot</at> remind test ${added[1]}` });
    await connector.waitForSent(before + 2);
    const reminder = connector.sent.slice(before).find((s) => cardText(s).includes('still unpatched'));
    assert.ok(reminder !== undefined, 'the reminder reached the conversation');
    // botbuilder sends proactive posts through a continuation activity of its own, never as a reply to the user's message.
    assert.notEqual(reminder.replyToId, 'remind-2');
    const card = cardOf(reminder) as unknown as { msteams: { entities?: { type: string; mentioned: { id: string } }[] } };
    assert.deepEqual(
      card.msteams.entities?.map((e) => e.mentioned.id),
      ['netops-ams@example.com'],
    );
    assert.ok(cardText(reminder).includes('<at>netops-ams@example.com</at>'));
  });

  it('says in the detailed /healthz that Teams runs unauthenticated', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${running.bot.port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).json()) as {
      warnings: string[];
      teams: { authenticated: boolean };
    };
    assert.equal(health.teams.authenticated, false);
    assert.match(health.warnings.join(' '), /NOT verified/);
    assert.ok(
      running.logLines.some((l) => l.includes('"level":"warn"') && l.includes('NOT verified')),
      'and warns in the log at start',
    );
  });
});

describe('Teams proactive posts', () => {
  it('reaches the fake connector from a stored reference after the server restarts', async () => {
    const connector = await new FakeConnector().start();
    const dataDir = tempDataDir();
    try {
      const first = await startTeamsBot(dataDir);
      await post(first.url, await fixture('conversation-update-install.json', connector));
      await connector.waitForSent(1);
      await first.bot.stop();

      const second = await startTeamsBot(dataDir);
      try {
        const result = await second.bot.teams?.postProactive(
          'teams:19:0b2d6a0c7f0a4a49bd2d2f0e57c8c0f4@thread.tacv2',
          cardReply({ title: 'Reminder: 3 devices unpatched', tone: 'warning', elements: [], actions: [] }),
        );
        assert.equal(result, 'sent');
        assert.equal(connector.sent.length, 2);
        assert.equal(connector.sent[1]?.conversationId, '19:0b2d6a0c7f0a4a49bd2d2f0e57c8c0f4@thread.tacv2');
        assert.match(cardText(connector.sent[1]), /Reminder: 3 devices unpatched/);
      } finally {
        await second.bot.stop();
      }
    } finally {
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('retries 429 (honouring Retry-After) and 5xx, then marks a conversation inactive on 403 and never retries it', async () => {
    await withTeamsBot(async (running, connector) => {
      await post(running.url, await fixture('conversation-update-install.json', connector));
      await connector.waitForSent(1);
      const key = 'teams:19:0b2d6a0c7f0a4a49bd2d2f0e57c8c0f4@thread.tacv2';
      const reply = cardReply({ title: 'Reminder', tone: 'info', elements: [], actions: [] });

      connector.fail({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 });
      assert.equal(await running.bot.teams?.postProactive(key, reply), 'sent');
      const [throttled, unavailable, delivered] = connector.attempts.slice(-3);
      assert.deepEqual([throttled?.status, unavailable?.status, delivered?.status], [429, 503, 200]);
      // A lower bound only: the retry may come later on a busy machine, never sooner than asked.
      assert.ok((unavailable?.at ?? 0) - (throttled?.at ?? 0) >= 950, 'the retry waited for Retry-After: 1');

      connector.fail({ status: 403 });
      const attemptsBefore = connector.attempts.length;
      assert.equal(await running.bot.teams?.postProactive(key, reply), 'removed');
      assert.equal(connector.attempts.length, attemptsBefore + 1, 'a 403 is not retried');
      assert.equal((await running.bot.runtime.store.conversation(key))?.active, false);
      assert.equal(await running.bot.teams?.postProactive(key, reply), 'inactive');
      assert.equal(connector.attempts.length, attemptsBefore + 1, 'an inactive conversation is not tried again');
    });
  });
});

describe('Teams incident briefings', () => {
  it('briefs a team whose name marks an incident when installed, and edits the card in place after an ack', async () => {
    await withTeamsBot(async (running, connector) => {
      const install = await fixture('conversation-update-install.json', connector);
      const channelData = install.channelData as { team: Record<string, unknown> };
      await post(running.url, { ...install, channelData: { ...channelData, team: { ...channelData.team, name: 'inc-jsa10713-firewalls' } } });
      await connector.waitForSent(2);
      const briefing = connector.sent.find((s) => cardText(s).includes('Incident briefing: JSA10713'));
      assert.ok(briefing !== undefined, 'the briefing was posted');
      assert.match(cardText(briefing), /16 devices affected, 16 unpatched/);

      const message = await fixture('message-channel-mention.json', connector);
      const before = connector.sent.length;
      await post(running.url, { ...message, id: 'ack-brief', text: '<at>screenos-bot</at> ack ams-edge-fw1' });
      await connector.waitForSent(before + 3);
      const edit = connector.sent.find((s) => s.method === 'PUT');
      assert.ok(edit !== undefined, 'the briefing activity was updated');
      assert.match(JSON.stringify(edit.activity.attachments), /15 unpatched of 16 affected/);
      assert.ok(
        connector.sent.some((s) => cardText(s).includes('Briefing updated: 1 acknowledged')),
        'and what changed was noted',
      );
    });
  });

  it('does not brief a team whose name is not an incident', async () => {
    await withTeamsBot(async (running, connector) => {
      // The endpoint answers once the turn is over: whatever the install leads to has been sent by then.
      assert.equal((await post(running.url, await fixture('conversation-update-install.json', connector))).status, 200);
      assert.equal(connector.sent.length, 1, 'only the welcome');
      assert.ok(!connector.sent.some((s) => cardText(s).includes('Incident briefing')));
    });
  });
});

describe('Teams authentication', () => {
  it('answers 401 and sends nothing when MicrosoftAppId is set and the request has no valid token', async () => {
    await withTeamsBot(
      async (running, connector) => {
        const activity = await fixture('message-channel-mention.json', connector);
        assert.equal((await post(running.url, activity)).status, 401);
        assert.equal((await post(running.url, activity, { authorization: 'Bearer not-a-token' })).status, 401);
        // Refused before the turn runs: once the 401 is in, nothing more comes of the request.
        assert.equal(connector.sent.length, 0);
        assert.equal(
          await running.bot.runtime.store.conversation('teams:19:a0c4a2d1e8d64b0fb6b1a8c2f5e7d9b3@thread.tacv2;messageid=1481567603816'),
          null,
          'nothing was stored either',
        );
      },
      {
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'not-used',
        MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      },
    );
  });
});

describe('the Teams endpoint’s limits', () => {
  it('answers 413 to an activity over 1 MB instead of cutting the connection, and keeps serving', async () => {
    await withTeamsBot(async (running, connector) => {
      const activity = await fixture('message-channel-mention.json', connector);
      const huge = { ...activity, text: `<at>screenos-bot</at> ${'x'.repeat(BODY_LIMIT)}` };
      const response = await post(running.url, huge);
      assert.equal(response.status, 413);
      assert.match(await response.text(), /larger than 1048576 bytes/);
      assert.equal(connector.sent.length, 0);
      assert.equal((await post(running.url, activity)).status, 200, 'the next activity is answered');
    });
  });

  it('answers 413 as soon as Content-Length announces too much, on a connection that stays usable', async () => {
    await withTeamsBot(async (running) => {
      const port = running.bot.port;
      const socket = net.connect(port, '127.0.0.1');
      await once(socket, 'connect');
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      const body = '{"type":"message","text":"' + 'y'.repeat(BODY_LIMIT) + '"}';
      socket.write(`POST /api/messages HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      socket.write(body);
      socket.write('GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      await once(socket, 'close');
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      assert.deepEqual(statuses, [413, 200], received.slice(0, 400));
    });
  });
});

describe('unauthenticated Teams and the serviceUrl it answers to', () => {
  // 0.0.0.0 reaches this machine's fake connector but is not a loopback name: it stands for any foreign host.
  const foreign = (connector: FakeConnector): string => `http://0.0.0.0:${connector.port}/`;

  it('refuses an activity whose serviceUrl is not loopback, posting and storing nothing', async () => {
    await withTeamsBot(async (running, connector) => {
      const activity = { ...(await fixture('message-channel-mention.json', connector)), serviceUrl: foreign(connector) };
      const response = await post(running.url, activity);
      assert.equal(response.status, 403);
      // Refused before the turn runs: once the 403 is in, nothing more comes of the request.
      assert.equal(connector.sent.length, 0);
      assert.equal(await running.bot.runtime.store.conversation('teams:19:a0c4a2d1e8d64b0fb6b1a8c2f5e7d9b3@thread.tacv2;messageid=1481567603816'), null);
      assert.ok(running.logLines.some((l) => l.includes('"level":"warn"') && l.includes('TEAMS_SERVICE_URL_HOSTS') && l.includes('0.0.0.0')));
    });
  });

  it('answers a serviceUrl host listed in TEAMS_SERVICE_URL_HOSTS', async () => {
    await withTeamsBot(
      async (running, connector) => {
        const activity = { ...(await fixture('message-channel-mention.json', connector)), serviceUrl: foreign(connector) };
        assert.equal((await post(running.url, activity)).status, 200);
        await connector.waitForSent(1);
      },
      { TEAMS_ALLOW_UNAUTHENTICATED: 'true', TEAMS_SERVICE_URL_HOSTS: '0.0.0.0' },
    );
  });

  it('counts 127.0.0.0/8, localhost and ::1 as loopback, and nothing else unless listed', () => {
    for (const url of ['http://127.0.0.1:3978/', 'https://127.1/', 'http://localhost:9/', 'http://[::1]:9/'])
      assert.equal(isAllowedServiceUrl(url, []), true, url);
    for (const url of ['https://smba.trafficmanager.net/amer/', 'http://localhost.evil.test/', 'http://0.0.0.0/', 'file:///etc/passwd', 'not a url', undefined])
      assert.equal(isAllowedServiceUrl(url, []), false, String(url));
    assert.equal(isAllowedServiceUrl('https://SMBA.trafficmanager.net/amer/', ['smba.trafficmanager.net']), true);
  });
});
