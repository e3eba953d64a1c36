/**
 * Who this bot is on Slack: its workspace (or organisation, for an org-wide install) and its app, as
 * `auth.test` and `bots.info` report them at start.
 */
export interface SlackIdentity {
  readonly teamId: string | null;
  /** Set only for an org-wide (Enterprise Grid) install, whose deliveries are checked by organisation. */
  readonly enterpriseId: string | null;
  /** null when Slack did not say (bots.info needs users:read): deliveries are then checked by workspace only. */
  readonly appId: string | null;
}

/** Where a delivery says it comes from. */
export interface DeliveryOrigin {
  readonly teamId: string | null;
  readonly enterpriseId: string | null;
  readonly appId: string | null;
}

/**
 * The origin of a delivery. The workspace and organisation come from Bolt's context, which reads them
 * from each kind of body (`team_id` of events and commands, `authorizations` of Slack Connect events,
 * `team.id` of interactivity); the app is the body's `api_app_id`, which every kind carries.
 */
export function originOf(body: unknown, context: { readonly teamId?: string; readonly enterpriseId?: string }): DeliveryOrigin {
  const appId = typeof body === 'object' && body !== null ? (body as { api_app_id?: unknown }).api_app_id : undefined;
  return { teamId: context.teamId ?? null, enterpriseId: context.enterpriseId ?? null, appId: typeof appId === 'string' ? appId : null };
}

/**
 * Why a delivery is not for this installation, or null when it is. A request signed with the app's
 * signing secret may still come from another workspace the app is installed in, or (with a shared
 * secret) from another app; answering it would act with this workspace's bot token, so it is refused.
 * A delivery that does not say where it comes from is refused too.
 */
export function foreignOrigin(origin: DeliveryOrigin, own: SlackIdentity): string | null {
  if (own.appId !== null && origin.appId !== own.appId) return `app ${origin.appId ?? '(none)'}`;
  if (own.enterpriseId !== null) return origin.enterpriseId === own.enterpriseId ? null : `organisation ${origin.enterpriseId ?? '(none)'}`;
  if (own.teamId !== null && origin.teamId !== own.teamId) return `workspace ${origin.teamId ?? '(none)'}`;
  return null;
}
