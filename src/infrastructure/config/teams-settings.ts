import { asText, isHostName, oneOf, optional, refuse, setting, type Readings, type Refusal } from './setting.ts';

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

const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;

/** Teams' settings (an app id turns the adapter on), and the public URL its cards load charts from. */
export const TEAMS_SETTINGS = {
  MicrosoftAppId: optional({ meaning: "the bot's Microsoft App ID; turns the Teams adapter on", parse: asText }),
  MicrosoftAppPassword: optional({ meaning: "the app's client secret", secret: true, parse: asText }),
  MicrosoftAppType: setting({ meaning: '`SingleTenant`, `MultiTenant` or `UserAssignedMSI`', default: 'SingleTenant', parse: oneOf(APP_TYPES) }),
  MicrosoftAppTenantId: optional({ meaning: 'the tenant of a `SingleTenant` or `UserAssignedMSI` app', parse: asText }),
  TEAMS_ALLOW_UNAUTHENTICATED: setting({
    meaning: '`true` runs Teams without verifying requests, for local testing only',
    default: 'false',
    parse: (text): boolean | Refusal<boolean> => {
      const word = text.toLowerCase();
      return word === 'true' ? true : word === 'false' ? false : refuse(`“${word}” is not true or false`);
    },
  }),
  TEAMS_SERVICE_URL_HOSTS: optional({
    meaning: "with `TEAMS_ALLOW_UNAUTHENTICATED`: host names besides loopback an activity's `serviceUrl` may name, comma-separated",
    note: 'loopback only',
    parse: (text): string[] | Refusal<string[]> => {
      const hosts = text
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const bad = hosts.filter((host) => !isHostName(host));
      return bad.length === 0
        ? hosts
        : refuse(...bad.map((host) => `“${host}” is not a host name (write smba.trafficmanager.net, without https:// or a path)`));
    },
  }),
  PUBLIC_URL: optional({
    meaning:
      "the bot's public https base URL (`https://bot.example.com`); Teams cards load progress charts from `<PUBLIC_URL>/charts/…` and link exports at `<PUBLIC_URL>/files/…` (plain http only for localhost)",
    note: 'Teams describes charts in words and hands over no export (the card names the CLI command)',
    parse: readPublicUrl,
  }),
};

/**
 * Teams' configuration, or null when it is off. Without an app id botbuilder accepts every request
 * unauthenticated, so that runs only on explicit request (TEAMS_ALLOW_UNAUTHENTICATED=true); Microsoft
 * settings given without an app id are a problem, since they would silently do nothing.
 */
export function teamsConfig({ values, given, refused }: Readings<typeof TEAMS_SETTINGS>, problems: string[]): TeamsConfig | null {
  const appId = values.MicrosoftAppId;
  if (appId === null) {
    if (values.TEAMS_ALLOW_UNAUTHENTICATED) {
      return {
        appId: '',
        appPassword: '',
        appType: 'SingleTenant',
        tenantId: null,
        allowUnauthenticated: true,
        serviceUrlHosts: values.TEAMS_SERVICE_URL_HOSTS ?? [],
      };
    }
    if (given('TEAMS_SERVICE_URL_HOSTS')) problems.push('TEAMS_SERVICE_URL_HOSTS: only applies with TEAMS_ALLOW_UNAUTHENTICATED=true');
    if (given('MicrosoftAppPassword') || given('MicrosoftAppTenantId'))
      problems.push('MicrosoftAppId: missing; the other Microsoft settings do nothing without it');
    return null;
  }
  if (given('TEAMS_SERVICE_URL_HOSTS')) {
    problems.push(
      'TEAMS_SERVICE_URL_HOSTS: only applies with TEAMS_ALLOW_UNAUTHENTICATED=true; with MicrosoftAppId the signed token vouches for the serviceUrl',
    );
  }
  // What else an app needs depends on its type: with a type refused, that is the one problem to fix first.
  if (refused('MicrosoftAppType')) return null;
  const before = problems.length;
  const appType = values.MicrosoftAppType;
  const appPassword = values.MicrosoftAppPassword ?? '';
  if (appPassword === '' && appType !== 'UserAssignedMSI') problems.push('MicrosoftAppPassword: missing; the bot needs its client secret to answer');
  const tenantId = values.MicrosoftAppTenantId;
  if (tenantId === null && appType !== 'MultiTenant') problems.push(`MicrosoftAppTenantId: missing; a ${appType} app needs its tenant id`);
  if (problems.length > before) return null;
  return { appId, appPassword, appType, tenantId, allowUnauthenticated: false, serviceUrlHosts: [] };
}

/**
 * `PUBLIC_URL`: https, since Teams loads card images only from https links; plain http only for a
 * loopback host (local testing). No credentials, query or fragment: chart paths are appended to it.
 */
function readPublicUrl(text: string): string | Refusal<string> {
  if (!URL.canParse(text)) return refuse(`“${text}” is not a URL; give the bot’s public base URL, such as https://bot.example.com`);
  const url = new URL(text);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return refuse(`“${text}” must be an https URL (Teams loads images only over https; http is accepted for localhost alone)`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return refuse('give the base URL alone, without a user name, password, query or fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
