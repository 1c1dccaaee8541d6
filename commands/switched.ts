// `/migrate switched <service>|batch N`, or the "Traffic switched" button on an approved request:
// cutover -> monitoring. The monitoring window starts now and lasts `monitoring-hours`.
import { monitoringEndsAt } from '../src/domain/lifecycle.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { staleAnswer } from '../src/services/approvals.ts';
import type { Actor, Deps } from '../src/services/deps.ts';
import {
  announce,
  applyTransitions,
  planTransitions,
  refreshApprovalMessages,
  requireEligible,
  skippedNote,
  transitionSentence,
} from '../src/services/lifecycle.ts';
import { requireActive, resolveMigration, scoped } from '../src/services/scope.ts';
import { mayAct, requireServiceRights, resolveTargets, type TargetArgs, targetArgs } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { slackDate } from '../src/slack/format.ts';
import { requestById } from '../src/store/approvals.ts';
import type { ServiceRow } from '../src/store/graph.ts';
import { servicesByIds } from '../src/store/lifecycle.ts';
import { type MigrationRow, migrationById } from '../src/store/migrations.ts';

function executeSwitched(
  deps: Deps,
  actor: Pick<Actor, 'userId'>,
  migration: MigrationRow,
  services: readonly ServiceRow[],
  label: string,
  batch: number | null,
): Effect[] {
  const now = deps.now();
  const plan = planTransitions(services, 'switched', { now });
  requireEligible(plan);
  const hours = withDefaults(migration.settings)['monitoring-hours'];
  const endsAt = monitoringEndsAt(now, hours);
  const changes = applyTransitions(deps.store.db, {
    migration,
    actorId: actor.userId,
    action: 'switched',
    items: plan.eligible,
    batch,
    now,
    extras: () => ({ monitoringEndsAt: endsAt, monitoringPromptedAt: null }),
    detail: { monitoringEndsAt: endsAt.toISOString() },
  });
  return [
    announce(migration, actor, [
      transitionSentence(actor.userId, 'switched', label, changes),
      `All traffic now goes to the new platform. Monitoring runs ${hours} h, until ${slackDate(endsAt)}; the owner is prompted when it ends.`,
      skippedNote(plan.refused),
    ]),
    ...refreshApprovalMessages(
      deps,
      migration,
      changes.map((c) => c.service.id),
    ),
  ];
}

export const switchedCommand = defineCommand({
  name: 'switched',
  usage: 'switched <service>|batch N',
  summary: 'confirm all traffic is on the new platform; the monitoring window starts',
  args: scoped(targetArgs()),
  run(deps, actor, { migration: name, args }: { migration: string | null; args: TargetArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireActive(migration);
    const targets = resolveTargets(deps, migration, args.target);
    requireServiceRights(deps, migration, actor.userId, targets.services, 'confirm its switch');
    return executeSwitched(deps, actor, migration, targets.services, targets.label, targets.batch);
  },
});

/** The "Traffic switched" button: the request's services still in cutover. */
export function switchedFromRequest(
  deps: Deps,
  clicker: Pick<Actor, 'workspaceId' | 'userId'>,
  requestId: number,
): Effect[] {
  const { db } = deps.store;
  const request = requestById(db, clicker.workspaceId, requestId);
  const migration = request ? migrationById(db, clicker.workspaceId, request.migrationId) : null;
  if (!request || !migration) return [reply({ text: 'That cutover request no longer exists.' })];
  if (request.status !== 'approved') return [reply({ text: staleAnswer(request) })];
  requireActive(migration);
  const services = servicesByIds(db, migration, request.serviceIds).filter((s) => s.state === 'cutover');
  if (services.length === 0) {
    return [reply({ text: 'Nothing here is waiting for its switch any more: `/migrate status` shows where it is.' })];
  }
  if (!mayAct(deps, migration, clicker.userId, services)) {
    requireServiceRights(deps, migration, clicker.userId, services, 'confirm the switch');
  }
  const first = services[0];
  const label =
    request.batch !== null
      ? `batch ${request.batch}`
      : services.length === 1 && first
        ? `*${escapeInline(first.name)}*`
        : 'the request';
  return executeSwitched(deps, clicker, migration, services, label, request.batch);
}
