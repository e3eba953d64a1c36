import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { runConsole } from '../../../adapters/console/console-adapter.ts';
import { AdminList } from '../../../src/infrastructure/config/admins.ts';
import { Bot } from '../../../src/chat/bot.ts';
import { createRegistry } from '../../../src/chat/create-bot.ts';
import { silentLogger } from '../../../src/infrastructure/log.ts';
import { catalog } from '../../helpers/inventory-fixtures.ts';

const LIMIT = 64 * 1024;
const PASTE_BYTES = 4 * 1024 * 1024;
const BACKDOOR = [
  '2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366',
  "2015-12-23 17:25:27 system warn  00528 SSH: Password authentication successful for admin user 'netscreen' at host 1.1.1.1",
];

/**
 * A pasted log that exists only as it is read: `hunt`, the backdoor's two lines, then ordinary event log
 * lines up to `PASTE_BYTES`, an empty line and one more command. `produced` counts the bytes handed over.
 */
function pastedSession(): { input: Readable; produced: () => number } {
  let produced = 0;
  function* lines(): Generator<string> {
    for (const line of ['hunt', ...BACKDOOR]) yield `${line}\n`;
    for (let n = 0; produced < PASTE_BYTES; n++) {
      yield `2015-12-23 17:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} system info  00002 Admin user "netscreen" logged in for Web(http) management (port 80) from 10.0.0.1:${1024 + (n % 60000)}\n`;
    }
    yield '\n';
    yield '6.3.0r26\n';
  }
  const source = lines();
  const input = Readable.from(
    (function* counted(): Generator<string> {
      for (const chunk of source) {
        produced += Buffer.byteLength(chunk);
        yield chunk;
      }
    })(),
  );
  return { input, produced: () => produced };
}

void describe('a huge paste after “hunt” in the console', () => {
  void it('stops collecting at the hunt’s limit, answers at once, says the paste was cut, skips the rest and keeps answering', async () => {
    const bot = new Bot(createRegistry(), {
      catalog,
      now: () => new Date('2026-11-26T09:00:00Z'),
      log: silentLogger,
      inventory: null,
      admins: AdminList.parse('console').admins,
      reminders: null,
      briefings: null,
    });
    const { input, produced } = pastedSession();
    let printed = '';
    let producedWhenAnswered: number | null = null;
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed += chunk.toString('utf8');
        if (producedWhenAnswered === null && printed.includes('Backdoor login pattern found')) producedWhenAnswered = produced();
        done();
      },
    });

    await runConsole(bot, { input, output, interactive: false, color: false, huntMaxBytes: LIMIT });

    assert.match(printed, /Backdoor login pattern found: 1 login/);
    assert.match(printed, /lines 1 and 2/);
    assert.match(printed, /Stopped at the 64 KB limit: the rest was not read\./);
    assert.match(printed, /Read 64 KB of at most 64 KB/);
    assert.match(printed, /The paste was cut at the 64 KB limit; the lines after it, up to the next empty line, are skipped\./);
    assert.ok(
      producedWhenAnswered !== null && producedWhenAnswered < PASTE_BYTES / 4,
      `the answer came after ${producedWhenAnswered} of ${PASTE_BYTES} bytes had been read`,
    );
    assert.match(printed, /6\.3\.0r26: not affected/, 'the command after the paste is answered');
    assert.doesNotMatch(printed, /I did not understand/, 'no skipped log line was taken for a command');
  });

  void it('still answers a bare “hunt” with nothing pasted by explaining what to paste', async () => {
    const bot = new Bot(createRegistry(), {
      catalog,
      now: () => new Date('2026-11-26T09:00:00Z'),
      log: silentLogger,
      inventory: null,
      admins: AdminList.parse('console').admins,
      reminders: null,
      briefings: null,
    });
    let printed = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed += chunk.toString('utf8');
        done();
      },
    });
    await runConsole(bot, { input: Readable.from(['hunt\n\n6.3.0r26\n']), output, interactive: false, color: false });
    assert.match(printed, /Paste log lines after “hunt”/);
    assert.match(printed, /6\.3\.0r26: not affected/);
  });
});
