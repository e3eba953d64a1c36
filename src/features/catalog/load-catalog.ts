import path from 'node:path';
import { KEV_SNAPSHOT_PATH, loadKevSnapshot } from './kev-feed.ts';
import { formatLoadProblem, loadAdvisories } from '../../domain/advisories/load-advisories.ts';
import { loadLifecycles } from '../../domain/advisories/load-lifecycle.ts';
import { isScreenOs } from '../../domain/matching/ranges.ts';
import type { Logger } from '../../infrastructure/log.ts';
import { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { systemClock } from '../../infrastructure/clock.ts';

/**
 * Loads the advisory folder (the bulletins and the end-of-life data in `lifecycle/`) into a catalog,
 * logging each file that was left out, with the KEV snapshot shipped beside the bulletins
 * (`kev/known_exploited_vulnerabilities.json`), so that the CLI and the bot agree on what is known exploited
 * before any refresh. `now` is the clock that decides which trains are still supported.
 */
export async function loadCatalog(dir: string, log: Logger, now: () => Date = systemClock.now): Promise<AdvisoryCatalog> {
  const { advisories, problems } = await loadAdvisories(dir);
  const lifecycles = await loadLifecycles(dir);
  for (const problem of [...problems, ...lifecycles.problems]) log.warn('advisory file not loaded', { problem: formatLoadProblem(problem) });
  log.info('advisories loaded', { count: advisories.length, ids: advisories.map((a) => a.id), rejected: problems.length + lifecycles.problems.length });
  const lifecycle = lifecycles.lifecycles.find((l) => isScreenOs(l.product)) ?? null;
  const catalog = new AdvisoryCatalog(advisories, problems, { lifecycle, lifecycleProblems: lifecycles.problems, now });
  await loadKevSnapshot(path.join(dir, KEV_SNAPSHOT_PATH), catalog.kev, log);
  return catalog;
}
