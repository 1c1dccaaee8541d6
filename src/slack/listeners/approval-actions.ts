// Buttons on cutover requests and monitoring prompts: ack first, then the command module decides
// (compare-and-set in a transaction), then its effects go out.

import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { doneFromButton } from '../../../commands/done.ts';
import { rollbackClick } from '../../../commands/rollback.ts';
import { switchedFromRequest } from '../../../commands/switched.ts';
import type { Actor, Deps } from '../../deps.ts';
import { approveCutover, rejectClick } from '../../services/approvals.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import type { Effect } from '../effect.ts';
import { ACTION } from '../ids.ts';
import { handle } from './handle.ts';

const zId = z.coerce.number().int().positive();

type Decide = (deps: Deps, actor: Actor, id: number) => Effect[] | Promise<Effect[]>;

const HANDLERS: ReadonlyArray<readonly [string, Decide]> = [
  [ACTION.approveCutover, approveCutover],
  [ACTION.rejectCutover, rejectClick],
  [ACTION.confirmSwitched, switchedFromRequest],
  [ACTION.rollbackService, rollbackClick],
  [ACTION.confirmDone, doneFromButton],
];

export function register(app: App, deps: Deps): void {
  for (const [actionId, decide] of HANDLERS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, context, respond, client }) => {
      const userId = body.user.id;
      const target = {
        client,
        logger: deps.logger,
        outbox: outboxOf(deps, context),
        userId,
        respond,
        triggerId: body.trigger_id,
      };
      await handle({ target, where: `[action:${actionId}]` }, ack, () => {
        const actor: Actor = {
          workspaceId: workspaceOf(context, body.team?.id),
          userId,
          channelId: body.channel?.id ?? userId,
        };
        return decide(deps, actor, zId.parse(action.value));
      });
    });
  }
}
