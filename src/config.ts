import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import YAML, { LineCounter, isAlias, isMap, isNode, isScalar } from 'yaml';
import { BotError } from './errors.ts';
import type { LogLevel } from './log.ts';
import { AdminList } from './core/admins.ts';
import { inventoryFileFormat } from './inventory/file-source.ts';
import { DEFAULT_INVENTORY_LIMITS, DEFAULT_MAX_LOSS_PERCENT, type InventoryLimits } from './inventory/types.ts';
import { PROJECT_ROOT } from './project-root.ts';

/** The project's root folder, where `advisories/` and `examples/` ship, from `src/` or `dist/src/` alike. */
export { PROJECT_ROOT };

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
  /**
   * The address the listener binds; null binds every interface. Unauthenticated Teams binds 127.0.0.1
   * unless `HOST` names another, so that an unverified endpoint is not reachable from the network.
   */
  readonly host: string | null;
  /** The bearer token that unlocks the detailed `/healthz` report; null: only status and counts. */
  readonly metricsToken: string | null;
  /**
   * The bot's public base URL (`https://bot.example.com`, no trailing slash): Teams cards load progress
   * charts from links under it. null: Teams shows a chart's description instead.
   */
  readonly publicUrl: string | null;
  /** null when Slack is not configured. */
  readonly slack: SlackConfig | null;
  /** null when Teams is not configured. */
  readonly teams: TeamsConfig | null;
  /** Where the device list comes from; null when none is configured (and a platform is). */
  readonly inventory: InventoryConfig | null;
  /** How often the inventory is read again. */
  readonly inventorySyncMinutes: number;
  /** The most bytes (of a file or a NetBox page) and devices a source may hand over. */
  readonly inventoryLimits: InventoryLimits;
  /** A sync that drops more than this share of the devices (percent) is held for an admin. */
  readonly inventoryMaxLossPercent: number;
  /** The folder of the SQLite store. */
  readonly dataDir: string;
  /** A PostgreSQL URL: every replica keeps its state there instead of in SQLite; null for SQLite. */
  readonly databaseUrl: string | null;
  readonly admins: AdminList;
  /** The zone of `remind add` without `tz=`. */
  readonly reminderTimezone: string;
  /** A reminder slot missed by at most this many minutes (the bot was down) is still sent, once. */
  readonly reminderGraceMinutes: number;
  /** Channels whose name matches get a briefing when the bot joins them or they are created. */
  readonly briefingChannelPattern: RegExp;
  /** The bulletin briefed in a matching channel whose name names none. */
  readonly briefingDefaultAdvisory: string;
  /** Where the KEV catalog is refreshed from (null: the shipped snapshot only), and how often. */
  readonly kev: KevConfig;
  /**
   * The settings given a value (in the environment or `CONFIG_FILE`), for what must tell a default from a
   * choice: `cli audit` reads device states only from a store someone named (DATA_DIR, DATABASE_URL), and
   * audits no example fleet nobody asked for.
   */
  readonly given: ReadonlySet<SettingName>;
}

export interface KevConfig {
  /** `KEV_URL`: an http(s) URL serving CISA's KEV JSON; null keeps the snapshot shipped with the advisories. */
  readonly url: string | null;
  readonly refreshHours: number;
}

export type InventoryConfig =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'netbox';
      readonly url: string;
      readonly token: string;
      readonly filters: Readonly<Record<string, readonly string[]>>;
      readonly versionField: string;
      readonly owner: { readonly from: 'tenant' } | { readonly from: 'contact' } | { readonly from: 'custom_field'; readonly field: string };
      readonly pageSize: number;
    };

/** The example fleet the console demo audits when no inventory is configured. */
export const EXAMPLE_FLEET = path.join(PROJECT_ROOT, 'examples', 'fleet.csv');

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

/** The Bot Framework's own setting names, as Azure Bot Service documents them. */
export interface TeamsConfig {
  /** Empty only when `allowUnauthenticated` is set, for local testing. */
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  readonly tenantId: string | null;
  /** True when TEAMS_ALLOW_UNAUTHENTICATED=true and no MicrosoftAppId: requests are not verified. */
  readonly allowUnauthenticated: boolean;
  /**
   * Unauthenticated only: the hosts besides loopback that an activity's `serviceUrl` may name (the bot
   * would post its answers there). Verified activities carry their `serviceUrl` in the signed token.
   */
  readonly serviceUrlHosts: readonly string[];
}

