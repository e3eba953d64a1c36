// Concept: the receiver choice — signed HTTP requests on the shared listener, or Socket Mode with an app token.
import { HTTPReceiver, SocketModeReceiver, type AppOptions, type Logger as BoltLogger } from '@slack/bolt';
import type { SlackConfig } from '../../src/infrastructure/config.ts';

/** Where Slack sends slash commands, events and interactivity in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** How requests reach the app: the receiver Bolt is given, and the HTTP one when its routes must be mounted. */
export interface SlackReceiver {
  readonly mode: 'http' | 'socket';
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  /** Set in HTTP mode only: its request listener is mounted at {@link SLACK_EVENTS_PATH}. */
  readonly httpReceiver: HTTPReceiver | null;
}

/**
 * Socket Mode when an app token is configured, else HTTP with the signing secret: either way Bolt
 * verifies what arrives, and there is no unverified mode.
 */
export function chooseReceiver(config: SlackConfig, logger: BoltLogger, clientOptions: NonNullable<AppOptions['clientOptions']>): SlackReceiver {
  const mode = config.appToken === null ? 'http' : 'socket';
  const httpReceiver =
    config.appToken === null
      ? new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false })
      : null;
  const receiver = httpReceiver ?? new SocketModeReceiver({ appToken: config.appToken ?? '', logger, installerOptions: { clientOptions } });
  return { mode, receiver, httpReceiver };
}
