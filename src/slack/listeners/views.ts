// Modal submissions. Validation errors go back on the input block; valid input is stored, then posted.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { submitAssessment, type ViewValues } from '../../../commands/assess.ts';
import type { Deps } from '../../services/deps.ts';
import { workspaceOf } from '../context.ts';
import { runEffects } from '../effects.ts';
import { CALLBACK } from '../ids.ts';
import { toUserMessage } from '../user-message.ts';

const zChannelMetadata = z.object({ channelId: z.string().regex(/^[CDG][A-Z0-9]+$/) });

export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.assess, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, userId };
    try {
      const meta = zChannelMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: meta.channelId };
      const outcome = submitAssessment(deps, actor, view.state.values as ViewValues);
      if ('errors' in outcome) {
        await ack({ response_action: 'errors', errors: outcome.errors });
        return;
      }
      await ack();
      await runEffects(target, outcome.effects);
    } catch (err) {
      const message = toUserMessage(err, deps.logger, '[view:assess]');
      await ack().catch(() => undefined);
      await client.chat.postMessage({ channel: userId, text: message.text }).catch(() => undefined);
    }
  });
}
