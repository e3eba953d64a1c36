/**
 * A PostgreSQL schema of its own for one test run, so that test files running in parallel on the one
 * database never see each other's rows: its URL sets `search_path` (and an `application_name` that the
 * test can use to cut exactly its own connections).
 */
import { randomBytes } from 'node:crypto';
import process from 'node:process';
import pg from 'pg';

/** The database URL the tests were given, or null. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || null;

/** node:test's `skip` for a PostgreSQL test: false with a database, the reason without one. */
export const PG_SKIP: string | false =
  TEST_DATABASE_URL === null ? 'TEST_DATABASE_URL is not set: the PostgreSQL store was not tested (.ci/run sets it)' : false;

export interface TestSchema {
  readonly name: string;
  /** TEST_DATABASE_URL with this schema first on the search path, and the application name. */
  readonly url: string;
  readonly applicationName: string;
  /** Runs SQL in the schema (for rows the store would never write). */
  query(sql: string, values?: readonly unknown[]): Promise<pg.QueryResult>;
  /** Ends every connection of this schema's application name: what a database restart does to them. */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

export async function createTestSchema(base: string | null = TEST_DATABASE_URL): Promise<TestSchema> {
  if (base === null) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const applicationName = `screenos-test-${name}`;
  const admin = new pg.Pool({ connectionString: base, max: 2 });
  admin.on('error', () => undefined);
  await admin.query(`CREATE SCHEMA ${name}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  url.searchParams.set('application_name', applicationName);
  return {
    name,
    url: url.toString(),
    applicationName,
    async query(sql, values = []) {
      const client = await admin.connect();
      try {
        await client.query(`SET search_path = ${name}`);
        return await client.query(sql, values as unknown[]);
      } finally {
        client.release();
      }
    },
    async terminateConnections() {
      const result = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1',
        [applicationName],
      );
      return result.rowCount ?? 0;
    },
    async drop() {
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}
