/**
 * The NetBox sync benchmark. Each measured read runs in a fresh process against a fake NetBox in another
 * process, so that peak RSS is the reader's alone and one configuration's heap does not carry over into
 * the next. This file is also the entry point of both children: `serve <devices> <fields|whole>` and
 * `read <url> <pageSize>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NetBoxSource } from '../../src/infrastructure/inventory-sources/netbox-source.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { FAKE_V1_TOKEN, FakeNetBox, generateNetBoxData } from '../fakes/fake-netbox.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

const DEVICES = 20_000;
const PASSES = 3;
const RSS_SAMPLE_MS = 5;

interface ReadFigures {
  readonly name: string;
  /** Median wall time of one whole read, from the first request to the validated inventory. */
  readonly wallMs: number;
  readonly pages: number;
  readonly devices: number;
  readonly rejected: number;
  readonly bytes: number;
  readonly peakRss: number;
  /** RSS before the first read: the runtime and tsx, to set the peak against. */
  readonly startRss: number;
}

/**
 * Reads 20,000 devices at page size 1,000 with `fields=`, next to two baselines measured in the same
 * run: page size 100 (ten times the round trips), and page size 1,000 from a NetBox that ignores
 * `fields=` (before 4.0) and sends whole records with their config context.
 */
export async function benchNetBoxSync(): Promise<void> {
  const ours = await measureRead('page size 1,000, fields=', 1000, 'fields');
  const smallPages = await measureRead('baseline: page size 100, fields=', 100, 'fields');
  const wholeRecords = await measureRead('baseline: page size 1,000, whole records', 1000, 'whole');

  console.log(
    `\nNetBox sync: ${DEVICES.toLocaleString('en-US')} devices from a loopback NetBox in its own process; median of ${PASSES} reads, each reader in a fresh process`,
  );
  for (const row of [ours, smallPages, wholeRecords]) {
    const perSecond = (row.devices + row.rejected) / (row.wallMs / 1000);
    const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
    console.log(
      `  ${row.name.padEnd(42)} ${row.wallMs.toFixed(0).padStart(6)} ms  ${String(row.pages).padStart(4)} pages  ` +
        `${Math.round(perSecond).toLocaleString('en-US').padStart(9)} devices/s  ${(row.bytes / 1e6).toFixed(1).padStart(6)} MB received  ` +
        `peak RSS ${mib(row.peakRss).padStart(4)} MiB (+${mib(row.peakRss - row.startRss)} over start)`,
    );
  }
  for (const baseline of [smallPages, wholeRecords]) {
    console.log(
      `  vs ${baseline.name.replace('baseline: ', '').padEnd(39)} ${(baseline.wallMs / ours.wallMs).toFixed(1)}x as fast, ${(ours.bytes / baseline.bytes).toFixed(2)}x the bytes, ${(ours.peakRss / baseline.peakRss).toFixed(2)}x the peak RSS`,
    );
  }
  console.log(
    `  loaded ${ours.devices.toLocaleString('en-US')} devices, rejected ${ours.rejected.toLocaleString('en-US')} (the version mix includes junk on purpose)`,
  );
}

async function measureRead(name: string, pageSize: number, fields: 'fields' | 'whole'): Promise<ReadFigures> {
  const server = startChild(['serve', String(DEVICES), fields]);
  try {
    const url = await firstLine(server);
    const reader = startChild(['read', url, String(pageSize)]);
    try {
      return { name, ...(JSON.parse(await firstLine(reader)) as Omit<ReadFigures, 'name'>) };
    } finally {
      reader.kill();
    }
  } finally {
    server.kill();
  }
}

function startChild(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (child.stdout === null) return reject(new Error('child has no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`benchmark child exited with ${code} before answering`)));
  });
}

/** Child: a fake NetBox with the generated fleet; prints its URL, then serves until killed. */
async function serve(devices: number, fields: string): Promise<void> {
  const fake = await new FakeNetBox({ ...generateNetBoxData(devices), v1Token: FAKE_V1_TOKEN, honourFields: fields === 'fields' }).start();
  console.log(fake.url);
}

/** Child: one warm-up read and the timed reads; prints the figures as one JSON line. */
async function read(url: string, pageSize: number): Promise<void> {
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampleRss = (): void => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const sampler = setInterval(sampleRss, RSS_SAMPLE_MS);
  let pages = 0;
  let bytes = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    pages++;
    bytes += Number(response.headers.get('content-length') ?? 0);
    sampleRss();
    return response;
  };
  const source = new NetBoxSource({
    url,
    token: FAKE_V1_TOKEN,
    filters: {},
    versionField: 'software_version',
    owner: { from: 'tenant' },
    pageSize,
    timeoutMs: 30_000,
    retries: 0,
    log: silentLogger,
    fetch: countingFetch,
  });

  await source.read();
  const times: number[] = [];
  let result = { devices: 0, rejected: 0 };
  for (let i = 0; i < PASSES; i++) {
    pages = 0;
    bytes = 0;
    const started = performance.now();
    const inventory = await source.read();
    times.push(performance.now() - started);
    sampleRss();
    result = { devices: inventory.devices.length, rejected: inventory.rejected.length };
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ wallMs: times[Math.floor(times.length / 2)] ?? 0, pages, bytes, peakRss, startRss, ...result }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, first = '', second = ''] = process.argv.slice(2);
  if (mode === 'serve') await serve(Number(first), second);
  else if (mode === 'read') await read(first, Number(second));
  else await benchNetBoxSync();
}
