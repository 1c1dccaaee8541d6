// The reason modals: rejecting a cutover request, and rolling back from its message. A refusal
// goes back onto the reason field; otherwise the modal closes first, then the work is done and
// its effects go out.

import { rollbackFromRequest } from '../../../commands/rollback.ts';
import type { Actor, Deps } from '../../deps.ts';
import { rejectCutover, type SubmitOutcome } from '../../services/approvals.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import { CALLBACK, REJECT } from '../ids.ts';
import { reasonFrom, zReasonMetadata } from '../views/reject-modal.ts';
import { handleSubmission } from './handle.ts';
import type { Listeners } from './router.ts';
import { viewAck } from './view-ack.ts';

type Submit = (
  deps: Deps,
  clicker: Pick<Actor, 'workspaceId' | 'userId'>,
  requestId: number,
  reason: string,
) => SubmitOutcome;

const rollback: Submit = (deps, clicker, requestId, reason) =>
  reason ? { run: () => rollbackFromRequest(deps, clicker, requestId, reason) } : { error: 'Say why, for the record.' };

const HANDLERS: ReadonlyArray<readonly [string, Submit]> = [
  [CALLBACK.rejectCutover, rejectCutover],
  [CALLBACK.rollbackService, rollback],
];

export function register(listeners: Listeners, deps: Deps): void {
  for (const [callbackId, submit] of HANDLERS) {
    listeners.view(callbackId, async ({ ack, view, body, context, client }) => {
      const userId = body.user.id;
      const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
      await handleSubmission({ target, where: `[view:${callbackId}]` }, viewAck(ack), () => {
        const meta = zReasonMetadata.parse(JSON.parse(view.private_metadata || '{}'));
        const clicker = { workspaceId: workspaceOf(context, body.team?.id), userId };
        const outcome = submit(deps, clicker, meta.requestId, reasonFrom(view.state.values));
        return 'error' in outcome ? { errors: { [REJECT.reasonBlock]: outcome.error } } : outcome;
      });
    });
  }
}
