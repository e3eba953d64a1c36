import { isHostName, optional, refuse, setting } from './setting.ts';

const MIN_METRICS_TOKEN = 16;

/** The one HTTP listener that Slack, Teams, `/healthz` and `/metrics` share. */
export const LISTENER_SETTINGS = {
  PORT: setting({
    meaning: "port of the HTTP listener (Slack's `/slack/events`, Teams' `/api/messages`, `/healthz`, `/metrics`)",
    default: '3000',
    parse: (text) => {
      const port = Number(text);
      return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : refuse(`“${text}” is not a port number (0 to 65535)`);
    },
  }),
  HOST: optional({
    meaning: 'address the HTTP listener binds, e.g. `0.0.0.0`, `::` or `127.0.0.1`',
    defaultText: 'every interface; `127.0.0.1` with `TEAMS_ALLOW_UNAUTHENTICATED=true`',
    parse: (text) => (isHostName(text) ? text : refuse(`“${text}” is not an IP address or a host name`)),
  }),
  METRICS_TOKEN: optional({
    meaning: `bearer token (at least ${MIN_METRICS_TOKEN} characters, no spaces) required to read \`/metrics\` and unlocking the detailed \`/healthz\`: \`Authorization: Bearer <token>\`; redacted from the log`,
    note: '`/metrics` open to whoever reaches the port, `/healthz` status and counts only',
    secret: true,
    parse: (token) =>
      token.length >= MIN_METRICS_TOKEN && !/\s/.test(token)
        ? token
        : refuse(`use at least ${MIN_METRICS_TOKEN} characters without spaces (for example the output of openssl rand -hex 32)`),
  }),
};

/**
 * The address the listener binds: HOST when given; otherwise every interface (null), except that an
 * endpoint that verifies nobody (unauthenticated Teams) stays on this machine.
 */
export function listenerHost(host: string | null, unauthenticatedTeams: boolean): string | null {
  if (host !== null) return host;
  return unauthenticatedTeams ? '127.0.0.1' : null;
}
