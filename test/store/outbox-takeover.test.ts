import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSlackDelivery, OUTBOX_EVENT_TYPE } from '../../adapters/slack/slack-delivery.ts';
import { cardReply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { Outbox } from '../../src/features/reminders/outbox.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import type { Store } from '../../src/infrastructure/store/store.ts';
import { systemClock } from '../../src/infrastructure/clock.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { createTestSchema, PG_SKIP } from './pg-schema.ts';

const REPLY = cardReply({ title: 'Reminder: 3 devices unpatched', tone: 'warning', elements: [], actions: [] });

interface Rig {
  readonly store: Store;
  readonly fake: FakeSlack;
  /** An outbox as a replica that took over would run it. */
  readonly outbox: Outbox;
  close(): Promise<void>;
}

async function rig(open: () => Promise<{ store: Store; close: () => Promise<void> }>): Promise<Rig> {
  const fake = await new FakeSlack().start();
  const { store, close } = await open();
  const slack = createSlackDelivery(
    { botToken: 'xoxb-takeover', signingSecret: 's', appToken: null, apiUrl: fake.apiUrl, command: '/screenos' },
    silentLogger,
    { timeoutMs: 2000 },
  );
  const outbox = new Outbox({
    store,
    deliveries: { slack: { ...slack, minIntervalMs: 0 } },
    clock: systemClock,
    log: silentLogger,
    owner: 'survivor',
    onPermanent: () => Promise.resolve(),
  });
  return {
    store,
    fake,
    outbox,
    async close() {
      await outbox.stop();
      await close();
      await fake.stop();
    },
  };
}

/**
 * What a replica did before it died: leased the entry, recorded the attempt, and (when `reached`)
 * got its post to Slack; then its lease ran out without the entry marked sent.
 */
async function diedMidSend(r: Rig, reached: boolean): Promise<number> {
  await r.store.enqueue('slack:C1', 'slack', REPLY, new Date(Date.now() - 60_000));
  const [entry] = await r.store.leaseOutbox('replica-that-died', new Date(Date.now() - 50_000), new Date(Date.now() - 1000), 1);
  assert.ok(entry !== undefined);
  await r.store.startAttempt(entry.id, new Date(Date.now() - 40_000));
  if (reached) {
    const slack = createSlackDelivery(
      { botToken: 'xoxb-takeover', signingSecret: 's', appToken: null, apiUrl: r.fake.apiUrl, command: '/screenos' },
      silentLogger,
    );
    assert.deepEqual(await slack.deliver('slack:C1', REPLY, { entryId: entry.id }), { kind: 'sent' });
  }
  return entry.id;
}

function takeoverTests(name: string, open: () => Promise<{ store: Store; close: () => Promise<void> }>, skip: string | false = false): void {
  describe(`a replica taking over an entry whose sender died (${name})`, { skip }, () => {
    it('finds the post in the channel history by its metadata and marks it sent without posting again', async () => {
      const r = await rig(open);
      try {
        const id = await diedMidSend(r, true);
        await r.outbox.drain();
        assert.equal(r.fake.postsTo('C1').length, 1, 'one post in the channel');
        assert.deepEqual(r.fake.postsTo('C1')[0]?.metadata, { event_type: OUTBOX_EVENT_TYPE, event_payload: { entry: id } });
        const [lookup] = r.fake.callsTo('conversations.history');
        assert.equal(lookup?.body.include_all_metadata, 'true');
        assert.equal(lookup?.body.channel, 'C1');
        assert.deepEqual(await r.store.leaseOutbox('anyone', new Date(Date.now() + 3_600_000), new Date(Date.now() + 7_200_000), 10), [], 'the entry is done');
      } finally {
        await r.close();
      }
    });

    it('posts the entry once when the dead replica’s attempt never reached Slack', async () => {
      const r = await rig(open);
      try {
        const id = await diedMidSend(r, false);
        await r.outbox.drain();
        assert.equal(r.fake.callsTo('conversations.history').length, 1, 'it looked first');
        assert.deepEqual(
          r.fake.postsTo('C1').map((m) => m.metadata?.event_payload.entry),
          [id],
        );
      } finally {
        await r.close();
      }
    });

    it('waits rather than posts while the history cannot be read, and posts nothing twice once it can', async () => {
      const r = await rig(open);
      try {
        await diedMidSend(r, true);
        r.fake.queue('conversations.history', { status: 500, body: { ok: false, error: 'internal_error' } });
        await r.outbox.drain();
        assert.equal(r.fake.postsTo('C1').length, 1, 'no second post while unsure');
        assert.match(r.outbox.status().stuck[0]?.lastError ?? '', /cannot tell whether an earlier attempt posted it/);
        const [entry] = await r.store.leaseOutbox('later', new Date(Date.now() + 3_600_000), new Date(Date.now() + 7_200_000), 1);
        assert.ok(entry?.attemptStartedAt !== null, 'the next replica will look again');
      } finally {
        await r.close();
      }
    });

    it('tags every post with the entry it delivers, and looks nothing up for an entry never tried', async () => {
      const r = await rig(open);
      try {
        await r.store.enqueue('slack:C2', 'slack', REPLY, new Date(Date.now() - 1000));
        await r.outbox.drain();
        assert.equal(r.fake.callsTo('conversations.history').length, 0);
        assert.equal(r.fake.postsTo('C2')[0]?.metadata?.event_type, OUTBOX_EVENT_TYPE);
      } finally {
        await r.close();
      }
    });
  });
}

takeoverTests('SQLite', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-takeover-'));
  const store = SqliteStore.open(path.join(dir, 'bot.sqlite'));
  return {
    store,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

takeoverTests(
  'PostgreSQL',
  async () => {
    const schema = await createTestSchema();
    const store = await PgStore.connect(schema.url, { log: silentLogger });
    return {
      store,
      close: async () => {
        await store.close();
        await schema.drop();
      },
    };
  },
  PG_SKIP,
);
