// Asking before doing: the pending action is stored with a 10-minute expiry, and the Confirm click
// (confirmPending, called from src/slack/listeners/confirm-actions.ts) runs it exactly once.
import type { z } from 'zod';
import type { Actor, Deps } from '../deps.ts';
import type { Effect } from '../slack/effect.ts';
import { mentionUser } from '../slack/format.ts';
import { confirmMessage } from '../slack/views/confirm-message.ts';
import { createPending, pendingById, settlePending } from '../store/pending.ts';

export interface Confirmation<P> {
  readonly kind: string;
  readonly payload: z.ZodType<P>;
  /** Runs inside the transaction that settles the confirmation: synchronous, database only. */
  run(deps: Deps, actor: Actor, payload: P): Effect[];
}

export function defineConfirmation<P>(c: Confirmation<P>): Confirmation<unknown> {
  return c as Confirmation<unknown>;
}

export function askToConfirm<P>(
  deps: Deps,
  actor: Actor,
  confirmation: Confirmation<P>,
  payload: P,
  question: string,
  detail?: string,
): Effect {
  const pending = deps.store.db.transaction((tx) =>
    createPending(tx, { ...actor, kind: confirmation.kind, payload, summary: question }, deps.now()),
  );
  return { type: 'reply', message: confirmMessage(pending.id, question, detail) };
}

function staleAnswer(status: string, expired: boolean): string {
  if (status === 'done') return 'That was already confirmed; nothing was done twice.';
  if (status === 'cancelled') return 'That was cancelled; nothing was done.';
  if (expired) return 'That confirmation expired after 10 minutes; nothing was done. Run the command again.';
  return 'That confirmation is no longer open; nothing was done.';
}

const answer = (text: string, replaceOriginal = false): Effect => ({
  type: 'reply',
  message: { text },
  replaceOriginal,
});

/**
 * A Confirm click: one compare-and-set settles the pending action in the same transaction as the
 * action itself, so a late or repeated click is answered and does nothing twice.
 */
export function confirmPending(
  deps: Deps,
  clicker: Pick<Actor, 'workspaceId' | 'userId'>,
  pendingId: string,
  confirmations: ReadonlyMap<string, Confirmation<unknown>>,
): Effect[] {
  const { workspaceId } = clicker;
  const pending = pendingById(deps.store.db, workspaceId, pendingId);
  if (!pending) return [answer('That confirmation no longer exists.')];
  if (pending.userId !== clicker.userId) {
    return [answer(`Only ${mentionUser(pending.userId)}, who asked, can confirm this.`)];
  }
  const confirmation = confirmations.get(pending.kind);
  if (!confirmation) throw new Error(`No confirmation handler for ${pending.kind}`);
  const actor = { workspaceId, userId: pending.userId, channelId: pending.channelId };
  const now = deps.now();
  // Settled, done and announced in one transaction: the channel's messages are queued before it commits.
  const effects = deps.store.db.transaction((tx): Effect[] | null => {
    if (!settlePending(tx, workspaceId, pending.id, 'done', now)) return null;
    return deps.outbox.enqueue(
      tx,
      { workspaceId },
      confirmation.run(deps, actor, confirmation.payload.parse(pending.payload)),
    );
  });
  if (effects === null) return [answer(staleAnswer(pending.status, pending.expiresAt <= now), true)];
  return [answer(`Confirmed: ${answered(pending.summary)}`, true), ...effects];
}

/** A Cancel click: only the person who asked can cancel, and only while the action is pending. */
export function cancelPending(deps: Deps, clicker: Pick<Actor, 'workspaceId' | 'userId'>, pendingId: string): Effect[] {
  const { workspaceId } = clicker;
  const pending = pendingById(deps.store.db, workspaceId, pendingId);
  const won =
    pending &&
    pending.userId === clicker.userId &&
    settlePending(deps.store.db, workspaceId, pending.id, 'cancelled', deps.now());
  const text = won ? `Cancelled: ${pending.summary}. Nothing was changed.` : staleAnswer(pending?.status ?? '', false);
  return [answer(text, true)];
}

/** The question a confirmation asked, as a statement once it is answered: its closing question goes. */
export function answered(summary: string): string {
  const question = /\s*[^.!?\n]*\?\s*$/.exec(summary);
  const rest = question ? summary.slice(0, question.index).trim() : summary;
  return rest === '' ? summary.replace(/\?\s*$/, '.') : rest;
}