/** Every secret value in a configuration, for the logger to redact. */
export function secretsOf(config: Config): string[] {
  const slack = config.slack;
  const secrets = config.inventory?.kind === 'netbox' ? [config.inventory.token] : [];
  if (config.teams !== null && config.teams.appPassword !== '') secrets.push(config.teams.appPassword);
  if (slack !== null) secrets.push(slack.botToken, slack.signingSecret, ...(slack.appToken === null ? [] : [slack.appToken]));
  if (config.metricsToken !== null) secrets.push(config.metricsToken);
  if (config.databaseUrl !== null) secrets.push(...databaseSecrets(config.databaseUrl));
  return secrets;
}

type Source = Readonly<Record<string, string | undefined>>;

/** Every setting: its variable name, what it means, and its default. README's table follows this list. */
export const SETTINGS = {
  NODE_ENV: { summary: 'development, production or test', fallback: 'development' },
  LOG_LEVEL: { summary: 'debug, info, warn or error', fallback: 'info (warn in the console chat)' },
  NO_COLOR: { summary: 'set to anything to turn colour off in the console', fallback: 'unset' },
  ADVISORIES_DIR: { summary: 'folder of advisory JSON files', fallback: 'advisories/ in the project' },
  PORT: { summary: 'port of the HTTP listener for Slack, Teams, /healthz and /metrics', fallback: '3000' },
  HOST: { summary: 'address the HTTP listener binds, e.g. 0.0.0.0, :: or 127.0.0.1', fallback: 'every interface; 127.0.0.1 with TEAMS_ALLOW_UNAUTHENTICATED=true' },
  METRICS_TOKEN: { summary: 'bearer token required to read /metrics and unlocking the detailed /healthz report (Authorization: Bearer <token>); at least 16 characters', fallback: 'unset (/metrics open; /healthz status and counts only)' },
  SLACK_BOT_TOKEN: { summary: 'bot token (xoxb-…); turns the Slack adapter on', fallback: 'unset' },
  SLACK_SIGNING_SECRET: { summary: 'signing secret; required with SLACK_BOT_TOKEN', fallback: 'unset' },
  SLACK_APP_TOKEN: { summary: 'app-level token (xapp-…) for Socket Mode', fallback: 'unset (HTTP mode)' },
  SLACK_API_URL: { summary: 'Slack Web API base URL', fallback: 'https://slack.com/api/' },
  SLACK_COMMAND: { summary: 'the slash command the app registers', fallback: '/screenos' },
  DATA_DIR: { summary: 'folder of the SQLite store; cli audit reads device states from it only when set', fallback: './data' },
  DATABASE_URL: { summary: 'postgres://user:password@host:5432/db: keep the state in PostgreSQL, shared by every replica, instead of SQLite in DATA_DIR; redacted from the log', fallback: 'unset (SQLite)' },
  BOT_ADMINS: { summary: 'who may change state: slack:<user id>, teams:<AAD object id>, console, emails', fallback: 'console' },
  INVENTORY_FILE: { summary: 'device inventory as CSV, JSON or YAML', fallback: 'examples/fleet.csv in the console demo' },
  INVENTORY_SYNC_MINUTES: { summary: 'minutes between inventory syncs', fallback: '15' },
  INVENTORY_MAX_LOSS_PERCENT: { summary: 'a sync that removes more than this share of the devices is held until an admin types “inventory sync confirm”', fallback: String(DEFAULT_MAX_LOSS_PERCENT) },
  INVENTORY_MAX_BYTES: { summary: 'largest inventory file, or NetBox page, in bytes', fallback: `${DEFAULT_INVENTORY_LIMITS.maxBytes} (64 MiB)` },
  INVENTORY_MAX_DEVICES: { summary: 'most devices one inventory read may list', fallback: String(DEFAULT_INVENTORY_LIMITS.maxDevices) },
  NETBOX_URL: { summary: 'NetBox base URL; the inventory then comes from NetBox', fallback: 'unset' },
  NETBOX_TOKEN: { summary: 'NetBox API token (40 hex characters, or nbt_… for v2 tokens)', fallback: 'unset' },
  NETBOX_FILTER: { summary: 'device filter, e.g. platform=screenos,site=ams1,tag=edge,role=firewall,status=active', fallback: 'status=active' },
  NETBOX_VERSION_FIELD: { summary: 'custom field holding the running version', fallback: 'software_version' },
  NETBOX_OWNER: { summary: 'owner from tenant, contact or custom_field:<name>', fallback: 'tenant' },
  NETBOX_PAGE_SIZE: { summary: 'devices per NetBox page', fallback: '1000' },
  MicrosoftAppId: { summary: 'the bot’s Microsoft app id; turns the Teams adapter on', fallback: 'unset' },
  MicrosoftAppPassword: { summary: 'the app’s client secret', fallback: 'unset' },
  MicrosoftAppType: { summary: 'SingleTenant, MultiTenant or UserAssignedMSI', fallback: 'SingleTenant' },
  MicrosoftAppTenantId: { summary: 'the tenant of a SingleTenant or UserAssignedMSI app', fallback: 'unset' },
  TEAMS_ALLOW_UNAUTHENTICATED: { summary: 'true runs Teams without verifying requests, for local testing only', fallback: 'false' },
  TEAMS_SERVICE_URL_HOSTS: { summary: 'with TEAMS_ALLOW_UNAUTHENTICATED: host names besides loopback that an activity’s serviceUrl may name, comma-separated', fallback: 'unset (loopback only)' },
  REMINDER_TIMEZONE: { summary: 'time zone of reminders added without tz=', fallback: 'UTC' },
  REMINDER_GRACE_MINUTES: { summary: 'a reminder missed while the bot was down is still sent if at most this late', fallback: '60' },
  BRIEFING_CHANNEL_PATTERN: { summary: 'regular expression for incident channel names', fallback: '^inc[-_]' },
  BRIEFING_DEFAULT_ADVISORY: { summary: 'bulletin briefed when the channel name names none', fallback: 'JSA10713' },
  KEV_URL: { summary: 'URL of CISA’s Known Exploited Vulnerabilities JSON (or a mirror); refreshed at start and every KEV_REFRESH_HOURS', fallback: 'unset (the snapshot in advisories/kev/ only)' },
  KEV_REFRESH_HOURS: { summary: 'hours between refreshes from KEV_URL', fallback: '24' },
  PUBLIC_URL: { summary: 'the bot’s public https base URL; Teams cards load progress charts from links under it (<PUBLIC_URL>/charts/…)', fallback: 'unset (Teams describes charts in words)' },
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

  const config: { -readonly [K in keyof Config]: Config[K] } = {
    environment: choice('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    logLevel: choice('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, null),
    color: (source.NO_COLOR ?? '') === '',
    advisoriesDir: directory('ADVISORIES_DIR', path.join(PROJECT_ROOT, 'advisories')),
    port: readPort(source.PORT, problems),
    host: null,
    metricsToken: readMetricsToken(source.METRICS_TOKEN, problems),
    publicUrl: readPublicUrl(source.PUBLIC_URL, problems),
    slack: readSlack(source, problems),
    teams: readTeams(source, problems),
    inventory: null,
    inventorySyncMinutes: readInteger(source, 'INVENTORY_SYNC_MINUTES', 15, 1, 24 * 60, problems),
    inventoryLimits: {
      maxBytes: readInteger(source, 'INVENTORY_MAX_BYTES', DEFAULT_INVENTORY_LIMITS.maxBytes, 1024, 2 ** 31 - 1, problems),
      maxDevices: readInteger(source, 'INVENTORY_MAX_DEVICES', DEFAULT_INVENTORY_LIMITS.maxDevices, 1, 10_000_000, problems),
    },
    inventoryMaxLossPercent: readInteger(source, 'INVENTORY_MAX_LOSS_PERCENT', DEFAULT_MAX_LOSS_PERCENT, 0, 100, problems),
    dataDir: readDataDir(source.DATA_DIR, problems),
    databaseUrl: readDatabaseUrl(source.DATABASE_URL, problems),
    admins: readAdmins(source.BOT_ADMINS, problems),
    reminderTimezone: readTimezone(source.REMINDER_TIMEZONE, problems),
    reminderGraceMinutes: readInteger(source, 'REMINDER_GRACE_MINUTES', 60, 0, 7 * 24 * 60, problems),
    briefingChannelPattern: readPattern(source.BRIEFING_CHANNEL_PATTERN, problems),
    briefingDefaultAdvisory: (source.BRIEFING_DEFAULT_ADVISORY?.trim() ?? 'JSA10713').toUpperCase(),
    kev: { url: readKevUrl(source.KEV_URL, problems), refreshHours: readInteger(source, 'KEV_REFRESH_HOURS', 24, 1, 24 * 7, problems) },
    given: new Set(Object.keys(source).filter((name): name is SettingName => name in SETTINGS)),
  };
  config.host = readHost(source.HOST, config.teams?.allowUnauthenticated === true, problems);
  config.inventory = readInventory(source, config.slack !== null || config.teams !== null, problems);
  if (config.environment === 'production') {
    if (config.teams?.allowUnauthenticated === true) problems.push('TEAMS_ALLOW_UNAUTHENTICATED: not allowed in production; set MicrosoftAppId and MicrosoftAppPassword');
    if (config.slack === null && config.teams === null) {
      problems.push('NODE_ENV: production needs a chat platform with verified requests: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or MicrosoftAppId and MicrosoftAppPassword');
    }
  }
  if (problems.length > 0) {
    const message = `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    throw new BotError('invalid_config', redactSecrets(message, source));
  }
  return config;
}

/** A setting whose value is a credential: never echoed in a problem, whichever problem it is. */
export function isSecretSetting(name: string): boolean {
  return /(TOKEN|SECRET|PASSWORD)$/i.test(name);
}

/** Slack's tokens say what they are: one pasted into the wrong setting is still recognised. */
const SLACK_TOKEN_PATTERN = /\b(?:xox[a-z]|xapp)-[\w-]+/g;

/**
 * The last guard before a problem list is shown: the values of the secret settings (wherever a mistake
 * copied them) and anything shaped like a Slack token become `[redacted]`. Problem messages do not quote
 * secret values to begin with; this keeps a value pasted into the wrong setting out as well.
 */
function redactSecrets(message: string, source: Source): string {
  const secrets = Object.entries(source)
    .filter(([name, value]) => isSecretSetting(name) && value !== undefined && value.trim().length >= 4)
    .map(([, value]) => (value ?? '').trim());
  return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message).replace(SLACK_TOKEN_PATTERN, '[redacted]');
}

function definedOnly(source: Source): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty variable (`LOG_LEVEL=` from a compose file) counts as unset, so a config file still applies.
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

function readConfigFile(file: string | undefined, problems: string[]): Record<string, string> {
  if (file === undefined || file.trim() === '') return {};
  const where = `CONFIG_FILE: “${file}”`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${where} could not be read: ${describeFileError(error)}`);
    return {};
  }
  // The file holds secrets, so a problem is reported by position and kind, never by quoting the file: the
  // parser's own messages (and its process warnings, silenced here) show the offending line.
  const lines = new LineCounter();
  const document = YAML.parseDocument(text, { lineCounter: lines, logLevel: 'silent' });
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${where} line ${line}, column ${col}`;
  };
  const syntax = [...document.errors, ...document.warnings];
  for (const error of syntax) problems.push(`${at(error.pos[0])}: ${YAML_MISTAKES[error.code] ?? `not valid YAML (${error.code})`}`);
  if (syntax.length > 0) return {};
  const contents = document.contents;
  if (!isMap(contents)) {
    problems.push(`${where} must hold a mapping of setting names to values`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const { key, value } of contents.items) {
    const start = isNode(key) ? (key.range?.[0] ?? 0) : 0;
    const name = isScalar(key) ? String(key.value) : null;
    if (name === null || !/^\w{1,64}$/.test(name)) problems.push(`${at(start)}: a key must be a setting name`);
    else if (!(name in SETTINGS) || name === 'CONFIG_FILE') problems.push(`CONFIG_FILE: “${name}” is not a setting (known: ${Object.keys(SETTINGS).filter((k) => k !== 'CONFIG_FILE').join(', ')})`);
    else if (isAlias(value)) problems.push(`${at(value.range?.[0] ?? start)}: a value starting with * is read as an alias; put the value in quotes`);
    else if (!isScalar(value) || !['string', 'number', 'boolean'].includes(typeof value.value)) problems.push(`${name} (in CONFIG_FILE): must be a single value`);
    else out[name] = String(value.value);
  }
  return out;
}

/** What each YAML mistake means to someone editing a settings file; the codes are the `yaml` package's. */
const YAML_MISTAKES: Readonly<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: 'a value holds “: ”, which YAML reads as a second key; put the value in quotes',
  MISSING_CHAR: 'a quote or bracket is not closed',
  DUPLICATE_KEY: 'a setting is given twice',
  TAB_AS_INDENT: 'a tab is used as indentation; YAML allows spaces only',
  BAD_INDENT: 'the indentation does not match the lines above',
  BAD_DQ_ESCAPE: 'a backslash in a double-quoted value starts an unknown escape; use single quotes',
  BAD_SCALAR_START: 'a value starts with a character YAML reserves (@, `, %); put the value in quotes',
  TAG_RESOLVE_FAILED: 'a value starting with ! is read as a YAML tag; put the value in quotes',
  BAD_ALIAS: 'a value starting with * is read as an alias; put the value in quotes',
  MULTIPLE_DOCS: 'the file holds several documents (---); keep one',
  MULTILINE_IMPLICIT_KEY: 'a key runs over several lines',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  UNEXPECTED_TOKEN: 'unexpected text; is a quote, comma or bracket out of place?',
};

