// `/migrate cutover <service>|batch N`: shadow -> awaiting approval, and an approval request in
// the channel with Approve / Reject buttons. Unticked validation steps warn and ask first.
import { z } from 'zod';
import { requiredApprovals, requiredApprovalsForBatch } from '../src/domain/approval.ts';
import { runbookProgress } from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { askToConfirm, defineConfirmation } from '../src/services/confirmations.ts';
import type { Actor, Deps } from '../src/services/deps.ts';
import {
  applyTransitions,
  loadApprovalView,
  planTransitions,
  requireEligible,
  skippedNote,
} from '../src/services/lifecycle.ts';
import { ensureRunbooks } from '../src/services/runbooks.ts';
import { activeMigrationById, requireActive, resolveMigration, scoped } from '../src/services/scope.ts';
import {
  requireServiceRights,
  resolveTargets,
  type TargetArgs,
  targetArgs,
  zTargetsPayload,
} from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { approvalMessage } from '../src/slack/views/approval-message.ts';
import { firstOf } from '../src/slack/views/paginate.ts';
import { createRequest } from '../src/store/approvals.ts';
import { appendAudit } from '../src/store/audit.ts';
import { effectivePlan, servicesByIds } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const zPayload = zTargetsPayload.extend({
  /** Validation steps still open when the requester confirmed, by service name. */
  openValidation: z.record(z.string(), z.array(z.string())),
});
type CutoverPayload = z.infer<typeof zPayload>;

/** Writes any missing runbooks and returns the open validation step keys by service name. */
function openValidationSteps(
  deps: Deps,
  migration: MigrationRow,
  serviceIds: readonly number[],
): Record<string, string[]> {
  const { db } = deps.store;
  const now = deps.now();
  const plan = effectivePlan(db, migration);
  const services = servicesByIds(db, migration, serviceIds);
  return db.transaction((tx) => {
    const runbooks = ensureRunbooks(tx, migration, services, plan, now);
    const open: Record<string, string[]> = {};
    for (const service of services) {
      const keys = runbookProgress(runbooks.get(service.id) ?? []).openValidation.map((s) => s.key);
      if (keys.length) open[service.name] = keys;
    }
    return open;
  });
}

function executeCutover(deps: Deps, actor: Actor, migration: MigrationRow, payload: CutoverPayload): Effect[] {
  const { db } = deps.store;
  const now = deps.now();
  const services = servicesByIds(db, migration, payload.serviceIds);
  const plan = planTransitions(services, 'cutover', { now });
  requireEligible(plan);
  const settings = withDefaults(migration.settings);
  const moving = plan.eligible.map((p) => p.service);
  const first = moving[0];
  const required =
    payload.batch === null && moving.length === 1 && first
      ? requiredApprovals(first, settings)
      : requiredApprovalsForBatch(moving, settings);
  const request = db.transaction((tx) => {
    const created = createRequest(tx, {
      migration,
      channelId: migration.channelId,
      batch: payload.batch,
      serviceIds: moving.map((s) => s.id),
      requestedBy: actor.userId,
      required,
      now,
    });
    applyTransitions(tx, {
      migration,
      actorId: actor.userId,
      action: 'cutover',
      items: plan.eligible,
      batch: payload.batch,
      now,
      detail: { requestId: created.id },
    });
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      actor: actor.userId,
      action: 'approval.request',
      toValue: String(required),
      detail: {
        requestId: created.id,
        batch: payload.batch,
        services: moving.map((s) => s.name),
        openValidation: payload.openValidation,
      },
      createdAt: now,
    });
    return created;
  });
  const effects: Effect[] = [
    {
      type: 'post',
      channel: migration.channelId,
      message: approvalMessage(loadApprovalView(deps, migration, request)),
      fallbackDmTo: actor.userId,
      receipt: { kind: 'approvalMessage', requestId: request.id },
    },
  ];
  const skipped = skippedNote(plan.refused);
  if (skipped) effects.push(reply({ text: skipped }));
  return effects;
}

export const cutoverConfirmation = defineConfirmation({
  kind: 'lifecycle-cutover',
  payload: zPayload,
  run(deps, actor, payload): Effect[] {
    const migration = activeMigrationById(deps, actor, payload.migrationId);
    return executeCutover(deps, actor, migration, payload);
  },
});

export const cutoverCommand = defineCommand({
  name: 'cutover',
  usage: 'cutover <service>|batch N',
  summary: 'ask the approvers, in the channel, to approve switching all traffic',
  args: scoped(targetArgs()),
  run(deps, actor, { migration: name, args }: { migration: string | null; args: TargetArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireActive(migration);
    const targets = resolveTargets(deps, migration, args.target);
    requireServiceRights(deps, migration, actor.userId, targets.services, 'ask for its cutover');
    const plan = planTransitions(targets.services, 'cutover', { now: deps.now() });
    requireEligible(plan);
    const serviceIds = plan.eligible.map((p) => p.service.id);
    const open = openValidationSteps(deps, migration, serviceIds);
    const payload: CutoverPayload = {
      migrationId: migration.id,
      serviceIds,
      batch: targets.batch,
      openValidation: open,
    };
    const names = Object.keys(open);
    if (names.length === 0) return executeCutover(deps, actor, migration, payload);
    const lines = names.map(
      (n) =>
        `• *${escapeInline(n)}*: ${firstOf(
          (open[n] ?? []).map((k) => `\`${escapeCode(k)}\``),
          8,
        )}`,
    );
    return [
      askToConfirm(
        deps,
        actor,
        cutoverConfirmation,
        payload,
        `Validation steps are not ticked yet for ${targets.label}. Ask for cutover anyway?`,
        `${firstOf(lines, 10, '\n')}\nTick them with \`/migrate runbook <service>\`, or skip one with a reason. If you go ahead, the request shows them to the approvers.`,
      ),
    ];
  },
});
