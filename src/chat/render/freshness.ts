import type { SyncStatus } from '../../infrastructure/store/store.ts';

/**
 * "inventory synced 3 h ago; last attempt failed: HTTP 503; 3 rows rejected: type `inventory`": said by
 * every answer that uses it, so that rows left out of the audit are never out of mind.
 */
export function describeFreshness(status: SyncStatus | null, now: Date, rejected = 0, held: string | null = null): string {
  const synced =
    status === null
      ? 'inventory not synced yet'
      : status.lastSuccessAt === null
        ? 'inventory never synced successfully'
        : `inventory synced ${ago(status.lastSuccessAt, now)}`;
  const failed = status?.lastError == null ? null : `last attempt failed ${ago(status.lastAttemptAt, now)}: ${status.lastError}`;
  const heldNote = held !== null && status?.lastError !== held ? `a sync is ${held}` : null;
  const rows = rejected === 0 ? null : `${rejected} row${rejected === 1 ? '' : 's'} rejected: type \`inventory\``;
  return [synced, failed, heldNote, rows].filter((p) => p !== null).join('; ');
}

/** "just now", "12 min ago", "3 h ago", "4 days ago": how the bot says how old something is. */
export function ago(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
