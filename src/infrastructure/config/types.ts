import type { AdminList } from './admins.ts';
import type { InventoryLimits } from '../../domain/fleet/types.ts';
import type { LogLevel } from '../log.ts';
import type { InventoryConfig } from './inventory-settings.ts';
import type { SettingName } from './settings.ts';
import type { SlackConfig } from './slack-settings.ts';
import type { TeamsConfig } from './teams-settings.ts';

/** The bot's configuration: every setting read, checked and combined, as the rest of the bot uses it. */
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
