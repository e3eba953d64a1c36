import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../src/infrastructure/clock.ts';
import { EXAMPLE_FLEET, loadConfig } from '../../src/infrastructure/config.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { startServer, type RunningBot } from '../../app/main.ts';
import { tempDataDir } from './run-process.ts';

export interface BotSetup {
  /** The platform's settings, and any others the test needs; they win over the rig's own. */
  readonly environment: Readonly<Record<string, string>>;
  /** The fleet as CSV, written into the data folder; the example fleet when absent. */
  readonly inventory?: string;
  /** The bot's clock; the machine's when absent. */
  readonly clock?: Clock;
}

/**
 * Starts a bot keeping its state in `dataDir`, on a free port, silent, with its reminder ticker off (a
 * test ticks by hand). A second call on the same folder is a restart.
 */
export async function startBot(dataDir: string, setup: BotSetup): Promise<RunningBot> {
  let inventory = EXAMPLE_FLEET;
  if (setup.inventory !== undefined) {
    inventory = path.join(dataDir, 'fleet.csv');
    await writeFile(inventory, setup.inventory);
  }
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, INVENTORY_FILE: inventory, ...setup.environment });
  return startServer(config, { log: silentLogger, runScheduler: false, ...(setup.clock === undefined ? {} : { clock: setup.clock }) });
}

/** Runs `use` with a bot on a fresh data folder, then stops the bot and removes the folder, pass or fail. */
export async function withBot(setup: BotSetup, use: (bot: RunningBot, dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = tempDataDir();
  try {
    const bot = await startBot(dataDir, setup);
    try {
      await use(bot, dataDir);
    } finally {
      await bot.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
