// Ticking runbook checkboxes: the block_id says which steps the element showed, the payload which
// are ticked now; the service stores the difference and redraws the runbook.

import type { BlockCheckboxesAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { tickSteps } from '../../services/runbooks.ts';
import { clickTarget, workspaceOf } from '../context.ts';
import { reply } from '../effect.ts';
import { ACTION } from '../ids.ts';
import { parseRunbookBlockId } from '../views/runbook-message.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockCheckboxesAction>(
    ACTION.runbookStep,
    async ({ ack, body, action, context, respond, client }) => {
      const userId = body.user.id;
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: '[action:runbook]' }, ack, () => {
        const shown = parseRunbookBlockId(action.block_id);
        if (!shown) return [reply({ text: 'That runbook is out of date: run `/migrate runbook <service>` again.' })];
        const selected = (action.selected_options ?? []).map((o) => Number(o.value)).filter(Number.isInteger);
        const actor = { workspaceId: workspaceOf(context, body.team?.id), userId };
        return tickSteps(deps, actor, shown.serviceId, shown.stepIds, selected);
      });
    },
  );
}
