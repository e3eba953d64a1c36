import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';

const AT = new Date('2026-11-26T09:00:00Z');
const minutes = (n: number): Date => new Date(AT.getTime() + n * 60_000);

describe('delivery ids in the store', () => {
  it('says a delivery is new once, and again only after its id expired, across reopening the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-deliveries-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      const store = SqliteStore.open(file);
      assert.equal(await store.markDelivery('slack:trigger:1', AT, minutes(60)), true);
      assert.equal(await store.markDelivery('slack:trigger:1', minutes(1), minutes(61)), false);
      assert.equal(await store.markDelivery('slack:trigger:2', minutes(1), minutes(61)), true, 'another id is new');
      await store.close();
      const reopened = SqliteStore.open(file);
      assert.equal(await reopened.markDelivery('slack:trigger:1', minutes(59), minutes(119)), false, 'remembered after a restart');
      assert.equal(await reopened.markDelivery('slack:trigger:1', minutes(60), minutes(120)), true, 'forgotten once expired');
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers ids marked in the same turn each on its own, in one commit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-deliveries-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      const store = SqliteStore.open(file);
      // Bytes the commits appended to the write-ahead log since the last call, which empties it.
      const walBytes = (): number => {
        const bytes = statSync(`${file}-wal`).size;
        store.db.pragma('wal_checkpoint(TRUNCATE)');
        return bytes;
      };
      walBytes();
      const together = await Promise.all(['slack:trigger:a', 'slack:trigger:b', 'slack:trigger:a'].map((key) => store.markDelivery(key, AT, minutes(60))));
      assert.deepEqual(together, [true, true, false], 'a repeat in the same turn is a repeat');
      const bytesTogether = walBytes();
      for (const key of ['slack:trigger:c', 'slack:trigger:d', 'slack:trigger:e']) await store.markDelivery(key, AT, minutes(60));
      const bytesOneByOne = walBytes();
      assert.ok(bytesTogether > 0 && bytesTogether < bytesOneByOne, `one commit logs less (${bytesTogether} bytes) than three (${bytesOneByOne})`);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('commits a mark asked for just before the store closes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-deliveries-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      const store = SqliteStore.open(file);
      const marked = store.markDelivery('slack:trigger:last', AT, minutes(60));
      await store.close();
      assert.equal(await marked, true);
      const reopened = SqliteStore.open(file);
      assert.equal(await reopened.markDelivery('slack:trigger:last', minutes(1), minutes(61)), false, 'the id was written before the file closed');
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('forgets expired ids as it goes, so that the table stays small', async () => {
    const store = SqliteStore.open(':memory:');
    for (let i = 0; i < 100; i++) await store.markDelivery(`slack:event:${i}`, minutes(i), minutes(i + 10));
    const rows = (store.db.prepare('SELECT COUNT(*) AS n FROM delivery_seen').get() as { n: number }).n;
    assert.equal(rows, 10, 'only the ids of the last ten minutes are kept');
    await store.close();
  });
});
