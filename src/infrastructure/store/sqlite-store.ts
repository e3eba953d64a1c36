import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Platform } from '../../chat/message.ts';
import type { Reply } from '../../chat/reply.ts';
import { encodeReply } from './reply-format.ts';
import { toAudit, toBriefing, toConversation, toDeviceState, toOutboxEntry, toReminder, toSnapshot, toSyncStatus } from './row-mappers.ts';
import { migrate, SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts';
import { SqliteDeliveryMarks } from './sqlite-delivery-marks.ts';
import { SqliteProgress } from './sqlite-progress.ts';
import type {
  AuditEntry,
  DeviceState,
  NewReminder,
  OutboxEntry,
  QueuedMessage,
  OutboxOutcome,
  ReminderRecord,
  SlotAction,
  Store,
  StoreHealth,
  StoredBriefing,
  StoredConversation,
  StoredSnapshot,
  SyncStatus,
} from './store.ts';

/** How long a statement waits for another process's write lock before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The default store: one SQLite file (WAL mode, so readers never wait for the writer), migrated to the
 * latest schema when opened. better-sqlite3 is synchronous; the async methods keep the interface
 * open to a networked database.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly progress: SqliteProgress;
  private readonly deliveryMarks: SqliteDeliveryMarks;

  private constructor(db: Database.Database) {
    this.db = db;
    this.progress = new SqliteProgress(db);
    this.deliveryMarks = new SqliteDeliveryMarks(db);
  }

  /** Opens (creating folders and the file as needed) and migrates. `:memory:` works for tests. */
  static open(file: string, migrations: readonly Migration[] = SQLITE_MIGRATIONS): SqliteStore {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    // First, so that everything after it (switching to WAL included) waits for another process's write
    // lock instead of failing with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return new SqliteStore(db);
  }

  /** A local file is there or the process could not have opened it. */
  health(): StoreHealth {
    return { kind: 'sqlite', reachable: this.db.open, lastError: null };
  }

  /** The schema version the database is at. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  loadSnapshot(): Promise<StoredSnapshot | null> {
    const row = this.db.prepare('SELECT * FROM inventory_snapshot WHERE id = 1').get();
    return settle(() => (row === undefined ? null : toSnapshot(row)));
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
    const row = this.db.prepare('SELECT * FROM sync_status WHERE id = 1').get();
    return settle(() => (row === undefined ? null : toSyncStatus(row)));
  }

  deviceStates(): Promise<DeviceState[]> {
    return settle(() => this.db.prepare('SELECT * FROM device_state ORDER BY device_key').all().map(toDeviceState));
  }

  setDeviceState(state: DeviceState, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO device_state (device_key, device, kind, until, reason, actor, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (device_key) DO UPDATE SET device = excluded.device, kind = excluded.kind, until = excluded.until,
             reason = excluded.reason, actor = excluded.actor, changed_at = excluded.changed_at`,
        )
        .run(
          state.device.toLowerCase(),
          state.device,
          state.kind,
          state.until?.toISOString() ?? null,
          state.reason,
          state.actor,
          state.changedAt.toISOString(),
        );
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
    const rows =
      query.subject === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_log WHERE subject = ? COLLATE NOCASE ORDER BY id DESC LIMIT ?').all(query.subject, limit);
    return settle(() => rows.map(toAudit));
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
    const row = this.db.prepare('SELECT * FROM conversation WHERE conversation_key = ?').get(key);
    return settle(() => (row === undefined ? null : toConversation(row)));
  }

  conversations(platform?: Platform): Promise<StoredConversation[]> {
    const rows =
      platform === undefined
        ? this.db.prepare('SELECT * FROM conversation ORDER BY conversation_key').all()
        : this.db.prepare('SELECT * FROM conversation WHERE platform = ? ORDER BY conversation_key').all(platform);
    return settle(() => rows.map(toConversation));
  }

  markConversationInactive(key: string, reason: string, at: Date): Promise<void> {
    this.db.prepare('UPDATE conversation SET active = 0, inactive_reason = ?, updated_at = ? WHERE conversation_key = ?').run(reason, at.toISOString(), key);
    return Promise.resolve();
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    this.insertAudit(entry);
    return Promise.resolve();
  }

  addReminder(reminder: NewReminder, audit: AuditEntry): Promise<ReminderRecord> {
    const id = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO reminder (conversation_key, platform, conversation_name, cron, timezone, site, owner, advisory, created_by, created_at, checked_through)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          reminder.conversationKey,
          reminder.platform,
          reminder.conversationName,
          reminder.cron,
          reminder.timezone,
          reminder.scope.site,
          reminder.scope.owner,
          reminder.scope.advisory,
          reminder.createdBy,
          reminder.createdAt.toISOString(),
          reminder.checkedThrough.toISOString(),
        );
      this.insertAudit({ ...audit, subject: `reminder ${Number(result.lastInsertRowid)}` });
      return Number(result.lastInsertRowid);
    })();
    return settle(() => toReminder(this.db.prepare('SELECT * FROM reminder WHERE id = ?').get(id)));
  }

  reminders(): Promise<ReminderRecord[]> {
    return settle(() => this.db.prepare('SELECT * FROM reminder WHERE removed = 0 ORDER BY id').all().map(toReminder));
  }

  updateReminder(
    id: number,
    patch: { readonly paused?: boolean; readonly pausedReason?: string | null; readonly checkedThrough?: Date },
    audit?: AuditEntry,
  ): Promise<void> {
    this.db.transaction(() => {
      if (patch.paused !== undefined)
        this.db.prepare('UPDATE reminder SET paused = ?, paused_reason = ? WHERE id = ?').run(patch.paused ? 1 : 0, patch.pausedReason ?? null, id);
      if (patch.checkedThrough !== undefined) {
        // Never move backwards: two processes may plan the same minute.
        this.db
          .prepare('UPDATE reminder SET checked_through = ? WHERE id = ? AND checked_through < ?')
          .run(patch.checkedThrough.toISOString(), id, patch.checkedThrough.toISOString());
      }
      if (audit !== undefined) this.insertAudit(audit);
    })();
    return Promise.resolve();
  }

  removeReminder(id: number, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE reminder SET removed = 1 WHERE id = ?').run(id);
      this.insertAudit(audit);
    })();
    return Promise.resolve();
  }

  claimSlot(reminder: ReminderRecord, slot: { readonly key: string; readonly at: Date }, claimedBy: string, action: SlotAction, now: Date): Promise<boolean> {
    // IMMEDIATE takes the write lock before the first statement, waiting (busy_timeout) while another
    // process holds it; a deferred transaction that reads first fails at once with SQLITE_BUSY when another
    // process wrote in between, since waiting could not make its snapshot current.
    const claimed = this.db
      .transaction(() => {
        const inserted = this.db
          .prepare('INSERT OR IGNORE INTO reminder_slot (reminder_id, slot_key, slot_at, claimed_by, claimed_at, outcome) VALUES (?, ?, ?, ?, ?, ?)')
          .run(reminder.id, slot.key, slot.at.toISOString(), claimedBy, now.toISOString(), action.kind === 'post' ? 'queued' : 'quiet');
        if (inserted.changes === 0) return false;
        if (action.kind === 'post') {
          this.insertOutbox(reminder.conversationKey, reminder.platform, action.reply, now, reminder.id, slot.key);
          this.db
            .prepare('UPDATE reminder SET last_digest_json = ?, last_sent_at = ? WHERE id = ?')
            .run(JSON.stringify(action.digest), now.toISOString(), reminder.id);
        }
        return true;
      })
      .immediate();
    return Promise.resolve(claimed);
  }

  enqueue(conversationKey: string, platform: Platform, reply: Reply, now: Date): Promise<void> {
    this.insertOutbox(conversationKey, platform, reply, now, null, null);
    return Promise.resolve();
  }

  leaseOutbox(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxEntry[]> {
    const at = now.toISOString();
    const leased = this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_attempt_at, id LIMIT ?`,
          )
          .all(at, at, limit) as { id: number }[];
        const lease = this.db.prepare('UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?');
        for (const row of rows) lease.run(owner, leaseUntil.toISOString(), row.id);
        return rows;
      })
      .immediate(); // The write lock first, as in claimSlot: this reads, then writes.
    // Rows are checked after the lock is let go: other processes wait on it.
    return settle(() => leased.map(toOutboxEntry));
  }

  startAttempt(id: number, at: Date): Promise<void> {
    this.db.prepare('UPDATE outbox SET attempt_started_at = ? WHERE id = ?').run(at.toISOString(), id);
    return Promise.resolve();
  }

  completeOutbox(id: number, outcome: OutboxOutcome): Promise<void> {
    if (outcome.kind === 'sent') {
      this.db
        .prepare(
          "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + ?, attempt_started_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?",
        )
        .run(outcome.attempts ?? 1, outcome.at.toISOString(), id);
    } else if (outcome.kind === 'retry') {
      // An attempt whose outcome is unknown keeps its start, so that the next one looks before posting.
      this.db
        .prepare(
          `UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL${outcome.outcomeUnknown === true ? '' : ', attempt_started_at = NULL'} WHERE id = ?`,
        )
        .run(outcome.attempts ?? 1, outcome.at.toISOString(), outcome.error, id);
    } else {
      this.db
        .prepare(
          "UPDATE outbox SET status = 'failed', attempts = attempts + ?, last_error = ?, attempt_started_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?",
        )
        .run(outcome.attempts ?? 1, outcome.error, id);
    }
    return Promise.resolve();
  }

  private insertOutbox(conversationKey: string, platform: Platform, reply: Reply, now: Date, reminderId: number | null, slotKey: string | null): void {
    this.db
      .prepare(
        `INSERT INTO outbox (conversation_key, platform, reply_json, reminder_id, slot_key, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(conversationKey, platform, encodeReply(reply), reminderId, slotKey, now.toISOString(), now.toISOString());
  }

  saveBriefing(briefing: StoredBriefing): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO briefing (conversation_key, advisory, platform, message_ref, digest_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_key, advisory) DO UPDATE SET message_ref = excluded.message_ref, digest_json = excluded.digest_json, updated_at = excluded.updated_at`,
      )
      .run(
        briefing.conversationKey,
        briefing.advisory,
        briefing.platform,
        briefing.messageRef,
        briefing.digest,
        briefing.updatedAt.toISOString(),
        briefing.updatedAt.toISOString(),
      );
    return Promise.resolve();
  }

  briefings(): Promise<StoredBriefing[]> {
    return settle(() => this.db.prepare('SELECT * FROM briefing ORDER BY created_at').all().map(toBriefing));
  }

  announceKnownExploited(cveId: string, messages: readonly QueuedMessage[], now: Date): Promise<boolean> {
    // As claimSlot: the write lock first, and the record and the messages together or not at all.
    const first = this.db
      .transaction(() => {
        const inserted = this.db
          .prepare('INSERT OR IGNORE INTO kev_announcement (cve_id, announced_at) VALUES (?, ?)')
          .run(cveId.toUpperCase(), now.toISOString());
        if (inserted.changes === 0) return false;
        for (const message of messages) this.insertOutbox(message.conversationKey, message.platform, message.reply, now, null, null);
        return true;
      })
      .immediate();
    return Promise.resolve(first);
  }

  markDelivery(key: string, at: Date, expiresAt: Date): Promise<boolean> {
    // Every Slack request passes here: the marks of one event-loop turn share a commit (sqlite-delivery-marks.ts).
    return this.deliveryMarks.mark(key, at, expiresAt);
  }

  acquireLease(name: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const changes = this.db
      .prepare(
        `INSERT INTO lease (name, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE lease.owner = excluded.owner OR lease.expires_at <= ?`,
      )
      .run(name, owner, until.toISOString(), now.toISOString()).changes;
    return Promise.resolve(changes === 1);
  }

  releaseLease(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM lease WHERE name = ? AND owner = ?').run(name, owner);
    return Promise.resolve();
  }

  // Progress history and the files behind links (chart pictures, exports) live in sqlite-progress.ts.
  readonly recordProgress: Store['recordProgress'] = (day, counts) => settle(() => this.progress.record(day, counts));
  readonly progressHistory: Store['progressHistory'] = (query) => settle(() => this.progress.history(query));
  readonly pruneProgress: Store['pruneProgress'] = (before) => settle(() => this.progress.prune(before));
  readonly saveLinkedFile: Store['saveLinkedFile'] = (file) => settle(() => this.progress.saveFile(file));
  readonly linkedFile: Store['linkedFile'] = (token, now) => settle(() => this.progress.file(token, now));

  close(): Promise<void> {
    this.deliveryMarks.flush();
    this.db.close();
    return Promise.resolve();
  }

  private insertAudit(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, platform, actor, actor_name, action, subject, detail, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.toISOString(), entry.platform, entry.actor, entry.actorName, entry.action, entry.subject, entry.detail, entry.reason);
  }
}

/** The value of `work` as a promise, rejected (never thrown) when a row fails its checks. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
