// Asking before doing: the pending action is stored with a 10-minute expiry, and the Confirm click
// (src/slack/listeners/confirm-actions.ts) runs it exactly once.
import type { z } from 'zod';
import type { Effect } from '../slack/effect.ts';
import { confirmMessage } from '../slack/views/confirm-message.ts';
import { createPending } from '../store/pending.ts';
import type { Actor, Deps } from './deps.ts';

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
