import { isSettingName, SETTINGS } from './settings.ts';
import { databaseSecrets } from './store-settings.ts';
import type { Config } from './types.ts';

/**
 * A setting whose value is a credential: never echoed in a problem, whichever problem it is. The table
 * says so for each setting; any other variable named like a credential (GITHUB_TOKEN) counts too, in case
 * its value was pasted into a setting.
 */
export function isSecretSetting(name: string): boolean {
  return isSettingName(name) ? SETTINGS[name].secret : /(TOKEN|SECRET|PASSWORD)$/i.test(name);
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

/** Slack's tokens say what they are: one pasted into the wrong setting is still recognised. */
const SLACK_TOKEN_PATTERN = /\b(?:xox[a-z]|xapp)-[\w-]+/g;

/**
 * The last guard before a problem list is shown: the values of the secret settings (wherever a mistake
 * copied them) and anything shaped like a Slack token become `[redacted]`. Problem messages do not quote
 * secret values to begin with; this keeps a value pasted into the wrong setting out as well.
 */
export function redactSecrets(message: string, source: Readonly<Record<string, string | undefined>>): string {
  const secrets = Object.entries(source)
    .filter(([name, value]) => isSecretSetting(name) && value !== undefined && value.trim().length >= 4)
    .map(([, value]) => (value ?? '').trim());
  return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message).replace(SLACK_TOKEN_PATTERN, '[redacted]');
}
