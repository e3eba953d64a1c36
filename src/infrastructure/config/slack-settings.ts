import { asText, isHttpUrl, optional, refuse, setting, type Readings } from './setting.ts';

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

/** Slack's settings; a bot token turns the adapter on. */
export const SLACK_SETTINGS = {
  SLACK_BOT_TOKEN: optional({
    meaning: 'bot token (`xoxb-…`); turns the Slack adapter on',
    secret: true,
    parse: (token) => (token.startsWith('xoxb-') ? token : refuse('a bot token starts with xoxb- (it is on the app’s OAuth & Permissions page)')),
  }),
  SLACK_SIGNING_SECRET: optional({
    meaning: 'signing secret; required with `SLACK_BOT_TOKEN`',
    secret: true,
    parse: asText,
  }),
  SLACK_APP_TOKEN: optional({
    meaning: 'app-level token (`xapp-…`): Socket Mode instead of HTTP',
    secret: true,
    parse: (token) => (token.startsWith('xapp-') ? token : refuse('an app-level token starts with xapp- (Basic Information → App-Level Tokens)')),
  }),
  SLACK_API_URL: setting({
    meaning: 'Slack Web API base URL, for Slack-compatible gateways',
    default: 'https://slack.com/api/',
    parse: (url) => (isHttpUrl(url) ? (url.endsWith('/') ? url : `${url}/`) : refuse(`“${url}” is not an http(s) URL`)),
  }),
  SLACK_COMMAND: setting({
    meaning: 'the slash command the app registers',
    default: '/screenos',
    parse: (command) => (/^\/[a-z0-9_-]{1,31}$/.test(command) ? command : refuse(`“${command}” is not a slash command such as /screenos`)),
  }),
};

/**
 * Slack's configuration, or null when no bot token is given. A bot token without a signing secret is a
 * problem, not an unverified mode; the other SLACK_ settings without a bot token are a problem too, since
 * they would silently do nothing.
 */
export function slackConfig({ values, given, refused }: Readings<typeof SLACK_SETTINGS>, problems: string[]): SlackConfig | null {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret } = values;
  if (!given('SLACK_BOT_TOKEN')) {
    if (given('SLACK_SIGNING_SECRET') || given('SLACK_APP_TOKEN')) problems.push('SLACK_BOT_TOKEN: missing; the other SLACK_ settings do nothing without it');
    return null;
  }
  if (signingSecret === null) {
    problems.push('SLACK_SIGNING_SECRET: missing; the Slack adapter does not run without verifying requests (Basic Information → App Credentials)');
  }
  const anyRefused = (['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_COMMAND'] as const).some(refused);
  if (anyRefused || botToken === null || signingSecret === null) return null;
  return { botToken, signingSecret, appToken: values.SLACK_APP_TOKEN, apiUrl: values.SLACK_API_URL, command: values.SLACK_COMMAND };
}
