/**
 * One run of the fleet audit in a fresh process, so that its peak RSS is its own: `memo` is the
 * bot's audit (one verdict per distinct version), `baseline` judges every device afresh.
 * Prints {"ms": …, "maxRssMb": …, "devices": …, "affected": …}.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { PROJECT_ROOT } from '../../src/infrastructure/config.ts';
import { auditFleet } from '../../src/domain/fleet/fleet-audit.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { generateFleet } from './fleet.ts';

const variant = process.argv[2] ?? 'memo';
const count = Number(process.argv[3] ?? '100000');
const { advisories } = await loadAdvisories(path.join(PROJECT_ROOT, 'advisories'));
const fleet = generateFleet(count);
const runs: number[] = [];
let affected = 0;
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  if (variant === 'memo') {
    const findings = auditFleet(fleet, new AdvisoryCatalog(advisories));
    affected = findings.filter((f) => f.verdict.status === 'affected').length;
  } else {
    const catalog = new AdvisoryCatalog(advisories, [], { memoize: false });
    const findings = fleet.map((device) => ({ device, verdict: catalog.check(device.version) }));
    affected = findings.filter((f) => f.verdict.status === 'affected').length;
  }
  runs.push(performance.now() - started);
}
runs.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: runs[Math.floor(runs.length / 2)], maxRssMb: process.resourceUsage().maxRSS / 1024, devices: fleet.length, affected }));
