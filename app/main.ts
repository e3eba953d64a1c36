/**
 * The composition root of the bot: reads the configuration, loads the advisories, builds the core and
 * starts the adapters. With no platform configured, the console chat is the embedded default; with
 * Slack configured, one HTTP listener serves Slack and `/healthz`.
 */
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { createConsoleDelivery, createConsolePublisher, runConsole } from '../adapters/console/console-adapter.ts';
import { createSlackDelivery } from '../adapters/slack/slack-delivery.ts';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/slack-adapter.ts';
import { createTeamsAdapter, createTeamsDelivery, type TeamsAdapter } from '../adapters/teams/teams-adapter.ts';
import { loadConfig, secretsOf, type Config } from '../src/infrastructure/config.ts';
import { systemClock, type Clock } from '../src/infrastructure/clock.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
import { BotError } from '../src/domain/errors.ts';
import { close, createHttpServer, listen, type HealthReport } from '../src/infrastructure/http/http-server.ts';
import { metricsRoute } from '../src/infrastructure/http/metrics-route.ts';
import { createLogger, type Logger } from '../src/infrastructure/log.ts';
import { LinkedFiles } from '../src/infrastructure/http/linked-files.ts';

/** How long a SIGTERM or SIGINT waits for a clean stop before the process exits regardless. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/**
 * How long a stop lets reminder posts already sent to a platform finish and be recorded; past it they are
 * abandoned (put back with an unknown outcome). Well within {@link SHUTDOWN_DEADLINE_MS}, which must
 * also cover closing the listener and the store.
 */
const DELIVERY_GRACE_MS = 5_000;

export interface RunningBot {
  /** The port the HTTP listener bound (PORT=0 picks a free one). */
  readonly port: number;
  readonly runtime: Runtime;
  readonly slack: SlackAdapter | null;
  readonly teams: TeamsAdapter | null;
  /**
   * Closes the listener (requests in progress are answered first), then the scheduler and the store.
   * Reminder posts already on their way get `deliveryGraceMs` to finish (default 0: abandoned at once).
   */
  stop(options?: { readonly deliveryGraceMs?: number }): Promise<void>;
}

/** Options the tests use to tune the adapters; production uses the defaults. */
export interface StartOptions {
  readonly log?: Logger;
  readonly slackAckBudgetMs?: number;
  /** What everything in the bot reads the time from and waits on; tests pass one they move. */
  readonly clock?: Clock;
  /** false leaves the reminder ticker off, for tests that tick by hand. */
  readonly runScheduler?: boolean;
  /**
   * The listener answers from the stored snapshot at once either way; this only says whether the promise
   * waits for the first inventory sync too (the default, so that callers see a synced fleet). `main`
   * passes false, so that a signal can stop the bot while a source hangs.
   */
  readonly waitForFirstSync?: boolean;
  /** How PostgreSQL queries wait for a database that went away; tests make it short. */
  readonly storeRetry?: RuntimeOptions['storeRetry'];
}

/** Starts the chat platforms that `config` names on one HTTP listener. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: config.logLevel ?? 'info', secrets: secretsOf(config), now: clock.now });
  const runtime = await createRuntime(config, log, clock, {
    waitForFirstSync: false,
    ...(options.storeRetry === undefined ? {} : { storeRetry: options.storeRetry }),
  });
  const slack: SlackAdapter | null =
    config.slack === null
      ? null
      : createSlackAdapter({
          bot: runtime.bot,
          config: config.slack,
          log,
          clock,
          ackBudgetMs: options.slackAckBudgetMs,
          onChannel: (conversation, prepare) => runtime.briefings.onChannel(conversation, prepare),
          lookupEmails: config.admins.hasEmails(),
          deliveryLog: runtime.store,
        });
  // Teams shows a card's picture only from a link, and takes no file from a bot in a channel: charts and
  // exports are served under PUBLIC_URL when it is set.
  const links =
    config.teams === null || config.publicUrl === null ? null : new LinkedFiles({ store: runtime.store, baseUrl: config.publicUrl, now: clock.now });
  const teams: TeamsAdapter | null =
    config.teams === null
      ? null
      : createTeamsAdapter({
          bot: runtime.bot,
          config: config.teams,
          store: runtime.store,
          log,
          clock,
          links,
          onChannel: (conversation) => runtime.briefings.onChannel(conversation),
        });
  // The listener's process is the one Prometheus scrapes: its CPU, memory and event loop count too.
  runtime.metrics.includeProcessDefaults();
  const server = createHttpServer({
    routes: [...(slack?.routes ?? []), ...(teams?.routes ?? []), metricsRoute(runtime.metrics, config.metricsToken), ...(links?.routes() ?? [])],
    health: (detailed) => healthReport(runtime, slack, teams, detailed),
    healthToken: config.metricsToken,
    log,
  });
  if (slack !== null && config.slack !== null) {
    runtime.deliveries.slack = createSlackDelivery(config.slack, log, { clock });
    runtime.briefings.publishers.slack = slack.briefings;
  }
  if (teams !== null) {
    runtime.deliveries.teams = createTeamsDelivery(teams, { clock });
    runtime.briefings.publishers.teams = teams.briefings;
  }
  // Slack is checked before the listener opens, so that no request arrives before the bot knows who it is.
  try {
    await slack?.start();
  } catch (error) {
    await runtime.close();
    throw error instanceof BotError
      ? error
      : new BotError('slack_start_failed', `Slack did not accept the bot token or the connection: ${(error as Error).message}`, { cause: error });
  }
  let port: number;
  try {
    port = await listen(server, config.port, config.host ?? undefined);
  } catch (error) {
    await slack?.stop();
    await runtime.close();
    const { code: given } = error as { code?: unknown };
    const code = typeof given === 'string' ? given : (error as Error).message;
    const reason = code === 'EADDRINUSE' ? 'another process is listening there' : code === 'EACCES' ? 'a port below 1024 needs privileges' : code;
    throw new BotError('port_unavailable', `PORT: cannot listen on port ${config.port}: ${reason} (${code})`, { cause: error });
  }
  log.info('listening', {
    port,
    host: config.host ?? 'every interface',
    slack: slack?.mode ?? 'off',
    teams: teams === null ? 'off' : teams.health().authenticated ? 'on' : 'UNAUTHENTICATED',
  });
  if (options.runScheduler !== false) runtime.scheduler.start();
  if (options.waitForFirstSync !== false) await runtime.inventory?.firstSync();
  return {
    port,
    runtime,
    slack,
    teams,
    async stop(options = {}) {
      await slack?.stop();
      await close(server);
      await runtime.close({ deliveryGraceMs: options.deliveryGraceMs ?? 0 });
    },
  };
}

/**
 * `/healthz`: status and counts for anyone (a load balancer), the rest only with `METRICS_TOKEN`: the
 * inventory's path or URL, its last error (which may quote the file), the KEV data in use and the
 * platforms' state. The store is named either way; while its database cannot be reached the status is
 * `degraded` (503), so that a load balancer sends traffic to a replica that can answer.
 */
