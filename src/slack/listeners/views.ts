// Modal submissions. Validation errors go back on the input block; valid input is stored, then posted.

import { z } from 'zod';
import { submitAssessment, type ViewValues } from '../../../commands/assess.ts';
import type { Deps } from '../../deps.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import { CALLBACK } from '../ids.ts';
import { handleSubmission } from './handle.ts';
import type { Listeners } from './router.ts';
import { viewAck } from './view-ack.ts';

const zChannelMetadata = z.object({ channelId: z.string().regex(/^[CDG][A-Z0-9]+$/) });

export function register(listeners: Listeners, deps: Deps): void {
  listeners.view(CALLBACK.assess, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
    await handleSubmission({ target, where: '[view:assess]' }, viewAck(ack), () => {
      const meta = zChannelMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: meta.channelId };
      const outcome = submitAssessment(deps, actor, view.state.values as ViewValues);
      if ('errors' in outcome) return { errors: outcome.errors };
      return { run: () => outcome.effects };
    });
  });
}
