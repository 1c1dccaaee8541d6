// Confirm / Cancel clicks: one compare-and-set settles the pending action, in the same
// transaction as the action itself, so a late or repeated click is answered and does nothing twice.
import type { App, BlockButtonAction } from '@slack/bolt';
import { CONFIRMATIONS } from '../../../commands/index.ts';
import type { Deps } from '../../services/deps.ts';
import { receiptHandler } from '../../services/receipts.ts';
import { pendingById, settlePending } from '../../store/pending.ts';
import { workspaceOf } from '../context.ts';
import type { Effect } from '../effect.ts';
import { runEffects } from '../effects.ts';
import { mentionUser } from '../format.ts';
import { ACTION } from '../ids.ts';
import { toUserMessage } from '../user-message.ts';

function staleAnswer(status: string, expired: boolean): string {
  if (status === 'done') return 'That was already confirmed; nothing was done twice.';
  if (status === 'cancelled') return 'That was cancelled; nothing was done.';
  if (expired) return 'That confirmation expired after 10 minutes; nothing was done. Run the command again.';
  return 'That confirmation is no longer open; nothing was done.';
}

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTION.confirm, async ({ ack, body, action, context, respond, client }) => {
    await ack();
    const target = { client, logger: deps.logger, userId: body.user.id, respond, receipts: receiptHandler(deps) };
    try {
      const workspaceId = workspaceOf(context, body.team?.id);
      const pending = pendingById(deps.store.db, workspaceId, action.value ?? '');
      if (!pending) {
        await runEffects(target, [{ type: 'reply', message: { text: 'That confirmation no longer exists.' } }]);
        return;
      }
      if (pending.userId !== body.user.id) {
        await runEffects(target, [
          { type: 'reply', message: { text: `Only ${mentionUser(pending.userId)}, who asked, can confirm this.` } },
        ]);
        return;
      }
      const confirmation = CONFIRMATIONS.get(pending.kind);
      if (!confirmation) throw new Error(`No confirmation handler for ${pending.kind}`);
      const actor = { workspaceId, userId: pending.userId, channelId: pending.channelId };
      const now = deps.now();
      const effects = deps.store.db.transaction((tx): Effect[] | null => {
        if (!settlePending(tx, workspaceId, pending.id, 'done', now)) return null;
        return confirmation.run(deps, actor, confirmation.payload.parse(pending.payload));
      });
      if (effects === null) {
        const text = staleAnswer(pending.status, pending.expiresAt <= now);
        await runEffects(target, [{ type: 'reply', message: { text }, replaceOriginal: true }]);
        return;
      }
      await runEffects(target, [
        { type: 'reply', message: { text: `Confirmed: ${pending.summary}` }, replaceOriginal: true },
        ...effects,
      ]);
    } catch (err) {
      await runEffects(target, [{ type: 'reply', message: toUserMessage(err, deps.logger, '[confirm]') }]).catch(
        () => undefined,
      );
    }
  });

  app.action<BlockButtonAction>(ACTION.cancel, async ({ ack, body, action, context, respond, client }) => {
    await ack();
    const target = { client, logger: deps.logger, userId: body.user.id, respond };
    try {
      const workspaceId = workspaceOf(context, body.team?.id);
      const pending = pendingById(deps.store.db, workspaceId, action.value ?? '');
      const won =
        pending &&
        pending.userId === body.user.id &&
        settlePending(deps.store.db, workspaceId, pending.id, 'cancelled', deps.now());
      const text = won
        ? `Cancelled: ${pending.summary}. Nothing was changed.`
        : staleAnswer(pending?.status ?? '', false);
      await runEffects(target, [{ type: 'reply', message: { text }, replaceOriginal: true }]);
    } catch (err) {
      await runEffects(target, [{ type: 'reply', message: toUserMessage(err, deps.logger, '[cancel]') }]).catch(
        () => undefined,
      );
    }
  });
}
