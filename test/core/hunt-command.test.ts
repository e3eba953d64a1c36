import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminList } from '../../src/core/admins.ts';
import { Bot } from '../../src/core/bot.ts';
import type { BotServices } from '../../src/core/command.ts';
import { HUNT_MAX_BYTES, huntCommand } from '../../src/core/commands/hunt.ts';
import { createRegistry } from '../../src/core/create-bot.ts';
import { loadCatalog } from '../../src/core/load-catalog.ts';
import { plainText, type Card, type Reply } from '../../src/core/reply.ts';
import { silentLogger } from '../../src/log.ts';
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
    const services: BotServices = { catalog, now: () => new Date('2025-06-01T09:00:00Z'), log: silentLogger, inventory: null, admins: AdminList.parse('console').admins, reminders: null, briefings: null };
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
    assert.match(text, /a skilled attacker would likely remove them/);
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

  void it('hunts an uploaded file from its stream, for adapters', async () => {
    const card = onlyCard(await bot.hunt(createReadStream(path.join(FIXTURES, 'interleaved.log'))));
    assert.equal(card.title, 'Backdoor login pattern found: 2 logins');
    assert.match(textOf(card), /of at most 5 MB/);
    assert.equal(HUNT_MAX_BYTES, 5 * 1024 * 1024);
  });
});
