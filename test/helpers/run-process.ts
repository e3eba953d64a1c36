import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../src/config.ts';

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
  const env = { ...process.env };
  for (const name of BOT_SETTINGS) delete env[name];
  for (const name of Object.keys(env)) if (NPM_SETTING.test(name)) delete env[name];
  // Each process gets its own store unless the test names one, so tests never share or leave a database.
  const dataDir = options.env?.DATA_DIR === undefined ? tempDataDir() : null;
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...env, ...(dataDir === null ? {} : { DATA_DIR: dataDir }), ...options.env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** `node --import tsx <script> …`, the way the npm scripts start the bot and the CLI. */
export function runScript(script: string, args: readonly string[], options: Parameters<typeof runProcess>[2] = {}): Promise<Finished> {
  return runProcess(process.execPath, ['--import', 'tsx', script, ...args], options);
}
