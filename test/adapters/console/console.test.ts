import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderReplyText } from '../../../adapters/console/render-text.ts';
import { cardReply, span, type Card, type Reply } from '../../../src/chat/reply.ts';
import { runScript, type Finished } from '../../helpers/run-process.ts';

// Any C0 or C1 control character except newline, and the bidi overrides the renderer promises to drop.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Runs the console chat as `npm start` does, with `input` on a pipe (so not a TTY). */
function runConsole(input: string, env: Readonly<Record<string, string>> = {}): Promise<Finished> {
  return runScript('app/main.ts', [], { stdin: input, env });
}

/** Where each title first appears, failing when one is missing. */
function positions(text: string, titles: readonly string[]): number[] {
  return titles.map((title) => {
    const at = text.indexOf(title);
    assert.notEqual(at, -1, `“${title}” not in output:\n${text}`);
    return at;
  });
}

void describe('the console chat, with its input on a pipe', () => {
  void it('answers each line in order, as plain text without colour, and exits 0 at the end of the input', async () => {
    const { code, stdout, stderr } = await runConsole('6.3.0r25\n/screenos 6.3.0r19b\nhelp\nnonsense\n');
    assert.equal(code, 0, stderr);
    const at = positions(stdout, [
      '! 6.3.0r25: affected',
      '✖ 6.3.0r19b: affected',
      'ℹ screenos-bot: which ScreenOS releases are affected, and what to upgrade to',
      'ℹ I did not understand that',
    ]);
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      'answers are out of order',
    );
    assert.ok(stdout.includes('  Upgrade to  `6.3.0r26`'), 'code spans are shown in backticks without colour');
    assert.ok(stdout.includes('“nonsense” is not a command I know.'));
    assert.ok(!stdout.includes('\u001b'), 'no ANSI escape when stdout is not a terminal');
    assert.ok(!stdout.includes('screenos>'), 'no prompt when stdin is not a terminal');
    assert.ok(!stdout.includes('Type a version'), 'no banner when stdin is not a terminal');
  });

  void it('reads the versions of junos <version> as Junos OS, and runs the command that follows junos', async () => {
    const { code, stdout, stderr } = await runConsole('junos 6.3.0r26\njunos help\n');
    assert.equal(code, 0, stderr);
    positions(stdout, ['! “6.3.0r26”: unknown', 'ℹ screenos-bot: which ScreenOS releases are affected']);
    assert.match(stdout, /“6\.3\.0r26”.*Junos OS/);
    assert.ok(!stdout.includes('6.3.0r26: not affected'));
  });

  void it('reads blank lines and surrounding spaces without answering them', async () => {
    const { code, stdout } = await runConsole('\n   \n  6.3.0r26  \n\n');
    assert.equal(code, 0);
    assert.equal(
      stdout,
      '✔ 6.3.0r26: not affected\n  6.3.0r26 is not affected by any of the 15 loaded bulletins (JSA10604, JSA10624, JSA10631, JSA10632, JSA10704, JSA10712, JSA10713, JSA10732, JSA10733, JSA10759, JSA10782, JSA10808, JSA10827, JSA10841, JSA10894).\n' +
        '  On SSG-5/SSG-20: affected by JSA10827 (CVE-2017-13077 and 4 more), no fixed release named. Disable all Wi-Fi configurations (Tenable 105654, referring to the bulletin for further mitigation options).\n',
    );
  });

  void it('exits 0 with no output when the input is empty', async () => {
    assert.deepEqual(await runConsole(''), { code: 0, stdout: '', stderr: '' });
  });

  void it('starts with a folder whose only advisory file is broken, answers, and names the broken file in “advisories”', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-console-broken-'));
    try {
      await writeFile(path.join(dir, 'JSA10799.json'), '{ "id": "JSA10799", ');
      const { code, stdout, stderr } = await runConsole('help\nadvisories\n', { ADVISORIES_DIR: dir });
      assert.equal(code, 0, stderr);
      const [, advisoriesAt] = positions(stdout, ['screenos-bot: which ScreenOS releases', '! 0 bulletins loaded']);
      const advisories = stdout.slice(advisoriesAt);
      assert.match(advisories, /1 advisory file was not loaded; verdicts ignore it\n {4}• JSA10799\.json: \(file\): is not valid JSON: /);
      const warning = stderr.split('\n').find((line) => line.includes('advisory file not loaded'));
      assert.ok(warning, `no warning logged:\n${stderr}`);
      assert.match((JSON.parse(warning) as { problem: string }).problem, /^JSA10799\.json: \(file\): is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('audits the example fleet out of the box and lets the console, an admin by default, acknowledge a device', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'screenos-console-'));
    try {
      const first = await runConsole('devices site=Amsterdam\nack ams-edge-fw1 upgrade booked\n', { DATA_DIR: dataDir });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /ams-edge-fw1 \(Amsterdam, netops-ams@example\.com\) `6\.3\.0r19`: unpatched/);
      assert.match(first.stdout, /inventory file fleet\.csv: inventory synced just now/);
      assert.doesNotMatch(first.stdout, /examples\//, 'the inventory is named by its file name, never its path');
      assert.match(first.stdout, /ams-edge-fw1 acknowledged: upgrade booked\. Recorded in the audit log\./);
      // A second run on the same store remembers the acknowledgement and its history.
      const second = await runConsole('device ams-edge-fw1\n', { DATA_DIR: dataDir });
      assert.match(second.stdout, /State +acknowledged by console:console: upgrade booked/);
      assert.match(second.stdout, /ack by console \(console\): upgrade booked/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  void it('collects the log lines after a bare “hunt” up to a blank line and hunts them as one paste', async () => {
    const logs = [
      '2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366',
      "2015-12-23 17:25:27 system warn  00528 SSH: Password authentication successful for admin user 'netscreen' at host 1.1.1.1",
    ];
    const { code, stdout } = await runConsole(['hunt', ...logs, '', '6.3.0r26', ''].join('\n'));
    assert.equal(code, 0);
    assert.match(stdout, /Backdoor login pattern found: 1 login/);
    assert.match(stdout, /lines 1 and 2/);
    assert.match(stdout, /6\.3\.0r26: not affected/, 'and goes back to one command a line');
    assert.doesNotMatch(stdout, /I did not understand/, 'no log line was taken for a command');
  });

  void it('refuses to start with a bad setting, naming it on stderr, and exits 1', async () => {
    const { code, stdout, stderr } = await runConsole('help\n', { LOG_LEVEL: 'loud' });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /LOG_LEVEL: “loud” is not one of debug, info, warn, error/);
  });
});

void describe('renderReplyText', () => {
  const hostile = (label: string): string => `${label} \u001b[31mred\u001b[0m \u001b]0;owned\u0007 bell\u0007 csi\u009b2J rtl\u202Eevil`;

  const card: Card = {
    title: hostile('title'),
    tone: 'danger',
    elements: [
      { kind: 'text', text: hostile('text') },
      { kind: 'fields', fields: [{ label: hostile('label'), value: [span.code(hostile('code'))] }] },
      { kind: 'list', title: hostile('list'), items: [[span.bold(hostile('bold')), span.link(hostile('link'), `https://example.test/${hostile('url')}`)]] },
      { kind: 'context', text: [span.italic(hostile('context'))] },
    ],
    actions: [{ label: hostile('action'), command: hostile('command') }],
  };
  const reply: Reply = { cards: [card], fallback: 'x', visibility: 'private' };

  void it('removes escape sequences, bells and bidi overrides from every string of a card, keeping the words', () => {
    const text = renderReplyText(reply, { color: false });
    const bad = text.split('\n').find((line) => CONTROL.test(line));
    assert.equal(bad, undefined, `a control character survived in ${JSON.stringify(bad)}`);
    for (const word of ['title', 'text', 'label', 'code', 'list', 'bold', 'link', 'url', 'context', 'action', 'command']) {
      // Whole sequences go, payload included (an OSC title), so no `[31m` remnant is left behind.
      assert.match(text, new RegExp(`${word} red  bell csi2J rtlevil`), word);
    }
  });

  void it('with colour, emits only its own colour codes, never the ones inside the text', () => {
    const text = renderReplyText(reply, { color: true });
    assert.ok(text.includes('\u001b[1;31m✖ title'), 'the danger title is red and bold');
    // eslint-disable-next-line no-control-regex
    const escapes = [...text.matchAll(/\u001b\[([0-9;]*)m/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(escapes)].sort(), ['0', '1', '1;31', '2', '3', '36'].sort());
    // eslint-disable-next-line no-control-regex
    assert.ok(!/\u001b\]|\u0007|\u009b|\u202e/.test(text));
  });

  void it('uses no escape sequence at all when colour is off', () => {
    assert.ok(!renderReplyText(reply, { color: false }).includes('\u001b'));
  });

  void it('numbers ordered lists and bullets the others', () => {
    const text = renderReplyText(
      cardReply({
        title: 'What to do',
        tone: 'info',
        elements: [
          { kind: 'list', title: 'Steps', items: ['Upgrade', 'Rotate the admin password', 'Check the logs'], ordered: true },
          { kind: 'list', items: ['one', 'two'] },
        ],
        actions: [],
      }),
      { color: false },
    );
    assert.equal(text, 'ℹ What to do\n  Steps\n    1. Upgrade\n    2. Rotate the admin password\n    3. Check the logs\n    • one\n    • two\n');
  });

  void it('shows a link as its text followed by the URL, so that it can be opened from a terminal', () => {
    const text = renderReplyText(
      cardReply({
        title: 'Refs',
        tone: 'info',
        elements: [{ kind: 'text', text: [span.plain('See '), span.link('JSA10713', 'https://kb.juniper.net/JSA10713')] }],
        actions: [],
      }),
      { color: false },
    );
    assert.equal(text, 'ℹ Refs\n  See JSA10713 <https://kb.juniper.net/JSA10713>\n');
  });

  void it('aligns fields, marks code with backticks and lists actions as commands to type', () => {
    const text = renderReplyText(
      cardReply({
        title: '6.2.0r16: affected',
        tone: 'warning',
        elements: [
          {
            kind: 'fields',
            fields: [
              { label: 'CVE', value: 'CVE-2015-7756' },
              { label: 'Upgrade to', value: [span.code('6.2.0r19')] },
            ],
          },
        ],
        actions: [
          { label: 'Show JSA10713', command: 'advisory JSA10713' },
          { label: 'Help', command: 'help' },
        ],
      }),
      { color: false },
    );
    assert.equal(
      text,
      '! 6.2.0r16: affected\n  CVE         CVE-2015-7756\n  Upgrade to  `6.2.0r19`\n  → Show JSA10713: type “advisory JSA10713”  |  Help: type “help”\n',
    );
  });

  void it('indents every line of a multi-line text block under its card', () => {
    const text = renderReplyText(cardReply({ title: 'T', tone: 'good', elements: [{ kind: 'text', text: 'one\ntwo' }, { kind: 'divider' }], actions: [] }), {
      color: false,
    });
    assert.equal(text, `✔ T\n  one\n  two\n  ${'─'.repeat(40)}\n`);
  });
});
