import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, silentLogger } from '../../src/infrastructure/log.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import type { LeaseStore } from '../../src/infrastructure/store/store.ts';
import { withLease, type LeaseTerms } from '../../src/infrastructure/store/with-lease.ts';
import { LogLines } from '../helpers/log-lines.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const MINUTE = 60_000;

/** A replica named `owner` asking for the `briefing-refresh` lease, held two minutes at a time. */
function terms(store: LeaseStore, clock: ManualClock, owner: string, log = silentLogger): LeaseTerms {
  return { store, name: 'briefing-refresh', owner, ms: 2 * MINUTE, now: clock.now, log };
}

async function withStore<T>(use: (store: SqliteStore, clock: ManualClock) => Promise<T>): Promise<T> {
  const store = SqliteStore.open(':memory:');
  try {
    return await use(store, new ManualClock('2026-11-26T09:00:00Z'));
  } finally {
    await store.close();
  }
}

/** Whether another replica could take the lease at the clock's now. */
async function takenBy(store: LeaseStore, clock: ManualClock, owner: string): Promise<boolean> {
  return store.acquireLease('briefing-refresh', owner, clock.now(), new Date(clock.now().getTime() + 2 * MINUTE));
}

describe('withLease', () => {
  it('runs the work once while holding the lease, and lets the lease go when the work is done', async () => {
    await withStore(async (store, clock) => {
      let runs = 0;
      const outcome = await withLease(terms(store, clock, 'a'), async () => {
        runs++;
        assert.equal(await takenBy(store, clock, 'b'), false, 'no other replica takes the lease while the work runs');
        return 'edited';
      });
      assert.deepEqual(outcome, { ran: true, value: 'edited' });
      assert.equal(runs, 1);
      assert.equal(await takenBy(store, clock, 'b'), true, 'another replica takes it at once afterwards');
    });
  });

  it('skips the work while another replica holds the lease, leaves that lease alone, and runs once it has expired', async () => {
    await withStore(async (store, clock) => {
      assert.equal(await takenBy(store, clock, 'b'), true);
      let runs = 0;
      const work = (): Promise<void> => Promise.resolve(void runs++);
      assert.deepEqual(await withLease(terms(store, clock, 'a'), work), { ran: false });
      assert.equal(runs, 0);
      assert.equal(await takenBy(store, clock, 'c'), false, 'the holder keeps its lease');

      await clock.advance(3 * MINUTE);
      assert.deepEqual(await withLease(terms(store, clock, 'a'), work), { ran: true, value: undefined });
      assert.equal(runs, 1, 'a lease whose holder died frees itself at its expiry');
    });
  });

  it('lets the lease go when the work throws, and passes the error on without trying again', async () => {
    await withStore(async (store, clock) => {
      let runs = 0;
      await assert.rejects(
        withLease(terms(store, clock, 'a'), () => {
          runs++;
          return Promise.reject(new Error('the inventory cannot be read'));
        }),
        /the inventory cannot be read/,
      );
      assert.equal(runs, 1);
      assert.equal(await takenBy(store, clock, 'b'), true, 'another replica may take over at once');
    });
  });

  it('logs a release that fails instead of turning work that ran into a failure', async () => {
    await withStore(async (store, clock) => {
      const refusing: LeaseStore = {
        acquireLease: (...args) => store.acquireLease(...args),
        releaseLease: () => Promise.reject(new Error('database is locked')),
      };
      const logged = new LogLines();
      const log = createLogger({ level: 'warn', write: logged.write });
      const outcome = await withLease(terms(refusing, clock, 'a', log), () => Promise.resolve('posted'));
      assert.deepEqual(outcome, { ran: true, value: 'posted' });
      assert.deepEqual(
        logged.entries().map((e) => [e.level, e.message, e.lease]),
        [['warn', 'could not release the lease', 'briefing-refresh']],
      );
      assert.equal(await takenBy(store, clock, 'b'), false, 'the lease stays until its expiry');
    });
  });
});
