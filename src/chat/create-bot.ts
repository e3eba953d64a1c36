import { Bot, type CommandTiming } from './bot.ts';
import type { BotServices } from './command.ts';
import { advisoriesCommand } from './commands/advisories.ts';
import { advisoryCommand } from './commands/advisory.ts';
import { checkVersionsCommand, junosCommand } from './commands/check-versions.ts';
import { createHelpCommand } from './commands/help.ts';
import { acceptCommand, ackCommand, snoozeCommand, unackCommand } from './commands/device-state.ts';
import { deviceCommand } from './commands/device.ts';
import { devicesCommand } from './commands/devices.ts';
import { inventoryCommand } from './commands/inventory.ts';
import { remindCommand } from './commands/remind.ts';
import { briefCommand } from './commands/brief.ts';
import { huntCommand } from './commands/hunt.ts';
import { progressCommand } from './commands/progress.ts';
import { CommandRegistry } from './registry.ts';

/** The registry with every command the bot offers, in the order `help` lists them. */
export function createRegistry(): CommandRegistry {
  const registry = new CommandRegistry();
  registry.register(checkVersionsCommand).register(junosCommand).register(advisoryCommand).register(advisoriesCommand);
  registry.register(devicesCommand).register(deviceCommand).register(inventoryCommand).register(progressCommand);
  registry.register(ackCommand).register(snoozeCommand).register(acceptCommand).register(unackCommand);
  registry.register(remindCommand).register(briefCommand).register(huntCommand);
  return registry.register(createHelpCommand(registry));
}

/** The bot with every command; `timing`, when given, is told how long each command took. */
export function createBot(services: BotServices, timing: CommandTiming | null = null): Bot {
  return new Bot(createRegistry(), services, timing);
}