function healthReport(runtime: Runtime, slack: SlackAdapter | null, teams: TeamsAdapter | null, detailed: boolean): HealthReport {
  const warnings = [teams?.health().warning ?? null].filter((w) => w !== null);
  const counts = {
    advisories: runtime.catalog.advisories.length,
    advisoryProblems: runtime.catalog.problems.length,
    devices: runtime.inventory?.snapshot()?.read.devices.length ?? null,
    warnings: warnings.length,
  };
  const store = runtime.store.health();
  const status = store.reachable ? 'ok' : 'degraded';
  if (!detailed) return { status, store: store.kind, counts };
  return {
    status,
    store: store.kind,
    storeError: store.lastError,
    counts,
    warnings,
    advisories: runtime.catalog.advisories.map((a) => a.id),
    advisoryProblems: runtime.catalog.problems.length,
    inventory: runtime.inventory?.health() ?? null,
    slack: slack === null ? null : slack.health(),
    teams: teams === null ? null : teams.health(),
    outbox: runtime.scheduler.deliveryStatus(),
    kev: runtime.kev.status(),
  };
}

async function runConsoleChat(config: Config, runtime: Runtime, closing: AbortSignal): Promise<void> {
  const { catalog, inventory } = runtime;
  const loaded = catalog.advisories.map((a) => a.id).join(', ') || 'none';
  const files = new Set(catalog.problems.map((p) => p.file)).size;
  const rejected = files > 0 ? ` (${files} file(s) not loaded: type advisories)` : '';
  const fleet = inventory === null ? '' : `\nInventory: ${inventory.description}, ${inventory.snapshot()?.read.devices.length ?? 0} devices (type devices).`;
  await runConsole(runtime.bot, {
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
    color: config.color && process.stdout.isTTY === true,
    banner: `screenos-bot console. Bulletins: ${loaded}${rejected}.${fleet}\nType a version (6.2.0r16), help, or quit.`,
    dataDir: config.dataDir,
    signal: closing,
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const clock = systemClock;
  if (config.slack === null && config.teams === null) {
    // The embedded default: no platform configured, so chat in this terminal.
    const log = createLogger({ level: config.logLevel ?? 'warn', secrets: secretsOf(config), now: clock.now });
    const runtime = await createRuntime(config, log, clock);
    const color = config.color && process.stdout.isTTY === true;
    runtime.deliveries.console = createConsoleDelivery(process.stdout, color, config.dataDir);
    runtime.briefings.publishers.console = createConsolePublisher(process.stdout, color, config.dataDir);
    // Reminders tick in an interactive session; a piped one answers and ends before any slot.
    if (process.stdin.isTTY === true) runtime.scheduler.start();
    // A signal ends the chat as `quit` would: the answer in progress is printed, then the store closes.
    const closing = new AbortController();
    const chat = (async () => {
      try {
        await runConsoleChat(config, runtime, closing.signal);
      } finally {
        await runtime.close({ deliveryGraceMs: DELIVERY_GRACE_MS });
      }
    })();
    stopOnSignals(clock, async () => {
      closing.abort();
      await chat;
    });
    await chat;
    return;
  }
  const running = await startServer(config, { waitForFirstSync: false, clock });
  stopOnSignals(clock, () => running.stop({ deliveryGraceMs: DELIVERY_GRACE_MS }));
}

/**
 * Stops the bot on SIGTERM (a service manager, `docker stop`) or SIGINT (Ctrl-C), then exits 0; a stop
 * that fails or outlasts {@link SHUTDOWN_DEADLINE_MS} exits 1. The handlers stay installed while the
 * stop runs, so a repeated signal changes nothing: a terminal's Ctrl-C reaches the bot twice under
 * `npm start`, from the terminal and relayed by npm, and the second must not kill it mid-stop.
 */
function stopOnSignals(clock: Clock, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    // The last resort, should anything never return.
    clock.setTimer(
      SHUTDOWN_DEADLINE_MS,
      () => {
        process.stderr.write(`screenos-bot did not stop within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway\n`);
        process.exit(1);
      },
      { keepAlive: false },
    );
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`screenos-bot did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    if (error instanceof BotError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`screenos-bot could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
