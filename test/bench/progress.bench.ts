import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { PROJECT_ROOT } from '../../src/infrastructure/config.ts';
import { auditFleet, deviceStatus } from '../../src/domain/fleet/fleet-audit.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { addDays } from '../../src/domain/progress/burn-down.ts';
import { chartSvg, rasterise } from '../../src/chat/render/chart-image.ts';
import { countProgress } from '../../src/domain/progress/progress-counts.ts';
import { loadProgress, progressChart, progressSubject } from '../../src/chat/render/progress-report.ts';
import { PgStore } from '../../src/infrastructure/store/pg/pg-store.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import type { Store } from '../../src/infrastructure/store/store.ts';
import type { ProgressCount } from '../../src/domain/progress/progress-counts.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../store/pg-schema.ts';
import { generateFleet } from './fleet.ts';

const DEVICES = 100_000;
const DAYS = 400;
const TODAY = '2026-11-26';
const NOW = new Date(`${TODAY}T12:00:00Z`);

/** The median of `passes` timed runs of `run`, after one warm-up, in milliseconds. */
async function median(passes: number, run: () => unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const ms = (value: number): string => `${value.toFixed(1).padStart(8)} ms`;

/**
 * The progress history and its charts, printed as figures (no target is asserted):
 *
 * - History write per sync for 100,000 devices: counting them by bulletin, site and status, then the one
 *   statement that records the day, on SQLite and (with TEST_DATABASE_URL) PostgreSQL; beside the baseline
 *   of one INSERT per row in a transaction, the obvious way, measured in the same run.
 * - Charts for 15 bulletins × 400 days: reading each bulletin's history from a store holding all of it,
 *   the ECharts SVG and the resvg PNG; beside the baseline of the same 15 charts over 7 days (the fixed
 *   cost of a picture).
 */
export async function benchProgress(): Promise<void> {
  const { advisories } = await loadAdvisories(path.join(PROJECT_ROOT, 'advisories'));
  const catalog = new AdvisoryCatalog(advisories, [], { now: () => NOW });
  const ids = advisories.map((a) => a.id);
  const findings = auditFleet(generateFleet(DEVICES), catalog);
  const views = findings.map((finding) => ({ finding, state: undefined, status: deviceStatus(finding, undefined, NOW) }));

  console.log(`\nProgress history: ${DEVICES.toLocaleString('en-US')} devices, ${ids.length} bulletins, median of 5`);
  const counting = await median(5, () => countProgress(views, ids));
  const counts = countProgress(views, ids);
  console.log(`  count by bulletin, site and status        ${ms(counting)}   (${counts.length} rows for the day)`);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-bench-progress-'));
  const sqlite = SqliteStore.open(path.join(dir, 'bench.sqlite'));
  try {
    await writeFigures('SQLite', sqlite, counts, (rows) => {
      const insert = sqlite.db.prepare(
        'INSERT INTO progress_history (advisory, day, site, status, devices) VALUES (?, ?, ?, ?, ?) ON CONFLICT (advisory, day, site, status) DO UPDATE SET devices = excluded.devices',
      );
      sqlite.db.transaction(() => {
        for (const row of rows) insert.run(row.advisory, TODAY, row.site, row.status, row.devices);
      })();
      return Promise.resolve();
    });
    if (TEST_DATABASE_URL === null) {
      console.log('  PostgreSQL: skipped (set TEST_DATABASE_URL to a PostgreSQL database)');
    } else {
      const schema = await createTestSchema();
      const pg = await PgStore.connect(schema.url, { log: silentLogger });
      try {
        await writeFigures('PostgreSQL', pg, counts, (rows) =>
          pg.database.write(async (client) => {
            for (const row of rows) {
              await client.query(
                'INSERT INTO progress_history (advisory, day, site, status, devices) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (advisory, day, site, status) DO UPDATE SET devices = excluded.devices',
                [row.advisory, TODAY, row.site, row.status, row.devices],
              );
            }
          }),
        );
      } finally {
        await pg.close();
        await schema.drop();
      }
    }

    await benchCharts(sqlite, views, ids, counts);
  } finally {
    await sqlite.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The one-statement record beside the row-by-row baseline, on one store. */
async function writeFigures(
  label: string,
  store: Store,
  counts: readonly ProgressCount[],
  rowByRow: (rows: readonly ProgressCount[]) => Promise<unknown>,
): Promise<void> {
  const one = await median(5, () => store.recordProgress(TODAY, counts));
  const baseline = await median(5, () => rowByRow(counts));
  console.log(`  ${`${label}: record the day, one statement`.padEnd(42)}${ms(one)}   (${(one / baseline).toFixed(2)}x the baseline's time)`);
  console.log(`  ${`${label}: baseline, one INSERT per row`.padEnd(42)}${ms(baseline)}   (upserts alone: vanished rows are not zeroed)`);
}

/** 400 days of history for every bulletin in the store, then 15 charts drawn from it. */
async function benchCharts(
  store: SqliteStore,
  views: Parameters<typeof loadProgress>[1],
  ids: readonly string[],
  today: readonly ProgressCount[],
): Promise<void> {
  // A burn-down: each earlier day had more of today's unpatched devices still to patch.
  for (let back = DAYS - 1; back >= 1; back--) {
    const factor = 1 + back / 40;
    await store.recordProgress(
      addDays(TODAY, -back),
      today.map((c) => (c.status === 'unpatched' ? { ...c, devices: Math.round(c.devices * factor) } : c)),
    );
  }
  const charted = ids.slice(0, 15);
  const reports = await Promise.all(charted.map((advisory) => loadProgress(store, views, { advisory, site: null, now: NOW })));
  console.log(`\nProgress charts: ${charted.length} bulletins × ${reports[0]?.points.length ?? 0} days, 1200×750 PNG, median of 5`);
  const reading = await median(5, () => Promise.all(charted.map((advisory) => loadProgress(store, views, { advisory, site: null, now: NOW }))));
  const svg = await median(5, () => reports.map((r) => chartSvg(r.points, { title: progressSubject(r), subtitle: '' })));
  const svgs = reports.map((r) => chartSvg(r.points, { title: progressSubject(r), subtitle: '' }));
  const png = await median(5, () => svgs.map((s) => rasterise(s)));
  const whole = await median(5, () => reports.map((r) => progressChart(r)));
  const week = reports.map((r) => ({ ...r, points: r.points.slice(-7) }));
  const baseline = await median(5, () => week.map((r) => progressChart(r)));
  const bytes = reports.map((r) => Buffer.from(progressChart(r).png, 'base64').length);
  console.log(`  history read and burn-down, 15 bulletins   ${ms(reading)}`);
  console.log(`  ECharts SVG, 15 charts                     ${ms(svg)}`);
  console.log(`  resvg PNG, 15 charts                       ${ms(png)}`);
  console.log(
    `  picture with its text chart, 15 charts     ${ms(whole)}   (${(whole / charted.length).toFixed(1)} ms a chart, PNG ${Math.round(Math.max(...bytes) / 1024)} KB at most)`,
  );
  console.log(`  baseline: the same 15 charts over 7 days   ${ms(baseline)}   (400 days cost ${(whole / baseline).toFixed(2)}x a week)`);
}
