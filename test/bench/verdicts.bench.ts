import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { loadLifecycles } from '../../src/domain/advisories/load-lifecycle.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { PROJECT_ROOT } from '../../src/infrastructure/config.ts';
import path from 'node:path';
import { naiveCheck } from './naive-matcher.ts';
import { generateVersionMix } from './version-mix.ts';
import { measure, printTable } from './measure.ts';

const INPUTS = 10_000;
/** Inputs the naive baseline is timed on (the first of the same mix). */
const BASELINE_INPUTS = 500;

/** A fixed instant, so that every run judges the same trains as supported (6.2.0 and older are not). */
const NOW = new Date('2026-11-01T00:00:00Z');

/**
 * Verdicts per second for 10,000 mixed inputs against every shipped bulletin and the end-of-life data,
 * next to a naive parse-and-compare baseline run on the same inputs in the same process.
 * Target: ≥ 500,000/s.
 */
export async function benchVerdicts(): Promise<void> {
  const dir = path.join(PROJECT_ROOT, 'advisories');
  const { advisories } = await loadAdvisories(dir);
  const lifecycle = (await loadLifecycles(dir)).lifecycles[0] ?? null;
  const inputs = generateVersionMix(INPUTS);
  const options = { lifecycle, now: () => NOW };

  // The two must agree on status and upgrade target wherever the naive parser reads the input.
  const check = new AdvisoryCatalog(advisories, [], options);
  let disagreements = 0;
  for (const input of inputs) {
    const ours = check.check(input);
    const naive = naiveCheck(advisories, lifecycle, input, NOW.getTime());
    if (naive.status !== 'unknown' && (ours.status !== naive.status || ours.upgradeTo !== naive.upgradeTo)) disagreements++;
  }

  const cold = measure('catalog, cold (new catalog per pass)', INPUTS, () => {
    const catalog = new AdvisoryCatalog(advisories, [], options);
    for (const input of inputs) catalog.check(input);
  });
  const warm = measure('catalog, warm (memo filled)', INPUTS, () => {
    for (const input of inputs) check.check(input);
  });
  // The baseline is thousands of times slower: a slice of the same mix keeps its passes to seconds.
  const sample = inputs.slice(0, BASELINE_INPUTS);
  const baseline = measure('baseline: naive parse-and-compare', sample.length, () => {
    for (const input of sample) naiveCheck(advisories, lifecycle, input, NOW.getTime());
  });
  console.log(`\nVerdicts: ${INPUTS} inputs (5% junk), ${advisories.length} bulletins and end-of-life data, one core`);
  printTable([warm, cold, baseline], baseline);
  console.log(`  target ≥ 500,000 verdicts/s: ${warm.perSecond >= 500_000 ? 'met' : 'NOT met'}; disagreements with baseline: ${disagreements}`);
}
