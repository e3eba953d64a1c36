/**
 * The composition root of the bot: reads the configuration, loads the advisories, builds the core and
 * starts the adapters. With no platform configured, the console chat is the embedded default.
 */
import process from 'node:process';
import { runConsole } from '../adapters/console/console-adapter.ts';
import { loadConfig } from './config.ts';
import { createBot } from './core/create-bot.ts';
import { loadCatalog } from './core/load-catalog.ts';
import { BotError } from './errors.ts';
import { createLogger } from './log.ts';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.logLevel ?? 'warn' });
  const catalog = await loadCatalog(config.advisoriesDir, log);
  const bot = createBot({ catalog, now: () => new Date(), log });

  const interactive = process.stdin.isTTY === true;
  const loaded = catalog.advisories.map((a) => a.id).join(', ') || 'none';
  const rejected = catalog.problems.length > 0 ? ` (${new Set(catalog.problems.map((p) => p.file)).size} file(s) not loaded: type advisories)` : '';
  await runConsole(bot, {
    input: process.stdin,
    output: process.stdout,
    interactive,
    color: config.color && process.stdout.isTTY === true,
    banner: `screenos-bot console. Bulletins: ${loaded}${rejected}.\nType a version (6.2.0r16), help, or quit.`,
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BotError && error.code === 'invalid_config') {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`screenos-bot could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
