import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bot } from '../../src/chat/bot.ts';
import type { BotServices, CommandSpec } from '../../src/chat/command.ts';
import { createBot, createRegistry } from '../../src/chat/create-bot.ts';
import { loadCatalog } from '../../src/features/catalog/load-catalog.ts';
import { messageFrom, onlyCard } from '../helpers/messages.ts';
import { CommandRegistry } from '../../src/chat/registry.ts';
import { cardReply, plainText, type Card, type CardElement, type Field, type Reply, type RichText } from '../../src/chat/reply.ts';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import type { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHIPPED_ADVISORIES = path.join(PROJECT_ROOT, 'advisories');

function listTitled(card: Card, title: string): Extract<CardElement, { kind: 'list' }> {
  const list = card.elements.find((e): e is Extract<CardElement, { kind: 'list' }> => e.kind === 'list' && e.title === title);
  assert.ok(list, `card “${card.title}” has no list titled “${title}”`);
  return list;
}

function fieldsOf(card: Card): Record<string, string> {
  const element = card.elements.find((e): e is Extract<CardElement, { kind: 'fields' }> => e.kind === 'fields');
  assert.ok(element, `card “${card.title}” has no fields`);
  return Object.fromEntries(element.fields.map((f: Field) => [f.label, plainText(f.value)]));
}

function textsOf(card: Card): string[] {
  return card.elements.flatMap((e) => (e.kind === 'text' || e.kind === 'context' ? [plainText(e.text)] : []));
}

function codeSpans(text: RichText): string[] {
  return typeof text === 'string' ? [] : text.filter((s) => s.style === 'code').map((s) => s.text);
}

void describe('the bot, with the shipped advisories loaded', () => {
  let catalog: AdvisoryCatalog;
  let services: BotServices;
  let ask: (text: string) => Promise<Reply>;

  before(async () => {
    const now = (): Date => new Date('2025-06-01T09:00:00Z');
    catalog = await loadCatalog(SHIPPED_ADVISORIES, silentLogger, now);
    services = { catalog, now, log: silentLogger, inventory: null, admins: AdminList.parse('console').admins, reminders: null, briefings: null };
    const bot = createBot(services);
    ask = (text) => bot.handle(messageFrom(text));
  });

  void it('loads the fifteen shipped bulletins without a problem', () => {
    assert.deepEqual(
      catalog.advisories.map((a) => a.id),
      SHIPPED_IDS,
    );
    assert.deepEqual(catalog.problems, []);
  });

  void describe('versions', () => {
    void it('answers a bare 6.3.0r25 privately with one card: affected by CVE-2018-0059 of JSA10894, upgrade to 6.3.0r26', async () => {
      const reply = await ask('6.3.0r25');
      const card = onlyCard(reply);
      assert.equal(reply.visibility, 'private');
      assert.equal(card.title, '6.3.0r25: affected');
      assert.equal(card.tone, 'warning', 'CVE-2018-0059 is medium (CVSS v3.0 5.4), so the card is amber, not red');
      assert.deepEqual(fieldsOf(card), {
        CVE: 'CVE-2018-0059',
        Severity: 'Medium (CVSS v3.0 5.4, NVD)',
        'Upgrade to': '6.3.0r26',
        Bulletins: 'JSA10894',
      });
      assert.match(textsOf(card)[0] ?? '', /^6\.3\.0r25 is affected by JSA10894 \(CVE-2018-0059\)\. Upgrade to 6\.3\.0r26/);
      assert.deepEqual(listTitled(card, 'Findings').items.map(plainText), [
        'JSA10894 CVE-2018-0059 Stored XSS in the WebUI: Medium (CVSS v3.0 5.4, NVD); fixed in 6.3.0r26',
      ]);
      assert.deepEqual(card.actions, [{ label: 'Show JSA10894', command: 'advisory JSA10894' }]);
      assert.match(reply.fallback, /6\.3\.0r25 is affected by JSA10894/);
    });

    void it('tells 6.2.0r16 that its train left support and no later 6.2.0 release clears every bulletin, and sends it to 6.3.0r26', async () => {
      const card = onlyCard(await ask('6.2.0r16'));
      assert.equal(card.title, '6.2.0r16: affected');
      assert.equal(fieldsOf(card)['Upgrade to'], '6.3.0r26');
      assert.match(
        textsOf(card)[0] ?? '',
        /6\.2\.0 left Juniper support on 2013-12-31\. Upgrade to 6\.3\.0r26 or later on the 6\.3\.0 train; no later 6\.2\.0 release clears every loaded bulletin\./,
      );
    });

    void it('gives the same answer to “/screenos 6.2.0r16”, “screenos 6.2.0r16” and “ScreenOS: 6.2.0r16” as to the bare version', async () => {
      const bare = await ask('6.2.0r16');
      for (const text of ['/screenos 6.2.0r16', 'screenos 6.2.0r16', 'ScreenOS: 6.2.0r16']) {
        assert.deepEqual(await ask(text), bare, text);
      }
    });

    void it('marks a critical finding red: 6.3.0r19 has the hidden admin password of CVE-2015-7755', async () => {
      const card = onlyCard(await ask('6.3.0r19'));
      assert.equal(card.title, '6.3.0r19: affected');
      assert.equal(card.tone, 'danger');
      assert.match(fieldsOf(card).CVE ?? '', /CVE-2015-7755/);
    });

    void it('clears 6.3.0r26 in green with no fields and no actions', async () => {
      const card = onlyCard(await ask('6.3.0r26'));
      assert.equal(card.title, '6.3.0r26: not affected');
      assert.equal(card.tone, 'good');
      assert.equal(
        card.elements.some((e) => e.kind === 'fields'),
        false,
      );
      assert.deepEqual(card.actions, []);
    });

    void it('answers several versions with a summary card first, affected, unknown and not affected under their own headings, then one card each in that order', async () => {
      const reply = await ask('6.3.0r26 6.3.0r25 6.3.0rx1');
      assert.deepEqual(
        reply.cards.map((c) => [c.title, c.tone]),
        [
          ['3 versions: 1 affected, 1 unknown, 1 not affected', 'warning'],
          ['6.3.0r25: affected', 'warning'],
          ['“6.3.0rx1”: unknown', 'warning'],
          ['6.3.0r26: not affected', 'good'],
        ],
      );
      const summary = reply.cards[0];
      assert.ok(summary);
      const lists = summary.elements.filter((e) => e.kind === 'list').map((e) => [e.title, ...e.items.map(plainText)]);
      assert.deepEqual(lists, [
        ['Affected (1), worst first', '6.3.0r25: Medium 5.4 · JSA10894 (CVE-2018-0059) → upgrade to 6.3.0r26'],
        ['Unknown (1)', `“6.3.0rx1”: ${textsOf(reply.cards[2] as Card)[0] ?? ''}`],
        ['Not affected (1)', '6.3.0r26: clear of every loaded bulletin'],
      ]);
      assert.match(lists[1]?.[1] ?? '', /Did you mean 6\.3\.0r1\?/);
      assert.equal(reply.fallback, '3 versions checked: 1 affected, 1 unknown, 1 not affected.');
      assert.equal(reply.visibility, 'private');
    });

    void it('puts the worst version first in a summary, with its worst severity and the backdoor named first', async () => {
      const reply = await ask('6.3.0r25 6.2.0r16 6.3.0r26 6.3.0r19');
      const summary = onlyCard(reply);
      const affected = summary.elements.find((e) => e.kind === 'list' && e.title === 'Affected (3), worst first');
      assert.ok(affected?.kind === 'list');
      const lines = affected.items.map(plainText);
      assert.deepEqual(
        lines.map((l) => l.split(':')[0]),
        ['6.3.0r19', '6.2.0r16', '6.3.0r25'],
      );
      assert.match(
        lines[0] ?? '',
        /^6\.3\.0r19: Critical 9\.8, known exploited · JSA10713 \(CVE-2015-7755, CVE-2015-7756\), JSA10759 \(CVE-2016-2108, CVE-2016-2182, CVE-2016-0797 \+8\), JSA10732 \(CVE-2016-1268\) and 6 more bulletins → upgrade to 6\.3\.0r26$/,
      );
      assert.match(lines[1] ?? '', /^6\.2\.0r16: High 7\.1 · /);
      assert.deepEqual(
        summary.elements.filter((e) => e.kind === 'list').map((e) => (e.kind === 'list' ? e.title : '')),
        ['Affected (3), worst first', 'Not affected (1)'],
      );
    });

    void it('paints the summary red when any one of the versions has a high or critical finding', async () => {
      const reply = await ask('6.3.0r26 6.3.0r19');
      assert.equal(reply.cards[0]?.title, '2 versions: 1 affected, 0 unknown, 1 not affected');
      assert.equal(reply.cards[0]?.tone, 'danger');
    });

    void it('judges at most 100 versions in one message and says how many were left out', async () => {
      const versions = Array.from({ length: 102 }, (_, i) => `6.3.0r${i + 1}`);
      const reply = await ask(versions.join(' '));
      const summary = onlyCard(reply);
      assert.match(summary.title, /^100 versions: /);
      const items = summary.elements.flatMap((e) => (e.kind === 'list' ? e.items : []));
      assert.equal(items.length, 100);
      assert.ok(textsOf(summary).includes('2 more versions were left out: send at most 100 at a time.'));
    });

    void it('answers more than three versions with the summary card alone', async () => {
      const reply = await ask('6.3.0r25 6.3.0r26 6.3.0r26.0 6.3.0R26');
      assert.equal(reply.cards.length, 1);
      assert.equal(reply.cards[0]?.title, '4 versions: 1 affected, 0 unknown, 3 not affected');
    });
  });

  void describe('advisory', () => {
    void it('shows JSA10713 when no bulletin is named, red, with both CVEs, the fixed releases and the numbered steps', async () => {
      const reply = await ask('advisory');
      const card = onlyCard(reply);
      assert.match(card.title, /^JSA10713: /);
      assert.equal(card.tone, 'danger');
      assert.equal(fieldsOf(card).CVEs, 'CVE-2015-7755, CVE-2015-7756');
      assert.match(
        fieldsOf(card).Workaround ?? '',
        /^Restricting management access \(SSH and telnet\) to trusted management networks and hosts helps mitigate CVE-2015-7755/,
      );
      assert.deepEqual(listTitled(card, 'Fixed releases').items.map(plainText), [
        '6.2.0: 6.2.0r19',
        '6.3.0: 6.3.0r12b, 6.3.0r13b, 6.3.0r14b, 6.3.0r15b, 6.3.0r16b, 6.3.0r17b, 6.3.0r18b, 6.3.0r19b, 6.3.0r21',
      ]);
      assert.equal(listTitled(card, 'What to do').ordered, true);
      assert.ok(listTitled(card, 'References').items.every((item) => typeof item !== 'string' && item.every((s) => s.url?.startsWith('https://'))));
      assert.deepEqual(card.actions, [{ label: 'All bulletins', command: 'advisories' }]);
      assert.match(reply.fallback, /^JSA10713: Unauthorized code in ScreenOS/);
      assert.equal(reply.visibility, 'private');
    });

    void it('shows the bulletin named: “advisory JSA10712”', async () => {
      const card = onlyCard(await ask('advisory JSA10712'));
      assert.match(card.title, /^JSA10712: /);
      assert.equal(fieldsOf(card).CVEs, 'CVE-2015-7754');
    });

    void it('finds the bulletin of a CVE: “advisory CVE-2015-7755” shows JSA10713', async () => {
      assert.deepEqual(await ask('advisory CVE-2015-7755'), await ask('advisory JSA10713'));
    });

    void it('answers an unknown bulletin helpfully, naming the ones that are loaded, instead of failing', async () => {
      const reply = await ask('advisory JSA99999');
      const card = onlyCard(reply);
      assert.equal(card.title, 'No bulletin “JSA99999”');
      assert.equal(card.tone, 'info');
      assert.equal(textsOf(card)[0], `“JSA99999” is not a loaded bulletin or CVE. Loaded: ${SHIPPED_IDS.join(', ')}.`);
      assert.deepEqual(card.actions, [{ label: 'All bulletins', command: 'advisories' }]);
    });
  });

  void it('lists every shipped bulletin for “advisories”, each with its id, date, worst severity and CVEs, with a button for each of the first five', async () => {
    const card = onlyCard(await ask('advisories'));
    assert.equal(card.title, `${SHIPPED_IDS.length} bulletins loaded`);
    assert.equal(card.tone, 'info');
    const lists = card.elements.filter((e) => e.kind === 'list');
    assert.equal(lists.length, 1, 'no list of load problems when every file loaded');
    const items = lists[0]?.items ?? [];
    assert.deepEqual(
      items.map((item) => (typeof item === 'string' ? item : item[0]?.text)),
      SHIPPED_IDS,
    );
    assert.match(plainText(items[6] ?? ''), /^JSA10713 \(2015-12-17\) Critical \(CVSS v3\.1 9\.8, CISA ADP\): CVE-2015-7755, CVE-2015-7756\. /);
    // A card carries at most five buttons (src/chat/commands/advisories.ts): the first five bulletins.
    assert.deepEqual(
      card.actions.map((a) => a.command),
      SHIPPED_IDS.slice(0, 5).map((id) => `advisory ${id}`),
    );
  });

  void describe('help', () => {
    void it('lists the usage, summary and aliases of every command in the registry, in registration order', async () => {
      const card = onlyCard(await ask('help'));
      assert.equal(card.tone, 'info');
      const items = listTitled(card, 'Commands').items;
      const specs = createRegistry().list();
      assert.equal(items.length, specs.length);
      specs.forEach((spec, i) => {
        const item = items[i] ?? '';
        // A command span: each platform shows it as typed there (`/screenos …`, `@screenos-bot …`).
        assert.deepEqual(typeof item === 'string' ? [] : item.filter((s) => s.style === 'command').map((s) => s.text), [spec.usage], spec.name);
        assert.ok(plainText(item).includes(spec.summary), `${spec.name}: summary missing`);
        for (const alias of spec.aliases) assert.ok(plainText(item).includes(alias), `${spec.name}: alias ${alias} missing`);
      });
      assert.ok(textsOf(card).includes(`Bulletins loaded: ${SHIPPED_IDS.join(', ')}.`));
    });

    void it('lists a command registered after it, because it reads the registry when asked', async () => {
      const registry = createRegistry();
      registry.register({
        name: 'ping',
        aliases: ['hello'],
        usage: 'ping <who>',
        summary: 'Says hello.',
        examples: [],
        run: () => cardReply({ title: 'Pong', tone: 'good', elements: [], actions: [] }),
      });
      const card = onlyCard(await new Bot(registry, services).handle(messageFrom('help')));
      const last = listTitled(card, 'Commands').items.at(-1) ?? '';
      assert.equal(plainText(last), 'ping <who> Says hello. (also: hello)');
    });

    void it('answers an empty message, or the bare invocation, with help', async () => {
      const help = await ask('help');
      for (const text of ['', '   ', '/screenos', 'screenos', '?', 'HELP']) assert.deepEqual(await ask(text), help, JSON.stringify(text));
    });
  });

  void describe('words it does not know', () => {
    void it('answers a typo with a hint at the closest command: “hlep” → help', async () => {
      const card = onlyCard(await ask('hlep'));
      assert.equal(card.title, 'I did not understand that');
      assert.equal(card.tone, 'info');
      const text = card.elements[0]?.kind === 'text' ? card.elements[0].text : '';
      assert.match(plainText(text), /^“hlep” is not a command I know\. Did you mean help\?/);
      assert.equal(codeSpans(text)[0], 'help');
      assert.deepEqual(card.actions, [{ label: 'Help', command: 'help' }]);
    });

    void it('offers no guess for a word far from every command, but still points to help', async () => {
      const card = onlyCard(await ask('nonsense'));
      const text = plainText(card.elements[0]?.kind === 'text' ? card.elements[0].text : '');
      assert.equal(text, '“nonsense” is not a command I know. Send a version such as 6.2.0r16, or help for the list of commands.');
    });
  });
});

void describe('a command that fails inside', () => {
  const failing = (name: string, run: CommandSpec['run']): CommandSpec => ({
    name,
    aliases: [],
    usage: name,
    summary: 'fails on purpose',
    examples: [],
    run,
  });

  async function botWithFailingCommands(): Promise<{ bot: Bot; lines: string[] }> {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const catalog = await loadCatalog(SHIPPED_ADVISORIES, silentLogger);
    const registry = new CommandRegistry()
      .register(
        failing('explode', () => {
          throw new Error('database connection reset (internal detail)');
        }),
      )
      .register(failing('reject', () => Promise.reject(new Error('upstream timed out (internal detail)'))));
    return {
      bot: new Bot(registry, {
        catalog,
        now: () => new Date('2025-06-01T09:00:00Z'),
        log,
        inventory: null,
        admins: AdminList.parse('console').admins,
        reminders: null,
        briefings: null,
      }),
      lines,
    };
  }

  for (const [command, detail] of [
    ['explode', 'database connection reset (internal detail)'],
    ['reject', 'upstream timed out (internal detail)'],
  ] as const) {
    void it(`answers “${command}” with a short apology carrying an incident id, and logs one error line with the same id and the context`, async () => {
      const { bot, lines } = await botWithFailingCommands();
      const reply = await bot.handle(messageFrom(command));
      const card = onlyCard(reply);
      assert.equal(card.title, 'Sorry, that went wrong');
      assert.equal(card.tone, 'warning');
      const text = textsOf(card)[0] ?? '';
      const incident = /It is logged as ([0-9a-f]{8});/.exec(text)?.[1];
      assert.ok(incident, `no incident id in “${text}”`);
      assert.ok(text.includes(`“${command}”`));
      assert.ok(!JSON.stringify(reply).includes(detail), 'the internal error message must not reach the chat');

      assert.equal(lines.length, 1);
      const logged = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
      assert.equal(logged.level, 'error');
      assert.equal(logged.message, 'command failed');
      assert.equal(logged.incident, incident);
      assert.equal(logged.command, command);
      assert.equal(logged.platform, 'slack');
      assert.equal(logged.conversation, 'C0NETOPS');
      assert.equal(logged.author, 'U0ONCALL');
      assert.deepEqual((logged.error as { message?: unknown }).message, detail);
    });
  }

  void it('gives each failure its own incident id', async () => {
    const { bot } = await botWithFailingCommands();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const reply = await bot.handle(messageFrom('explode'));
      ids.add(/logged as ([0-9a-f]{8})/.exec(reply.fallback)?.[1] ?? '');
    }
    assert.equal(ids.size, 5);
    assert.ok(!ids.has(''));
  });
});
