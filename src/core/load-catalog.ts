import { formatLoadProblem, loadAdvisories } from '../advisories/load-advisories.ts';
import type { Logger } from '../log.ts';
import { AdvisoryCatalog } from '../matching/catalog.ts';

/** Loads the advisory folder into a catalog, logging each file that was left out. */
export async function loadCatalog(dir: string, log: Logger): Promise<AdvisoryCatalog> {
  const { advisories, problems } = await loadAdvisories(dir);
  for (const problem of problems) log.warn('advisory file not loaded', { problem: formatLoadProblem(problem) });
  log.info('advisories loaded', { count: advisories.length, ids: advisories.map((a) => a.id), rejected: problems.length });
  return new AdvisoryCatalog(advisories, problems);
}
