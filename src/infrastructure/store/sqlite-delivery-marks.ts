import type Database from 'better-sqlite3';

interface PendingMark {
  readonly key: string;
  readonly at: string;
  readonly expiresAt: string;
  readonly resolve: (first: boolean) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Delivery ids marked in SQLite, with the marks asked for in one turn of the event loop committed together.
 *
 * Every Slack request is marked before its handler runs, and a commit (the WAL frames, the locks, now and
 * then a checkpoint with its fsync) costs far more than the row it adds: under load, the requests read in
 * the same turn share one commit instead of queueing one each. A mark still resolves only once its row is
 * committed, so a handler runs only after its delivery id is in the store, where every process on the
 * file sees it.
 */
export class SqliteDeliveryMarks {
  private pending: PendingMark[] = [];
  /** Compiled on first use: a store opened at an older schema (a migration test) has no delivery_seen table. */
  private commit: ((marks: readonly PendingMark[]) => boolean[]) | null = null;

  constructor(private readonly db: Database.Database) {}

  /** True the first time `key` is marked while unexpired, false for every repeat; settles once committed. */
  mark(key: string, at: Date, expiresAt: Date): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, at: at.toISOString(), expiresAt: expiresAt.toISOString(), resolve, reject });
      // After the I/O callbacks of this turn: the requests that arrived together are marked together.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits the pending marks now (the store calls it before closing). */
  flush(): void {
    const marks = this.pending;
    if (marks.length === 0) return;
    this.pending = [];
    let firsts: boolean[];
    try {
      this.commit ??= compileCommit(this.db);
      firsts = this.commit(marks);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const mark of marks) mark.reject(failure);
      return;
    }
    marks.forEach((mark, i) => mark.resolve(firsts[i] === true));
  }
}

/** One transaction for a batch: expired ids pruned, then each id inserted unless an unexpired row holds it. */
function compileCommit(db: Database.Database): (marks: readonly PendingMark[]) => boolean[] {
  const forget = db.prepare('DELETE FROM delivery_seen WHERE expires_at <= ?');
  // An expired row of the same id is taken over, so the answer is the same whenever expired rows are pruned.
  const insert = db.prepare(
    `INSERT INTO delivery_seen (delivery_key, seen_at, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (delivery_key) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at
     WHERE delivery_seen.expires_at <= excluded.seen_at`,
  );
  return db.transaction((marks: readonly PendingMark[]) => {
    forget.run(marks.reduce((earliest, mark) => (mark.at < earliest ? mark.at : earliest), marks[0]?.at ?? ''));
    return marks.map((mark) => insert.run(mark.key, mark.at, mark.expiresAt).changes === 1);
  });
}
