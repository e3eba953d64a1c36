import { rm } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_FLEET } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { STORE_FILE_NAME } from '../../src/infrastructure/store/open-store.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import type { ReminderStore } from '../../src/infrastructure/store/store.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { tempDataDir } from '../helpers/run-process.ts';
import { startReplica, type Replica } from '../replicas/replica-fleet.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../store/pg-schema.ts';

const REMINDERS = 1000;
const SLOT = Date.parse('2026-11-26T09:00:00Z');
/** The replicas' clocks start this long before the slot, so that every replica is up when it falls due. */
const LEAD_MS = 12_000;

interface Figures {
  readonly label: string;
  readonly wallMs: number;
  readonly posts: number;
  readonly duplicates: number;
  readonly p99DelayMs: number;
}

async function addReminders(store: ReminderStore): Promise<void> {
  const at = new Date(SLOT - 3_600_000);
  for (let i = 0; i < REMINDERS; i++) {
    const channel = `C${String(i).padStart(5, '0')}`;
    await store.addReminder(
      {
        conversationKey: `slack:${channel}`,
        platform: 'slack',
        conversationName: channel,
        cron: '0 9 * * *',
        timezone: 'UTC',
        scope: { site: null, owner: null, advisory: null },
        createdBy: 'bench',
        createdAt: at,
        checkedThrough: at,
      },
      { at, platform: 'console', actor: 'bench', actorName: null, action: 'remind add', subject: 'reminder', detail: null, reason: null },
    );
  }
}

/** Runs `replicas` bot processes on one store until every reminder posted (or two minutes passed). */
async function run(label: string, replicas: number, databaseUrl: string | null, prepare: (dataDir: string) => Promise<void>): Promise<Figures> {
  const fake = await new FakeSlack().start();
  fake.minPostIntervalMs = 1000;
  const dirs = Array.from({ length: replicas }, () => tempDataDir());
  const realOrigin = Date.now();
  const origin = SLOT - LEAD_MS;
  fake.clock = () => origin + (Date.now() - realOrigin);
  const running: Replica[] = [];
  try {
    await prepare(dirs[0] ?? '');
    running.push(
      ...(await Promise.all(
        dirs.map((dir, i) =>
          startReplica({
            NODE_ENV: 'test',
            LOG_LEVEL: 'error',
            SLACK_BOT_TOKEN: `xoxb-bench-${i}`,
            SLACK_SIGNING_SECRET: 'bench',
            SLACK_API_URL: fake.apiUrl,
            PORT: '0',
            HOST: '127.0.0.1',
            DATA_DIR: dir,
            INVENTORY_FILE: EXAMPLE_FLEET,
            CLOCK_ORIGIN: String(origin),
            CLOCK_REAL_ORIGIN: String(realOrigin),
            CLOCK_SPEED: '1',
            TICK_MS: '250',
            ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
          }),
        ),
      )),
    );
    const deadline = Date.now() + LEAD_MS + 120_000;
    while (fake.messages.length < REMINDERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // A moment more, so that a late duplicate would be counted.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const delays = fake.messages.map((m) => Number(m.ts) * 1000 - SLOT).sort((a, b) => a - b);
    const perChannel = new Map<string, number>();
    for (const m of fake.messages) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
    return {
      label,
      wallMs: delays.at(-1) ?? 0,
      posts: perChannel.size,
      duplicates: [...perChannel.values()].reduce((n, c) => n + c - 1, 0),
      p99DelayMs: delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.99) - 1)] ?? 0,
    };
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    await fake.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * 1,000 reminders due in the same minute, one channel each: one replica on SQLite beside three replicas
 * (separate processes) on one PostgreSQL database, against a fake Slack at one message per second per
 * channel. Prints wall time from the slot to the last post, posts, duplicates (target: zero) and the
 * 99th percentile of the delay between the slot and a post.
 */
export async function benchReplicas(): Promise<void> {
  console.log(`\nReplicas: ${REMINDERS} reminders due in one minute, one channel each, replicas as separate processes`);
  const rows: Figures[] = [];
  rows.push(
    await run('1 replica, SQLite', 1, null, async (dir) => {
      const store = SqliteStore.open(path.join(dir, STORE_FILE_NAME));
      await addReminders(store);
      await store.close();
    }),
  );
  if (TEST_DATABASE_URL === null) {
    console.log('  3 replicas, PostgreSQL: skipped (set TEST_DATABASE_URL to a PostgreSQL database)');
  } else {
    const schema = await createTestSchema();
    try {
      rows.push(
        await run('3 replicas, PostgreSQL', 3, schema.url, async () => {
          const store = await PgStore.connect(schema.url, { log: silentLogger });
          await addReminders(store);
          await store.close();
        }),
      );
    } finally {
      await schema.drop();
    }
  }
  for (const row of rows) {
    console.log(
      `  ${row.label.padEnd(24)} wall time ${(row.wallMs / 1000).toFixed(2).padStart(6)} s   posts ${String(row.posts).padStart(5)}   duplicates ${row.duplicates}   p99 delay after the slot ${(row.p99DelayMs / 1000).toFixed(2)} s`,
    );
  }
}
