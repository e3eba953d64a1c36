import { toProgressDays } from '../row-mappers.ts';
import type { LinkedFileContent, StoredLinkedFile } from '../store.ts';
import type { ProgressCount, ProgressDay } from '../../../domain/progress/progress-counts.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * The PostgreSQL side of the progress history and of the files behind links, chart pictures and exports
 * (see {@link ProgressStore} and {@link LinkedFileStore} in store.ts; the files keep the first charts'
 * table, `chart_image`, so that a replica of that release keeps serving charts during a rolling deploy). Every statement may be repeated as it
 * is (a record sets absolute counts), so none needs the write journal.
 */
export class PgProgress {
  constructor(private readonly database: PgDatabase) {}

  /**
   * One statement whatever the fleet's size: the counts travel as four arrays that `unnest` turns back
   * into rows. Rows are sorted by key, so that two replicas recording at once lock them in the same order.
   */
  async record(day: string, counts: readonly ProgressCount[]): Promise<void> {
    const sorted = [...counts].sort((a, b) => compare(a.advisory, b.advisory) || compare(a.site, b.site) || compare(a.status, b.status));
    await this.database.query(
      `WITH new AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS n (advisory, site, status, devices))
       INSERT INTO progress_history (advisory, day, site, status, devices)
       SELECT advisory, $1::date, site, status, devices FROM new
       UNION ALL
       SELECT h.advisory, h.day, h.site, h.status, 0 FROM progress_history AS h
         LEFT JOIN new AS n ON n.advisory = h.advisory AND n.site = h.site AND n.status = h.status
         WHERE h.day = $1::date AND h.devices <> 0 AND n.advisory IS NULL
       ON CONFLICT (advisory, day, site, status) DO UPDATE SET devices = excluded.devices`,
      [day, sorted.map((c) => c.advisory), sorted.map((c) => c.site), sorted.map((c) => c.status), sorted.map((c) => c.devices)],
    );
  }

  async history(query: { readonly advisory: string; readonly site?: string; readonly from?: string }): Promise<ProgressDay[]> {
    const { rows } = await this.database.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, status, SUM(devices)::int AS devices FROM progress_history
       WHERE advisory = $1 AND day >= $2::date AND ($3::text IS NULL OR site = $3) GROUP BY day, status ORDER BY day, status`,
      [query.advisory, query.from ?? '0001-01-01', query.site?.toLowerCase() ?? null],
    );
    return toProgressDays(rows);
  }

  async prune(before: string): Promise<void> {
    await this.database.query('DELETE FROM progress_history WHERE day < $1::date', [before]);
  }

  async saveFile(file: StoredLinkedFile): Promise<void> {
    // Repeated after a lost answer, the insert finds its own row and does nothing.
    await this.database.query(
      `WITH expired AS (DELETE FROM chart_image WHERE expires_at <= $3)
       INSERT INTO chart_image (token, png, created_at, expires_at, media_type, file_name) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token) DO NOTHING`,
      [file.token, file.bytes, file.createdAt, file.expiresAt, file.mediaType, file.fileName],
    );
  }

  async file(token: string, now: Date): Promise<LinkedFileContent | null> {
    const { rows } = await this.database.query<{ png: unknown; media_type: unknown; file_name: unknown }>(
      'SELECT png, media_type, file_name FROM chart_image WHERE token = $1 AND expires_at > $2',
      [token, now],
    );
    const row = rows[0];
    return Buffer.isBuffer(row?.png) && typeof row.media_type === 'string' && typeof row.file_name === 'string'
      ? { bytes: row.png, mediaType: row.media_type, fileName: row.file_name }
      : null;
  }
}

/** Byte order, as the database compares text under the C collation; any fixed order avoids deadlocks. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
