// Buttons on cutover requests and monitoring prompts: ack first, then the command module decides
// (compare-and-set in a transaction), then its effects go out.

import type { BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { doneFromButton } from '../../../commands/done.ts';
import { rollbackClick } from '../../../commands/rollback.ts';
import { switchedFromRequest } from '../../../commands/switched.ts';
import type { Actor, Deps } from '../../deps.ts';
import { overrideClick, overrideSubmit } from '../../services/approval-override.ts';
import { approveCutover, rejectClick } from '../../services/approvals.ts';
import { clickActor, clickTarget, outboxOf, workspaceOf } from '../context.ts';
import type { Effect } from '../effect.ts';
import { ACTION, CALLBACK, REJECT } from '../ids.ts';
import { reasonFrom, zReasonMetadata } from '../views/reject-modal.ts';
import { handle, handleSubmission } from './handle.ts';
import type { Listeners } from './router.ts';
import { viewAck } from './view-ack.ts';

const zId = z.coerce.number().int().positive();

type Decide = (deps: Deps, actor: Actor, id: number) => Effect[] | Promise<Effect[]>;

const HANDLERS: ReadonlyArray<readonly [string, Decide]> = [
  [ACTION.approveCutover, approveCutover],
  [ACTION.rejectCutover, rejectClick],
  [ACTION.confirmSwitched, switchedFromRequest],
  [ACTION.rollbackService, rollbackClick],
  [ACTION.confirmDone, doneFromButton],
  [ACTION.approveOverride, overrideClick],
];

export function register(listeners: Listeners, deps: Deps): void {
  for (const [actionId, decide] of HANDLERS) {
    listeners.action<BlockButtonAction>(actionId, async ({ ack, body, action, context, respond, client }) => {
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: `[action:${actionId}]` }, ack, () =>
        decide(deps, clickActor(context, body), zId.parse(action.value)),
      );
    });
  }
  // "Approve despite red checks…": the reason modal's submission; a missing reason goes back onto the field.
  listeners.view(CALLBACK.approveOverride, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
    await handleSubmission({ target, where: `[view:${CALLBACK.approveOverride}]` }, viewAck(ack), () => {
      const meta = zReasonMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const clicker = { workspaceId: workspaceOf(context, body.team?.id), userId };
      const outcome = overrideSubmit(deps, clicker, meta.requestId, reasonFrom(view.state.values));
      return 'error' in outcome ? { errors: { [REJECT.reasonBlock]: outcome.error } } : outcome;
    });
  });
}
