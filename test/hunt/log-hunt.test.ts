import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { huntChunks, huntIndicatorsOf, huntLines, type Finding, type HuntReport } from '../../src/domain/hunt/log-hunt.ts';
import { renderHuntReport } from '../../src/chat/render/hunt-card.ts';
import { formatSize } from '../../src/domain/byte-size.ts';
import { plainText, type Card, type CardElement } from '../../src/chat/reply.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/hunt/', import.meta.url));
const MAX = 5 * 1024 * 1024;

async function fixtureLines(name: string): Promise<string[]> {
  const text = await readFile(`${FIXTURES}${name}`, 'utf8');
  return text.replace(/\n$/, '').split('\n');
}

/** Hunts a fixture as the command does: the login pair, and the shipped bulletins' log indicators. */
async function huntFixture(name: string, maxBytes = MAX): Promise<HuntReport> {
  return huntLines(await fixtureLines(name), { maxBytes, indicators: huntIndicatorsOf(catalog.advisories) });
}

/** A finding as one comparable line: `timestamp source:port user device [lines]`. */
function describeFinding(f: Finding): string {
  return `${f.timestamp} ${f.source}:${f.port} ${f.adminUser} ${f.device} [${f.lines.join(',')}]`;
}

function onlyCard(cards: readonly Card[]): Card {
  assert.equal(cards.length, 1);
  const [card] = cards;
  assert.ok(card);
  return card;
}

function textOf(card: Card): string {
  return card.elements
    .map((e: CardElement) => {
      if (e.kind === 'text' || e.kind === 'context') return plainText(e.text);
      if (e.kind === 'list') return [e.title ?? '', ...e.items.map(plainText)].join('\n');
      return '';
    })
    .join('\n');
}

const systemLogin = (ip: string, port: number): string => `2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from ${ip}:${port}`;
const passwordLogin = (name: string, ip: string): string =>
  `2015-12-23 17:25:27 system warn  00528 SSH: Password authentication successful for admin user '${name}' at host ${ip}`;
const filler = (n: number): string => `2015-12-23 17:30:${String(n % 60).padStart(2, '0')} system info  00767 Environment variable changed`;

