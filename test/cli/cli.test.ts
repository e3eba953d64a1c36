import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type Finished } from '../helpers/run-process.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXIT_USAGE = 64;
/**
 * Sources of the Junos bulletins whose Juniper page has no knowledge-base address in the sources read: the
 * bulletin's support-portal article where CISA's KEV notes give it, else the NVD record of its CVE.
 */
const OTHER_SOURCES: Readonly<Record<string, string>> = {
  JSA72300: String.raw`https://supportportal\.juniper\.net/s/article/2023-08-Out-of-Cycle-Security-Bulletin-[^>]+`,
  JSA93446: String.raw`https://supportportal\.juniper\.net/s/article/2025-03-Out-of-Cycle-Security-Bulletin-[^>]+`,
  // The bulletins' own addresses as Juniper's CVE records link them (JSA11021's is on kb.juniper.net).
  JSA73150: String.raw`https://supportportal\.juniper\.net/JSA73150`,
  JSA75729: String.raw`https://supportportal\.juniper\.net/JSA75729`,
};

function run(command: string, args: readonly string[], stdin = ''): Promise<Finished> {
  return runProcess(command, args, { stdin });
}

/** `npm run cli -- …`, exactly as a pipeline would call it (npm from PATH, from a fresh shell: runProcess drops an outer npm's settings; .npmrc keeps npm quiet). */
const npmCli = (...args: string[]): Promise<Finished> => run('npm', ['run', 'cli', '--', ...args]);
/** The same program without npm in between, for the many cases where npm adds nothing but time. */
const cli = (args: readonly string[], stdin = ''): Promise<Finished> => run(process.execPath, ['--import', 'tsx', 'app/cli.ts', ...args], stdin);

interface ResultJson {
  input: string;
  version: string | null;
  status: 'affected' | 'not_affected' | 'unknown';
  vulnerabilities: { advisory: string; cve: string; fixedIn: string[] }[];
  assessments: { advisory: string; cve: string; status: 'affected' | 'not_affected' | 'unknown'; reason: string; platforms: string[] | null }[];
  upgradeTo: string | null;
  nearestFixOnTrain: string | null;
  trainSupport: { train: string; endOfSupport: string | null; supported: boolean } | null;
  message: string;
}

/** The whole of stdout as one JSON document: JSON.parse throws on a banner, a log line or a second document. */
function parseResults(stdout: string): ResultJson[] {
  const document = JSON.parse(stdout) as { results?: ResultJson[] };
  assert.deepEqual(Object.keys(document), ['results']);
  assert.ok(Array.isArray(document.results));
  return document.results;
}

void describe('npm run cli -- check', { concurrency: true }, () => {
  void it('prints exactly one JSON document for 6.3.0r25: affected by CVE-2018-0059 of JSA10894, fixed in 6.3.0r26, and exits 1', async () => {
    const { code, stdout, stderr } = await npmCli('check', '6.3.0r25', '--json');
    assert.equal(stderr, '');
    const [result, ...others] = parseResults(stdout);
    assert.deepEqual(others, []);
    assert.ok(result);
    assert.equal(result.input, '6.3.0r25');
    assert.equal(result.version, '6.3.0r25');
    assert.equal(result.status, 'affected');
    assert.deepEqual(
      result.vulnerabilities.map(({ advisory, cve, fixedIn }) => ({ advisory, cve, fixedIn })),
      [{ advisory: 'JSA10894', cve: 'CVE-2018-0059', fixedIn: ['6.3.0r26'] }],
    );
    assert.equal(result.upgradeTo, '6.3.0r26');
    assert.match(result.message, /^6\.3\.0r25 is affected by JSA10894 \(CVE-2018-0059\)\./);
    assert.equal(code, 1);
  });

  void it('exits 2 when versions are unknown or ambiguous (6.3.0, 6.3.0rx1) and none is affected, each with a message and no version', async () => {
    const { code, stdout } = await npmCli('check', '6.3.0', '6.3.0rx1', '6.3.0r26', '--json');
    const results = parseResults(stdout);
    assert.deepEqual(
      results.map((r) => [r.input, r.status, r.version]),
      [
        ['6.3.0', 'unknown', null],
        ['6.3.0rx1', 'unknown', null],
        ['6.3.0r26', 'not_affected', '6.3.0r26'],
      ],
    );
    for (const r of results.filter((x) => x.status === 'unknown')) {
      assert.ok(r.message.trim().length > 0, `${r.input} has no message`);
      assert.deepEqual(r.vulnerabilities, []);
      assert.equal(r.upgradeTo, null);
    }
    assert.equal(code, 2);
  });

  void it('exits 0 when every version is clear: 6.3.0r26', async () => {
    const { code, stdout } = await npmCli('check', '6.3.0r26', '--json');
    assert.deepEqual(
      parseResults(stdout).map((r) => [r.status, r.vulnerabilities.length, r.upgradeTo]),
      [['not_affected', 0, null]],
    );
    assert.equal(code, 0);
  });

  void it('recommends 6.3.0r26 for 6.3.0r19, a release that every shipped bulletin assessed and none flags', async () => {
    const { stdout } = await npmCli('check', '6.3.0r19', '--json');
    const [result] = parseResults(stdout);
    assert.equal(result?.upgradeTo, '6.3.0r26');
    assert.equal(result.nearestFixOnTrain, '6.3.0r26');
    assert.deepEqual(result.trainSupport, { train: '6.3.0', endOfSupport: null, supported: true });
    const { code, stdout: targetOut } = await cli(['check', result.upgradeTo, '--json']);
    const [target] = parseResults(targetOut);
    assert.equal(target?.status, 'not_affected');
    assert.deepEqual(
      target.assessments.filter((a) => a.status !== 'not_affected'),
      [],
    );
    assert.equal(code, 0);
  });

  void it('exits 64 with the usage on stderr, and nothing on stdout, when given no arguments', async () => {
    const { code, stdout, stderr } = await npmCli();
    assert.equal(code, EXIT_USAGE);
    assert.equal(stdout, '');
    assert.match(stderr, /^usage: npm run cli -- check <version>\.\.\. \[--product junos\|screenos\] \[--platform MODEL\] \[--json\]/);
  });
});

