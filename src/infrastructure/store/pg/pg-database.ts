import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { repeat, systemClock, type CancelTimer, type Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import type { Migration } from '../sqlite-migrations.ts';

/** What runs queries: a pool, or the client of a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** How queries wait for a database that went away; tests make it short. */
export interface RetryPolicy {
  /** Attempts in all before the error reaches the caller. */
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** How often a probe checks the database is there, so that `/healthz` knows even when nothing queries. */
  readonly probeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, firstDelayMs: 100, maxDelayMs: 3000, probeMs: 5000 };

/** SQLSTATE classes and codes after which the same statement may well succeed on a new connection. */
const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|Client was closed/i;

/**
 * True for a connection lost or refused, the server shutting down (57P01), any connection exception
 * (class 08), too many connections, and serialization failures or deadlocks: worth another try.
 */
export function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}

/** Journal rows older than this are forgotten: a retry comes within seconds. */
const JOURNAL_KEEP = '15 minutes';
const JOURNAL_PRUNE_EVERY = 500;

/**
 * A PostgreSQL pool that outlives the database going away. Every query is retried with backoff on a
 * transient error; a write transaction carries an id recorded in `applied_write` with its result, so a
 * write retried after the connection dropped during COMMIT (when nobody knows whether it happened)
 * returns what it did instead of doing it twice. Reachability is tracked for `/healthz`.
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  private reachable = true;
  private lastError: string | null = null;
  private stopProbe: CancelTimer | null = null;
  private writes = 0;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Times the backoff between attempts and the reachability probe. */
    private readonly clock: Clock = systemClock,
  ) {
    this.pool = new pg.Pool({
      connectionString,
      max: 10,
      connectionTimeoutMillis: 10_000,
      ...(connectionString.includes('application_name=') ? {} : { application_name: 'screenos-bot' }),
    });
    // An idle connection the server ended (a restart, pg_terminate_backend) is reported here; without a
    // listener node would end the process. The next query opens a new one.
    this.pool.on('error', (error) => {
      this.log.warn('store: an idle database connection was closed', { error: error.message });
    });
    // A connection that dies reports it as an 'error' event, sometimes after its statement already failed
    // and it left the pool, where nobody listens and node would end the process. The statement's own
    // failure is what counts (it is retried); the event is only heard.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  health(): { readonly reachable: boolean; readonly lastError: string | null } {
    return { reachable: this.reachable, lastError: this.lastError };
  }

  /** A read (or a write that may be repeated as it is), retried on transient errors. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.withRetry(() => this.pool.query<R>(sql, values as unknown[]));
  }

  /**
   * Runs `work` in a transaction, once: retried from the start on a transient error, unless an earlier
   * try committed, in which case its recorded result comes back. The result must survive JSON (dates
   * come back as ISO text, which the row checks accept).
   */
  async write<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const id = randomUUID();
    if (++this.writes % JOURNAL_PRUNE_EVERY === 0) void this.pruneJournal();
    return this.withRetry(async (attempt) => {
      const client = await this.checkout();
      let broken = false;
      try {
        if (attempt > 0) {
          const done = await client.query<{ result_json: string }>('SELECT result_json FROM applied_write WHERE id = $1', [id]);
          if (done.rows[0] !== undefined) return JSON.parse(done.rows[0].result_json) as T;
        }
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('INSERT INTO applied_write (id, result_json) VALUES ($1, $2)', [id, JSON.stringify(result ?? null)]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = isTransient(error);
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed is not handed out again.
        client.release(broken);
      }
    });
  }

  /**
   * Applies the migrations the database lacks, under a session advisory lock: replicas starting at the
   * same moment wait for each other, and each step is applied once, in its own transaction.
   */
  async migrate(migrations: readonly Migration[]): Promise<void> {
    await this.withRetry(async () => {
      const client = await this.checkout();
      let broken = false;
      try {
        // Keyed by schema, so that databases shared by several deployments (or test runs) do not wait on each other.
        await client.query("SELECT pg_advisory_lock(hashtext(current_schema() || ' screenos-bot migrations'))");
        try {
          await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
          const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
          for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
            if (applied.has(migration.version)) continue;
            await client.query('BEGIN');
            try {
              await client.query(migration.sql);
              await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
            }
          }
        } finally {
          await client.query("SELECT pg_advisory_unlock(hashtext(current_schema() || ' screenos-bot migrations'))").catch(() => undefined);
        }
      } catch (error) {
        broken = isTransient(error);
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  /** A client of its own, for a transaction. */
  private checkout(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopProbe?.();
    this.stopProbe = null;
    await this.pool.end();
  }

  private async withRetry<T>(run: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await run(attempt);
        this.markReachable();
        return result;
      } catch (error) {
        if (!isTransient(error) || this.closed) throw error;
        const { code } = error as { code?: unknown };
        if (code !== '40001' && code !== '40P01') this.markUnreachable(error);
        if (attempt + 1 >= this.retry.attempts) throw error;
        const delay = Math.min(this.retry.maxDelayMs, this.retry.firstDelayMs * 2 ** attempt);
        await this.clock.sleep(delay / 2 + (Math.random() * delay) / 2);
      }
    }
  }

  private markReachable(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.lastError = null;
    this.log.info('store: the database is reachable again');
  }

  private markUnreachable(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    if (!this.reachable) return;
    this.reachable = false;
    this.log.warn('store: the database cannot be reached; retrying', { error: this.lastError });
  }

  /** Starts the probe: a `SELECT 1` every `probeMs`, never keeping the process alive. */
  startProbe(): void {
    this.stopProbe ??= repeat(this.clock, this.retry.probeMs, () => {
      this.pool.query('SELECT 1').then(
        () => this.markReachable(),
        (failure: unknown) => {
          if (!this.closed && isTransient(failure)) this.markUnreachable(failure);
        },
      );
    });
  }

  private async pruneJournal(): Promise<void> {
    try {
      await this.pool.query(`DELETE FROM applied_write WHERE applied_at < now() - interval '${JOURNAL_KEEP}'`);
    } catch (error) {
      this.log.debug('store: could not prune the write journal', { error: (error as Error).message });
    }
  }
}
