import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../src/infrastructure/config.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The bot's own settings (every one in the settings table, so that a `DATABASE_URL` or `SLACK_BOT_TOKEN` in
 * the developer's shell reaches no test), and node's test-runner marker, removed from the inherited
 * environment so that each test sets its own.
 */
const BOT_SETTINGS = [...Object.keys(SETTINGS), 'NODE_TEST_CONTEXT'];

/**
 * npm's own settings (`npm_config_loglevel` and the like), which an outer `npm test --loglevel=warn` exports to
 * the tests: a spawned `npm run` would obey them over the project's .npmrc and print its banner on stdout.
 * Removed so that a spawned npm reads .npmrc as a pipeline's fresh shell does, whatever npm ran the tests.
 */
const NPM_SETTING = /^npm_config_/i;

/** A fresh folder for a test's store; removed by {@link runProcess} when its process ends. */
export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'screenos-data-'));
}

/** Runs a real process in the project root with `stdin` on a pipe, and collects what it prints. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly stdin?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<Finished> {
  const started = startProcess(command, args, options);
  started.child.stdin.end(options.stdin ?? '');
  return started.finished;
}

/** A process started by {@link startProcess}, still running: its input stays open until the test ends it. */
export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** What it has printed so far. */
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  /** Settles when it has exited and its output has ended (which a child it left running can hold up). */
  readonly finished: Promise<Finished>;
  /** Settles with its exit code when it has exited, whatever became of its children. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts a real process in the project root, like {@link runProcess}, but leaves its `stdin` open.
 * `groupLeader` puts it at the head of a process group of its own, as a terminal does with a command, so
 * that a test can signal the whole group (`process.kill(-pid, …)`) as Ctrl-C would.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { readonly env?: Readonly<Record<string, string>>; readonly groupLeader?: boolean } = {},
): StartedProcess {
  const env = { ...process.env };
  for (const name of BOT_SETTINGS) delete env[name];
  for (const name of Object.keys(env)) if (NPM_SETTING.test(name)) delete env[name];
  // Each process gets its own store unless the test names one, so tests never share or leave a database.
  const dataDir = options.env?.DATA_DIR === undefined ? tempDataDir() : null;
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...env, ...(dataDir === null ? {} : { DATA_DIR: dataDir }), ...options.env },
    stdio: 'pipe',
    detached: options.groupLeader === true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), finished, exited };
}

/** `node --import tsx <script> …`: the sources as they run in development (`npm start` runs the compiled build). */
export function runScript(script: string, args: readonly string[], options: Parameters<typeof runProcess>[2] = {}): Promise<Finished> {
  return runProcess(process.execPath, ['--import', 'tsx', script, ...args], options);
}