/** The kind of a file-system error, without the content of anything. */
function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return typeof code === 'string' ? code : 'unknown error';
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The store's folder, made absolute. It may not exist yet (the bot creates it), but it must not be a
 * file, nor lie under one; whether the bot may write there is found out when the store opens.
 */
/**
 * A postgres:// or postgresql:// URL. Problems name the setting and never quote the value: it may hold
 * a password.
 */
function readDatabaseUrl(value: string | undefined, problems: string[]): string | null {
  const url = value?.trim();
  if (url === undefined || url === '') return null;
  if (!URL.canParse(url)) {
    problems.push('DATABASE_URL: not a URL; expected postgres://user:password@host:5432/database');
    return null;
  }
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    problems.push(`DATABASE_URL: the scheme is “${parsed.protocol.replace(/:$/, '')}”; expected postgres:// or postgresql://`);
    return null;
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) problems.push('DATABASE_URL: names no host; expected postgres://user:password@host:5432/database');
  return url;
}

/** What of DATABASE_URL must never reach the log: the whole URL, and its password as typed and decoded. */
function databaseSecrets(url: string): string[] {
  const password = URL.canParse(url) ? new URL(url).password : '';
  const secrets = [url];
  if (password.length >= 4) secrets.push(password, decodeURIComponent(password));
  return secrets;
}

