import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../helpers/run-process.ts';
import { signSlackRequest, slashCommandBody } from '../helpers/slack-requests.ts';

const REQUESTS = 2000;
const RATE_PER_SECOND = 400;
/** Closed loop: this many clients, each sending its next request as soon as the previous answer arrives. */
const CLIENTS = 4;
const CLOSED_LOOP_REQUESTS = 4000;
/** Requests each server answers, from the closed loop's clients, before its figures are taken. */
const WARM_UP_REQUESTS = 500;
const SECRET = 'bench-signing-secret';
/** What every request asks, after `/screenos`. */
const COMMAND_TEXT = '6.2.0r16';

interface Latencies {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** The server process's CPU time (user and system, all threads) per measured request, in µs. */
  readonly cpuPerRequest: number;
}

/** How the load is offered to a server: at a fixed rate whatever the answers, or by clients that wait for them. */
type Load = 'open' | 'closed';

/**
 * Latency of `/screenos 6.2.0r16` through the real HTTP receiver with signature checks, next to a bare
 * Bolt app with the same receiver, in the same run: an open loop (2,000 requests at 400/s from this
 * process) and a closed loop (four clients, each sending the next request as soon as its answer arrives).
 * Each server runs in its own process. Target: ours within 1.2x of bare at p50 and p99.
 *
 * The bare app acknowledges with the bot's own answer (the same Block Kit, about 4 KB, worked out once at
 * start), so that the comparison measures the bot's work and not the size of what any app answering the
 * question must send. A bare app that acknowledges with two words is measured too, for reference.
 *
 * Each row also gives the server's CPU time per request, which other work on a shared machine disturbs
 * far less than latency does.
 */
export async function benchSlack(): Promise<void> {
  // A fresh client answers its first closed loop markedly slower (its own code and heap still settling),
  // which would count against whichever server came first: one run is thrown away before any is kept.
  await measureTarget('client warm-up', 'bare-ok', 'closed');
  for (const load of ['open', 'closed'] as const) {
    const bare = await measureTarget('bare Bolt app, same answer as constant', 'bare', load);
    const tiny = await measureTarget('bare Bolt app, two-word ack (reference)', 'bare-ok', load);
    const ours = await measureTarget(`screenos-bot /screenos ${COMMAND_TEXT}`, 'ours', load);
    console.log(
      load === 'open'
        ? `\nSlack: ${REQUESTS} signed slash commands at ${RATE_PER_SECOND}/s over loopback (open loop)`
        : `\nSlack: ${CLOSED_LOOP_REQUESTS} signed slash commands from ${CLIENTS} concurrent clients over loopback (closed loop)`,
    );
    printComparison(ours, bare, [tiny]);
  }
}

/** Prints ours, bare and any reference rows with each as a ratio of bare, and whether ours meets the 1.2x target. */
export function printComparison(ours: Latencies, bare: Latencies, references: readonly Latencies[] = []): void {
  const ratio = (value: number, base: number): string => `(${(value / base).toFixed(2)}x)`;
  for (const row of [ours, bare, ...references]) {
    console.log(
      `  ${row.name.padEnd(42)} p50 ${row.p50.toFixed(2).padStart(7)} ms ${ratio(row.p50, bare.p50)}   p99 ${row.p99.toFixed(2).padStart(7)} ms ${ratio(row.p99, bare.p99)}   cpu ${row.cpuPerRequest.toFixed(0).padStart(5)} µs/request ${ratio(row.cpuPerRequest, bare.cpuPerRequest)}   errors ${row.errors}`,
    );
  }
  const met = ours.p50 <= bare.p50 * 1.2 && ours.p99 <= bare.p99 * 1.2;
  console.log(`  target p50 and p99 within 1.2x of bare: ${met ? 'met' : 'NOT met'}`);
}

/**
 * Starts `test/bench/slack-target.ts <kind>` in its own process (extra node flags first) and measures it
 * under `load`, after a warm-up from as many clients as the closed loop has.
 */
export async function measureTarget(name: string, kind: 'bare' | 'bare-ok' | 'ours', load: Load, nodeFlags: readonly string[] = []): Promise<Latencies> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'test/bench/slack-target.ts', kind, COMMAND_TEXT], {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const nextLine = async (): Promise<string> => String((await lines.next()).value);
    const port = Number(await nextLine());
    // The target answers each line on its stdin with its CPU usage so far (process.cpuUsage, in µs).
    const cpuMicros = async (): Promise<number> => {
      child.stdin.write('\n');
      const { user, system } = JSON.parse(await nextLine()) as { user: number; system: number };
      return user + system;
    };
    const send = signedSender(`http://127.0.0.1:${port}/slack/events`);
    await closedLoop(send, WARM_UP_REQUESTS, 'w');
    const before = await cpuMicros();
    const { latencies, errors } = load === 'open' ? await openLoop(send) : await closedLoop(send, CLOSED_LOOP_REQUESTS, 'c');
    const cpuPerRequest = ((await cpuMicros()) - before) / latencies.length;
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return { name, p50: at(0.5), p99: at(0.99), errors, cpuPerRequest };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }
}

/** Sends one signed `/screenos 6.2.0r16` with a fresh trigger id and resolves with its latency in ms. */
function signedSender(url: string): (trigger: string) => Promise<number> {
  const body = slashCommandBody({
    command: '/screenos',
    text: COMMAND_TEXT,
    user_id: 'U1',
    user_name: 'bench',
    channel_id: 'C1',
    channel_name: 'bench',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    response_url: 'http://127.0.0.1:9/unused',
  });
  return async (trigger) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = `${body}&trigger_id=t${trigger}`;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(SECRET, timestamp, signed),
      },
      body: signed,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return performance.now() - started;
  };
}

async function openLoop(send: (trigger: string) => Promise<number>): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const due = start + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(String(i)).then(
        (ms) => void latencies.push(ms),
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  return { latencies, errors };
}

/** `requests` requests from {@link CLIENTS} clients, each sending its next one when its answer arrives. */
async function closedLoop(send: (trigger: string) => Promise<number>, requests: number, prefix: string): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < requests) {
      const i = next++;
      try {
        latencies.push(await send(`${prefix}${i}`));
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { latencies, errors };
}
