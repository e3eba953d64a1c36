/**
 * One of two processes leasing the same SQLite outbox: opens the store named on the command line, waits
 * for the end of stdin (so both start together), then leases entries a few at a time and marks each sent
 * until none is left. Prints one JSON line: the ids it leased and every error it met.
 */
import process from 'node:process';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';

const [file, owner] = process.argv.slice(2);
if (file === undefined || owner === undefined) throw new Error('usage: lease-outbox-worker <store file> <owner>');
const store = SqliteStore.open(file);
process.stdout.write('ready\n');
process.stdin.resume();
await new Promise((resolve) => process.stdin.on('end', resolve));
const leased: number[] = [];
const errors: string[] = [];
for (let idle = 0; idle < 3;) {
  try {
    const now = new Date();
    const entries = await store.leaseOutbox(owner, now, new Date(now.getTime() + 60_000), 2);
    idle = entries.length === 0 ? idle + 1 : 0;
    for (const entry of entries) {
      leased.push(entry.id);
      await store.completeOutbox(entry.id, { kind: 'sent', at: new Date() });
    }
  } catch (error) {
    errors.push(`${(error as { code?: string }).code ?? 'error'}: ${(error as Error).message}`);
    if (errors.length > 50) break;
  }
}
await store.close();
process.stdout.write(JSON.stringify({ leased, errors }) + '\n');
