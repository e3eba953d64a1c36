import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { close, createHttpServer, listen } from '../../src/infrastructure/http/http-server.ts';
import { createLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { tempDataDir } from '../helpers/run-process.ts';
import { SHIPPED_IDS } from '../helpers/shipped-advisories.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

interface Running {
  readonly bot: RunningBot;
  readonly fake: FakeSlack;
  readonly dataDir: string;
  readonly logLines: string[];
}

/** Slack over HTTP and unauthenticated Teams on one listener, the way an operator tries the bot out. */
async function startBot(environment: Record<string, string> = {}): Promise<Running> {
  const fake = await new FakeSlack().start();
  const dataDir = tempDataDir();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-listener-test-token',
    SLACK_SIGNING_SECRET: 'listener-test-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    METRICS_TOKEN,
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
    ...environment,
  });
  const logLines: string[] = [];
  const bot = await startServer(config, { log: createLogger({ level: 'debug', write: (line) => logLines.push(line) }), runScheduler: false });
  return { bot, fake, dataDir, logLines };
}

async function stopBot(running: Running): Promise<void> {
  await running.bot.stop();
  await running.fake.stop();
  await rm(running.dataDir, { recursive: true, force: true });
}

/** Writes raw bytes on a fresh connection and collects what the server sends until it closes it. */
function exchange(port: number, bytes: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let received = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5000, () => socket.destroy(new Error(`no complete answer to ${JSON.stringify(bytes.slice(0, 40))}`)));
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.end(bytes);
  });
}

function statusLine(raw: string): number {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(raw);
  assert.ok(match !== null, `not an HTTP response: ${JSON.stringify(raw.slice(0, 80))}`);
  return Number(match[1]);
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0] ?? '';
  return new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1]?.trim();
}

/** Resolves with whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('the shared HTTP listener', () => {
  let running: Running;
  let port: number;
  before(async () => {
    running = await startBot();
    port = running.bot.port;
  });
  after(async () => stopBot(running));

  it('answers 400 to requests it cannot parse, an absolute URL with port 99999 among them, and keeps serving /healthz', async () => {
    const malformed = [
      'GET http://a:99999/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
      'POST http://[::1/slack/events HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      'HELLO\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n',
      'POST /api/messages HTTP/1.1\r\nHost: a\r\nContent-Length: lots\r\n\r\n',
    ];
    for (const request of malformed) {
      const answer = await exchange(port, request);
      assert.equal(statusLine(answer), 400, `${JSON.stringify(request)} → ${answer}`);
      assert.ok(!/\n\s+at /.test(answer), 'no stack trace in the answer');
    }
    const health = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    assert.equal(statusLine(health), 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'and over a fresh client too');
  });

  it('routes a request by the path its target names, whether spelled plainly, with a query or with dot segments', async () => {
    const status = async (target: string): Promise<number> =>
      statusLine(await exchange(port, `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`));
    assert.equal(await status('/healthz'), 200);
    assert.equal(await status('/healthz?verbose=1'), 200, 'the query is not part of the path');
    assert.equal(await status('/status/../healthz'), 200, 'dot segments are resolved');
    assert.equal(await status('/./healthz'), 200);
    assert.equal(await status('/healthz/'), 404, 'a trailing slash names another path');
    assert.equal(await status('/%68ealthz'), 404, 'an escape is not decoded into a route');
  });

  it('answers 405 with an Allow header to a method a route does not take, never 500 with a stack', async () => {
    const cases = [
      { request: 'GET /slack/events HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', allow: 'POST' },
      { request: 'PUT /api/messages HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', allow: 'POST' },
      { request: 'DELETE /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', allow: 'GET, HEAD' },
    ];
    for (const { request, allow } of cases) {
      const answer = await exchange(port, request);
      assert.equal(statusLine(answer), 405, answer);
      assert.equal(header(answer, 'allow'), allow);
    }
    assert.ok(!running.logLines.some((l) => l.includes('http handler failed')), 'nothing was logged as a failure');
  });

  it('shows anyone only the status and counts on /healthz: no inventory path, no error text', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), {
      status: 'ok',
      store: 'sqlite',
      counts: { advisories: SHIPPED_IDS.length, advisoryProblems: 0, devices: 35, warnings: 1 },
    });
    assert.ok(!text.includes('fleet.csv'));
  });

  it('gives the detailed /healthz report for the METRICS_TOKEN bearer token, and 401 for another token', async () => {
    const detailed = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(detailed.status, 200);
    const report = (await detailed.json()) as { inventory: { source: string }; warnings: string[]; teams: { authenticated: boolean }; slack: { mode: string } };
    assert.match(report.inventory.source, /fleet\.csv$/);
    assert.equal(report.teams.authenticated, false);
    assert.match(report.warnings.join(' '), /NOT verified/);
    assert.equal(report.slack.mode, 'http');

    const wrong = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` } });
    assert.equal(wrong.status, 401);
    assert.ok(!(await wrong.text()).includes('fleet.csv'));
  });

  it('listens on loopback only while Teams is unauthenticated and HOST is unset', async () => {
    assert.equal(await accepts('127.0.0.1', port), true);
    // Any address but 127.0.0.1 reaches a listener bound to every interface; 127.0.0.2 is one that stays on this machine.
    assert.equal(await accepts('127.0.0.2', port), false);
    assert.ok(running.logLines.some((l) => l.includes('"message":"listening"') && l.includes('"host":"127.0.0.1"')));
  });
});

describe('HOST', () => {
  it('binds the address HOST names, also with unauthenticated Teams', async () => {
    const running = await startBot({ HOST: '127.0.0.2' });
    try {
      assert.equal(await accepts('127.0.0.2', running.bot.port), true);
      assert.equal(await accepts('127.0.0.1', running.bot.port), false);
    } finally {
      await stopBot(running);
    }
  });
});

describe('createHttpServer', () => {
  it('answers 500 without detail when a handler or the health report throws at once, and keeps serving', async () => {
    let healthy = false;
    const logLines: string[] = [];
    const server = createHttpServer({
      routes: [
        {
          path: '/boom',
          methods: ['GET'],
          handler: () => {
            throw new Error('secret internals');
          },
        },
      ],
      health: () => {
        if (!healthy) throw new Error('report failed');
        return { status: 'ok' };
      },
      log: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
    const port = await listen(server, 0, '127.0.0.1');
    try {
      for (const target of ['/boom', '/healthz']) {
        const answer = await exchange(port, `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
        assert.equal(statusLine(answer), 500, answer);
        assert.ok(!answer.includes('secret internals') && !answer.includes('report failed'));
      }
      assert.equal(logLines.filter((l) => l.includes('http handler failed')).length, 2, 'both failures are logged');
      healthy = true;
      assert.equal(statusLine(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')), 200);
    } finally {
      await close(server);
    }
  });
});
