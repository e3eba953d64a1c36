import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { BotError } from '../../src/domain/errors.ts';
import { EXAMPLE_FLEET, loadConfig, secretsOf } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { openConfiguredStore } from '../../src/infrastructure/store/open-store.ts';
import { systemClock } from '../../src/infrastructure/clock.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { tempDataDir } from '../helpers/run-process.ts';
import { createTestSchema, PG_SKIP, TEST_DATABASE_URL } from './pg-schema.ts';
import { Relay } from './pg-relay.ts';

const FAST = { attempts: 2, firstDelayMs: 10, maxDelayMs: 20, probeMs: 50 };

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never ${what}`);
}

describe('DATABASE_URL', () => {
  it('takes a postgres:// URL and keeps it, password included, out of the log', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cr%40t-pw@db.internal:5432/screenos' });
    assert.equal(config.databaseUrl, 'postgres://bot:s3cr%40t-pw@db.internal:5432/screenos');
    const secrets = secretsOf(config);
    assert.ok(secrets.includes('s3cr%40t-pw') && secrets.includes('s3cr@t-pw') && secrets.includes(config.databaseUrl ?? ''));
    assert.equal(loadConfig({}).databaseUrl, null, 'SQLite unless set');
  });

  it('names the setting for a URL of another scheme, without quoting it', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://bot:hunter22@db/screenos' }),
      (error: BotError) => {
        assert.match(error.message, /DATABASE_URL: the scheme is “mysql”; expected postgres:\/\/ or postgresql:\/\//);
        assert.doesNotMatch(error.message, /hunter22/);
        return true;
      },
    );
  });

  it('stops the bot with one line naming DATABASE_URL and the server, never the password, when PostgreSQL cannot be reached', async () => {
    await assert.rejects(
      openConfiguredStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://bot:hunter22@127.0.0.1:1/screenos' }, silentLogger, systemClock, FAST),
      (error: BotError) => {
        assert.equal(error.code, 'store_unavailable');
        assert.match(error.message, /^DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/screenos: .*ECONNREFUSED/);
        assert.doesNotMatch(error.message, /hunter22/);
        return true;
      },
    );
  });
});

describe('/healthz with the store on PostgreSQL', { skip: PG_SKIP }, () => {
  it('names the store, answers 503 degraded while the database is unreachable, and ok once it is back', async () => {
    const schema = await createTestSchema();
    const relay = new Relay(new URL(TEST_DATABASE_URL ?? ''));
    await relay.open();
    const fake = await new FakeSlack().start();
    const dataDir = tempDataDir();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-health',
      SLACK_SIGNING_SECRET: 'health-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: relay.url(schema.url),
      INVENTORY_FILE: EXAMPLE_FLEET,
    });
    const bot = await startServer(config, { log: silentLogger, runScheduler: false, storeRetry: FAST });
    const health = async (): Promise<{ status: number; body: { status: string; store: string } }> => {
      const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      return { status: response.status, body: (await response.json()) as { status: string; store: string } };
    };
    try {
      const up = await health();
      assert.equal(up.status, 200);
      assert.equal(up.body.status, 'ok');
      assert.equal(up.body.store, 'postgres');
      await relay.cut();
      await until(async () => (await health()).status === 503, 'reported degraded');
      assert.equal((await health()).body.status, 'degraded');
      await relay.open();
      await until(async () => (await health()).status === 200, 'reported ok again');
    } finally {
      await bot.stop();
      await relay.cut();
      await fake.stop();
      await schema.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
