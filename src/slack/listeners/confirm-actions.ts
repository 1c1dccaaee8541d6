// Confirm / Cancel clicks on a pending action; src/services/confirmations.ts settles it exactly once.
import type { BlockButtonAction } from '@slack/bolt';
import { CONFIRMATIONS } from '../../../commands/index.ts';
import type { Deps } from '../../deps.ts';
import { cancelPending, confirmPending } from '../../services/confirmations.ts';
import { clickTarget, workspaceOf } from '../context.ts';
import { ACTION } from '../ids.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockButtonAction>(ACTION.confirm, async ({ ack, body, action, context, respond, client }) => {
    const target = clickTarget(deps, { client, context, respond, body });
    await handle({ target, where: '[confirm]' }, ack, () => {
      const clicker = { workspaceId: workspaceOf(context, body.team?.id), userId: body.user.id };
      return confirmPending(deps, clicker, action.value ?? '', CONFIRMATIONS);
    });
  });

  listeners.action<BlockButtonAction>(ACTION.cancel, async ({ ack, body, action, context, respond, client }) => {
    const target = clickTarget(deps, { client, context, respond, body });
    await handle({ target, where: '[cancel]' }, ack, () => {
      const clicker = { workspaceId: workspaceOf(context, body.team?.id), userId: body.user.id };
      return cancelPending(deps, clicker, action.value ?? '');
    });
  });
}
