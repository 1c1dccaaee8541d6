// Buttons and modal submissions reach their handlers through one Bolt listener each, which finds
// the handler by action_id or callback_id in a map. Bolt runs the matchers of every listener it has
// for every request it receives, slash commands too, so twenty-odd app.action and app.view
// registrations cost each request twenty-odd middleware chains before any work is done.
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

type Handler<Args> = (args: Args & AllMiddlewareArgs) => Promise<void>;
type ActionArgs = SlackActionMiddlewareArgs<BlockAction>;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction>;

export interface Listeners {
  /** Handles the block actions whose action_id is `actionId`; one handler per id. */
  action<A extends BlockAction>(actionId: string, handler: Handler<SlackActionMiddlewareArgs<A>>): void;
  /** Handles the submissions of the modals whose callback_id is `callbackId`; one handler per id. */
  view(callbackId: string, handler: Handler<ViewArgs>): void;
}

function adder<Args>(kind: string, handlers: Map<string, Handler<Args>>) {
  return (id: string, handler: Handler<Args>) => {
    if (handlers.has(id)) throw new Error(`Two ${kind} handlers for ${id}`);
    handlers.set(id, handler);
  };
}

/**
 * Registers the two dispatching listeners on `app`. A block action or submission with no handler
 * is left unacknowledged, as Bolt leaves a request that no listener matched.
 */
export function createListeners(app: App): Listeners {
  const actions = new Map<string, Handler<ActionArgs>>();
  const views = new Map<string, Handler<ViewArgs>>();
  app.action<BlockAction>({ type: 'block_actions' }, async (args) => {
    await actions.get(args.action.action_id)?.(args);
  });
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    await views.get(args.view.callback_id)?.(args);
  });
  const addAction = adder('action', actions);
  return {
    // A handler for one kind of element gets only that element's actions: its id is on no other.
    action: (actionId, handler) => addAction(actionId, handler as Handler<ActionArgs>),
    view: adder('view', views),
  };
}
