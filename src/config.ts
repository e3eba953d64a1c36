import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { BotError } from './errors.ts';
import type { LogLevel } from './log.ts';

/** The project's root folder, where `advisories/` ships. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  /** null when not set: the bot then logs at info, and the console chat at warn. */
  readonly logLevel: LogLevel | null;
  /** False when `NO_COLOR` is set (no-color.org); terminals otherwise get colour. */
  readonly color: boolean;
  /** The folder with one JSON file per bulletin. */
  readonly advisoriesDir: string;
  /** The one HTTP listener that Slack (`/slack/events`), Teams and `/healthz` share. */
  readonly port: number;
  /** null when Slack is not configured. */
  readonly slack: SlackConfig | null;
}

export interface SlackConfig {
  /** `xoxb-…` */
  readonly botToken: string;
  /** Verifies every request; the Slack adapter never runs without it. */
  readonly signingSecret: string;
  /** `xapp-…`: when set, Slack connects over Socket Mode instead of calling `/slack/events`. */
  readonly appToken: string | null;
  /** The Web API base URL (Bolt's `slackApiUrl`), for Slack-compatible gateways and tests. Ends in `/`. */
  readonly apiUrl: string;
  /** The slash command, `/screenos` unless the app registers another. */
  readonly command: string;
}

/** Every secret value in a configuration, for the logger to redact. */
export function secretsOf(config: Config): string[] {
  const slack = config.slack;
  return slack === null ? [] : [slack.botToken, slack.signingSecret, ...(slack.appToken === null ? [] : [slack.appToken])];
}

type Source = Readonly<Record<string, string | undefined>>;

/** Every setting: its variable name, what it means, and its default. README's table follows this list. */
export const SETTINGS = {
  NODE_ENV: { summary: 'development, production or test', fallback: 'development' },
  LOG_LEVEL: { summary: 'debug, info, warn or error', fallback: 'info (warn in the console chat)' },
  NO_COLOR: { summary: 'set to anything to turn colour off in the console', fallback: 'unset' },
  ADVISORIES_DIR: { summary: 'folder of advisory JSON files', fallback: 'advisories/ in the project' },
  PORT: { summary: 'port of the HTTP listener for Slack, Teams and /healthz', fallback: '3000' },
  SLACK_BOT_TOKEN: { summary: 'bot token (xoxb-…); turns the Slack adapter on', fallback: 'unset' },
  SLACK_SIGNING_SECRET: { summary: 'signing secret; required with SLACK_BOT_TOKEN', fallback: 'unset' },
  SLACK_APP_TOKEN: { summary: 'app-level token (xapp-…) for Socket Mode', fallback: 'unset (HTTP mode)' },
  SLACK_API_URL: { summary: 'Slack Web API base URL', fallback: 'https://slack.com/api/' },
  SLACK_COMMAND: { summary: 'the slash command the app registers', fallback: '/screenos' },
  CONFIG_FILE: { summary: 'optional YAML or JSON file of these same settings; the environment wins', fallback: 'none' },
} as const;

export type SettingName = keyof typeof SETTINGS;

/**
 * The one place that reads settings: the environment, over an optional `CONFIG_FILE`. It checks every
 * value and throws one {@link BotError} (`invalid_config`) that names every bad variable at once.
 */
export function loadConfig(environment: Source): Config {
  const problems: string[] = [];
  const source = { ...readConfigFile(environment.CONFIG_FILE, problems), ...definedOnly(environment) };
  const choice = <T extends string, F extends T | null>(name: SettingName, choices: readonly T[], fallback: F): T | F => {
    const value = source[name]?.trim();
    if (value === undefined || value === '') return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    problems.push(`${name}: “${value}” is not one of ${choices.join(', ')}`);
    return fallback;
  };
  const directory = (name: SettingName, fallback: string): string => {
    const value = source[name]?.trim();
    const dir = value === undefined || value === '' ? fallback : path.resolve(value);
    if (!isDirectory(dir)) problems.push(`${name}: “${dir}” is not a folder`);
    return dir;
  };

  const config: Config = {
    environment: choice('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    logLevel: choice('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, null),
    color: (source.NO_COLOR ?? '') === '',
    advisoriesDir: directory('ADVISORIES_DIR', path.join(PROJECT_ROOT, 'advisories')),
    port: readPort(source.PORT, problems),
    slack: readSlack(source, problems),
  };
  if (config.environment === 'production' && config.slack === null) {
    problems.push('NODE_ENV: production needs a chat platform with verified requests: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  }
  if (problems.length > 0) {
    throw new BotError('invalid_config', `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return config;
}

function definedOnly(source: Source): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty variable (`LOG_LEVEL=` from a compose file) counts as unset, so a config file still applies.
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

function readConfigFile(file: string | undefined, problems: string[]): Record<string, string> {
  if (file === undefined || file.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = YAML.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`CONFIG_FILE: “${file}” could not be read: ${(error as Error).message}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`CONFIG_FILE: “${file}” must hold a mapping of setting names to values`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in SETTINGS) || key === 'CONFIG_FILE') problems.push(`CONFIG_FILE: “${key}” is not a setting (known: ${Object.keys(SETTINGS).filter((k) => k !== 'CONFIG_FILE').join(', ')})`);
    else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') problems.push(`${key} (in CONFIG_FILE): must be a single value`);
    else out[key] = String(value);
  }
  return out;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function readPort(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 3000;
  const port = Number(value.trim());
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  problems.push(`PORT: “${value}” is not a port number (0 to 65535)`);
  return 3000;
}

function readSlack(source: Readonly<Record<string, string | undefined>>, problems: string[]): SlackConfig | null {
  const botToken = source.SLACK_BOT_TOKEN?.trim();
  const signingSecret = source.SLACK_SIGNING_SECRET?.trim();
  const appToken = source.SLACK_APP_TOKEN?.trim() ?? null;
  if (botToken === undefined) {
    if (signingSecret !== undefined || appToken !== null) problems.push('SLACK_BOT_TOKEN: missing; the other SLACK_ settings do nothing without it');
    return null;
  }
  const before = problems.length;
  if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN: a bot token starts with xoxb- (it is on the app’s OAuth & Permissions page)');
  if (signingSecret === undefined) {
    problems.push('SLACK_SIGNING_SECRET: missing; the Slack adapter does not run without verifying requests (Basic Information → App Credentials)');
  }
  if (appToken !== null && !appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN: an app-level token starts with xapp- (Basic Information → App-Level Tokens)');
  let apiUrl = source.SLACK_API_URL?.trim() ?? 'https://slack.com/api/';
  if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) problems.push(`SLACK_API_URL: “${apiUrl}” is not an http(s) URL`);
  else if (!apiUrl.endsWith('/')) apiUrl += '/';
  const command = source.SLACK_COMMAND?.trim() ?? '/screenos';
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) problems.push(`SLACK_COMMAND: “${command}” is not a slash command such as /screenos`);
  if (problems.length > before || signingSecret === undefined) return null;
  return { botToken, signingSecret, appToken, apiUrl, command };
}