void describe('the cli', { concurrency: true }, () => {
  void it('exits 1, not 2, when one version is affected and another unknown', async () => {
    const { code, stdout } = await cli(['check', '6.3.0', '6.2.0r16', '--json']);
    assert.deepEqual(
      parseResults(stdout).map((r) => r.status),
      ['unknown', 'affected'],
    );
    assert.equal(code, 1);
  });

  void it('no longer calls 6.2.0r14 "not affected": it is affected, its train left support, and the JSON assesses every shipped ScreenOS CVE', async () => {
    const { code, stdout } = await cli(['check', '6.2.0r14', '--json']);
    const [result] = parseResults(stdout);
    assert.equal(result?.status, 'affected');
    assert.equal(code, 1);
    type Shipped = { vulnerabilities: { affected: { product: string }[] }[] };
    const cves = (
      await Promise.all(SHIPPED_IDS.map(async (id) => JSON.parse(await readFile(path.join(PROJECT_ROOT, 'advisories', `${id}.json`), 'utf8')) as Shipped))
    ).reduce((n, a) => n + a.vulnerabilities.filter((v) => v.affected.some((e) => e.product === 'ScreenOS')).length, 0);
    assert.equal(result.assessments.length, cves);
    assert.deepEqual(
      result.assessments.find((a) => a.advisory === 'JSA10733' && a.cve === 'CVE-2015-1789'),
      {
        advisory: 'JSA10733',
        cve: 'CVE-2015-1789',
        status: 'unknown',
        reason: 'JSA10733 assessed only the 6.3.0 train; it does not say whether 6.2.0 is affected',
        platforms: null,
      },
    );
    assert.deepEqual(
      result.assessments.filter((a) => a.status === 'affected').map((a) => a.cve),
      result.vulnerabilities.map((v) => v.cve),
    );
    assert.deepEqual(result.trainSupport, { train: '6.2.0', endOfSupport: '2013-12-31', supported: false });
    assert.equal(result.upgradeTo, '6.3.0r26');
    assert.equal(result.nearestFixOnTrain, null);
  });

  void it('lists every bulletin with its source, the Juniper page that names it, in text and in JSON', async () => {
    const source = (id: string): string => OTHER_SOURCES[id] ?? `https?://kb\\.juniper\\.net/[^>]*${id}`;
    const text = await cli(['advisories']);
    for (const id of SHIPPED_IDS) {
      const line = text.stdout.split('\n').find((l) => l.includes(`• ${id} `));
      assert.match(line ?? '', new RegExp(`Source: .*<${source(id)}>$`), id);
    }
    const { advisories } = JSON.parse((await cli(['advisories', '--json'])).stdout) as { advisories: { id: string; source: string }[] };
    for (const a of advisories) assert.match(a.source, new RegExp(`^${source(a.id)}$`), a.id);
  });

  void it('reads versions from stdin with “check -”, one a line, skipping blank lines and trimming spaces', async () => {
    const { code, stdout } = await cli(['check', '-', '--json'], '6.3.0r26\r\n\n   6.3.0r26.0  \n6.3.0R26\n');
    assert.deepEqual(
      parseResults(stdout).map((r) => [r.input, r.status]),
      [
        ['6.3.0r26', 'not_affected'],
        ['6.3.0r26.0', 'not_affected'],
        ['6.3.0R26', 'not_affected'],
      ],
    );
    assert.equal(code, 0);
  });

  void it('exits with the affected status when a version read from stdin is affected', async () => {
    const { code, stdout } = await cli(['check', '-', '--json'], '6.3.0r26\n6.3.0r19\n');
    assert.deepEqual(
      parseResults(stdout).map((r) => r.status),
      ['not_affected', 'affected'],
    );
    assert.equal(code, 1);
  });

  void it('exits 64 when “check -” gets no version on stdin', async () => {
    const { code, stdout, stderr } = await cli(['check', '-'], '\n\n');
    assert.equal(code, EXIT_USAGE);
    assert.equal(stdout, '');
    assert.match(stderr, /check needs at least one version/);
  });

  void it('prints the card as plain text without --json, with no colour on a pipe', async () => {
    const { code, stdout } = await cli(['check', '6.3.0r25']);
    assert.equal(code, 1);
    assert.match(stdout, /^! 6\.3\.0r25: affected\n/);
    assert.ok(stdout.includes('  Upgrade to  `6.3.0r26`'));
    assert.ok(!stdout.includes('\u001b'));
  });

  void it('prints the advisory file itself for “advisory JSA10713 --json”', async () => {
    const { code, stdout } = await cli(['advisory', 'JSA10713', '--json']);
    const shipped: unknown = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'advisories', 'JSA10713.json'), 'utf8'));
    assert.deepEqual(JSON.parse(stdout), shipped);
    assert.equal(code, 0);
  });

  void it('shows JSA10713 as a card when no bulletin is named', async () => {
    const { code, stdout } = await cli(['advisory']);
    assert.match(stdout, /^✖ JSA10713: /);
    assert.equal(code, 0);
  });

  void it('exits 2 for “advisory NOPE”, naming the loaded bulletins on stderr', async () => {
    const { code, stdout, stderr } = await cli(['advisory', 'NOPE']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `No loaded bulletin or CVE “NOPE”. Loaded: ${SHIPPED_IDS.join(', ')}\n`);
  });

  void it('exits 2 for “advisory NOPE --json” with an error document on stdout', async () => {
    const { code, stdout } = await cli(['advisory', 'NOPE', '--json']);
    assert.equal(code, 2);
    assert.deepEqual(JSON.parse(stdout), { error: 'no loaded bulletin or CVE “NOPE”', loaded: SHIPPED_IDS, problems: [] });
  });

  void it('lists the bulletins as JSON for “advisories --json”', async () => {
    const { code, stdout } = await cli(['advisories', '--json']);
    const document = JSON.parse(stdout) as { advisories: { id: string; cves: string[] }[]; problems: unknown[] };
    assert.deepEqual(
      document.advisories.map((a) => a.id),
      SHIPPED_IDS,
    );
    assert.deepEqual(document.advisories.find((a) => a.id === 'JSA10713')?.cves, ['CVE-2015-7755', 'CVE-2015-7756']);
    assert.deepEqual(document.problems, []);
    assert.equal(code, 0);
  });

  void it('exits 64 for an unknown option, naming it, with the usage on stderr', async () => {
    const { code, stdout, stderr } = await cli(['check', '6.2.0r16', '--jsno']);
    assert.equal(code, EXIT_USAGE);
    assert.equal(stdout, '');
    assert.match(stderr, /^unknown option --jsno\nusage: /);
  });

  void it('exits 64 for an unknown command, and for “check” with no version', async () => {
    for (const args of [['frobnicate'], ['check', '--json']]) {
      const { code, stdout, stderr } = await cli(args);
      assert.equal(code, EXIT_USAGE, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /usage: npm run cli/);
    }
  });

  void it('prints the usage and exits 0 when asked for help', async () => {
    const { code, stderr } = await cli(['help']);
    assert.equal(code, 0);
    assert.match(stderr, /^usage: /);
  });
});
