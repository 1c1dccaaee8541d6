// The import modal's submission. What can be judged at once (rights, which input, a pasted graph's
// errors) goes back on the modal; the rest happens after ack: a file is fetched and answered by DM.

import { completeImport, readImportSubmission, zImportMetadata } from '../../../commands/import.ts';
import type { Deps } from '../../deps.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import { CALLBACK } from '../ids.ts';
import { handleSubmission } from './handle.ts';
import type { Listeners } from './router.ts';
import { viewAck } from './view-ack.ts';

export function register(listeners: Listeners, deps: Deps): void {
  listeners.view(CALLBACK.importGraph, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
    await handleSubmission({ target, where: '[view:import]' }, viewAck(ack), () => {
      const meta = zImportMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: meta.channelId };
      const submission = readImportSubmission(deps, actor, meta.migrationId, view.state.values);
      if (submission.kind === 'errors') return { errors: submission.errors };
      return { run: () => completeImport(deps, actor, submission) };
    });
  });
}
