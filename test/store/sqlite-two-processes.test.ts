import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { cardReply } from '../../src/chat/reply.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

const ENTRIES = 400;
const WORKER = path.join(PROJECT_ROOT, 'test', 'store', 'lease-outbox-worker.ts');

interface Worker {
  ready: Promise<void>;
  go(): void;
  result: Promise<{ leased: number[]; errors: string[] }>;
}

/** A child process leasing from `file` as `owner`; it starts leasing on {@link Worker.go}. */
function worker(file: string, owner: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file, owner], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let markReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<{ leased: number[]; errors: string[] }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady();
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`worker ${owner} exited with ${String(code)}: ${stderr}`));
      else resolve(JSON.parse(last) as { leased: number[]; errors: string[] });
    });
  });
  return { ready, go: () => child.stdin.end(), result };
}

describe('two processes sharing one SQLite store', () => {
  it('lease disjoint outbox entries at the same time, every entry once, and never fail with SQLITE_BUSY', { timeout: 120_000 }, async () => {
    // On a loaded machine one process may lease everything before the other is scheduled; that run proves
    // nothing about contention, so it is run again (each run still checks that nothing failed or doubled).
    let tookPart = false;
    for (let run = 0; run < 3 && !tookPart; run++) tookPart = await leaseTogether();
    assert.ok(tookPart, 'both processes took part in one of three runs');
  });
});

/** One run: two processes lease the same outbox; true when both leased something. */
async function leaseTogether(): Promise<boolean> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-two-'));
  try {
    const file = path.join(dir, 'bot.sqlite');
    const store = SqliteStore.open(file);
    const reply = cardReply({ title: 'Reminder', tone: 'info', elements: [], actions: [] });
    const queuedAt = new Date(Date.now() - 60_000);
    for (let i = 0; i < ENTRIES; i++) await store.enqueue(`slack:C${i % 20}`, 'slack', reply, queuedAt);
    await store.close();

    const workers = [worker(file, 'first'), worker(file, 'second')];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const [first, second] = await Promise.all(workers.map((w) => w.result));
    assert.ok(first !== undefined && second !== undefined);

    assert.deepEqual([...first.errors, ...second.errors], [], 'no lease failed');
    const both = [...first.leased, ...second.leased];
    assert.equal(new Set(both).size, both.length, 'no entry was leased by both');
    assert.equal(both.length, ENTRIES, 'every entry was leased');
    return first.leased.length > 0 && second.leased.length > 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
