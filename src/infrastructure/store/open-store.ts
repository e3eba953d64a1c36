import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { BotError } from '../../domain/errors.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { RetryPolicy } from './pg/pg-database.ts';
import { PgStore } from './pg/pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** The database's name inside DATA_DIR. */
export const STORE_FILE_NAME = 'screenos-bot.sqlite';

/**
 * Opens the configured store: PostgreSQL when `databaseUrl` is set (every replica shares it), SQLite in
 * `dataDir` otherwise. Either way a failure is one `store_unavailable` error naming the setting at fault.
 */
export async function openConfiguredStore(
  config: { readonly dataDir: string; readonly databaseUrl: string | null },
  log: Logger,
  clock: Clock,
  retry?: RetryPolicy,
): Promise<Store> {
  if (config.databaseUrl === null) return openStore(config.dataDir);
  try {
    return await PgStore.connect(config.databaseUrl, { log, clock, ...(retry === undefined ? {} : { retry }) });
  } catch (error) {
    throw new BotError('store_unavailable', `DATABASE_URL: cannot use PostgreSQL at ${describeDatabase(config.databaseUrl)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** host:port/database of a PostgreSQL URL, without user or password. */
export function describeDatabase(url: string): string {
  if (!URL.canParse(url)) return 'the URL given';
  const parsed = new URL(url);
  return `${parsed.hostname}${parsed.port === '' ? '' : `:${parsed.port}`}${parsed.pathname}`;
}

/**
 * Opens the SQLite store in `dataDir`, creating the folder as needed. Whatever goes wrong becomes one
 * `store_unavailable` error that names DATA_DIR, the folder or file, and what to do, instead of a
 * file-system or SQLite stack trace.
 */
export function openStore(dataDir: string): SqliteStore {
  try {
    createFolders(dataDir);
  } catch (error) {
    throw new BotError('store_unavailable', `DATA_DIR: cannot create the folder “${dataDir}”: ${describeStoreError(error)}`, { cause: error });
  }
  const file = path.join(dataDir, STORE_FILE_NAME);
  try {
    return SqliteStore.open(file);
  } catch (error) {
    throw new BotError('store_unavailable', `DATA_DIR: cannot open the store “${file}”: ${describeStoreError(error)}`, { cause: error });
  }
}

/**
 * Creates the missing folders one level at a time. Node's recursive mkdir retries for ever when a
 * file system answers ENOENT for a parent that exists (/proc does): one level at a time fails instead.
 */
function createFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) mkdirSync(folder);
}

/** What a file-system or SQLite error code means for the store, in words an operator can act on. */
function describeStoreError(error: unknown): string {
  const { code: given } = error as { code?: unknown };
  const code = typeof given === 'string' ? given : '';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `permission denied (${code}); the bot’s user must be able to write there`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `a folder on the way does not exist or is not a folder (${code})`;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'SQLITE_NOTADB') return 'the file is not an SQLite database; move it away and the bot starts with an empty store';
  if (code === 'SQLITE_CORRUPT') return 'the database is damaged; restore it from a backup, or move it away to start with an empty store';
  if (code === 'SQLITE_CANTOPEN') return 'the file cannot be opened (is it a folder, or is DATA_DIR read-only?)';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only; the bot’s user must be able to write it';
  if (code === 'SQLITE_BUSY') return 'another process holds the database locked';
  const message = error instanceof Error ? error.message : String(error);
  return code === '' ? message : `${message} (${code})`;
}
