// `/migrate withdraw <service>|batch N`: awaiting approval -> shadow. The request loses those
// services; once it has none left it is withdrawn, and its message says so.
import { z } from 'zod';
import { announce, applyTransitions, requestUpdate } from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { releaseFromRequests } from '../src/services/requests.ts';
import { zTargetsPayload } from '../src/services/targets.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeText } from '../src/slack/escape.ts';
import { skippedNote, transitionSentence } from '../src/slack/views/lifecycle-text.ts';
import { latestRequests } from '../src/store/approvals.ts';

const zPayload = zTargetsPayload.extend({ label: z.string(), reason: z.string().nullable() });
type WithdrawPayload = z.infer<typeof zPayload>;

function executeWithdraw({ deps, actor, migration, payload, plan, now }: LifecycleContext<WithdrawPayload>): Effect[] {
  const { reason } = payload;
  const ids = plan.eligible.map((p) => p.service.id);
  const { changes, touched } = deps.store.db.transaction((tx) => {
    const moved = applyTransitions(tx, {
      migration,
      actorId: actor.userId,
      action: 'withdraw',
      items: plan.eligible,
      reason,
      batch: payload.batch,
      now,
    });
    return {
      changes: moved,
      touched: releaseFromRequests(tx, migration, ids, actor.userId, now, reason ?? 'withdrawn'),
    };
  });
  const updates = touched.map((r) => requestUpdate(r));
  return [
    ...updates,
    announce(migration, actor, [
      transitionSentence(actor.userId, 'withdraw', payload.label, changes),
      reason ? `Reason: ${escapeText(reason)}` : null,
      skippedNote(plan.refused),
    ]),
  ];
}

const withdraw = defineLifecycleCommand({
  name: 'withdraw',
  usage: 'withdraw <service>|batch N [reason]',
  summary: 'take back a cutover request; the services return to shadow',
  action: 'withdraw',
  may: 'withdraw its cutover request',
  // The one who asked may take it back too, even without owning the services.
  alsoMay({ deps, actor, migration, plan }) {
    const ids = plan.eligible.map((p) => p.service.id);
    const requesters = latestRequests(deps.store.db, migration, ids).map((r) => r.requestedBy);
    return requesters.includes(actor.userId) && requesters.every((r) => r === actor.userId);
  },
  payload: zPayload,
  fromArgs: (targets, args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
    reason: args.rest.join(' ').trim() || null,
  }),
  execute: executeWithdraw,
});

export const withdrawCommand = withdraw.command;
