import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTeamsAdapter } from '../../../adapters/teams/teams-adapter.ts';
import { EXAMPLE_FLEET, loadConfig, secretsOf } from '../../../src/infrastructure/config.ts';
import { close, createHttpServer, listen } from '../../../src/infrastructure/http/http-server.ts';
import { createLogger } from '../../../src/infrastructure/log.ts';
import { createRuntime, type Runtime } from '../../../app/runtime.ts';
import { FakeConnector } from '../../fakes/fake-connector.ts';
import { FakeIdentity } from '../../fakes/fake-identity.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { PROJECT_ROOT, tempDataDir } from '../../helpers/run-process.ts';

const APP_ID = '00000000-0000-0000-0000-000000000001';
const CONVERSATION = 'teams:19:a0c4a2d1e8d64b0fb6b1a8c2f5e7d9b3@thread.tacv2;messageid=1481567603816';

interface VerifiedBot {
  readonly url: string;
  /** The bot's clock, which only the test moves. */
  readonly clock: ManualClock;
  readonly logLines: string[];
  readonly runtime: Runtime;
  readonly connector: FakeConnector;
  /** The channel-mention fixture, addressed to the fake connector, as a typing activity (it sends nothing back). */
  readonly activity: Record<string, unknown>;
}

/**
 * A Teams bot with a real app id that verifies every request against `identity`, on the shared listener.
 * The activity is a `typing` one: the turn still runs (and stores the conversation) but posts nothing,
 * so no test needs a token for the connector.
 */
async function withVerifiedBot(identity: FakeIdentity, use: (bot: VerifiedBot) => Promise<void>, authTimeoutMs?: number): Promise<void> {
  const dataDir = tempDataDir();
  const connector = await new FakeConnector().start();
  const config = loadConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'client-secret-never-sent',
    MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    PORT: '0',
    DATA_DIR: dataDir,
    INVENTORY_FILE: EXAMPLE_FLEET,
  });
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', secrets: secretsOf(config), write: (line) => logLines.push(line) });
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const runtime = await createRuntime(config, log, clock);
  assert.ok(config.teams !== null);
  const teams = createTeamsAdapter({
    bot: runtime.bot,
    config: config.teams,
    store: runtime.store,
    log,
    clock,
    botFrameworkEndpoints: identity.endpoints,
    ...(authTimeoutMs === undefined ? {} : { authTimeoutMs }),
  });
  const server = createHttpServer({ routes: teams.routes, health: () => ({ status: 'ok' }), log });
  const port = await listen(server, 0, '127.0.0.1');
  const fixture = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'teams', 'message-channel-mention.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  try {
    await use({
      url: `http://127.0.0.1:${port}/api/messages`,
      clock,
      logLines,
      runtime,
      connector,
      activity: { ...fixture, type: 'typing', serviceUrl: connector.serviceUrl },
    });
  } finally {
    await close(server);
    await runtime.close();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function post(url: string, activity: unknown, token: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) });
}

/** The log lines at `level` that mention `text`. */
function logged(lines: readonly string[], level: string, text: RegExp): string[] {
  return lines.filter((l) => l.includes(`"level":"${level}"`) && text.test(l));
}

describe('Teams request verification against the Bot Framework identity service', () => {
  it('runs the turn for an activity whose token the identity service signed', async () => {
    const identity = await new FakeIdentity().start();
    try {
      await withVerifiedBot(identity, async ({ url, runtime, connector, activity }) => {
        const response = await post(url, activity, identity.token(APP_ID, connector.serviceUrl));
        assert.equal(response.status, 200, await response.text());
        assert.equal((await runtime.store.conversation(CONVERSATION))?.active, true, 'the turn ran and stored the conversation');
        assert.deepEqual(identity.requests, ['/openid', '/keys'], 'keys were read, and no token was asked for');
      });
    } finally {
      await identity.stop();
    }
  });

  it('answers 401 to a token signed with an algorithm Bot Framework does not allow, and logs why without the token', async () => {
    const identity = await new FakeIdentity().start();
    try {
      await withVerifiedBot(identity, async ({ url, runtime, logLines, connector, activity }) => {
        const token = identity.tokenWithAlgorithm('HS256', APP_ID, connector.serviceUrl);
        const response = await post(url, activity, token);
        assert.equal(response.status, 401);
        assert.doesNotMatch(await response.text(), /invalid algorithm|jwt|stack/i, 'no internal text in the answer');
        assert.equal(await runtime.store.conversation(CONVERSATION), null, 'the turn did not run');
        const warnings = logged(logLines, 'warn', /token did not verify/);
        assert.equal(warnings.length, 1, logLines.join('\n'));
        assert.match(warnings[0] ?? '', /invalid algorithm/);
        assert.ok(!logLines.join('\n').includes(token), 'the token is never logged');
      });
    } finally {
      await identity.stop();
    }
  });

  it('answers 503 and logs the reason when the OpenID metadata endpoint cannot be reached', async () => {
    const identity = await new FakeIdentity().start();
    // Keys are signed by a service that is gone: its port now refuses connections.
    await identity.stop();
    await withVerifiedBot(identity, async ({ url, logLines, connector, activity }) => {
      const response = await post(url, activity, identity.token(APP_ID, connector.serviceUrl));
      assert.equal(response.status, 503);
      assert.doesNotMatch(await response.text(), /ECONNREFUSED|127\.0\.0\.1/, 'no internal text in the answer');
      assert.match(logged(logLines, 'error', /signing keys could not be read/).join('\n'), /ECONNREFUSED/);
    });
  });

  it('answers 503, not 401, when the OpenID metadata answers an error status', async () => {
    const identity = await new FakeIdentity().start();
    identity.metadataStatus = 502;
    try {
      await withVerifiedBot(identity, async ({ url, logLines, connector, activity }) => {
        const response = await post(url, activity, identity.token(APP_ID, connector.serviceUrl));
        assert.equal(response.status, 503);
        assert.match(logged(logLines, 'error', /signing keys could not be read/).join('\n'), /Failed to load openID config: 502/);
      });
    } finally {
      await identity.stop();
    }
  });

  it('answers 503 when the key endpoint does not answer within the verification timeout', { timeout: 10_000 }, async () => {
    const identity = await new FakeIdentity().start();
    identity.hang = true;
    try {
      await withVerifiedBot(
        identity,
        async ({ url, clock, logLines, connector, activity }) => {
          const responding = post(url, activity, identity.token(APP_ID, connector.serviceUrl));
          await identity.whenRequested(1);
          await clock.advance(50);
          const response = await responding;
          assert.equal(response.status, 503);
          assert.match(logged(logLines, 'error', /signing keys could not be read/).join('\n'), /no answer from the key endpoints within 50 ms/);
        },
        50,
      );
    } finally {
      await identity.stop();
    }
  });
});
