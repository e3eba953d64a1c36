import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { createTestSchema, PG_SKIP } from './pg-schema.ts';
import { storeSuite } from './store-suite.ts';

storeSuite('the SQLite', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-contract-'));
  const file = path.join(dir, 'bot.sqlite');
  return {
    open: () => Promise.resolve(SqliteStore.open(file)),
    async exec(sql) {
      const store = SqliteStore.open(file);
      store.db.exec(sql);
      await store.close();
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

storeSuite(
  'the PostgreSQL',
  async () => {
    const schema = await createTestSchema();
    return {
      open: () => PgStore.connect(schema.url, { log: silentLogger }),
      async exec(sql) {
        await schema.query(sql);
      },
      close: () => schema.drop(),
    };
  },
  PG_SKIP,
);