function readDataDir(value: string | undefined, problems: string[]): string {
  const dir = path.resolve(value?.trim() || 'data');
  let existing = dir;
  while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (existing === dir && !isDirectory(dir)) problems.push(`DATA_DIR: “${dir}” is a file, not a folder`);
  else if (existing !== dir && !isDirectory(existing)) problems.push(`DATA_DIR: “${dir}” cannot be created: “${existing}” is a file, not a folder`);
  return dir;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
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

function readHost(value: string | undefined, unauthenticatedTeams: boolean, problems: string[]): string | null {
  const host = value?.trim();
  // An endpoint that verifies nobody stays on this machine unless the operator says otherwise.
  if (host === undefined) return unauthenticatedTeams ? '127.0.0.1' : null;
  if (isIP(host) === 0 && !HOST_NAME.test(host)) problems.push(`HOST: “${host}” is not an IP address or a host name`);
  return host;
}

/** A DNS name: letters, digits, hyphens and dots, no scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const MIN_METRICS_TOKEN = 16;

function readMetricsToken(value: string | undefined, problems: string[]): string | null {
  const token = value?.trim();
  if (token === undefined) return null;
  if (token.length < MIN_METRICS_TOKEN || /\s/.test(token)) {
    problems.push(`METRICS_TOKEN: use at least ${MIN_METRICS_TOKEN} characters without spaces (for example the output of openssl rand -hex 32)`);
    return null;
  }
  return token;
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

function readInteger(source: Source, name: SettingName, fallback: number, min: number, max: number, problems: string[]): number {
  const value = source[name]?.trim();
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${name}: “${value}” is not a whole number from ${min} to ${max}`);
  return fallback;
}

function readAdmins(value: string | undefined, problems: string[]): AdminList {
  const { admins, problems: bad } = AdminList.parse(value ?? 'console');
  for (const problem of bad) problems.push(`BOT_ADMINS: ${problem}`);
  return admins;
}

function readInventory(source: Source, platformConfigured: boolean, problems: string[]): InventoryConfig | null {
  const file = source.INVENTORY_FILE?.trim();
  const url = source.NETBOX_URL?.trim();
  if (file !== undefined && url !== undefined) {
    problems.push('INVENTORY_FILE and NETBOX_URL: set one inventory source, not both');
    return null;
  }
  if (url !== undefined) return readNetBox(source, url, problems);
  if (file !== undefined) {
    if (inventoryFileFormat(file) === null) problems.push(`INVENTORY_FILE: “${file}” must end in .csv, .json, .yaml or .yml`);
    return { kind: 'file', path: path.resolve(file) };
  }
  // The console demo audits the example fleet; a deployed bot audits nothing it was not given.
  return platformConfigured ? null : { kind: 'file', path: EXAMPLE_FLEET };
}

const NETBOX_FILTER_KEYS = ['platform', 'site', 'tag', 'role', 'status', 'tenant', 'region'];

function readNetBox(source: Source, url: string, problems: string[]): InventoryConfig | null {
  const before = problems.length;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) problems.push(`NETBOX_URL: “${url}” is not an http(s) URL`);
  const token = source.NETBOX_TOKEN?.trim();
  if (token === undefined) problems.push('NETBOX_TOKEN: missing; NetBox needs an API token to list devices');
  else if (!/^[0-9a-f]{40}$/i.test(token) && !/^nbt_\S+$/.test(token)) problems.push('NETBOX_TOKEN: expected 40 hex characters (v1 token) or nbt_… (v2 token)');
  const filters: Record<string, string[]> = {};
  for (const pair of (source.NETBOX_FILTER ?? 'status=active').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [key = '', value = ''] = pair.split('=').map((p) => p.trim());
    if (!NETBOX_FILTER_KEYS.includes(key) || value === '') problems.push(`NETBOX_FILTER: “${pair}” is not key=value with a key among ${NETBOX_FILTER_KEYS.join(', ')}`);
    else filters[key] = [...(filters[key] ?? []), value];
  }
  const ownerText = source.NETBOX_OWNER?.trim() ?? 'tenant';
  const custom = /^custom_field:(\w+)$/.exec(ownerText);
  type Owner = Extract<InventoryConfig, { kind: 'netbox' }>['owner'];
  const owner: Owner | null =
    ownerText === 'tenant' ? { from: 'tenant' } : ownerText === 'contact' ? { from: 'contact' } : custom !== null ? { from: 'custom_field', field: custom[1] ?? '' } : null;
  if (owner === null) problems.push(`NETBOX_OWNER: “${ownerText}” is not tenant, contact or custom_field:<name>`);
  const versionField = source.NETBOX_VERSION_FIELD?.trim() ?? 'software_version';
  if (!/^\w+$/.test(versionField)) problems.push(`NETBOX_VERSION_FIELD: “${versionField}” is not a custom field name`);
  const pageSize = readInteger(source, 'NETBOX_PAGE_SIZE', 1000, 1, 10_000, problems);
  if (problems.length > before || token === undefined || owner === null) return null;
  return { kind: 'netbox', url: url.replace(/\/+$/, ''), token, filters, versionField, owner, pageSize };
}

const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;

function readTeams(source: Source, problems: string[]): TeamsConfig | null {
  const appId = source.MicrosoftAppId?.trim();
  const allow = source.TEAMS_ALLOW_UNAUTHENTICATED?.trim().toLowerCase();
  if (allow !== undefined && allow !== 'true' && allow !== 'false') problems.push(`TEAMS_ALLOW_UNAUTHENTICATED: “${allow}” is not true or false`);
  if (appId === undefined) {
    // Without an app id botbuilder accepts every request unauthenticated: only on explicit request.
    if (allow === 'true') return { appId: '', appPassword: '', appType: 'SingleTenant', tenantId: null, allowUnauthenticated: true, serviceUrlHosts: readServiceUrlHosts(source.TEAMS_SERVICE_URL_HOSTS, problems) };
    if (source.TEAMS_SERVICE_URL_HOSTS !== undefined) problems.push('TEAMS_SERVICE_URL_HOSTS: only applies with TEAMS_ALLOW_UNAUTHENTICATED=true');
    if (source.MicrosoftAppPassword !== undefined || source.MicrosoftAppTenantId !== undefined) problems.push('MicrosoftAppId: missing; the other Microsoft settings do nothing without it');
    return null;
  }
  if (source.TEAMS_SERVICE_URL_HOSTS !== undefined) {
    problems.push('TEAMS_SERVICE_URL_HOSTS: only applies with TEAMS_ALLOW_UNAUTHENTICATED=true; with MicrosoftAppId the signed token vouches for the serviceUrl');
  }
  const before = problems.length;
  const appType = (source.MicrosoftAppType?.trim() ?? 'SingleTenant') as TeamsConfig['appType'];
  if (!APP_TYPES.includes(appType)) problems.push(`MicrosoftAppType: “${appType}” is not one of ${APP_TYPES.join(', ')}`);
  const appPassword = source.MicrosoftAppPassword?.trim() ?? '';
  if (appPassword === '' && appType !== 'UserAssignedMSI') problems.push('MicrosoftAppPassword: missing; the bot needs its client secret to answer');
  const tenantId = source.MicrosoftAppTenantId?.trim() ?? null;
  if (tenantId === null && appType !== 'MultiTenant') problems.push(`MicrosoftAppTenantId: missing; a ${appType} app needs its tenant id`);
  if (problems.length > before) return null;
  return { appId, appPassword, appType, tenantId, allowUnauthenticated: false, serviceUrlHosts: [] };
}

function readServiceUrlHosts(value: string | undefined, problems: string[]): string[] {
  const hosts = (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  for (const host of hosts) {
    if (!HOST_NAME.test(host) && isIP(host) === 0) problems.push(`TEAMS_SERVICE_URL_HOSTS: “${host}” is not a host name (write smba.trafficmanager.net, without https:// or a path)`);
  }
  return hosts;
}

function readTimezone(value: string | undefined, problems: string[]): string {
  const zone = value?.trim() ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    problems.push(`REMINDER_TIMEZONE: “${zone}” is not a time zone; use Area/City such as Europe/Berlin`);
    return 'UTC';
  }
}

function readKevUrl(value: string | undefined, problems: string[]): string | null {
  const url = value?.trim();
  if (url === undefined) return null;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    problems.push(`KEV_URL: “${url}” is not an http(s) URL (CISA publishes https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json)`);
    return null;
  }
  // fetch refuses credentials in a URL; saying so here beats a failure at every refresh.
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') {
    problems.push('KEV_URL: a user name or password in the URL is not supported; serve the catalog without them');
    return null;
  }
  return url;
}

/**
 * `PUBLIC_URL`: https, since Teams loads card images only from https links; plain http only for a
 * loopback host (local testing). No credentials, query or fragment: chart paths are appended to it.
 */
function readPublicUrl(value: string | undefined, problems: string[]): string | null {
  const text = value?.trim();
  if (text === undefined) return null;
  if (!URL.canParse(text)) {
    problems.push(`PUBLIC_URL: “${text}” is not a URL; give the bot’s public base URL, such as https://bot.example.com`);
    return null;
  }
  const url = new URL(text);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(`PUBLIC_URL: “${text}” must be an https URL (Teams loads images only over https; http is accepted for localhost alone)`);
    return null;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    problems.push('PUBLIC_URL: give the base URL alone, without a user name, password, query or fragment');
    return null;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function readPattern(value: string | undefined, problems: string[]): RegExp {
  const text = value?.trim() ?? '^inc[-_]';
  try {
    return new RegExp(text, 'i');
  } catch (error) {
    problems.push(`BRIEFING_CHANNEL_PATTERN: “${text}” is not a regular expression (${(error as Error).message})`);
    return /^inc[-_]/i;
  }
}
