// The metrics source's credentials: the Add credentials button opens the modal; its submission
// closes it at once and is then tested against the source and answered by DM. The typed values
// are handed to the service and never logged.
import type { BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { Actor, Deps } from '../../deps.ts';
import { openCredentialsForm, saveCredentials } from '../../services/health-setup.ts';
import { clickActor, clickTarget, outboxOf, workspaceOf } from '../context.ts';
import { credentialsFrom, HEALTH_IDS, zCredentialsMetadata } from '../views/health-credentials-modal.ts';
import { handle, handleSubmission } from './handle.ts';
import type { Listeners } from './router.ts';
import { viewAck } from './view-ack.ts';

const zId = z.coerce.number().int().positive();

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockButtonAction>(
    HEALTH_IDS.addCredentials,
    async ({ ack, body, action, context, respond, client }) => {
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: '[action:health-credentials]' }, ack, () =>
        openCredentialsForm(deps, clickActor(context, body), zId.parse(action.value)),
      );
    },
  );
  listeners.view(HEALTH_IDS.credentialsSubmit, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
    await handleSubmission({ target, where: '[view:health-credentials]' }, viewAck(ack), () => {
      const meta = zCredentialsMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const typed = credentialsFrom(view.state.values);
      if (!typed.ok) return { errors: typed.errors };
      const actor: Actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: userId };
      return { run: () => saveCredentials(deps, actor, meta, typed.credentials) };
    });
  });
}
