/**
 * One replica of the bot as its own process, for the tests and the benchmark: starts `startServer` with
 * the configuration in its environment and a clock that runs `CLOCK_SPEED` times faster than the wall
 * from `CLOCK_ORIGIN` (shared by every replica of a run), ticks the reminder scheduler every `TICK_MS`,
 * and prints `ready <port>` once listening. SIGTERM stops it cleanly; the tests also SIGKILL it.
 */
import process from 'node:process';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { createLogger } from '../../src/infrastructure/log.ts';
import { startServer } from '../../app/main.ts';
import { systemClock, type Clock } from '../../src/infrastructure/clock.ts';

const origin = Number(process.env.CLOCK_ORIGIN);
const realOrigin = Number(process.env.CLOCK_REAL_ORIGIN);
const speed = Number(process.env.CLOCK_SPEED ?? '1');
const tickMs = Number(process.env.TICK_MS ?? '500');
/** Time runs fast, so that reminder slots come quickly; waits (timeouts, backoff) stay as long as the wall's. */
const clock: Clock = { ...systemClock, now: () => new Date(origin + (Date.now() - realOrigin) * speed) };

const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel ?? 'warn', write: (line) => process.stderr.write(`${line}\n`) });
const bot = await startServer(config, { clock, runScheduler: false, log });
const ticker = setInterval(() => void bot.runtime.scheduler.tick(), tickMs);
process.stdout.write(`ready ${bot.port}\n`);
process.once('SIGTERM', () => {
  clearInterval(ticker);
  void bot.stop().then(() => process.exit(0));
});
