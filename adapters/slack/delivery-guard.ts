import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { Logger } from '../../src/infrastructure/log.ts';
import { foreignOrigin, originOf, type SlackIdentity } from './delivery-origin.ts';
import type { HandledDeliveries } from './handled-deliveries.ts';
import { deliveryKey, type RecentDeliveries } from './recent-deliveries.ts';

export interface DeliveryGuardOptions {
  /** Who the bot is; null until start() learned it (no request arrives before: the listener opens after). */
  readonly identity: () => SlackIdentity | null;
  readonly deliveries: RecentDeliveries;
  readonly log: Logger;
  /** Follows each delivery from here until its handlers are done (the adapter's `settled`). */
  readonly handled: HandledDeliveries;
  /** Hands a delivery that passed both checks to its handlers (the delivery router). */
  readonly route: (args: AnyMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
}

/**
 * The middleware every delivery passes before a handler sees it. A delivery for another workspace or
 * app would be answered with this workspace's token; a retried, duplicated or replayed one (same
 * event_id or trigger_id) would run twice. Both are acknowledged, so that Slack stops sending them, and
 * dropped. A delivery that passes goes to `route`: this is Bolt's last middleware, and the adapter
 * registers no Bolt listener (see DeliveryRouter for why).
 */
export function guardDeliveries(app: App, options: DeliveryGuardOptions): void {
  const { deliveries, log, handled } = options;

  /** Whether a delivery is new; when the store cannot tell, memory alone decides and the delivery runs. */
  async function isFirstDelivery(key: string): Promise<boolean> {
    try {
      return await deliveries.isFirst(key);
    } catch (error) {
      log.warn('slack: could not check a delivery id against the store', { key, error });
      return true;
    }
  }

  // One middleware follows the delivery, runs both checks and routes it: Bolt spreads every delivery's
  // arguments anew for each middleware.
  app.use((args) => handled.follow(guard(args)));

  async function guard(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const origin = originOf(args.body, args.context);
    const own = options.identity();
    const foreign = own === null ? 'unknown (the bot has not started)' : foreignOrigin(origin, own);
    if (foreign !== null) {
      log.warn('slack: delivery from another workspace or app refused', { from: foreign, team: origin.teamId, app: origin.appId });
      await acknowledge(args);
      return;
    }
    // A foreign delivery is refused before its id is recorded: it must not use up an id of this workspace.
    const key = deliveryKey(args.body);
    if (key !== null && !(await isFirstDelivery(key))) {
      log.info('slack: duplicate delivery ignored', { key, retryNum: args.context.retryNum });
      await acknowledge(args);
      return;
    }
    await options.route(args);
  }
}

/** Acknowledges a delivery that is dropped, where Slack waits for that (Bolt acknowledges events itself). */
async function acknowledge(args: AnyMiddlewareArgs): Promise<void> {
  if ('ack' in args && typeof args.ack === 'function') await args.ack();
}

/**
 * Who the bot token belongs to: its user, its workspace (the organisation for an org-wide install) from
 * `auth.test`, and its app, which auth.test does not name for bot tokens but `bots.info` does (with
 * users:read). Without the app id, deliveries are checked by workspace only.
 */
export async function learnIdentity(
  client: App['client'],
  log: Logger,
): Promise<{ readonly identity: SlackIdentity; readonly botUserId: string | null; readonly team: string | null }> {
  const auth = await client.auth.test();
  let appId = auth.app_id ?? null;
  if (appId === null && auth.bot_id !== undefined) {
    try {
      appId = (await client.bots.info({ bot: auth.bot_id })).bot?.app_id ?? null;
    } catch (error) {
      log.warn('slack: bots.info did not name the app; deliveries are checked by workspace only', { error });
    }
  }
  const enterpriseId = auth.is_enterprise_install === true ? (auth.enterprise_id ?? null) : null;
  return { identity: { teamId: auth.team_id ?? null, enterpriseId, appId }, botUserId: auth.user_id ?? null, team: auth.team ?? null };
}
