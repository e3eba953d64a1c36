import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardReply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { PgDatabase, isTransient } from '../../src/infrastructure/store/pg/pg-database.ts';
import { PG_MIGRATIONS } from '../../src/infrastructure/store/pg/pg-migrations.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { createTestSchema, PG_SKIP, TEST_DATABASE_URL } from './pg-schema.ts';
import { Relay } from './pg-relay.ts';

const FAST = { attempts: 40, firstDelayMs: 20, maxDelayMs: 200, probeMs: 50 };
const REPLY = cardReply({ title: 'Reminder', tone: 'info', elements: [], actions: [] });

describe('the PostgreSQL store', { skip: PG_SKIP }, () => {
  it('migrates once when three replicas start at the same moment', async () => {
    const schema = await createTestSchema();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => PgStore.connect(schema.url, { log: silentLogger })));
      const { rows } = await schema.query('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        rows.map((r: { version: number }) => r.version),
        PG_MIGRATIONS.map((m) => m.version),
      );
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await schema.drop();
    }
  });

  it('refuses to edit or delete the audit log: it is append-only', async () => {
    const schema = await createTestSchema();
    const store = await PgStore.connect(schema.url, { log: silentLogger });
    try {
      await store.appendAudit({
        at: new Date(),
        platform: 'console',
        actor: 'console',
        actorName: null,
        action: 'ack',
        subject: 'fw1',
        detail: null,
        reason: null,
      });
      await assert.rejects(schema.query("UPDATE audit_log SET actor = 'someone else'"), /append-only/);
      await assert.rejects(schema.query('DELETE FROM audit_log'), /append-only/);
    } finally {
      await store.close();
      await schema.drop();
    }
  });

  it('finishes every write, once, while every connection is cut again and again', async () => {
    const schema = await createTestSchema();
    const store = await PgStore.connect(schema.url, { log: silentLogger, retry: FAST });
    try {
      const at = new Date('2026-11-26T09:00:00Z');
      let cuts = 0;
      let rounds = 0;
      const cutting = setInterval(() => {
        if (++rounds > 8) clearInterval(cutting);
        else void schema.terminateConnections().then((n) => (cuts += n));
      }, 40);
      const writes = Array.from({ length: 400 }, (_, i) => store.enqueue(`slack:C${i % 20}`, 'slack', REPLY, at));
      await Promise.all(writes);
      clearInterval(cutting);
      const { rows } = await schema.query('SELECT COUNT(*)::int AS n FROM outbox');
      assert.equal((rows[0] as { n: number }).n, 400, 'nothing lost, nothing doubled');
      assert.ok(cuts > 0, 'connections were cut while writing');
      assert.equal(store.health().reachable, true, 'reachable again once the writes got through');
    } finally {
      await store.close();
      await schema.drop();
    }
  });

  it('reports the database unreachable while it cannot be reached, and reachable once it is back', async () => {
    const schema = await createTestSchema();
    const relay = new Relay(new URL(TEST_DATABASE_URL ?? ''));
    await relay.open();
    const store = await PgStore.connect(relay.url(schema.url), { log: silentLogger, retry: { ...FAST, attempts: 2 } });
    try {
      assert.deepEqual(store.health(), { kind: 'postgres', reachable: true, lastError: null });
      await relay.cut();
      await assert.rejects(store.reminders());
      const down = store.health();
      assert.equal(down.reachable, false);
      assert.match(down.lastError ?? '', /ECONNREFUSED|terminated|connect/i);
      await relay.open();
      // Nothing queries meanwhile: the probe notices the database is back.
      for (let i = 0; i < 100 && !store.health().reachable; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(store.health().reachable, true);
      assert.deepEqual(await store.reminders(), []);
    } finally {
      await store.close();
      await relay.cut();
      await schema.drop();
    }
  });

  it('treats a lost connection, a refused one and a server shutting down as worth retrying, and a bad query as not', () => {
    assert.equal(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isTransient(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), true);
    assert.equal(isTransient(Object.assign(new Error('connection failure'), { code: '08006' })), true);
    assert.equal(isTransient(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isTransient(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })), false);
    assert.equal(isTransient(Object.assign(new Error('duplicate key value'), { code: '23505' })), false);
  });

  it('gives up on a database that never answers, with the connection error', async () => {
    const database = new PgDatabase('postgres://postgres@127.0.0.1:1/test', silentLogger, { attempts: 3, firstDelayMs: 1, maxDelayMs: 1, probeMs: 60_000 });
    await assert.rejects(database.query('SELECT 1'), /ECONNREFUSED/);
    assert.equal(database.health().reachable, false);
    await database.close();
  });
});
