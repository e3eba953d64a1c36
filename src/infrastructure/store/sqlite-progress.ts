import type Database from 'better-sqlite3';
import { toProgressDays } from './row-mappers.ts';
import type { LinkedFileContent, StoredLinkedFile } from './store.ts';
import type { ProgressCount, ProgressDay } from '../../domain/progress/progress-counts.ts';

/**
 * The SQLite side of the progress history and of the files behind links, chart pictures and exports (see
 * {@link ProgressStore} and {@link LinkedFileStore} in store.ts). The files keep the table of the first
 * charts, `chart_image`, its bytes in `png`: a replica of that release keeps serving charts beside this one.
 *
 * A record is one statement whatever the fleet's size: the counts travel as one JSON parameter, which
 * `json_each` turns back into rows, so 100,000 devices cost as little as ten (there are as many rows as
 * bulletins × sites × statuses, never one per device) and SQLite's limit on bound parameters never bites.
 */
export class SqliteProgress {
  private readonly recordStatement: Database.Statement;

  constructor(private readonly db: Database.Database) {
    // The day's rows that the new counts no longer name drop to zero in the same statement, so the day
    // holds its last record and nothing older. NOT IN, for which SQLite indexes the new rows: a LEFT JOIN
    // on the CTE compared every pair, 30 times slower for a fleet of 500 rows a day.
    this.recordStatement = db.prepare(`
      WITH new (advisory, site, status, devices) AS MATERIALIZED (
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(@counts) AS j
      )
      INSERT INTO progress_history (advisory, day, site, status, devices)
      SELECT advisory, @day, site, status, devices FROM new
      UNION ALL
      SELECT h.advisory, h.day, h.site, h.status, 0 FROM progress_history AS h
        WHERE h.day = @day AND h.devices <> 0 AND (h.advisory, h.site, h.status) NOT IN (SELECT advisory, site, status FROM new)
      ON CONFLICT (advisory, day, site, status) DO UPDATE SET devices = excluded.devices`);
  }

  record(day: string, counts: readonly ProgressCount[]): void {
    this.recordStatement.run({ day, counts: JSON.stringify(counts.map((c) => [c.advisory, c.site, c.status, c.devices])) });
  }

  history(query: { readonly advisory: string; readonly site?: string; readonly from?: string }): ProgressDay[] {
    const rows =
      query.site === undefined
        ? this.db
            .prepare(
              'SELECT day, status, SUM(devices) AS devices FROM progress_history WHERE advisory = ? AND day >= ? GROUP BY day, status ORDER BY day, status',
            )
            .all(query.advisory, query.from ?? '')
        : this.db
            .prepare(
              'SELECT day, status, SUM(devices) AS devices FROM progress_history WHERE advisory = ? AND day >= ? AND site = ? GROUP BY day, status ORDER BY day, status',
            )
            .all(query.advisory, query.from ?? '', query.site.toLowerCase());
    return toProgressDays(rows);
  }

  prune(before: string): void {
    this.db.prepare('DELETE FROM progress_history WHERE day < ?').run(before);
  }

  saveFile(file: StoredLinkedFile): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM chart_image WHERE expires_at <= ?').run(file.createdAt.toISOString());
      this.db
        .prepare('INSERT INTO chart_image (token, png, media_type, file_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(file.token, file.bytes, file.mediaType, file.fileName, file.createdAt.toISOString(), file.expiresAt.toISOString());
    })();
  }

  file(token: string, now: Date): LinkedFileContent | null {
    const row = this.db.prepare('SELECT png, media_type, file_name FROM chart_image WHERE token = ? AND expires_at > ?').get(token, now.toISOString()) as
      { png?: unknown; media_type?: unknown; file_name?: unknown } | undefined;
    return Buffer.isBuffer(row?.png) && typeof row.media_type === 'string' && typeof row.file_name === 'string'
      ? { bytes: row.png, mediaType: row.media_type, fileName: row.file_name }
      : null;
  }
}
