import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

const ENTRY = path.join(PROJECT_ROOT, 'test', 'replicas', 'replica-process.ts');

/** A bot replica running as a child process (see replica-process.ts). */
export interface Replica {
  readonly port: number;
  readonly child: ChildProcess;
  /** What it wrote on stderr (its log). */
  stderr(): string;
  /** Ends it at once, as a crash or an OOM kill would: nothing is cleaned up. */
  kill(): void;
  /** Asks it to stop and waits until it has. */
  stop(): Promise<void>;
}

/** Starts a replica with `env` (on top of PATH and the like) and resolves once it listens. */
export function startReplica(env: Readonly<Record<string, string>>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = /ready (\d+)/.exec(stdout);
      if (ready === null) return;
      resolve({
        port: Number(ready[1]),
        child,
        stderr: () => stderr,
        kill: () => child.kill('SIGKILL'),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the replica exited (${String(code)}) before it was ready:\n${stderr}`)));
  });
}
