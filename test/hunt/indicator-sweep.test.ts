import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Indicator } from '../../src/domain/advisories/types.ts';
import { IndicatorSweep, MAX_LINE_SHOWN, type BulletinHits } from '../../src/domain/hunt/indicator-sweep.ts';
import { huntChunks, huntIndicatorsOf, huntLines, type HuntReport } from '../../src/domain/hunt/log-hunt.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';

const MAX = 5 * 1024 * 1024;

/** Hunts as the command does: the login pair and the shipped bulletins' log indicators. */
function hunt(lines: readonly string[], maxBytes = MAX): Promise<HuntReport> {
  return huntLines(lines, { maxBytes, indicators: huntIndicatorsOf(catalog.advisories) });
}

/** Each hit as `bulletin value lines [first lines]`, in the report's order. */
function describeHits(hits: readonly BulletinHits[]): string[] {
  return hits.flatMap((b) => b.indicators.map((i) => `${b.bulletin} ${i.value} ${i.lines} [${i.firstLines.join(',')}]`));
}

// Lines as J-Web, a reverse proxy, httpd.log, a flow session log and sha256(1) write them.
const PHPRC_REQUEST = '203.0.113.45 - - [25/Aug/2023:14:02:11 +0000] "POST /?PHPRC=/dev/fd/0 HTTP/1.1" 200 512 "-" "python-requests/2.31.0"';
const HTTPD_SEMICOLON = 'Apr 27 10:15:02 ex-core-2 httpd[4242]: 198.51.100.23 "GET /index.php?name=x;id&page=1 HTTP/1.1" 200 1021';
const HTTPD_ENCODED = 'Apr 27 10:15:07 ex-core-2 httpd[4242]: 198.51.100.23 "GET /dynamic-vpn/?file=a%3Bid&x=1 HTTP/1.1" 404 0';
const FLOW_TO_C2 =
  'Mar 11 10:00:00 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50000->129.126.109.50/22 0x0 junos-ssh 10.0.0.5/50000->129.126.109.50/22 None None 6 trust-to-untrust trust untrust 4242';
const HASH_UPPER = 'SHA256 (/var/tmp/lmpad) = 5995AAFF5A047565C0D7FE3C80FA354C40E7E8C3E7D4DF292316C8472D4AC67A';

/** Ordinary lines of the same logs, and addresses and hashes that differ from an indicator by a character or two. */
const ORDINARY = [
  '203.0.113.45 - - [25/Aug/2023:14:02:10 +0000] "GET / HTTP/1.1" 200 3120 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"',
  'Apr 27 10:15:09 ex-core-2 httpd[4242]: 198.51.100.23 "GET /index.php?a=1&b=2 HTTP/1.1" 200 1021',
  'Apr 27 10:15:11 ex-core-2 httpd[4242]: 198.51.100.23 "GET /index.php?a=1;b HTTP/1.1" 200 1021 "k=v&w"',
  'Apr 27 10:15:12 ex-core-2 httpd[4242]: 198.51.100.23 "GET /a?x=1 ;b&c HTTP/1.1" 200 1021',
  'Apr 27 10:15:13 ex-core-2 httpd[4242]: 198.51.100.23 "GET /a?x&y;z=1 HTTP/1.1" 200 1021',
  'Mar 11 10:00:01 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50001->129.126.109.500/22 0x0 junos-ssh',
  'Mar 11 10:00:02 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50002->1129.126.109.50/22 0x0 junos-ssh',
  'Mar 11 10:00:03 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50003->8.222.225.80/443 0x0 junos-https',
  'Mar 11 10:00:04 srx-edge-1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.5/50004->145.77.39.28/22 0x0 junos-ssh',
  '10:00:05.123456 IP 1.129.126.109.50 > 10.0.0.5.22: Flags [S], seq 1, win 64240',
  'SHA256 (/sbin/init) = 5995aaff5a047565c0d7fe3c80fa354c40e7e8c3e7d4df292316c8472d4ac67a0',
  'SHA256 (/sbin/cat) = x5995aaff5a047565c0d7fe3c80fa354c40e7e8c3e7d4df292316c8472d4ac67a',
  "Mar 12 08:00:00 mx-edge-1 mgd[501]: UI_CMDLINE_READ_LINE: User 'ops', command 'show log user | match null '",
  'Mar 12 08:00:01 mx-edge-1 sshd[502]: Accepted publickey for ops from 10.0.0.9 port 50110 ssh2',
  '2015-12-22 10:02:17 system info  00767 Environment variable changed',
];

