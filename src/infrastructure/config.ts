import path from 'node:path';
import { PROJECT_ROOT } from './project-root.ts';
import { loadSettings } from './config/load-config.ts';
import type { Config } from './config/types.ts';

/** The project's root folder, where `advisories/` and `examples/` ship, from `src/` or `dist/src/` alike. */
export { PROJECT_ROOT };

/** The example fleet the console demo audits when no inventory is configured. */
export const EXAMPLE_FLEET = path.join(PROJECT_ROOT, 'examples', 'fleet.csv');

/**
 * The one place that reads settings: the environment (never `process.env` itself: the composition roots
 * hand it over), over an optional `CONFIG_FILE`. It checks every value and throws one BotError
 * (`invalid_config`) that names every bad variable at once. The settings themselves, with their parsers,
 * defaults and README rows, are the table in `config/settings.ts`.
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): Config {
  return loadSettings(environment, { advisories: path.join(PROJECT_ROOT, 'advisories'), exampleFleet: EXAMPLE_FLEET });
}

export type { Config } from './config/types.ts';
export type { InventoryConfig } from './config/inventory-settings.ts';
export type { SlackConfig } from './config/slack-settings.ts';
export type { TeamsConfig } from './config/teams-settings.ts';
export { SETTINGS, type SettingName } from './config/settings.ts';
export { isSecretSetting, secretsOf } from './config/secrets.ts';
