import type { Platform } from '../../../chat/message.ts';
import type { Reply } from '../../../chat/reply.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import { encodeReply } from '../reply-format.ts';
import { toAudit, toBriefing, toConversation, toDeviceState, toOutboxEntry, toReminder, toSnapshot, toSyncStatus } from '../row-mappers.ts';
import type {
  AuditEntry,
  DeviceState,
  NewReminder,
  OutboxEntry,
  OutboxOutcome,
  QueuedMessage,
  ReminderRecord,
  SlotAction,
  Store,
  StoreHealth,
  StoredBriefing,
  StoredConversation,
  StoredSnapshot,
  SyncStatus,
} from '../store.ts';
import { DEFAULT_RETRY, PgDatabase, type Queryable, type RetryPolicy } from './pg-database.ts';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import { PgProgress } from './pg-progress.ts';

export interface PgStoreOptions {
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  /** Times retries and the reachability probe; the machine's unless given. */
  readonly clock?: Clock;
}

/**
 * The store on PostgreSQL, for several replicas sharing one truth: reminder slots are claimed with a
 * unique key (`ON CONFLICT DO NOTHING`), the outbox is leased with `FOR UPDATE SKIP LOCKED`, delivery
 * ids and leases are rows with an expiry. Every write is one transaction, retried without doubling
 * when the connection drops (see {@link PgDatabase}).
 */
export class PgStore implements Store {
  readonly kind = 'postgres';

  private readonly progress: PgProgress;

  private constructor(readonly database: PgDatabase) {
    this.progress = new PgProgress(database);
  }

  /** Connects (waiting, with backoff, for a database that is starting) and migrates. */
  static async connect(url: string, options: PgStoreOptions): Promise<PgStore> {
    const database = new PgDatabase(url, options.log, options.retry ?? DEFAULT_RETRY, options.clock);
    try {
      await database.migrate(PG_MIGRATIONS);
    } catch (error) {
      await database.close();
      throw error;
    }
    database.startProbe();
    return new PgStore(database);
  }

  health(): StoreHealth {
    return { kind: 'postgres', ...this.database.health() };
  }

  async loadSnapshot(): Promise<StoredSnapshot | null> {
    const { rows } = await this.database.query('SELECT * FROM inventory_snapshot WHERE id = 1');
    return rows[0] === undefined ? null : toSnapshot(rows[0]);
  }

  async saveSnapshot(snapshot: StoredSnapshot): Promise<void> {
    await this.database.query(
      `INSERT INTO inventory_snapshot (id, source, fetched_at, devices_json, rejected_json) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET source = excluded.source, fetched_at = excluded.fetched_at, devices_json = excluded.devices_json, rejected_json = excluded.rejected_json`,
      [snapshot.source, snapshot.fetchedAt, JSON.stringify(snapshot.read.devices), JSON.stringify(snapshot.read.rejected)],
    );
  }

  async recordSyncAttempt(status: SyncStatus): Promise<void> {
    await this.database.query(
      `INSERT INTO sync_status (id, source, last_success_at, last_attempt_at, last_error) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET source = excluded.source, last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error`,
      [status.source, status.lastSuccessAt, status.lastAttemptAt, status.lastError],
    );
  }

  async syncStatus(): Promise<SyncStatus | null> {
    const { rows } = await this.database.query('SELECT * FROM sync_status WHERE id = 1');
    return rows[0] === undefined ? null : toSyncStatus(rows[0]);
  }

  async deviceStates(): Promise<DeviceState[]> {
    return (await this.database.query('SELECT * FROM device_state ORDER BY device_key')).rows.map(toDeviceState);
  }

  async setDeviceState(state: DeviceState, audit: AuditEntry): Promise<void> {
    await this.database.write(async (client) => {
      await client.query(
        `INSERT INTO device_state (device_key, device, kind, until, reason, actor, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (device_key) DO UPDATE SET device = excluded.device, kind = excluded.kind, until = excluded.until, reason = excluded.reason, actor = excluded.actor, changed_at = excluded.changed_at`,
        [state.device.toLowerCase(), state.device, state.kind, state.until, state.reason, state.actor, state.changedAt],
      );
      await insertAudit(client, audit);
    });
  }