void describe('hunting ScreenOS logs for the JSA10713 backdoor login', () => {
  void it('finds the published example pair: one login at 2015-12-23 17:25:27 from 1.1.1.1 port 32366 as the user named by the 00528 line', async () => {
    const report = await huntFixture('published-example.log');
    assert.deepEqual(report.findings, [
      { timestamp: '2015-12-23 17:25:27', source: '1.1.1.1', port: 32366, adminUser: 'username2', device: null, lines: [1, 2] },
    ]);
    assert.deepEqual(report.loneSystemLogins, []);
    assert.equal(report.malformed, 0);
    assert.equal(report.linesRead, 2);
    assert.equal(report.truncated, false);
  });

  void it('finds nothing in ordinary admin logins by netadmin, a failed password or a telnet login', async () => {
    const report = await huntFixture('benign.log');
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.loneSystemLogins, []);
    assert.equal(report.malformed, 0);
    assert.equal(report.linesRead, 6);
  });

  void it('pairs two attackers by address when their lines cross and benign logins come between', async () => {
    const report = await huntFixture('interleaved.log');
    assert.deepEqual(report.findings.map(describeFinding), [
      '2015-12-23 17:25:27 1.1.1.1:32366 root null [3,9]',
      '2015-12-23 17:25:28 2.2.2.2:40110 ops null [4,6]',
    ]);
    assert.deepEqual(report.loneSystemLogins, []);
  });

  void it('reports a login as “system” with no 00528 line separately, as a lone system login', async () => {
    const report = await huntFixture('lone-system-login.log');
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.loneSystemLogins.map(describeFinding), ['2015-12-24 02:03:45 3.3.3.3:50000 null null [2]']);
  });

  void it('counts lines cut off mid-way as malformed without crashing, and finds nothing in them', async () => {
    const report = await huntFixture('truncated.log');
    assert.equal(report.malformed, 4);
    assert.deepEqual(report.malformedLines, [1, 2, 4, 6]);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.loneSystemLogins, []);
  });

  void it('reads syslog lines: the timestamp inside the message, the device from device_id, and a pair per device', async () => {
    const report = await huntFixture('syslog.log');
    assert.deepEqual(report.findings.map(describeFinding), [
      '2015-12-23 17:25:27 1.1.1.1:32366 ams-admin ssg5-ams-fw1 [2,5]',
      '2015-12-23 17:25:27 1.1.1.1:40001 fra-admin ssg5-fra-fw2 [3,4]',
    ]);
    assert.deepEqual(
      report.loneSystemLogins.map(describeFinding),
      ['Dec 24 03:14:15 5.5.5.5:2222 null ssg20-lab-fw3 [6]'],
      'no ISO time and no device_id: the syslog header gives both',
    );
  });

  void it('matches message ids and phrases in any case and anywhere in the line', async () => {
    const report = await huntLines(
      [
        '<134>fw9: 00515 ADMIN USER SYSTEM HAS LOGGED ON VIA ssh FROM 6.6.6.6:1234',
        "<134>fw9: 00528 ssh: password authentication SUCCESSFUL for admin user 'x' at host 6.6.6.6.",
      ],
      { maxBytes: MAX },
    );
    assert.deepEqual(report.findings.map(describeFinding), ['null 6.6.6.6:1234 x null [1,2]']);
  });

  void it('pairs only within the next 50 lines: an 00528 51 lines later leaves the login lone', async () => {
    const near = await huntLines([systemLogin('7.7.7.7', 1), ...Array.from({ length: 49 }, (_, i) => filler(i)), passwordLogin('late', '7.7.7.7')], {
      maxBytes: MAX,
    });
    assert.deepEqual(
      near.findings.map((f) => f.lines),
      [[1, 51]],
    );
    const far = await huntLines([systemLogin('7.7.7.7', 1), ...Array.from({ length: 50 }, (_, i) => filler(i)), passwordLogin('late', '7.7.7.7')], {
      maxBytes: MAX,
    });
    assert.deepEqual(far.findings, []);
    assert.deepEqual(
      far.loneSystemLogins.map((f) => f.lines),
      [[1]],
    );
  });

  void it('does not pair lines from two devices that name different device ids', async () => {
    const report = await huntLines([`device_id=fw-a ${systemLogin('8.8.8.8', 22)}`, `device_id=fw-b ${passwordLogin('someone', '8.8.8.8')}`], {
      maxBytes: MAX,
    });
    assert.deepEqual(report.findings, []);
    assert.deepEqual(
      report.loneSystemLogins.map((f) => f.device),
      ['fw-a'],
    );
  });

  void it('still pairs when the 00528 line comes first, as in `get event` output that lists the newest entry first', async () => {
    const report = await huntLines([passwordLogin('username2', '1.1.1.1'), filler(1), systemLogin('1.1.1.1', 32366)], { maxBytes: MAX });
    assert.deepEqual(report.findings.map(describeFinding), ['2015-12-23 17:25:27 1.1.1.1:32366 username2 null [1,3]']);
  });

  void it('stops pulling lines at maxBytes, counting UTF-8 bytes, and says it was truncated', async () => {
    let pulled = 0;
    function* endless(): Generator<string> {
      for (;;) {
        pulled++;
        yield 'é'.repeat(99); // 198 bytes, 199 with the line break
      }
    }
    const report = await huntLines(endless(), { maxBytes: 1000 });
    assert.equal(report.truncated, true);
    assert.equal(report.linesRead, 5);
    assert.equal(report.bytesRead, 995);
    assert.equal(pulled, 6, 'the line that would pass the limit is pulled, and nothing after it');
  });

  void it('reads a file over the limit only up to the limit, then closes it', async () => {
    const text = await readFile(`${FIXTURES}interleaved.log`, 'utf8');
    const fifthLineEnd = text.split('\n').slice(0, 5).join('\n').length + 1;
    const stream = createReadStream(`${FIXTURES}interleaved.log`, { highWaterMark: 64 });
    const report = await huntChunks(stream, { maxBytes: fifthLineEnd + 10 });
    assert.equal(report.truncated, true);
    assert.equal(report.linesRead, 5);
    assert.equal(report.bytesRead, fifthLineEnd);
    assert.deepEqual(report.findings, [], 'the 00528 lines lie beyond the limit');
    assert.deepEqual(
      report.loneSystemLogins.map((f) => f.source),
      ['1.1.1.1', '2.2.2.2'],
    );
    assert.equal(stream.destroyed, true);
  });

  void it('reads a whole file within the limit from a stream, CRLF line breaks and a missing final break included', async () => {
    const crlf = (await fixtureLines('published-example.log')).join('\r\n');
    const bytes = Buffer.from(crlf, 'utf8');
    const chunks = [bytes.subarray(0, 50), bytes.subarray(50, 51), bytes.subarray(51)];
    const report = await huntChunks(chunks, { maxBytes: bytes.length });
    assert.equal(report.truncated, false);
    assert.equal(report.bytesRead, bytes.length);
    assert.deepEqual(report.findings.map(describeFinding), ['2015-12-23 17:25:27 1.1.1.1:32366 username2 null [1,2]']);
  });

  void it('stops on one endless line instead of buffering it', async () => {
    async function* noLineBreak(): AsyncGenerator<string> {
      for (;;) yield await Promise.resolve('x'.repeat(1024));
    }
    const report = await huntChunks(noLineBreak(), { maxBytes: 64 * 1024 });
    assert.equal(report.truncated, true);
    assert.equal(report.linesRead, 0);
  });

  void it('finds nothing in empty input and says so for 0 lines', async () => {
    const report = await huntLines([], { maxBytes: MAX });
    const { coverage: _none, ...rest } = report;
    assert.deepEqual(rest, {
      linesRead: 0,
      bytesRead: 0,
      truncated: false,
      findings: [],
      loneSystemLogins: [],
      malformed: 0,
      malformedLines: [],
      indicatorHits: [],
      indicatorLines: 0,
    });
    assert.equal(onlyCard(renderHuntReport(report, MAX, catalog).cards).title, 'Nothing matching in 0 lines');
  });
});

