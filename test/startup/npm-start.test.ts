import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, type StartedProcess } from '../helpers/run-process.ts';

/**
 * `npm start` as an operator runs it: npm, the build check before it, and the compiled bot. The first
 * test may compile dist/ (a fresh clone, or sources changed since the last build), hence the timeout; no
 * assertion depends on how long anything takes.
 */
const GENEROUS = { timeout: 240_000 };

/** A loopback port that nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

/** Whether something can listen on `port` again, i.e. the bot let go of it. */
function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The living processes below `root`, read from /proc: npm, the shell it may start, the bot. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const [state, ppid] = statOf(Number(name));
    if (state !== null && state !== 'Z') parents.set(Number(name), ppid);
  }
  const found: number[] = [];
  for (let frontier = [root]; frontier.length > 0;) {
    const children = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** A process's state letter and parent from /proc/<pid>/stat; a null state once it is gone. */
function statOf(pid: number): [string | null, number] {
  try {
    // The command name sits in parentheses and may hold spaces: the fields follow its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = null, ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [state, Number(ppid)];
  } catch {
    return [null, 0];
  }
}

const alive = (pid: number): boolean => {
  const [state] = statOf(pid);
  return state !== null && state !== 'Z';
};

/** Polls `condition` until it holds; fails with what the process printed if it exits first. */
/** How long a condition is waited for before the test fails; well inside the test's timeout. */
const GIVE_UP_MS = 120_000;

async function until(started: StartedProcess, what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  let exited = false;
  void started.exited.then(() => (exited = true));
  // A bound below the test's own timeout, so that a condition that never comes fails the test with the
  // output and still lets `finally` stop the processes, instead of leaving them to hold the run open.
  const giveUpAt = Date.now() + GIVE_UP_MS;
  while (!(await condition())) {
    const { stdout, stderr } = started.output();
    if (exited) assert.fail(`npm start ended before ${what}:\n${stdout}\n${stderr}`);
    if (Date.now() > giveUpAt) assert.fail(`${what} did not happen:\n${stdout}\n${stderr}`);
    await sleep(100);
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return response.ok;
  } catch {
    return false;
  }
}

/** npm's processes below it, recorded once the bot runs, so that a test can end any that outlive npm. */
interface Run {
  readonly started: StartedProcess;
  tree: number[];
}

function start(env: Readonly<Record<string, string>> = {}): Run {
  // A group of its own, so that a test can signal it as a terminal signals its foreground command.
  return { started: startProcess('npm', ['start'], { env, groupLeader: true }), tree: [] };
}

/** How long the tree gets to end after the signal before the test reports what is left: far above the bot's own 10 s deadline. */
const STOP_BOUND_MS = 60_000;

/**
 * Sends `signal` to npm alone, as a service manager or `kill` would, and waits for npm and every
 * process below it to end, within {@link STOP_BOUND_MS}. Returns npm's exit code (null if it is still
 * running) and the processes of the tree still running: an orphan, or a shell that waits for one.
 */
async function stopWith(run: Run, signal: NodeJS.Signals, to: 'npm' | 'group' = 'npm'): Promise<{ code: number | null; left: number[] }> {
  const npm = run.started.child.pid;
  assert.ok(npm !== undefined);
  run.tree = [npm, ...descendants(npm)];
  assert.ok(run.tree.length > 1, 'npm runs the bot as a child process');
  if (to === 'npm') run.started.child.kill(signal);
  else process.kill(-npm, signal);
  for (let waited = 0; waited < STOP_BOUND_MS && run.tree.some(alive); waited += 100) await sleep(100);
  const left = run.tree.filter(alive);
  // npm is gone from /proc's living processes once it exited (a zombie until reaped): its code follows.
  return { code: left.includes(npm) ? null : await run.started.exited, left };
}

/** Ends whatever a failed test left running. */
function cleanUp(run: Run): void {
  for (const pid of new Set([run.started.child.pid ?? 0, ...run.tree])) if (pid !== 0 && alive(pid)) process.kill(pid, 'SIGKILL');
}

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the whole process tree and frees its port on ${signal} to npm, exiting 0`, GENEROUS, async () => {
      const port = await freePort();
      const run = start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
      try {
        await until(run.started, `/healthz answered on port ${port}`, () => healthy(port));
        const { code, left } = await stopWith(run, signal);
        assert.deepEqual(left, [], 'no process of the tree is left running');
        const { stderr } = run.started.output();
        assert.equal(code, 0, `npm exits 0 after a clean stop:\n${stderr}`);
        assert.doesNotMatch(stderr, /did not stop/);
        assert.ok(await canListen(port), `port ${port} is free again`);
      } finally {
        cleanUp(run);
      }
    });
  }

  it('stops cleanly on Ctrl-C in a terminal, which signals npm and the bot alike', GENEROUS, async () => {
    const port = await freePort();
    const run = start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      await until(run.started, `/healthz answered on port ${port}`, () => healthy(port));
      const { code, left } = await stopWith(run, 'SIGINT', 'group');
      assert.deepEqual(left, [], 'no process of the tree is left running');
      assert.equal(code, 0, `npm exits 0 after a clean stop:\n${run.started.output().stderr}`);
      assert.ok(await canListen(port), `port ${port} is free again`);
    } finally {
      cleanUp(run);
    }
  });

  it(
    'answers from the compiled build in the console chat, with the shipped advisories and the example fleet, and stops on SIGTERM while its input is still open',
    GENEROUS,
    async () => {
      const run = start();
      try {
        run.started.child.stdin.write('6.2.0r16\ndevices\n');
        await until(run.started, 'the answers were printed', () => /Devices: \d+ unpatched of \d+/.test(run.started.output().stdout));
        assert.match(run.started.output().stdout, /6\.2\.0r16: affected/);
        const { code, left } = await stopWith(run, 'SIGTERM');
        assert.deepEqual(left, [], 'no process of the tree is left running');
        assert.equal(code, 0, `npm exits 0 after a clean stop:\n${run.started.output().stderr}`);
      } finally {
        cleanUp(run);
      }
    },
  );
});
