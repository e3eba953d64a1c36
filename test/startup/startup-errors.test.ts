import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { runScript, type Finished } from '../helpers/run-process.ts';

const BOT_TOKEN = 'xoxb-startup-test-secretTokenValue';
const SIGNING_SECRET = 'startup-signing-secret-value';

/** What the operator reads: stderr without the JSON log lines that led up to the failure. */
function complaint(finished: Finished): string[] {
  return finished.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
}

/** One clear line that names `setting`, no stack trace, no secret, and a failing exit code. */
function assertOneClearLine(finished: Finished, setting: string): string {
  assert.notEqual(finished.code, 0, 'the process fails');
  assert.doesNotMatch(finished.stderr, /^\s+at /m, `no stack trace:\n${finished.stderr}`);
  assert.ok(!finished.stderr.includes('secretTokenValue') && !finished.stderr.includes(SIGNING_SECRET), `no secret:\n${finished.stderr}`);
  const lines = complaint(finished);
  assert.equal(lines.length, 1, `one line:\n${lines.join('\n')}`);
  const line = lines[0] ?? '';
  assert.ok(line.includes(setting), `${setting} is named: ${line}`);
  return line;
}

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('npm start names the setting at fault when the bot cannot start', () => {
  let fake: FakeSlack;
  let dir: string;
  before(async () => {
    fake = await new FakeSlack().start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-startup-'));
  });
  after(async () => {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const slackEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    ...extra,
  });

  it('says SLACK_BOT_TOKEN was refused when Slack answers invalid_auth', async () => {
    fake.queue('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const line = assertOneClearLine(await runScript('app/main.ts', [], { env: slackEnv() }), 'SLACK_BOT_TOKEN');
    assert.match(line, /invalid_auth/);
  });

  it('says SLACK_API_URL cannot be reached when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api/`;
    const line = assertOneClearLine(await runScript('app/main.ts', [], { env: slackEnv({ SLACK_API_URL: url }) }), 'SLACK_API_URL');
    assert.ok(line.includes(url), `the URL tried is shown: ${line}`);
  });

  it('says PORT is taken when another process listens on it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const line = assertOneClearLine(await runScript('app/main.ts', [], { env: slackEnv({ PORT: String(port) }) }), 'PORT');
      assert.match(line, /EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('names DATA_DIR among the configuration problems when it is a file', async () => {
    const file = path.join(dir, 'data-is-a-file');
    await writeFile(file, 'not a folder');
    const finished = await runScript('app/main.ts', [], { env: slackEnv({ DATA_DIR: file }) });
    assert.notEqual(finished.code, 0);
    assert.deepEqual(complaint(finished), ['The configuration has 1 problem:', `  - DATA_DIR: “${file}” is a file, not a folder`]);
  });

  it('names DATA_DIR and the database file when the file is not a database', async () => {
    const dataDir = path.join(dir, 'corrupt');
    await mkdir(dataDir);
    const database = path.join(dataDir, 'screenos-bot.sqlite');
    await writeFile(database, 'this is not an SQLite database, just text that is long enough to look like a header');
    const line = assertOneClearLine(await runScript('app/main.ts', [], { env: slackEnv({ DATA_DIR: dataDir }) }), 'DATA_DIR');
    assert.ok(line.includes(database), line);
    assert.match(line, /not an SQLite database/i);
  });

  it('names DATA_DIR and the database file when the file cannot be opened', async () => {
    const dataDir = path.join(dir, 'folder-in-the-way');
    await mkdir(path.join(dataDir, 'screenos-bot.sqlite'), { recursive: true });
    const line = assertOneClearLine(await runScript('app/main.ts', [], { env: slackEnv({ DATA_DIR: dataDir }) }), 'DATA_DIR');
    assert.ok(line.includes(path.join(dataDir, 'screenos-bot.sqlite')), line);
  });

  it('names DATA_DIR when the bot may not create its folder, in the console chat too', async () => {
    // sysfs refuses new folders to everyone, root included, where a chmod would not stop root.
    const dataDir = '/sys/screenos-bot-startup-test/data';
    const line = assertOneClearLine(await runScript('app/main.ts', [], { env: { DATA_DIR: dataDir } }), 'DATA_DIR');
    assert.ok(line.includes('/sys/screenos-bot-startup-test'), line);
  });
});
