import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

const run = promisify(execFile);

interface AuditRun {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly devices: number;
  readonly affected: number;
}

async function runVariant(variant: 'memo' | 'baseline'): Promise<AuditRun> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/bench/fleet-audit-target.ts', variant, '100000'], { cwd: PROJECT_ROOT });
  return JSON.parse(stdout) as AuditRun;
}

/**
 * The audit of a generated 100,000-device fleet against every bulletin, with the per-version memo and
 * without it, each in its own process (median of 5 runs; peak RSS of the whole process, fleet included).
 * Targets: under 100 ms and 200 MB.
 */
export async function benchFleetAudit(): Promise<void> {
  const memo = await runVariant('memo');
  const baseline = await runVariant('baseline');
  console.log(
    `\nFleet audit: ${memo.devices.toLocaleString('en-US')} devices (${memo.affected.toLocaleString('en-US')} affected), every bulletin, median of 5`,
  );
  for (const [name, r] of [
    ['per-version memo', memo],
    ['baseline: every device judged afresh', baseline],
  ] as const) {
    console.log(`  ${name.padEnd(40)} ${r.ms.toFixed(1).padStart(8)} ms (${(r.ms / baseline.ms).toFixed(3)}x baseline)   peak RSS ${r.maxRssMb.toFixed(0)} MB`);
  }
  console.log(`  target < 100 ms and < 200 MB: ${memo.ms < 100 && memo.maxRssMb < 200 ? 'met' : 'NOT met'}`);
}
