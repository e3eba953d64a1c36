import path from 'node:path';
import { KEV_SNAPSHOT_PATH, loadKevSnapshot } from '../advisories/kev-feed.ts';
import { formatLoadProblem, loadAdvisories } from '../advisories/load-advisories.ts';
import type { Logger } from '../log.ts';
import { AdvisoryCatalog } from '../matching/catalog.ts';

/**
 * Loads the advisory folder into a catalog, logging each file that was left out, with the KEV snapshot
 * shipped beside the bulletins (`kev/known_exploited_vulnerabilities.json`), so that the CLI and the bot
 * agree on what is known exploited before any refresh.
 */
export async function loadCatalog(dir: string, log: Logger): Promise<AdvisoryCatalog> {
  const { advisories, problems } = await loadAdvisories(dir);
  for (const problem of problems) log.warn('advisory file not loaded', { problem: formatLoadProblem(problem) });
  log.info('advisories loaded', { count: advisories.length, ids: advisories.map((a) => a.id), rejected: problems.length });
  const catalog = new AdvisoryCatalog(advisories, problems);
  await loadKevSnapshot(path.join(dir, KEV_SNAPSHOT_PATH), catalog.kev, log);
  return catalog;
}
