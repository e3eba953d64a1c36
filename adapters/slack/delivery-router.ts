// Concept: the delivery router — each delivery that passed the guard goes to the handler for its command, action id or event type.
import type { AllMiddlewareArgs, AnyMiddlewareArgs, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';

export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
export type ActionHandler = (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
export type EventHandler<T extends string> = (args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs) => Promise<void>;

/** An action id, or every action id that starts with `prefix` (a button that carries its command after it). */
export type ActionId = string | { readonly prefix: string };

/**
 * The adapter's handlers by slash command, action id and event type, and the routing of a delivery to
 * them, in place of Bolt's listeners (`app.command`, `app.action`, `app.event`).
 *
 * Why: Bolt runs every listener's middleware chain for every delivery, spreading its arguments into a
 * new object and taking an async hop at each step, and that was most of what the adapter cost. Dispatching
 * one slash command through a one-listener Bolt app took about 70 µs of CPU, through the eight listeners
 * this adapter had about twice that, and through one middleware that routes it itself about 30 µs. The
 * delivery guard, Bolt's last middleware here, hands each delivery it lets through to {@link route}.
 *
 * A delivery reaches the handlers Bolt's listeners would have given it: a command by its exact name, a
 * block action by its action id (only block actions carry one), an event by its type. Nothing handles
 * anything else, and Bolt then answers it as it answers a delivery no listener took.
 */
export class DeliveryRouter {
  private readonly commands = new Map<string, CommandHandler>();
  private readonly actions: { readonly id: ActionId; readonly handler: ActionHandler }[] = [];
  private readonly events = new Map<string, EventHandler<string>>();

  command(name: string, handler: CommandHandler): void {
    this.commands.set(name, handler);
  }

  /** The first handler registered for an id answers it. */
  action(id: ActionId, handler: ActionHandler): void {
    this.actions.push({ id, handler });
  }

  event<T extends string>(type: T, handler: EventHandler<T>): void {
    // Looked up by the delivered event's own type, so each handler only ever gets the arguments of its type.
    this.events.set(type, handler as unknown as EventHandler<string>);
  }

  /** Runs the handler for a delivery, if there is one; resolves when it is done. */
  async route(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    if ('command' in args) {
      await this.commands.get(args.command.command)?.(args);
    } else if ('action' in args) {
      const { action } = args;
      const actionId = 'action_id' in action && typeof action.action_id === 'string' ? action.action_id : null;
      if (actionId !== null) await this.actions.find(({ id }) => matches(id, actionId))?.handler(args);
    } else if ('event' in args) {
      await this.events.get(args.event.type)?.(args);
    }
  }
}

function matches(id: ActionId, actionId: string): boolean {
  return typeof id === 'string' ? actionId === id : actionId.startsWith(id.prefix);
}
