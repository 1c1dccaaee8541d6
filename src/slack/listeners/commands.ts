// The one `/migrate` listener: ack at once, dispatch, then carry out the result.
import type { App } from '@slack/bolt';
import { dispatch } from '../../../commands/index.ts';
import type { Deps } from '../../deps.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import { handle } from './handle.ts';

export const SLASH_COMMAND = '/migrate';

export function register(app: App, deps: Deps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, context, respond, client }) => {
    const target = {
      client,
      logger: deps.logger,
      outbox: outboxOf(deps, context),
      userId: command.user_id,
      respond,
      triggerId: command.trigger_id,
    };
    const where = `[cmd:${command.text.trim().split(/\s+/)[0] || 'help'}]`;
    await handle({ target, where }, ack, () => {
      const actor = {
        workspaceId: workspaceOf(context, command.team_id),
        userId: command.user_id,
        channelId: command.channel_id,
      };
      return dispatch(deps, actor, command.text);
    });
  });
}
