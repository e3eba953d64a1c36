import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { Bot } from '../../src/chat/bot.ts';
import type { BotServices } from '../../src/chat/command.ts';
import { HUNT_MAX_BYTES, huntCommand } from '../../src/chat/commands/hunt.ts';
import { createRegistry } from '../../src/chat/create-bot.ts';
import { loadCatalog } from '../../src/features/catalog/load-catalog.ts';
import { plainText, type Card, type Reply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { messageFrom, onlyCard } from '../helpers/messages.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'hunt');

function textOf(card: Card): string {
  return card.elements
    .flatMap((e) => {
      if (e.kind === 'text' || e.kind === 'context') return [plainText(e.text)];
      if (e.kind === 'list') return [e.title ?? '', ...e.items.map(plainText)];
      return [];
    })
    .join('\n');
}

async function fixture(name: string): Promise<string> {
  return (await readFile(path.join(FIXTURES, name), 'utf8')).trimEnd();
}

void describe('the hunt command, through the bot', () => {
  let ask: (text: string) => Promise<Reply>;
  let bot: Bot;

  before(async () => {
    const catalog = await loadCatalog(path.join(PROJECT_ROOT, 'advisories'), silentLogger);
    const services: BotServices = {
      catalog,
      now: () => new Date('2025-06-01T09:00:00Z'),
      log: silentLogger,
      inventory: null,
      admins: AdminList.parse('console').admins,
      reminders: null,
      briefings: null,
    };
    const registry = createRegistry();
    // create-bot.ts may already register it; the test must work either way.
    if (registry.find('hunt') === undefined) registry.register(huntCommand);
    bot = new Bot(registry, services);
    ask = (text) => bot.handle(messageFrom(text));
  });

  void it('answers `hunt` with the published example lines by a private red card naming 1.1.1.1', async () => {
    const reply = await ask(`hunt\n${await fixture('published-example.log')}`);
    const card = onlyCard(reply);
    assert.equal(reply.visibility, 'private');
    assert.equal(card.title, 'Backdoor login pattern found: 1 login');
    assert.equal(card.tone, 'danger');
    assert.match(textOf(card), /1\.1\.1\.1:32366 as admin user username2 \(lines 1 and 2\)/);
    assert.match(reply.fallback, /^Backdoor login pattern found: 1 login: /);
  });

  void it('answers `logs` with pasted syslog lines the same way, starting on the command line', async () => {
    const [first = '', ...rest] = (await fixture('syslog.log')).split('\n');
    const card = onlyCard(await ask(`/screenos logs ${first}\n${rest.join('\n')}`));
    assert.equal(card.title, 'Backdoor login pattern found: 2 logins');
    assert.match(textOf(card), /ssg5-ams-fw1 \(lines 2 and 5\)/, 'line 1 is the one typed after the command word');
  });

  void it('answers benign lines with “Nothing matching in 6 lines” and the caveat that absence proves nothing', async () => {
    const card = onlyCard(await ask(`hunt ${await fixture('benign.log')}`));
    assert.equal(card.title, 'Nothing matching in 6 lines');
    assert.equal(card.tone, 'info');
    const text = textOf(card);
    assert.match(text, /a skilled attacker would likely remove these entries/);
    assert.match(text, /VPN decryption \(CVE-2015-7756\) leaves no trace/);
    assert.match(text, /of at most 5 MB/);
  });

  void it('answers `hunt` alone with its usage and the pattern it looks for', async () => {
    const card = onlyCard(await ask('hunt'));
    assert.equal(card.tone, 'info');
    assert.equal(card.title, 'Paste log lines after “hunt”');
    const text = textOf(card);
    assert.match(text, /Admin user system has logged on via SSH from <ip>:<port>/);
    assert.match(text, /SSH: Password authentication successful for admin user '<name>' at host <ip>/);
  });

  const JUNOS_PASTE = [
    'Mar 11 10:00:00 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50000->129.126.109.50/22 0x0 junos-ssh',
    'Apr 27 10:15:02 ex-core-2 httpd[4242]: 198.51.100.23 "GET /index.php?name=x;id&page=1 HTTP/1.1" 200 1021',
    '203.0.113.45 - - [25/Aug/2023:14:02:11 +0000] "POST /?PHPRC=/dev/fd/0 HTTP/1.1" 200 512 "-" "python-requests/2.31.0"',
    'Mar 11 10:00:01 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50001->129.126.109.500/22 0x0 junos-ssh',
    '203.0.113.45 - - [25/Aug/2023:14:02:12 +0000] "POST /?PHPRC=/dev/fd/0 HTTP/1.1" 200 512 "-" "python-requests/2.31.0"',
  ];

  void it('answers Junos log lines with each bulletin’s indicators found, worst first, their lines and the first line to copy', async () => {
    const reply = await ask(`hunt ${JUNOS_PASTE.join('\n')}`);
    const card = onlyCard(reply);
    assert.equal(card.title, 'Indicators of JSA72300, JSA11021 and JSA93446 found in 4 lines');
    assert.equal(card.tone, 'danger');
    assert.equal(reply.visibility, 'private');
    assert.match(
      reply.fallback,
      /^Indicators of JSA72300, JSA11021 and JSA93446 found in 4 lines: 4 lines hold indicators listed for JSA72300, JSA11021 and JSA93446/,
    );
    const lists = card.elements.flatMap((e) => (e.kind === 'list' ? [e] : []));
    // Worst first: JSA72300 (critical, known exploited), JSA11021 (high), JSA93446 (medium); not the files' order.
    assert.deepEqual(
      lists.map((l) => l.title?.split(':')[0]),
      ['JSA72300, known exploited', 'JSA11021, known exploited', 'JSA93446, known exploited'],
    );
    assert.match(lists[0]?.title ?? '', /: 1 indicator in 2 lines \(Junos OS on EX and SRX: J-Web/);
    const [phprc] = lists[0]?.items ?? [];
    assert.ok(phprc !== undefined && typeof phprc !== 'string');
    assert.deepEqual(
      phprc.filter((s) => s.style === 'code').map((s) => s.text),
      ['PHPRC=', JUNOS_PASTE[2]],
      'the indicator and the first line, as code to copy',
    );
    assert.match(plainText(phprc), /\(log pattern\), 2 lines: 3, 5; the first: .* — Exploit shape, not an official IOC/);
    assert.match(plainText(lists[2]?.items[0] ?? ''), /^129\.126\.109\.50 \(address\), line 1: .* — UNC3886 command-and-control address/);
    assert.equal(lists[2]?.items.length, 1, 'the near-miss address on line 4 is not a hit');
    const text = textOf(card);
    assert.match(text, /No 00515 SSH login by admin user “system” in 5 lines\./);
    assert.match(text, /a skilled attacker would likely remove these entries/);
    assert.deepEqual(
      card.actions.map((a) => a.command),
      ['advisory JSA72300', 'advisory JSA11021', 'advisory JSA93446', 'advisory JSA10713'],
    );
  });

  void it('names what it searched for when it finds nothing, and what it leaves to the device and the IDS', async () => {
    const card = onlyCard(await ask(`hunt ${await fixture('benign.log')}`));
    assert.equal(card.title, 'Nothing matching in 6 lines');
    const text = textOf(card);
    assert.match(
      text,
      /Searched 6 lines for the JSA10713 backdoor login \(an 00515 SSH login as “system”, then an 00528 password login from the same address\) and for 24 indicators of JSA72300 \(6\), JSA11021 \(2\) and JSA93446 \(16\): log patterns, addresses and SHA-256 hashes\./,
    );
    assert.match(text, /proves nothing: a skilled attacker would likely remove these entries/);
    const footer = card.elements.find((e) => e.kind === 'context' && /Not searched/.test(plainText(e.text)));
    assert.ok(footer?.kind === 'context' && typeof footer.text !== 'string');
    assert.match(
      plainText(footer.text),
      /^Not searched, being for the device and the IDS rather than the log: file names, commands to run on the device, IDS rules \(Snort, BPF\), YARA rules and scanner checks, published passwords\. See /,
    );
    assert.deepEqual(
      footer.text.filter((s) => s.style === 'command').map((s) => s.text),
      ['advisory JSA10713', 'advisory JSA72300', 'advisory JSA11021', 'advisory JSA93446'],
    );
  });

  void it('puts the backdoor logins first when a paste holds both them and indicators', async () => {
    const card = onlyCard(await ask(`hunt\n${await fixture('published-example.log')}\n${JUNOS_PASTE[0] ?? ''}`));
    assert.equal(card.title, 'Backdoor login pattern found: 1 login, and indicators of JSA93446');
    assert.equal(card.tone, 'danger');
    assert.deepEqual(
      card.elements.flatMap((e) => (e.kind === 'list' ? [e.title?.split(':')[0]] : [])),
      ['Backdoor logins', 'JSA93446, known exploited'],
    );
    assert.deepEqual(
      card.actions.map((a) => a.command),
      ['advisory JSA10713', 'advisory JSA93446'],
    );
  });

  void it('says in its usage how many log indicators of which bulletins it looks for', async () => {
    const text = textOf(onlyCard(await ask('hunt')));
    assert.match(text, /It also looks for the 24 log indicators of JSA72300 \(6\), JSA11021 \(2\) and JSA93446 \(16\)/);
  });

  void it('hunts an uploaded file from its stream, for adapters', async () => {
    const card = onlyCard(await bot.hunt(createReadStream(path.join(FIXTURES, 'interleaved.log'))));
    assert.equal(card.title, 'Backdoor login pattern found: 2 logins');
    assert.match(textOf(card), /and for 24 indicators of JSA72300/, 'with the loaded bulletins’ indicators');
    assert.match(textOf(card), /of at most 5 MB/);
    assert.equal(HUNT_MAX_BYTES, 5 * 1024 * 1024);
  });
});
