// `/migrate withdraw <service>|batch N`: awaiting approval -> shadow. The request loses those
// services; once it has none left it is withdrawn, and its message says so.

import {
  announce,
  applyTransitions,
  planTransitions,
  requestUpdate,
  requireEligible,
  skippedNote,
  transitionSentence,
} from '../src/services/lifecycle.ts';
import { requireActive, resolveMigration, scoped } from '../src/services/scope.ts';
import { requireServiceRights, resolveTargets, type TargetArgs, targetArgs } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeMrkdwn } from '../src/slack/escape.ts';
import { type ApprovalRequestRow, latestRequests, setRequestServices, settleRequest } from '../src/store/approvals.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

/**
 * Takes services out of their pending requests (inside the caller's transaction): a request left
 * with none is withdrawn with `why`. Returns the requests touched, for their messages.
 */
export function releaseFromRequests(
  tx: Db,
  migration: MigrationRow,
  serviceIds: readonly number[],
  actorId: string,
  now: Date,
  why: string,
): ApprovalRequestRow[] {
  const leaving = new Set(serviceIds);
  const touched: ApprovalRequestRow[] = [];
  for (const request of latestRequests(tx, migration, serviceIds)) {
    if (request.status !== 'pending') continue;
    const remaining = request.serviceIds.filter((id) => !leaving.has(id));
    if (remaining.length === request.serviceIds.length) continue;
    touched.push(request);
    if (remaining.length > 0) {
      setRequestServices(tx, request.id, remaining);
      continue;
    }
    if (!settleRequest(tx, request.id, 'withdrawn', actorId, now, why)) continue;
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      actor: actorId,
      action: 'approval.withdraw',
      reason: why,
      detail: { requestId: request.id },
      createdAt: now,
    });
  }
  return touched;
}

export const withdrawCommand = defineCommand({
  name: 'withdraw',
  usage: 'withdraw <service>|batch N [reason]',
  summary: 'take back a cutover request; the services return to shadow',
  args: scoped(targetArgs()),
  run(deps, actor, { migration: name, args }: { migration: string | null; args: TargetArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireActive(migration);
    const targets = resolveTargets(deps, migration, args.target);
    const now = deps.now();
    const reason = args.rest.join(' ').trim() || null;
    const plan = planTransitions(targets.services, 'withdraw', { now });
    requireEligible(plan);
    const moving = plan.eligible.map((p) => p.service);
    const ids = moving.map((s) => s.id);
    const requesters = latestRequests(deps.store.db, migration, ids).map((r) => r.requestedBy);
    // The one who asked may take it back too, even without owning the services.
    if (!requesters.includes(actor.userId) || requesters.some((r) => r !== actor.userId)) {
      requireServiceRights(deps, migration, actor.userId, moving, 'withdraw its cutover request');
    }
    const { db } = deps.store;
    const { changes, touched } = db.transaction((tx) => {
      const moved = applyTransitions(tx, {
        migration,
        actorId: actor.userId,
        action: 'withdraw',
        items: plan.eligible,
        reason,
        batch: targets.batch,
        now,
      });
      return {
        changes: moved,
        touched: releaseFromRequests(tx, migration, ids, actor.userId, now, reason ?? 'withdrawn'),
      };
    });
    const updates = touched.map((r) => requestUpdate(deps, migration, r)).filter((e): e is Effect => e !== null);
    return [
      ...updates,
      announce(migration, actor, [
        transitionSentence(actor.userId, 'withdraw', targets.label, changes),
        reason ? `Reason: ${escapeMrkdwn(reason)}` : null,
        skippedNote(plan.refused),
      ]),
    ];
  },
});
