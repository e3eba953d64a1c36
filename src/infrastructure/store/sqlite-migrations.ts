import type Database from 'better-sqlite3';

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
  {
    version: 3,
    name: 'reminders, their claimed slots, and the delivery outbox',
    sql: `
      CREATE TABLE reminder (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_key TEXT NOT NULL,
        platform TEXT NOT NULL,
        conversation_name TEXT,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        site TEXT,
        owner TEXT,
        advisory TEXT,
        paused INTEGER NOT NULL DEFAULT 0,
        paused_reason TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        checked_through TEXT NOT NULL,
        last_digest_json TEXT,
        last_sent_at TEXT,
        removed INTEGER NOT NULL DEFAULT 0
      );
      -- One row per reminder and slot: inserting it is the claim, so two processes send a slot once.
      CREATE TABLE reminder_slot (
        reminder_id INTEGER NOT NULL REFERENCES reminder (id),
        slot_key TEXT NOT NULL,
        slot_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        PRIMARY KEY (reminder_id, slot_key)
      );
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_key TEXT NOT NULL,
        platform TEXT NOT NULL,
        reply_json TEXT NOT NULL,
        reminder_id INTEGER,
        slot_key TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    version: 4,
    name: 'incident briefings kept current in place',
    sql: `
      CREATE TABLE briefing (
        conversation_key TEXT NOT NULL,
        advisory TEXT NOT NULL,
        platform TEXT NOT NULL,
        message_ref TEXT NOT NULL,
        digest_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (conversation_key, advisory)
      );
    `,
  },
  {
    version: 5,
    name: 'delivery ids seen, so that a replayed request runs once across restarts',
    sql: `
      CREATE TABLE delivery_seen (
        delivery_key TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX delivery_seen_expiry ON delivery_seen (expires_at);
    `,
  },
  {
    version: 6,
    name: 'outbox attempts with unknown outcome, versioned replies, leases between processes',
    sql: `
      ALTER TABLE outbox ADD COLUMN attempt_started_at TEXT;
      -- Replies queued before this version carry no format version: they are format 1.
      UPDATE outbox SET reply_json = json_object('format', 1, 'reply', json(reply_json)) WHERE json_extract(reply_json, '$.format') IS NULL;
      CREATE TABLE lease (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'CVEs announced as newly known exploited, so that each is announced once',
    sql: `
      CREATE TABLE kev_announcement (
        cve_id TEXT PRIMARY KEY,
        announced_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'progress history for burn-down charts, and chart pictures behind expiring links',
    sql: `
      -- One row per UTC day, bulletin (or * for all), site (lower case) and status: the day's last count.
      CREATE TABLE progress_history (
        advisory TEXT NOT NULL,
        day TEXT NOT NULL,
        site TEXT NOT NULL,
        status TEXT NOT NULL,
        devices INTEGER NOT NULL,
        PRIMARY KEY (advisory, day, site, status)
      ) WITHOUT ROWID;
      CREATE INDEX progress_history_day ON progress_history (day);
      CREATE TABLE chart_image (
        token TEXT PRIMARY KEY,
        png BLOB NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX chart_image_expiry ON chart_image (expires_at);
    `,
  },
  {
    version: 9,
    name: 'files behind expiring links (exports) beside chart pictures: their media type and file name',
    // The table and its png column keep their names, so that a process of the previous release, sharing
    // the file, keeps serving charts; the rows it writes get the defaults, which describe a chart.
    sql: `
      ALTER TABLE chart_image ADD COLUMN media_type TEXT NOT NULL DEFAULT 'image/png';
      ALTER TABLE chart_image ADD COLUMN file_name TEXT NOT NULL DEFAULT 'chart.png';
    `,
  },
];

/** Applies every migration above the database's version, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    // IMMEDIATE, and the version read inside: two processes opening a new file at once apply each step once.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      // Stamped by the database, as PostgreSQL's now() does: a record of when it ran, not bot time.
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))").run(
        migration.version,
        migration.name,
      );
    }).immediate();
  }
}
