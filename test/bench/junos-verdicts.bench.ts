import path from 'node:path';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { PROJECT_ROOT } from '../../src/infrastructure/config.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { generateJunosMix } from './junos-mix.ts';
import { measure, printTable } from './measure.ts';

const INPUTS = 10_000;

/**
 * Verdicts per second for 10,000 mixed Junos inputs against every shipped bulletin, beside a baseline
 * measured in the same run: the same catalog with its memo off, so every input is read and judged again.
 * Target: ≥ 500,000/s, as for ScreenOS.
 */
export async function benchJunosVerdicts(): Promise<void> {
  const { advisories } = await loadAdvisories(path.join(PROJECT_ROOT, 'advisories'));
  const inputs = generateJunosMix(INPUTS);
  const warmCatalog = new AdvisoryCatalog(advisories);
  const warm = measure('catalog, warm (memo filled)', INPUTS, () => {
    for (const input of inputs) warmCatalog.check(input);
  });
  const cold = measure('catalog, cold (new catalog per pass)', INPUTS, () => {
    const catalog = new AdvisoryCatalog(advisories);
    for (const input of inputs) catalog.check(input);
  });
  const unmemoised = new AdvisoryCatalog(advisories, [], { memoize: false });
  const baseline = measure('baseline: every input judged afresh', INPUTS, () => {
    for (const input of inputs) unmemoised.check(input);
  });
  const junosBulletins = advisories.filter((a) => a.vulnerabilities.some((v) => v.affected.some((e) => /^junos/i.test(e.product)))).length;
  const statuses = new Map<string, number>();
  for (const input of inputs) {
    const status = warmCatalog.check(input).status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  console.log(`\nJunos verdicts: ${INPUTS} inputs (5% junk, 8% Evolved), ${junosBulletins} Junos bulletins, one core`);
  printTable([warm, cold, baseline], baseline);
  console.log(`  statuses: ${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  console.log(`  target ≥ 500,000 verdicts/s: ${warm.perSecond >= 500_000 ? 'met' : 'NOT met'}`);
}
