import path from 'node:path';
import { AdminList } from './admins.ts';
import type { LogLevel } from '../log.ts';
import { INVENTORY_SETTINGS } from './inventory-settings.ts';
import { LISTENER_SETTINGS } from './listener-settings.ts';
import { asText, isDirectory, isHttpUrl, oneOf, optional, Refusal, refuse, setting, wholeNumber, type Setting, type ValuesOf } from './setting.ts';
import { SLACK_SETTINGS } from './slack-settings.ts';
import { STORE_SETTINGS } from './store-settings.ts';
import { TEAMS_SETTINGS } from './teams-settings.ts';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Every setting, in the order of README's table (generated from it: `npm run docs:settings`), and in the
 * order problems are reported. A setting is added here, or in its area's table, and nowhere else.
 */
export const SETTINGS = {
  NODE_ENV: setting({ meaning: '`development`, `production` or `test`', default: 'development', parse: oneOf(['development', 'production', 'test']) }),
  LOG_LEVEL: optional({
    meaning: '`debug`, `info`, `warn` or `error` (JSON lines on stderr)',
    defaultText: '`info`, `warn` in the console chat',
    parse: oneOf(LOG_LEVELS),
  }),
  NO_COLOR: optional({ meaning: 'set to anything to turn colour off in the console', parse: () => true }),
  ADVISORIES_DIR: setting({
    meaning: 'folder of advisory files',
    default: (shipped) => shipped.advisories,
    defaultText: '`advisories/` in the project',
    parse: (text) => {
      const dir = path.resolve(text);
      return isDirectory(dir) ? dir : new Refusal([`“${dir}” is not a folder`], dir);
    },
  }),
  ...LISTENER_SETTINGS,
  ...SLACK_SETTINGS,
  ...TEAMS_SETTINGS,
  ...STORE_SETTINGS,
  BOT_ADMINS: setting({
    meaning:
      'who may change state: `slack:<user id>`, `teams:<AAD object id>`, `console`, or email addresses (matched on Slack by looking the author up with `users.info`; on Teams use `teams:` ids)',
    default: 'console',
    parse: (text) => {
      const { admins, problems } = AdminList.parse(text);
      return problems.length === 0 ? admins : refuse(...problems);
    },
  }),
  ...INVENTORY_SETTINGS,
  REMINDER_TIMEZONE: setting({ meaning: 'time zone of reminders added without `tz=`', default: 'UTC', parse: readTimezone }),
  REMINDER_GRACE_MINUTES: setting({
    meaning: 'a reminder missed while the bot was down is still sent once if at most this late',
    default: '60',
    parse: wholeNumber(0, 7 * 24 * 60),
  }),
  BRIEFING_CHANNEL_PATTERN: setting({ meaning: 'regular expression (case-insensitive) for incident channel names', default: '^inc[-_]', parse: readPattern }),
  BRIEFING_DEFAULT_ADVISORY: setting({
    meaning: 'bulletin briefed when the channel name names none',
    default: 'JSA10713',
    parse: (text) => text.toUpperCase(),
  }),
  KEV_URL: optional({
    meaning:
      "http(s) URL of CISA's Known Exploited Vulnerabilities JSON (or a mirror), refreshed at start and every `KEV_REFRESH_HOURS`; see [Known exploited](#known-exploited-cisa-kev)",
    note: 'the snapshot in `advisories/kev/` only',
    parse: readKevUrl,
  }),
  KEV_REFRESH_HOURS: setting({ meaning: 'hours between refreshes from `KEV_URL`', default: '24', parse: wholeNumber(1, 24 * 7) }),
  CONFIG_FILE: optional({
    meaning: 'YAML or JSON file holding any of the settings above; the environment wins',
    defaultText: 'none',
    parse: asText,
  }),
} satisfies Record<string, Setting<unknown>>;

export type SettingName = keyof typeof SETTINGS;

/** Every setting's value once read: null where an optional setting is unset. */
export type SettingValues = ValuesOf<typeof SETTINGS>;

/** Whether `name` is a setting (and not, say, PATH). */
export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

function readTimezone(zone: string): string | Refusal<string> {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return refuse(`“${zone}” is not a time zone; use Area/City such as Europe/Berlin`);
  }
}

function readPattern(text: string): RegExp | Refusal<RegExp> {
  try {
    return new RegExp(text, 'i');
  } catch (error) {
    return refuse(`“${text}” is not a regular expression (${(error as Error).message})`);
  }
}

function readKevUrl(url: string): string | Refusal<string> {
  if (!isHttpUrl(url)) {
    return refuse(`“${url}” is not an http(s) URL (CISA publishes https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json)`);
  }
  // fetch refuses credentials in a URL; saying so here beats a failure at every refresh.
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') return refuse('a user name or password in the URL is not supported; serve the catalog without them');
  return url;
}