void describe('sweeping log lines for the bulletins’ own indicators', () => {
  void it('finds a JSA72300 exploit request, JSA11021 httpd.log requests with ; or %3B in a parameter, a JSA93446 C2 address in a flow log and an upper-case SHA-256', async () => {
    const report = await hunt([ORDINARY[0] ?? '', PHPRC_REQUEST, HTTPD_SEMICOLON, HTTPD_ENCODED, FLOW_TO_C2, HASH_UPPER]);
    assert.deepEqual(describeHits(report.indicatorHits), [
      'JSA11021 =*;*& 1 [3]',
      'JSA11021 *%3b*& 1 [4]',
      'JSA72300 PHPRC= 1 [2]',
      'JSA93446 5995aaff5a047565c0d7fe3c80fa354c40e7e8c3e7d4df292316c8472d4ac67a 1 [6]',
      'JSA93446 129.126.109.50 1 [5]',
    ]);
    assert.equal(report.indicatorLines, 5);
    assert.deepEqual(
      report.indicatorHits.map((b) => [b.bulletin, b.lines]),
      [
        ['JSA11021', 2],
        ['JSA72300', 1],
        ['JSA93446', 2],
      ],
    );
    assert.deepEqual(report.findings, []);
  });

  void it('finds nothing in ordinary web, flow, shell and ScreenOS lines, nor in addresses and hashes one character off', async () => {
    const report = await hunt(ORDINARY);
    assert.deepEqual(describeHits(report.indicatorHits), []);
    assert.equal(report.indicatorLines, 0);
    for (const line of ORDINARY) assert.deepEqual((await hunt([line])).indicatorHits, [], line);
  });

  void it('takes an address whole wherever logs put one: quoted, before a port after a colon, a slash or tcpdump’s dot, and as an IPv4-mapped IPv6 address', async () => {
    const lines = [
      'RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.40 source-address="10.0.0.5" destination-address="129.126.109.50" destination-port="22"]',
      'conn to 129.126.109.50:22 refused',
      '10:00:05.123456 IP 10.0.0.5.50000 > 129.126.109.50.22: Flags [S]',
      'peer ::ffff:129.126.109.50 closed',
      'last peer was 129.126.109.50.',
    ];
    const report = await hunt(lines);
    assert.deepEqual(describeHits(report.indicatorHits), ['JSA93446 129.126.109.50 5 [1,2,3,4,5]']);
  });

  void it('reads Juniper’s * as any run of characters within one token: a match needs =, ; and & in that order without a space between', async () => {
    const matches = ['GET /x?a=;&', 'GET /x?a=1;2&3', 'GET /x?a=b=c;;d&&', 'x=%3b&', 'x%3B&y'];
    for (const line of matches) assert.equal((await hunt([line])).indicatorLines, 1, line);
    const misses = ['GET /x?a=1 ;2&3', 'GET /x?a=1; &', 'GET /x?a&b;c=d', 'GET /x?a;b&c', '=;', '%3b', 'a%3b b&'];
    for (const line of misses) assert.equal((await hunt([line])).indicatorLines, 0, line);
  });

  void it('matches log patterns in any case, anywhere in the line', async () => {
    const report = await hunt([
      'POST /?phprc=/dev/fd/0',
      'body: ld_preload=/tmp/x',
      'body: AUTO_PREPEND_FILE="/etc/passwd"',
      'POST /webauth_operation.php HTTP/1.1',
      'POST /InstallAppPackage.PHP',
    ]);
    assert.deepEqual(describeHits(report.indicatorHits), [
      'JSA72300 PHPRC= 1 [1]',
      'JSA72300 LD_PRELOAD= 1 [2]',
      'JSA72300 auto_prepend_file 1 [3]',
      'JSA72300 installAppPackage.php 1 [5]',
      'JSA72300 webauth_operation.php 1 [4]',
    ]);
  });

  void it('leaves the JSA10713 login lines to the pair hunt: the published example is one backdoor login and no indicator', async () => {
    const report = await hunt([
      '2015-12-23 17:25:27 system warn  00515 Admin user system has logged on via SSH from 1.1.1.1:32366',
      "2015-12-23 17:25:27 system warn  00528 SSH: Password authentication successful for admin user 'username2' at host 1.1.1.1",
    ]);
    assert.equal(report.findings.length, 1);
    assert.deepEqual(report.indicatorHits, []);
    assert.deepEqual(report.coverage.readElsewhere, ['JSA10713']);
  });

  void it('says what it searches for: 24 indicators of three bulletins, the login lines of JSA10713 left to the pair, and which bulletins have indicators that are not log content', () => {
    const { coverage } = huntIndicatorsOf(catalog.advisories);
    assert.deepEqual(coverage.searched, [
      { bulletin: 'JSA11021', indicators: 2 },
      { bulletin: 'JSA72300', indicators: 6 },
      { bulletin: 'JSA93446', indicators: 16 },
    ]);
    assert.deepEqual(coverage.readElsewhere, ['JSA10713']);
    const kinds = new Map(coverage.notLogContent.map((n) => [n.bulletin, n.kinds]));
    assert.deepEqual(kinds.get('JSA93446'), ['file_name', 'ids_rule', 'scanner_check']);
    assert.deepEqual(kinds.get('JSA11021'), ['command']);
    assert.equal(huntIndicatorsOf(catalog.advisories), huntIndicatorsOf(catalog.advisories), 'compiled once per catalog');
  });

  void it('counts every line an indicator is on, keeps the first five line numbers and the first line, cut around the match when long', async () => {
    const filler = 'x'.repeat(400);
    const lines = [filler, `${filler} ${FLOW_TO_C2} ${filler}`, ...Array.from({ length: 7 }, () => FLOW_TO_C2)];
    const report = await hunt(lines);
    const [hit] = report.indicatorHits.flatMap((b) => b.indicators);
    assert.ok(hit !== undefined);
    assert.equal(hit.lines, 8);
    assert.deepEqual(hit.firstLines, [2, 3, 4, 5, 6]);
    assert.equal(hit.excerpt.length, MAX_LINE_SHOWN);
    assert.match(hit.excerpt, /^….*10\.0\.0\.5\/50000->129\.126\.109\.50\/22.*…$/);
    assert.match(hit.description, /command-and-control/);
  });

  void it('never cuts a long line between the halves of an emoji', async () => {
    for (let shift = 0; shift < 4; shift++) {
      const line = `${'😀'.repeat(60)}${'a'.repeat(shift)}PHPRC=${'😀'.repeat(100)}`;
      const [hit] = (await hunt([line])).indicatorHits.flatMap((b) => b.indicators);
      assert.ok(hit !== undefined);
      assert.ok(hit.excerpt.length <= MAX_LINE_SHOWN, `${hit.excerpt.length}`);
      assert.doesNotThrow(() => encodeURIComponent(hit.excerpt), `shift ${shift}: no half of a surrogate pair`);
      assert.match(hit.excerpt, /PHPRC=/);
    }
  });

  void it('sweeps a stream only up to its byte limit, with CRLF line breaks', async () => {
    const text = [HTTPD_SEMICOLON, 'ordinary line', FLOW_TO_C2].join('\r\n');
    const limit = Buffer.byteLength(`${HTTPD_SEMICOLON}\r\nordinary line\r\n`) + 10;
    const report = await huntChunks([Buffer.from(text)], { maxBytes: limit, indicators: huntIndicatorsOf(catalog.advisories) });
    assert.equal(report.truncated, true);
    assert.deepEqual(describeHits(report.indicatorHits), ['JSA11021 =*;*& 1 [1]'], 'the C2 line lies beyond the limit');
  });

  void it('searches a value once however often a bulletin lists it, reports a value two bulletins list under each, and sweeps nothing a loader would refuse', async () => {
    const indicator = (kind: Indicator['kind'], value: string): Indicator => ({ kind, value, description: `${kind} ${value}`, example: null, source: 'test' });
    const sweep = new IndicatorSweep([
      {
        id: 'JSA1',
        indicators: [
          indicator('ip_address', '192.0.2.1'),
          indicator('ip_address', '192.0.2.1'),
          indicator('log_pattern', '**'),
          indicator('log_pattern', 'a* b'),
        ],
      },
      { id: 'JSA2', indicators: [indicator('ip_address', '192.0.2.1'), indicator('file_name', 'to')] },
    ]);
    assert.deepEqual(sweep.coverage, {
      searched: [
        { bulletin: 'JSA1', indicators: 1 },
        { bulletin: 'JSA2', indicators: 1 },
      ],
      readElsewhere: [],
      notLogContent: [{ bulletin: 'JSA2', kinds: ['file_name'] }],
    });
    const report = await huntLines(['to 192.0.2.1 a b', 'null'], { maxBytes: MAX, indicators: sweep });
    assert.deepEqual(describeHits(report.indicatorHits), ['JSA1 192.0.2.1 1 [1]', 'JSA2 192.0.2.1 1 [1]']);
    assert.equal(report.indicatorLines, 1);
  });
});
