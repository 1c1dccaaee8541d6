// Acknowledge on a monitoring-window health alert: ack first, record who, then update that alert
// (its channel and ts come with the click) to say so. Roll back on the alert is the request's own
// Roll back button, handled in approval-actions.ts.
import type { BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { acknowledgeAlert } from '../../services/health-alerts.ts';
import { clickTarget, workspaceOf } from '../context.ts';
import { ACTION } from '../ids.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

const zId = z.coerce.number().int().positive();

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockButtonAction>(
    ACTION.acknowledgeHealthAlert,
    async ({ ack, body, action, context, respond, client }) => {
      const userId = body.user.id;
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: `[action:${ACTION.acknowledgeHealthAlert}]` }, ack, () => {
        const channel = body.channel?.id ?? body.container?.channel_id;
        const ts = body.message?.ts ?? body.container?.message_ts;
        const message = typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : null;
        const actor = { workspaceId: workspaceOf(context, body.team?.id), userId };
        return acknowledgeAlert(deps, actor, zId.parse(action.value), message);
      });
    },
  );
}
