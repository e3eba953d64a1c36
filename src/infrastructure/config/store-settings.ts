import path from 'node:path';
import { exists, isDirectory, optional, Refusal, refuse, setting } from './setting.ts';

/** Where the bot keeps its state: SQLite in a folder, or PostgreSQL shared by every replica. */
export const STORE_SETTINGS = {
  DATA_DIR: setting({
    meaning:
      "folder of the SQLite store (snapshot, device states, audit log), and of the console chat's charts (`charts/`) and exports (`exports/`); `cli audit` reads device states from it only when it is set",
    default: './data',
    parse: readDataDir,
  }),
  DATABASE_URL: optional({
    meaning:
      '`postgres://user:password@host:5432/db`: keep the state in PostgreSQL, shared by every replica (see [Several replicas](#several-replicas-on-postgresql)); `cli audit` reads device states from it; redacted from the log',
    note: 'SQLite in `DATA_DIR`',
    secret: true,
    parse: readDatabaseUrl,
  }),
};

/**
 * The store's folder, made absolute. It may not exist yet (the bot creates it), but it must not be a
 * file, nor lie under one; whether the bot may write there is found out when the store opens.
 */
function readDataDir(text: string): string | Refusal<string> {
  const dir = path.resolve(text);
  let existing = dir;
  while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (existing === dir && !isDirectory(dir)) return new Refusal([`“${dir}” is a file, not a folder`], dir);
  if (existing !== dir && !isDirectory(existing)) return new Refusal([`“${dir}” cannot be created: “${existing}” is a file, not a folder`], dir);
  return dir;
}

/**
 * A postgres:// or postgresql:// URL. Problems never quote the value: it may hold a password.
 */
function readDatabaseUrl(url: string): string | Refusal<string> {
  if (!URL.canParse(url)) return refuse('not a URL; expected postgres://user:password@host:5432/database');
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return refuse(`the scheme is “${parsed.protocol.replace(/:$/, '')}”; expected postgres:// or postgresql://`);
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) return refuse('names no host; expected postgres://user:password@host:5432/database');
  // The driver percent-decodes both and throws at the first query otherwise.
  if (percentDecoded(parsed.username) === null || percentDecoded(parsed.password) === null) {
    return refuse('the user name or password holds a % that starts no escape; write %25 for a percent sign');
  }
  return url;
}

/** What of DATABASE_URL must never reach the log: the whole URL, and its password as typed and decoded. */
export function databaseSecrets(url: string): string[] {
  const password = URL.canParse(url) ? new URL(url).password : '';
  if (password.length < 4) return [url];
  return [url, password, percentDecoded(password) ?? password];
}

/** The percent-decoded text, or null when a `%` starts no escape. */
function percentDecoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
