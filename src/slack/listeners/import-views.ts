// The import modal's submission. What can be judged at once (rights, which input, a pasted graph's
// errors) goes back on the modal; the rest happens after ack: a file is fetched and answered by DM.
import type { App } from '@slack/bolt';
import { completeImport, readImportSubmission, zImportMetadata } from '../../../commands/import.ts';
import type { Deps } from '../../services/deps.ts';
import { workspaceOf } from '../context.ts';
import { runEffects } from '../effects.ts';
import { CALLBACK } from '../ids.ts';
import { toUserMessage } from '../user-message.ts';

export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.importGraph, async ({ ack, view, body, context, client }) => {
    const userId = body.user.id;
    const target = { client, logger: deps.logger, userId };
    let acked = false;
    try {
      const meta = zImportMetadata.parse(JSON.parse(view.private_metadata || '{}'));
      const actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: meta.channelId };
      const submission = readImportSubmission(deps, actor, meta.migrationId, view.state.values);
      if (submission.kind === 'errors') {
        acked = true;
        await ack({ response_action: 'errors', errors: submission.errors });
        return;
      }
      acked = true;
      await ack();
      await runEffects(target, await completeImport(deps, actor, submission));
    } catch (err) {
      const message = toUserMessage(err, deps.logger, '[view:import]');
      if (!acked) await ack().catch(() => undefined);
      await client.chat.postMessage({ channel: userId, text: message.text }).catch(() => undefined);
    }
  });
}
