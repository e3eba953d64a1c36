import { BotError } from '../../domain/errors.ts';
import { readConfigFile } from './config-file.ts';
import { inventoryConfig } from './inventory-settings.ts';
import { listenerHost } from './listener-settings.ts';
import { redactSecrets } from './secrets.ts';
import { Refusal, type Readings, type Setting, type ShippedPaths } from './setting.ts';
import { SETTINGS, type SettingName, type SettingValues } from './settings.ts';
import { slackConfig } from './slack-settings.ts';
import { teamsConfig } from './teams-settings.ts';
import type { Config } from './types.ts';

type Source = Readonly<Record<string, string | undefined>>;

const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * Reads the settings from `environment`, over an optional `CONFIG_FILE`, and checks them all before
 * throwing one {@link BotError} (`invalid_config`) that names every problem with its variable: first
 * those of CONFIG_FILE itself, then every value a setting's parser refuses (in the table's order), then
 * what does not fit together (a Slack token without its signing secret, two inventory sources). No
 * problem quotes a secret.
 */
export function loadSettings(environment: Source, shipped: ShippedPaths): Config {
  const problems: string[] = [];
  const source = { ...readConfigFile(environment.CONFIG_FILE, problems), ...definedOnly(environment) };
  const readings = readSettings(source, shipped, problems);
  const { values } = readings;
  const slack = slackConfig(readings, problems);
  const teams = teamsConfig(readings, problems);
  const config: Config = {
    environment: values.NODE_ENV,
    logLevel: values.LOG_LEVEL,
    color: values.NO_COLOR === null,
    advisoriesDir: values.ADVISORIES_DIR,
    port: values.PORT,
    host: listenerHost(values.HOST, teams?.allowUnauthenticated === true),
    metricsToken: values.METRICS_TOKEN,
    publicUrl: values.PUBLIC_URL,
    slack,
    teams,
    inventory: inventoryConfig(readings, { platformConfigured: slack !== null || teams !== null, exampleFleet: shipped.exampleFleet }, problems),
    inventorySyncMinutes: values.INVENTORY_SYNC_MINUTES,
    inventoryLimits: { maxBytes: values.INVENTORY_MAX_BYTES, maxDevices: values.INVENTORY_MAX_DEVICES },
    inventoryMaxLossPercent: values.INVENTORY_MAX_LOSS_PERCENT,
    dataDir: values.DATA_DIR,
    databaseUrl: values.DATABASE_URL,
    admins: values.BOT_ADMINS,
    reminderTimezone: values.REMINDER_TIMEZONE,
    reminderGraceMinutes: values.REMINDER_GRACE_MINUTES,
    briefingChannelPattern: values.BRIEFING_CHANNEL_PATTERN,
    briefingDefaultAdvisory: values.BRIEFING_DEFAULT_ADVISORY,
    kev: { url: values.KEV_URL, refreshHours: values.KEV_REFRESH_HOURS },
    given: new Set(SETTING_NAMES.filter(readings.given)),
  };
  problems.push(...productionProblems(config));
  if (problems.length > 0) {
    const message = `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    throw new BotError('invalid_config', redactSecrets(message, source));
  }
  return config;
}

/**
 * Every setting's value, by the table's parser: the value given, or else the default read by the same
 * parser. A refused value is reported under the setting's name; the loader goes on with a stand-in only
 * to find the remaining problems, since a configuration with any is thrown.
 */
function readSettings(source: Source, shipped: ShippedPaths, problems: string[]): Readings<typeof SETTINGS> {
  const values: Partial<Record<SettingName, unknown>> = {};
  const given = new Set<SettingName>();
  const refused = new Set<SettingName>();
  for (const name of SETTING_NAMES) {
    const setting: Setting<unknown> = SETTINGS[name];
    const text = source[name]?.trim() ?? '';
    if (text !== '') given.add(name);
    const read = text === '' ? readDefault(setting, shipped) : setting.parse(text);
    if (!(read instanceof Refusal)) {
      values[name] = read;
      continue;
    }
    refused.add(name);
    problems.push(...read.problems.map((problem) => `${name}: ${problem}`));
    values[name] = standIn(name, setting, read, shipped);
  }
  return { values: values as SettingValues, given: (name) => given.has(name), refused: (name) => refused.has(name) };
}

/** The default, read by the setting's own parser; null for an optional setting. */
function readDefault(setting: Setting<unknown>, shipped: ShippedPaths): unknown {
  if (setting.default === null) return null;
  return setting.parse(typeof setting.default === 'string' ? setting.default : setting.default(shipped));
}

/**
 * What the loader goes on with after a refusal: the refusal's `carryOn`, or the default. Only a check on
 * the file system refuses a default (the shipped advisories/ missing), and it carries on with the path;
 * any other refused default is a mistake in the table, which the settings test catches.
 */
function standIn(name: SettingName, setting: Setting<unknown>, refusal: Refusal<unknown>, shipped: ShippedPaths): unknown {
  if (refusal.carryOn !== undefined) return refusal.carryOn;
  const fallback = readDefault(setting, shipped);
  if (!(fallback instanceof Refusal)) return fallback;
  if (fallback.carryOn !== undefined) return fallback.carryOn;
  throw new Error(`the default of ${name} is refused by its own parser`);
}

/** What production refuses: requests nobody verifies, or no chat platform at all. */
function productionProblems(config: Config): string[] {
  if (config.environment !== 'production') return [];
  const problems: string[] = [];
  if (config.teams?.allowUnauthenticated === true)
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED: not allowed in production; set MicrosoftAppId and MicrosoftAppPassword');
  if (config.slack === null && config.teams === null) {
    problems.push(
      'NODE_ENV: production needs a chat platform with verified requests: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or MicrosoftAppId and MicrosoftAppPassword',
    );
  }
  return problems;
}

function definedOnly(source: Source): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty variable (`LOG_LEVEL=` from a compose file) counts as unset, so a config file still applies.
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}
