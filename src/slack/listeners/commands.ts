// The one `/migrate` listener: ack at once, dispatch, then carry out the result.
import type { App } from '@slack/bolt';
import { dispatch } from '../../../commands/index.ts';
import type { Deps } from '../../services/deps.ts';
import { receiptHandler } from '../../services/receipts.ts';
import { workspaceOf } from '../context.ts';
import { runEffects } from '../effects.ts';
import { toUserMessage } from '../user-message.ts';

export const SLASH_COMMAND = '/migrate';

export function register(app: App, deps: Deps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, context, respond, client }) => {
    await ack();
    const target = {
      client,
      logger: deps.logger,
      userId: command.user_id,
      respond,
      triggerId: command.trigger_id,
      receipts: receiptHandler(deps),
    };
    const sub = command.text.trim().split(/\s+/)[0] || 'help';
    try {
      const actor = {
        workspaceId: workspaceOf(context, command.team_id),
        userId: command.user_id,
        channelId: command.channel_id,
      };
      await runEffects(target, await dispatch(deps, actor, command.text));
    } catch (err) {
      const message = toUserMessage(err, deps.logger, `[cmd:${sub}]`);
      await respond({ response_type: 'ephemeral', text: message.text }).catch((e: unknown) =>
        deps.logger.warn(`[cmd:${sub}] could not answer the user: ${String(e)}`),
      );
    }
  });
}
