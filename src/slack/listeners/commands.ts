// The one `/migrate` listener: dispatch, then answer in the ack when the answer is private and
// ready in time (handle.ts), else ack at once and carry out the result.
import type { App } from '@slack/bolt';
import { dispatch } from '../../../commands/index.ts';
import type { Deps } from '../../deps.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import type { Message } from '../effect.ts';
import { ACK_DEADLINE_MS, handleCommand } from './handle.ts';

export const SLASH_COMMAND = '/migrate';

export function register(app: App, deps: Deps, ackDeadlineMs = ACK_DEADLINE_MS): void {
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
    const answer = (message?: Message) =>
      message
        ? ack({ response_type: 'ephemeral', text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) })
        : ack();
    await handleCommand(
      { target, where },
      answer,
      () => {
        const actor = {
          workspaceId: workspaceOf(context, command.team_id),
          userId: command.user_id,
          channelId: command.channel_id,
        };
        return dispatch(deps, actor, command.text);
      },
      ackDeadlineMs,
    );
  });
}
