import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { SQLITE_MIGRATIONS } from '../../src/infrastructure/store/sqlite-migrations.ts';
import type { AuditEntry } from '../../src/infrastructure/store/store.ts';

const DEVICE = {
  name: 'ams-edge-fw1',
  site: 'Amsterdam',
  owner: 'netops@example.com',
  version: '6.3.0r19',
  product: 'ScreenOS',
  platform: 'ISG-2000',
  managementIp: '192.0.2.1',
  tags: ['exposure=internet'],
  ref: 'line 2',
};

function audit(action: string, subject: string, at = new Date('2026-11-26T09:00:00Z')): AuditEntry {
  return { at, platform: 'console', actor: 'console:console', actorName: 'console', action, subject, detail: null, reason: 'test' };
}

async function withFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-store-'));
  try {
    return await use(path.join(dir, 'nested', 'bot.sqlite'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('SqliteStore', () => {
  it('creates its folder, runs in WAL mode and migrates to the latest schema version', async () => {
    await withFile(async (file) => {
      const store = SqliteStore.open(file);
      assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(store.schemaVersion(), Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)));
      await store.close();
    });
  });

  it('applies a new migration on the next open and never re-applies an old one', async () => {
    await withFile(async (file) => {
      (await Promise.resolve(SqliteStore.open(file))).db.close();
      const next = [...SQLITE_MIGRATIONS, { version: 999, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER)' }];
      const store = SqliteStore.open(file, next);
      assert.equal(store.schemaVersion(), 999);
      store.db.close();
      const again = SqliteStore.open(file, next);
      assert.equal((again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n, SQLITE_MIGRATIONS.length + 1);
      again.db.close();
    });
  });

  it('keeps serving a chart stored before files had a media type, as the chart it is', async () => {
    await withFile(async (file) => {
      const before = SqliteStore.open(
        file,
        SQLITE_MIGRATIONS.filter((m) => m.version < 9),
      );
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
      before.db
        .prepare('INSERT INTO chart_image (token, png, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run('old', png, '2026-11-26T09:00:00.000Z', '2026-12-26T09:00:00.000Z');
      before.db.close();
      const store = SqliteStore.open(file);
      assert.deepEqual(await store.linkedFile('old', new Date('2026-11-27T00:00:00Z')), { bytes: png, mediaType: 'image/png', fileName: 'chart.png' });
      await store.close();
    });
  });

  it('keeps the snapshot, the sync status and device states across a reopen', async () => {
    await withFile(async (file) => {
      const store = SqliteStore.open(file);
      const fetchedAt = new Date('2026-11-26T08:00:00Z');
      await store.saveSnapshot({ source: 'file x.csv', fetchedAt, read: { devices: [DEVICE], rejected: [{ ref: 'line 3', reason: 'name is missing' }] } });
      await store.recordSyncAttempt({ source: 'file x.csv', lastSuccessAt: fetchedAt, lastAttemptAt: new Date('2026-11-26T08:15:00Z'), lastError: 'HTTP 503' });
      await store.setDeviceState(
        { device: 'AMS-EDGE-FW1', kind: 'snoozed', until: new Date('2026-12-01T00:00:00Z'), reason: 'freeze', actor: 'console:console', changedAt: fetchedAt },
        audit('snooze', 'AMS-EDGE-FW1'),
      );
      await store.close();

      const reopened = SqliteStore.open(file);
      assert.deepEqual(await reopened.loadSnapshot(), {
        source: 'file x.csv',
        fetchedAt,
        read: { devices: [DEVICE], rejected: [{ ref: 'line 3', reason: 'name is missing' }] },
      });
      assert.equal((await reopened.syncStatus())?.lastError, 'HTTP 503');
      const [state] = await reopened.deviceStates();
      assert.equal(state?.kind, 'snoozed');
      assert.equal(state?.until?.toISOString(), '2026-12-01T00:00:00.000Z');
      await reopened.close();
    });
  });

  it('reads a snapshot saved before devices had a platform with the platform not given', async () => {
    const store = SqliteStore.open(':memory:');
    const { platform: _, ...saved } = DEVICE;
    store.db
      .prepare('INSERT INTO inventory_snapshot (id, source, fetched_at, devices_json, rejected_json) VALUES (1, ?, ?, ?, ?)')
      .run('file x.csv', '2026-11-26T08:00:00.000Z', JSON.stringify([saved]), '[]');
    assert.deepEqual((await store.loadSnapshot())?.read.devices, [{ ...DEVICE, platform: null }]);
    await store.close();
  });

  it('treats device names case-insensitively: one state per device', async () => {
    const store = SqliteStore.open(':memory:');
    await store.setDeviceState({ device: 'fw1', kind: 'acknowledged', until: null, reason: null, actor: 'a', changedAt: new Date() }, audit('ack', 'fw1'));
    await store.setDeviceState(
      { device: 'FW1', kind: 'snoozed', until: new Date('2030-01-01'), reason: null, actor: 'a', changedAt: new Date() },
      audit('snooze', 'FW1'),
    );
    assert.deepEqual(
      (await store.deviceStates()).map((s) => s.kind),
      ['snoozed'],
    );
    await store.clearDeviceState('Fw1', audit('unack', 'Fw1'));
    assert.deepEqual(await store.deviceStates(), []);
    assert.deepEqual(
      (await store.auditLog({ subject: 'fw1' })).map((e) => e.action),
      ['unack', 'snooze', 'ack'],
    );
    await store.close();
  });

  it('refuses to edit or delete the audit log: it is append-only', async () => {
    const store = SqliteStore.open(':memory:');
    await store.clearDeviceState('fw1', audit('unack', 'fw1'));
    assert.throws(() => store.db.prepare("UPDATE audit_log SET actor = 'someone else'").run(), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit_log').run(), /append-only/);
    assert.equal((await store.auditLog()).length, 1);
    await store.close();
  });
});
