import { DEVICE_STATUSES, type DeviceStatus } from '../../domain/fleet/fleet-audit.ts';
import type { Device, RejectedRow } from '../../domain/fleet/types.ts';
import { decodeReply } from './reply-format.ts';
import { RowReader, StoredRowError } from './rows.ts';
import type { AuditEntry, DeviceState, OutboxEntry, ReminderRecord, StoredBriefing, StoredConversation, StoredSnapshot, SyncStatus } from './store.ts';
import type { ProgressDay } from '../../domain/progress/progress-counts.ts';

/*
 * Rows to records, shared by the SQLite and PostgreSQL stores: both schemas use the same table and column
 * names, so a row checked here reads the same whichever database it came from.
 */

/**
 * A snapshot as saved. One saved before devices had a platform holds none: it reads as null (not given),
 * so that a restart on an old snapshot judges those devices for every platform until the next sync.
 */
export function toSnapshot(row: unknown): StoredSnapshot {
  const r = new RowReader('inventory_snapshot', row);
  const devices = r.objects<Device>('devices_json').map((d) => (d.platform === undefined ? { ...d, platform: null } : d));
  return { source: r.text('source'), fetchedAt: r.date('fetched_at'), read: { devices, rejected: r.objects<RejectedRow>('rejected_json') } };
}

export function toSyncStatus(row: unknown): SyncStatus {
  const r = new RowReader('sync_status', row);
  return {
    source: r.text('source'),
    lastSuccessAt: r.dateOrNull('last_success_at'),
    lastAttemptAt: r.date('last_attempt_at'),
    lastError: r.textOrNull('last_error'),
  };
}

export function toDeviceState(row: unknown): DeviceState {
  const r = new RowReader('device_state', row);
  return {
    device: r.text('device'),
    kind: r.oneOf('kind', ['acknowledged', 'snoozed', 'accepted']),
    until: r.dateOrNull('until'),
    reason: r.textOrNull('reason'),
    actor: r.text('actor'),
    changedAt: r.date('changed_at'),
  };
}

export function toAudit(row: unknown): AuditEntry {
  const r = new RowReader('audit_log', row);
  return {
    at: r.date('at'),
    platform: r.platform(),
    actor: r.text('actor'),
    actorName: r.textOrNull('actor_name'),
    action: r.text('action'),
    subject: r.text('subject'),
    detail: r.textOrNull('detail'),
    reason: r.textOrNull('reason'),
  };
}

export function toConversation(row: unknown): StoredConversation {
  const r = new RowReader('conversation', row);
  return {
    key: r.text('conversation_key'),
    platform: r.platform(),
    name: r.textOrNull('name'),
    reference: r.json('reference_json'),
    active: r.bool('active'),
    inactiveReason: r.textOrNull('inactive_reason'),
    updatedAt: r.date('updated_at'),
  };
}

export function toReminder(row: unknown): ReminderRecord {
  const r = new RowReader('reminder', row);
  return {
    id: r.int('id'),
    conversationKey: r.text('conversation_key'),
    platform: r.platform(),
    conversationName: r.textOrNull('conversation_name'),
    cron: r.text('cron'),
    timezone: r.text('timezone'),
    scope: { site: r.textOrNull('site'), owner: r.textOrNull('owner'), advisory: r.textOrNull('advisory') },
    paused: r.bool('paused'),
    pausedReason: r.textOrNull('paused_reason'),
    createdBy: r.text('created_by'),
    createdAt: r.date('created_at'),
    checkedThrough: r.date('checked_through'),
    lastDigest: r.textOrNull('last_digest_json') === null ? null : r.strings('last_digest_json'),
    lastSentAt: r.dateOrNull('last_sent_at'),
  };
}

export function toOutboxEntry(row: unknown): OutboxEntry {
  const r = new RowReader('outbox', row);
  return {
    id: r.int('id'),
    conversationKey: r.text('conversation_key'),
    platform: r.platform(),
    content: decodeReply(r.text('reply_json')),
    reminderId: r.intOrNull('reminder_id'),
    slotKey: r.textOrNull('slot_key'),
    attempts: r.int('attempts'),
    nextAttemptAt: r.date('next_attempt_at'),
    attemptStartedAt: r.dateOrNull('attempt_started_at'),
  };
}

export function toBriefing(row: unknown): StoredBriefing {
  const r = new RowReader('briefing', row);
  return {
    conversationKey: r.text('conversation_key'),
    advisory: r.text('advisory'),
    platform: r.platform(),
    messageRef: r.text('message_ref'),
    digest: r.text('digest_json'),
    updatedAt: r.date('updated_at'),
  };
}

/** Rows of (day, status, devices), ordered by day, as one {@link ProgressDay} per day. */
export function toProgressDays(rows: readonly unknown[]): ProgressDay[] {
  const days: { day: string; counts: Partial<Record<DeviceStatus, number>> }[] = [];
  for (const row of rows) {
    const r = new RowReader('progress_history', row);
    const day = r.text('day');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new StoredRowError('progress_history', 'day', `holds “${day}”, expected a date such as 2026-11-26`);
    const status = r.oneOf('status', DEVICE_STATUSES);
    const devices = r.int('devices');
    let last = days[days.length - 1];
    if (last?.day !== day) {
      last = { day, counts: {} };
      days.push(last);
    }
    if (devices !== 0) last.counts[status] = devices;
  }
  return days;
}
