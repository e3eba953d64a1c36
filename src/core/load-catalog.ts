import { formatLoadProblem, loadAdvisories } from '../advisories/load-advisories.ts';
import { loadLifecycles } from '../advisories/load-lifecycle.ts';
import { isScreenOs } from '../matching/ranges.ts';
import type { Logger } from '../log.ts';
import { AdvisoryCatalog } from '../matching/catalog.ts';

/**
 * Loads the advisory folder (the bulletins and the end-of-life data in `lifecycle/`) into a catalog,
 * logging each file that was left out. `now` is the clock that decides which trains are still supported.
 */
export async function loadCatalog(dir: string, log: Logger, now: () => Date = () => new Date()): Promise<AdvisoryCatalog> {
  const { advisories, problems } = await loadAdvisories(dir);
  const lifecycles = await loadLifecycles(dir);
  for (const problem of [...problems, ...lifecycles.problems]) log.warn('advisory file not loaded', { problem: formatLoadProblem(problem) });
  log.info('advisories loaded', { count: advisories.length, ids: advisories.map((a) => a.id), rejected: problems.length + lifecycles.problems.length });
  const lifecycle = lifecycles.lifecycles.find((l) => isScreenOs(l.product)) ?? null;
  return new AdvisoryCatalog(advisories, problems, { lifecycle, lifecycleProblems: lifecycles.problems, now });
}
