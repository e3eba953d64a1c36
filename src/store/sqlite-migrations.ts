/**
 * The SQLite schema, one step per version. A step is never edited once shipped: a change is a new step,
 * applied in order inside a transaction at start and recorded in `schema_migrations`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inventory snapshot, sync status, device state, audit log',
    sql: `
      CREATE TABLE inventory_snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        source TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        devices_json TEXT NOT NULL,
        rejected_json TEXT NOT NULL
      );
      CREATE TABLE sync_status (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        source TEXT NOT NULL,
        last_success_at TEXT,
        last_attempt_at TEXT NOT NULL,
        last_error TEXT
      );
      CREATE TABLE device_state (
        device_key TEXT PRIMARY KEY,
        device TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('acknowledged', 'snoozed', 'accepted')),
        until TEXT,
        reason TEXT,
        actor TEXT NOT NULL,
        changed_at TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT,
        reason TEXT
      );
      CREATE INDEX audit_log_subject ON audit_log (subject COLLATE NOCASE, id);
      -- The audit log is append-only: the database itself refuses edits and deletions.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'conversations the bot may post to on its own',
    sql: `
      CREATE TABLE conversation (
        conversation_key TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        name TEXT,
        reference_json TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        updated_at TEXT NOT NULL
      );
    `,
  },
];