  async clearDeviceState(device: string, audit: AuditEntry): Promise<void> {
    await this.database.write(async (client) => {
      await client.query('DELETE FROM device_state WHERE device_key = $1', [device.toLowerCase()]);
      await insertAudit(client, audit);
    });
  }

  async auditLog(query: { readonly subject?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = query.limit ?? 100;
    const { rows } =
      query.subject === undefined
        ? await this.database.query('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit])
        : await this.database.query('SELECT * FROM audit_log WHERE lower(subject) = lower($1) ORDER BY id DESC LIMIT $2', [query.subject, limit]);
    return rows.map(toAudit);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.database.write((client) => insertAudit(client, entry));
  }

  async saveConversation(conversation: Omit<StoredConversation, 'active' | 'inactiveReason'>): Promise<void> {
    await this.database.query(
      `INSERT INTO conversation (conversation_key, platform, name, reference_json, active, inactive_reason, updated_at) VALUES ($1, $2, $3, $4, true, NULL, $5)
       ON CONFLICT (conversation_key) DO UPDATE SET platform = excluded.platform, name = COALESCE(excluded.name, conversation.name),
         reference_json = excluded.reference_json, active = true, inactive_reason = NULL, updated_at = excluded.updated_at`,
      [conversation.key, conversation.platform, conversation.name, JSON.stringify(conversation.reference), conversation.updatedAt],
    );
  }

  async conversation(key: string): Promise<StoredConversation | null> {
    const { rows } = await this.database.query('SELECT * FROM conversation WHERE conversation_key = $1', [key]);
    return rows[0] === undefined ? null : toConversation(rows[0]);
  }

  async conversations(platform?: Platform): Promise<StoredConversation[]> {
    const { rows } =
      platform === undefined
        ? await this.database.query('SELECT * FROM conversation ORDER BY conversation_key')
        : await this.database.query('SELECT * FROM conversation WHERE platform = $1 ORDER BY conversation_key', [platform]);
    return rows.map(toConversation);
  }

  async markConversationInactive(key: string, reason: string, at: Date): Promise<void> {
    await this.database.query('UPDATE conversation SET active = false, inactive_reason = $1, updated_at = $2 WHERE conversation_key = $3', [reason, at, key]);
  }

  async addReminder(reminder: NewReminder, audit: AuditEntry): Promise<ReminderRecord> {
    const row = await this.database.write(async (client) => {
      const { rows } = await client.query(
        `INSERT INTO reminder (conversation_key, platform, conversation_name, cron, timezone, site, owner, advisory, created_by, created_at, checked_through)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          reminder.conversationKey,
          reminder.platform,
          reminder.conversationName,
          reminder.cron,
          reminder.timezone,
          reminder.scope.site,
          reminder.scope.owner,
          reminder.scope.advisory,
          reminder.createdBy,
          reminder.createdAt,
          reminder.checkedThrough,
        ],
      );
      const inserted: unknown = rows[0];
      await insertAudit(client, { ...audit, subject: `reminder ${toReminder(inserted).id}` });
      return inserted;
    });
    return toReminder(row);
  }

  async reminders(): Promise<ReminderRecord[]> {
    return (await this.database.query('SELECT * FROM reminder WHERE NOT removed ORDER BY id')).rows.map(toReminder);
  }

  async updateReminder(
    id: number,
    patch: { readonly paused?: boolean; readonly pausedReason?: string | null; readonly checkedThrough?: Date },
    audit?: AuditEntry,
  ): Promise<void> {
    // Every tick of every replica moves every reminder's planning on: one statement, which may be
    // repeated as it is (it never moves backwards), instead of a journalled transaction.
    if (patch.paused === undefined && audit === undefined) {
      if (patch.checkedThrough !== undefined)
        await this.database.query('UPDATE reminder SET checked_through = $1 WHERE id = $2 AND checked_through < $1', [patch.checkedThrough, id]);
      return;
    }
    await this.database.write(async (client) => {
      if (patch.paused !== undefined)
        await client.query('UPDATE reminder SET paused = $1, paused_reason = $2 WHERE id = $3', [patch.paused, patch.pausedReason ?? null, id]);
      // Never move backwards: replicas plan the same minute.
      if (patch.checkedThrough !== undefined)
        await client.query('UPDATE reminder SET checked_through = $1 WHERE id = $2 AND checked_through < $1', [patch.checkedThrough, id]);
      if (audit !== undefined) await insertAudit(client, audit);
    });
  }

  async removeReminder(id: number, audit: AuditEntry): Promise<void> {
    await this.database.write(async (client) => {
      await client.query('UPDATE reminder SET removed = true WHERE id = $1', [id]);
      await insertAudit(client, audit);
    });
  }

  async claimSlot(
    reminder: ReminderRecord,
    slot: { readonly key: string; readonly at: Date },
    claimedBy: string,
    action: SlotAction,
    now: Date,
  ): Promise<boolean> {
    // One statement, so one round trip: the claim, its post and the reminder's digest happen together or
    // not at all. Repeated after a lost COMMIT it claims nothing (the slot is taken) and queues nothing.
    const post = action.kind === 'post';
    const { rows } = await this.database.query<{ claimed: number }>(
      `WITH claimed AS (
         INSERT INTO reminder_slot (reminder_id, slot_key, slot_at, claimed_by, claimed_at, outcome) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING reminder_id
       ), queued AS (
         INSERT INTO outbox (conversation_key, platform, reply_json, reminder_id, slot_key, status, next_attempt_at, created_at)
         SELECT $7, $8, $9, reminder_id, $2, 'pending', $5, $5 FROM claimed WHERE $10
       ), noted AS (
         UPDATE reminder SET last_digest_json = $11, last_sent_at = $5 WHERE id IN (SELECT reminder_id FROM claimed) AND $10
       )
       SELECT COUNT(*)::int AS claimed FROM claimed`,
      [
        reminder.id,
        slot.key,
        slot.at,
        claimedBy,
        now,
        post ? 'queued' : 'quiet',
        reminder.conversationKey,
        reminder.platform,
        post ? encodeReply(action.reply) : '',
        post,
        post ? JSON.stringify(action.digest) : null,
      ],
    );
    return rows[0]?.claimed === 1;
  }

  async enqueue(conversationKey: string, platform: Platform, reply: Reply, now: Date): Promise<void> {
    await this.database.write((client) => insertOutbox(client, conversationKey, platform, reply, now, null, null));
  }

  async leaseOutbox(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxEntry[]> {
    // SKIP LOCKED: replicas leasing at once each take other rows instead of waiting on one another.
    const rows = await this.database.write(async (client) => {
      const result = await client.query(
        `WITH due AS (
           SELECT id FROM outbox
           WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_attempt_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox SET lease_owner = $3, lease_until = $4 FROM due WHERE outbox.id = due.id RETURNING outbox.*`,
        [now, limit, owner, leaseUntil],
      );
      return result.rows as unknown[];
    });
    return rows.map(toOutboxEntry).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  }

  async startAttempt(id: number, at: Date): Promise<void> {
    await this.database.query('UPDATE outbox SET attempt_started_at = $1 WHERE id = $2', [at, id]);
  }

  async completeOutbox(id: number, outcome: OutboxOutcome): Promise<void> {
    // Sent and failed are final: repeated after a lost COMMIT they change nothing that matters (an
    // attempt counted twice at most), so they are one statement each.
    if (outcome.kind === 'sent') {
      await this.database.query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + $3, attempt_started_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = $2 AND status = 'pending'",
        [outcome.at, id, outcome.attempts ?? 1],
      );
      return;
    }
    if (outcome.kind === 'failed') {
      await this.database.query(
        "UPDATE outbox SET status = 'failed', attempts = attempts + $3, last_error = $1, attempt_started_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = $2 AND status = 'pending'",
        [outcome.error, id, outcome.attempts ?? 1],
      );
      return;
    }
    // A retry gives the lease up: repeated late, it could free a lease another replica took meanwhile.
    await this.database.write(async (client) => {
      // An attempt whose outcome is unknown keeps its start, so that the next one looks before posting.
      await client.query(
        `UPDATE outbox SET attempts = attempts + $5, next_attempt_at = $1, last_error = $2, lease_owner = NULL, lease_until = NULL,
           attempt_started_at = CASE WHEN $3 THEN attempt_started_at ELSE NULL END WHERE id = $4`,
        [outcome.at, outcome.error, outcome.outcomeUnknown === true, id, outcome.attempts ?? 1],
      );
    });
  }

  async saveBriefing(briefing: StoredBriefing): Promise<void> {
    await this.database.query(
      `INSERT INTO briefing (conversation_key, advisory, platform, message_ref, digest_json, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (conversation_key, advisory) DO UPDATE SET message_ref = excluded.message_ref, digest_json = excluded.digest_json, updated_at = excluded.updated_at`,
      [briefing.conversationKey, briefing.advisory, briefing.platform, briefing.messageRef, briefing.digest, briefing.updatedAt],
    );
  }

  async briefings(): Promise<StoredBriefing[]> {
    return (await this.database.query('SELECT * FROM briefing ORDER BY created_at, conversation_key, advisory')).rows.map(toBriefing);
  }

  announceKnownExploited(cveId: string, messages: readonly QueuedMessage[], now: Date): Promise<boolean> {
    // As claimSlot: the record and its messages together or not at all; a replica announcing the same
    // CVE at the same moment waits on the key, then inserts nothing and queues nothing.
    return this.database.write(async (client) => {
      const inserted = await client.query('INSERT INTO kev_announcement (cve_id, announced_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        cveId.toUpperCase(),
        now,
      ]);
      if (inserted.rowCount !== 1) return false;
      for (const message of messages) await insertOutbox(client, message.conversationKey, message.platform, message.reply, now, null, null);
      return true;
    });
  }

  markDelivery(key: string, at: Date, expiresAt: Date): Promise<boolean> {
    return this.database.write(async (client) => {
      await client.query('DELETE FROM delivery_seen WHERE expires_at <= $1', [at]);
      // A replica marking the same id at the same moment waits on the key, then inserts nothing.
      const inserted = await client.query('INSERT INTO delivery_seen (delivery_key, seen_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        key,
        at,
        expiresAt,
      ]);
      return inserted.rowCount === 1;
    });
  }

  async acquireLease(name: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const { rowCount } = await this.database.query(
      `INSERT INTO lease (name, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE lease.owner = excluded.owner OR lease.expires_at <= $4`,
      [name, owner, until, now],
    );
    return rowCount === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.database.query('DELETE FROM lease WHERE name = $1 AND owner = $2', [name, owner]);
  }

  // Progress history and the files behind links (chart pictures, exports) live in pg-progress.ts.
  readonly recordProgress: Store['recordProgress'] = (day, counts) => this.progress.record(day, counts);
  readonly progressHistory: Store['progressHistory'] = (query) => this.progress.history(query);
  readonly pruneProgress: Store['pruneProgress'] = (before) => this.progress.prune(before);
  readonly saveLinkedFile: Store['saveLinkedFile'] = (file) => this.progress.saveFile(file);
  readonly linkedFile: Store['linkedFile'] = (token, now) => this.progress.file(token, now);

  close(): Promise<void> {
    return this.database.close();
  }
}

async function insertAudit(client: Queryable, entry: AuditEntry): Promise<void> {
  await client.query('INSERT INTO audit_log (at, platform, actor, actor_name, action, subject, detail, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    entry.at,
    entry.platform,
    entry.actor,
    entry.actorName,
    entry.action,
    entry.subject,
    entry.detail,
    entry.reason,
  ]);
}

async function insertOutbox(
  client: Queryable,
  conversationKey: string,
  platform: Platform,
  reply: Reply,
  now: Date,
  reminderId: number | null,
  slotKey: string | null,
): Promise<void> {
  await client.query(
    `INSERT INTO outbox (conversation_key, platform, reply_json, reminder_id, slot_key, status, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)`,
    [conversationKey, platform, encodeReply(reply), reminderId, slotKey, now],
  );
}
