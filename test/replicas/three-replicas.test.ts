import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { EXAMPLE_FLEET } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { tempDataDir } from '../helpers/run-process.ts';
import { createTestSchema, PG_SKIP } from '../store/pg-schema.ts';
import { startReplica, type Replica } from './replica-fleet.ts';

const CHANNELS = 20;
/** The replicas' clock runs this much faster than the wall: a reminder minute every two seconds. */
const SPEED = 30;
const ORIGIN = Date.parse('2026-11-26T08:59:58Z');

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('three replicas on one PostgreSQL database, reminders due in 20 channels', { skip: PG_SKIP }, () => {
  it('post once per channel and slot, though one replica is killed mid-send and every connection is cut', { timeout: 90_000 }, async () => {
    const fake = await new FakeSlack().start();
    const schema = await createTestSchema();
    const realOrigin = Date.now();
    const botNow = (): number => ORIGIN + (Date.now() - realOrigin) * SPEED;
    fake.clock = botNow;
    // Answers come late, so that a kill finds posts that Slack took but the replica never heard about.
    for (let i = 0; i < CHANNELS; i++) fake.slowChannels.set(`C${i}`, 400);
    const store = await PgStore.connect(schema.url, { log: silentLogger });
    const dirs = [tempDataDir(), tempDataDir(), tempDataDir()];
    const replicas: Replica[] = [];
    try {
      for (let i = 0; i < CHANNELS; i++) {
        const at = new Date(ORIGIN);
        await store.addReminder(
          {
            conversationKey: `slack:C${i}`,
            platform: 'slack',
            conversationName: `ops-${i}`,
            cron: '* * * * *',
            timezone: 'UTC',
            scope: { site: null, owner: null, advisory: null },
            createdBy: 'slack:UADMIN',
            createdAt: at,
            checkedThrough: at,
          },
          { at, platform: 'slack', actor: 'slack:UADMIN', actorName: null, action: 'remind add', subject: 'reminder', detail: null, reason: null },
        );
      }
      // One token each, so that the fake tells whose post it is answering.
      const env = (dir: string, i: number): Record<string, string> => ({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        SLACK_BOT_TOKEN: `xoxb-replica-${i}`,
        SLACK_SIGNING_SECRET: 'replicas-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        DATABASE_URL: schema.url,
        INVENTORY_FILE: EXAMPLE_FLEET,
        CLOCK_ORIGIN: String(ORIGIN),
        CLOCK_REAL_ORIGIN: String(realOrigin),
        CLOCK_SPEED: String(SPEED),
        TICK_MS: '300',
      });
      replicas.push(...(await Promise.all(dirs.map((dir, i) => startReplica(env(dir, i))))));

      await until('the first slot is posted', () => fake.messages.length >= CHANNELS, 30_000);
      const seen = fake.calls.length;
      // Killed the moment Slack takes one of its posts, before the (late) answer reaches it.
      await fake.waitFor(
        (call) => fake.calls.indexOf(call) >= seen && call.method === 'chat.postMessage' && call.authorization === 'Bearer xoxb-replica-0',
        15_000,
      );
      replicas[0]?.kill();
      const afterKill = fake.messages.length;
      await until('the others post on', () => fake.messages.length >= afterKill + CHANNELS, 15_000);
      const cut = await schema.terminateConnections();
      assert.ok(cut > 0, 'the replicas’ connections were cut');
      const afterCut = fake.messages.length;
      await until('posts go on after the cut', () => fake.messages.length >= afterCut + CHANNELS, 15_000);

      // No new slots from here; whatever was claimed must go out, the killed replica's leases included.
      await schema.query('UPDATE reminder SET paused = true');
      const pending = async (): Promise<number> =>
        ((await schema.query("SELECT COUNT(*)::int AS n FROM outbox WHERE status = 'pending'")).rows[0] as { n: number }).n;
      await until('every queued post is delivered', async () => (await pending()) === 0, 30_000);
      await Promise.all(replicas.slice(1).map((r) => r.stop()));

      const { rows } = await schema.query(
        'SELECT o.id, o.conversation_key, o.status FROM outbox o JOIN reminder_slot s ON s.reminder_id = o.reminder_id AND s.slot_key = o.slot_key ORDER BY o.id',
      );
      const entries = rows as { id: number; conversation_key: string; status: string }[];
      assert.deepEqual(
        entries.filter((e) => e.status !== 'sent'),
        [],
        'nothing lost',
      );
      const postsOf = new Map<number, number>();
      for (const message of fake.messages) {
        const entry = Number(message.metadata?.event_payload.entry);
        postsOf.set(entry, (postsOf.get(entry) ?? 0) + 1);
      }
      const doubled = [...postsOf].filter(([, n]) => n > 1);
      assert.deepEqual(doubled, [], 'no entry posted twice');
      assert.equal(fake.messages.length, entries.length, 'one post per claimed slot, none besides');
      for (const entry of entries) assert.equal(postsOf.get(entry.id), 1, `entry ${entry.id} (${entry.conversation_key}) posted once`);
      const slots = (await schema.query("SELECT COUNT(*)::int AS n FROM reminder_slot WHERE outcome = 'queued'")).rows[0] as { n: number };
      assert.equal(slots.n, entries.length);
      assert.ok(fake.callsTo('conversations.history').length > 0, 'the killed replica’s unfinished posts were looked up before anything was posted again');
      for (let i = 0; i < CHANNELS; i++) assert.ok(fake.postsTo(`C${i}`).length >= 3, `C${i} got a post for each of several slots`);
    } finally {
      for (const replica of replicas) replica.kill();
      await store.close();
      await fake.stop();
      await schema.drop();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
