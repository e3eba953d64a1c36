import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Platform } from '../core/message.ts';
import type { Device, RejectedRow } from '../inventory/types.ts';
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts';
import type { AuditEntry, DeviceState, DeviceStateKind, Store, StoredConversation, StoredSnapshot, SyncStatus } from './store.ts';

type Row = Record<string, unknown>;

/**
 * The default store: one SQLite file (WAL mode, so readers never wait for the writer), migrated to the
 * latest schema when opened. better-sqlite3 is synchronous; the async methods keep the interface
 * open to a networked database.
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating folders and the file as needed) and migrates. `:memory:` works for tests. */
  static open(file: string, migrations: readonly Migration[] = SQLITE_MIGRATIONS): SqliteStore {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return new SqliteStore(db);
  }

  /** The schema version the database is at. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  loadSnapshot(): Promise<StoredSnapshot | null> {
    const row = this.db.prepare('SELECT * FROM inventory_snapshot WHERE id = 1').get() as Row | undefined;
    if (row === undefined) return Promise.resolve(null);
    return Promise.resolve({
      source: String(row.source),
      fetchedAt: new Date(String(row.fetched_at)),
      read: { devices: JSON.parse(String(row.devices_json)) as Device[], rejected: JSON.parse(String(row.rejected_json)) as RejectedRow[] },
    });
  }

  saveSnapshot(snapshot: StoredSnapshot): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO inventory_snapshot (id, source, fetched_at, devices_json, rejected_json) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, fetched_at = excluded.fetched_at,
           devices_json = excluded.devices_json, rejected_json = excluded.rejected_json`,
      )
      .run(snapshot.source, snapshot.fetchedAt.toISOString(), JSON.stringify(snapshot.read.devices), JSON.stringify(snapshot.read.rejected));
    return Promise.resolve();
  }

  recordSyncAttempt(status: SyncStatus): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sync_status (id, source, last_success_at, last_attempt_at, last_error) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, last_success_at = excluded.last_success_at,
           last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error`,
      )
      .run(status.source, status.lastSuccessAt?.toISOString() ?? null, status.lastAttemptAt.toISOString(), status.lastError);
    return Promise.resolve();
  }

  syncStatus(): Promise<SyncStatus | null> {
    const row = this.db.prepare('SELECT * FROM sync_status WHERE id = 1').get() as Row | undefined;
    if (row === undefined) return Promise.resolve(null);
    return Promise.resolve({
      source: String(row.source),
      lastSuccessAt: dateOrNull(row.last_success_at),
      lastAttemptAt: new Date(String(row.last_attempt_at)),
      lastError: textOrNull(row.last_error),
    });
  }

  deviceStates(): Promise<DeviceState[]> {
    const rows = this.db.prepare('SELECT * FROM device_state ORDER BY device_key').all() as Row[];
    return Promise.resolve(
      rows.map((row) => ({
        device: String(row.device),
        kind: String(row.kind) as DeviceStateKind,
        until: dateOrNull(row.until),
        reason: textOrNull(row.reason),
        actor: String(row.actor),
        changedAt: new Date(String(row.changed_at)),
      })),
    );
  }

  setDeviceState(state: DeviceState, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO device_state (device_key, device, kind, until, reason, actor, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (device_key) DO UPDATE SET device = excluded.device, kind = excluded.kind, until = excluded.until,
             reason = excluded.reason, actor = excluded.actor, changed_at = excluded.changed_at`,
        )
        .run(state.device.toLowerCase(), state.device, state.kind, state.until?.toISOString() ?? null, state.reason, state.actor, state.changedAt.toISOString());
      this.insertAudit(audit);
    })();
    return Promise.resolve();
  }

  clearDeviceState(device: string, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM device_state WHERE device_key = ?').run(device.toLowerCase());
      this.insertAudit(audit);
    })();
    return Promise.resolve();
  }

  auditLog(query: { readonly subject?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = query.limit ?? 100;
    const rows = (
      query.subject === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_log WHERE subject = ? COLLATE NOCASE ORDER BY id DESC LIMIT ?').all(query.subject, limit)
    ) as Row[];
    return Promise.resolve(
      rows.map((row) => ({
        at: new Date(String(row.at)),
        platform: String(row.platform) as Platform,
        actor: String(row.actor),
        actorName: textOrNull(row.actor_name),
        action: String(row.action),
        subject: String(row.subject),
        detail: textOrNull(row.detail),
        reason: textOrNull(row.reason),
      })),
    );
  }

  saveConversation(conversation: Omit<StoredConversation, 'active' | 'inactiveReason'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO conversation (conversation_key, platform, name, reference_json, active, inactive_reason, updated_at) VALUES (?, ?, ?, ?, 1, NULL, ?)
         ON CONFLICT (conversation_key) DO UPDATE SET platform = excluded.platform, name = COALESCE(excluded.name, conversation.name),
           reference_json = excluded.reference_json, active = 1, inactive_reason = NULL, updated_at = excluded.updated_at`,
      )
      .run(conversation.key, conversation.platform, conversation.name, JSON.stringify(conversation.reference), conversation.updatedAt.toISOString());
    return Promise.resolve();
  }

  conversation(key: string): Promise<StoredConversation | null> {
    const row = this.db.prepare('SELECT * FROM conversation WHERE conversation_key = ?').get(key) as Row | undefined;
    return Promise.resolve(row === undefined ? null : toConversation(row));
  }

  conversations(platform?: Platform): Promise<StoredConversation[]> {
    const rows = (platform === undefined
      ? this.db.prepare('SELECT * FROM conversation ORDER BY conversation_key').all()
      : this.db.prepare('SELECT * FROM conversation WHERE platform = ? ORDER BY conversation_key').all(platform)) as Row[];
    return Promise.resolve(rows.map(toConversation));
  }

  markConversationInactive(key: string, reason: string, at: Date): Promise<void> {
    this.db.prepare('UPDATE conversation SET active = 0, inactive_reason = ?, updated_at = ? WHERE conversation_key = ?').run(reason, at.toISOString(), key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private insertAudit(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, platform, actor, actor_name, action, subject, detail, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.toISOString(), entry.platform, entry.actor, entry.actorName, entry.action, entry.subject, entry.detail, entry.reason);
  }
}

/** Applies every migration above the database's version, each in its own transaction. */
function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function dateOrNull(value: unknown): Date | null {
  return typeof value === 'string' ? new Date(value) : null;
}

function toConversation(row: Row): StoredConversation {
  return {
    key: String(row.conversation_key),
    platform: String(row.platform) as Platform,
    name: textOrNull(row.name),
    reference: JSON.parse(String(row.reference_json)) as unknown,
    active: row.active === 1,
    inactiveReason: textOrNull(row.inactive_reason),
    updatedAt: new Date(String(row.updated_at)),
  };
}
