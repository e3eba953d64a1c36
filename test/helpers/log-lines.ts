/** One JSON log line, parsed. */
export type LogEntry = Readonly<Record<string, unknown>>;

interface Waiter {
  readonly predicate: (entry: LogEntry) => boolean;
  readonly count: number;
  readonly resolve: (entries: LogEntry[]) => void;
}

/**
 * The lines a test's logger writes (pass {@link write} to `createLogger`), and a barrier on them. Where the
 * bot decides to do nothing (a duplicate delivery, a request from another workspace), the log line it writes
 * is the only trace of the decision: waiting for it, rather than for a fixed time, makes "nothing was posted"
 * a statement about a request the bot has finished with.
 */
export class LogLines {
  readonly lines: string[] = [];
  private readonly waiters: Waiter[] = [];

  readonly write = (line: string): void => {
    this.lines.push(line);
    for (const waiter of [...this.waiters]) {
      const matching = this.matching(waiter.predicate);
      if (matching.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(matching);
      }
    }
  };

  /** Every line written so far, parsed. */
  entries(): LogEntry[] {
    return this.lines.map((line) => JSON.parse(line) as LogEntry);
  }

  /**
   * Resolves with the matching entries once `count` lines (already written or still to come) match.
   * The timeout only turns a line that never comes into a failure instead of a hung test.
   */
  waitFor(predicate: (entry: LogEntry) => boolean, count = 1, timeoutMs = 5000): Promise<LogEntry[]> {
    const matching = this.matching(predicate);
    if (matching.length >= count) return Promise.resolve(matching);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`only ${this.matching(predicate).length} of ${count} matching log lines within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        count,
        resolve: (entries) => {
          clearTimeout(timer);
          resolve(entries);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private matching(predicate: (entry: LogEntry) => boolean): LogEntry[] {
    return this.entries().filter(predicate);
  }
}