void describe('the hunt report card', () => {
  void it('is red and private when the pattern is found, listing time, source, user and lines, with the caveat', async () => {
    const reply = renderHuntReport(await huntFixture('published-example.log'), MAX, catalog);
    const card = onlyCard(reply.cards);
    assert.equal(reply.visibility, 'private');
    assert.equal(card.title, 'Backdoor login pattern found: 1 login');
    assert.equal(card.tone, 'danger');
    const text = textOf(card);
    assert.match(text, /2015-12-23 17:25:27 from 1\.1\.1\.1:32366 as admin user username2 \(lines 1 and 2\)/);
    assert.match(text, /skilled attacker would likely remove these entries/);
    assert.match(text, /VPN decryption \(CVE-2015-7756\) leaves no trace/);
    assert.match(text, /rotate admin credentials and VPN pre-shared keys/);
    assert.match(text, /Read 220 bytes of at most 5 MB \(2 lines\)\./);
    assert.deepEqual(card.actions, [{ label: 'Show JSA10713', command: 'advisory JSA10713' }]);
  });

  void it('lists lone system logins apart from paired ones', async () => {
    const report = await huntLines([systemLogin('1.1.1.1', 1), passwordLogin('a', '1.1.1.1'), systemLogin('3.3.3.3', 3)], { maxBytes: MAX });
    const card = onlyCard(renderHuntReport(report, MAX, catalog).cards);
    const lists = card.elements.filter((e) => e.kind === 'list').map((e) => [e.title, e.items.length]);
    assert.deepEqual(lists, [
      ['Backdoor logins', 1],
      ['Logins as “system” without an 00528 line', 1],
    ]);
  });

  void it('is never green: nothing found is blue, with the line count and the caveat', async () => {
    const card = onlyCard(renderHuntReport(await huntFixture('benign.log'), MAX, catalog).cards);
    assert.equal(card.title, 'Nothing matching in 6 lines');
    assert.equal(card.tone, 'info');
    assert.match(textOf(card), /proves nothing/);
  });

  void it('turns amber and says where it stopped when the limit was hit', async () => {
    const card = onlyCard(renderHuntReport({ ...(await huntFixture('benign.log')), truncated: true, bytesRead: 5 * 1024 * 1024 - 12 }, MAX, catalog).cards);
    assert.equal(card.tone, 'warning');
    assert.match(textOf(card), /Stopped at the 5 MB limit: the rest was not read\./);
    assert.match(textOf(card), /Read 5 MB of at most 5 MB/);
  });

  void it('names the lines it could not read', async () => {
    const card = onlyCard(renderHuntReport(await huntFixture('truncated.log'), MAX, catalog).cards);
    assert.equal(card.tone, 'warning');
    assert.match(textOf(card), /4 lines mention 00515 or 00528 but could not be read .*: lines 1, 2, 4, 6\./);
  });

  void it('writes sizes in binary units with one decimal at most', () => {
    assert.deepEqual([0, 1, 812, 12_595, 5 * 1024 * 1024, 1_572_864].map(formatSize), ['0 bytes', '1 byte', '812 bytes', '12.3 KB', '5 MB', '1.5 MB']);
  });
});
