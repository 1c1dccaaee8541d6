// Ticking runbook checkboxes: the block_id says which steps the element showed, the payload which
// are ticked now; the command module stores the difference and redraws the runbook.
import type { App, BlockCheckboxesAction } from '@slack/bolt';
import type { Deps } from '../../services/deps.ts';
import { tickSteps } from '../../services/runbooks.ts';
import { workspaceOf } from '../context.ts';
import { runEffects } from '../effects.ts';
import { ACTION } from '../ids.ts';
import { toUserMessage } from '../user-message.ts';
import { parseRunbookBlockId } from '../views/runbook-message.ts';

export function register(app: App, deps: Deps): void {
  app.action<BlockCheckboxesAction>(ACTION.runbookStep, async ({ ack, body, action, context, respond, client }) => {
    await ack();
    const userId = body.user.id;
    const target = { client, logger: deps.logger, userId, respond };
    try {
      const shown = parseRunbookBlockId(action.block_id);
      if (!shown) {
        await runEffects(target, [
          { type: 'reply', message: { text: 'That runbook is out of date: run `/migrate runbook <service>` again.' } },
        ]);
        return;
      }
      const selected = (action.selected_options ?? []).map((o) => Number(o.value)).filter(Number.isInteger);
      const actor = { workspaceId: workspaceOf(context, body.team?.id), userId };
      await runEffects(target, tickSteps(deps, actor, shown.serviceId, shown.stepIds, selected));
    } catch (err) {
      const message = toUserMessage(err, deps.logger, '[action:runbook]');
      await runEffects(target, [{ type: 'reply', message }]).catch(() => undefined);
    }
  });
}
