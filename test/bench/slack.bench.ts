import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../helpers/run-process.ts';
import { signSlackRequest, slashCommandBody } from '../helpers/slack-requests.ts';

const REQUESTS = 2000;
const RATE_PER_SECOND = 400;
const SECRET = 'bench-signing-secret';

interface Latencies {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/**
 * Latency of `/screenos 6.2.0r16` through the real HTTP receiver with signature checks, next to a bare
 * Bolt app that acknowledges a constant, under the same open-loop load (2,000 requests at 400/s from
 * this process; each server runs in its own process). Target: ours within 1.2x of bare at p50 and p99.
 */
export async function benchSlack(): Promise<void> {
  const bare = await measureTarget('bare Bolt app, constant ack');
  const ours = await measureTarget('screenos-bot /screenos 6.2.0r16', 'ours');
  console.log(`\nSlack: ${REQUESTS} signed slash commands at ${RATE_PER_SECOND}/s over loopback`);
  for (const row of [ours, bare]) {
    console.log(`  ${row.name.padEnd(36)} p50 ${row.p50.toFixed(2).padStart(7)} ms (${(row.p50 / bare.p50).toFixed(2)}x)   p99 ${row.p99.toFixed(2).padStart(7)} ms (${(row.p99 / bare.p99).toFixed(2)}x)   errors ${row.errors}`);
  }
  const met = ours.p50 <= bare.p50 * 1.2 && ours.p99 <= bare.p99 * 1.2;
  console.log(`  target p50 and p99 within 1.2x of bare: ${met ? 'met' : 'NOT met'}`);
}

async function measureTarget(name: string, kind = 'bare'): Promise<Latencies> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/slack-target.ts', kind], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line))));
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = slashCommandBody({ command: '/screenos', text: '6.2.0r16', user_id: 'U1', user_name: 'bench', channel_id: 'C1', channel_name: 'bench', team_id: 'T0FAKE', api_app_id: 'A0FAKE', response_url: 'http://127.0.0.1:9/unused' });
    const send = async (i: number): Promise<number> => {
      const timestamp = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(SECRET, timestamp, `${body}&trigger_id=t${i}`) },
        body: `${body}&trigger_id=t${i}`,
      });
      await response.text();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 200; i++) await send(-i - 1); // warm-up
    const latencies: number[] = [];
    let errors = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(send(i).then((ms) => void latencies.push(ms), () => void errors++));
    }
    await Promise.all(pending);
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return { name, p50: at(0.5), p99: at(0.99), errors };
  } finally {
    child.kill();
  }
}
