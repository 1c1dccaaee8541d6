// `/migrate cutover <service>|batch N`: shadow -> awaiting approval, and an approval request in
// the channel with Approve / Reject buttons. Unticked validation steps warn and ask first.
import { z } from 'zod';
import type { Deps } from '../src/deps.ts';
import { requiredApprovals, requiredApprovalsForBatch } from '../src/domain/approval.ts';
import { runbookProgress } from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { applyTransitions, loadApprovalView } from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { ensureRunbooks } from '../src/services/runbooks.ts';
import { zTargetsPayload } from '../src/services/targets.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { approvalMessage } from '../src/slack/views/approval-message.ts';
import { skippedNote } from '../src/slack/views/lifecycle-text.ts';
import { firstOf } from '../src/slack/views/paginate.ts';
import { createRequest } from '../src/store/approvals.ts';
import { appendAudit } from '../src/store/audit.ts';
import { effectivePlan, servicesByIds } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const zPayload = zTargetsPayload.extend({
  label: z.string(),
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

function executeCutover({ deps, actor, migration, payload, plan, now }: LifecycleContext<CutoverPayload>): Effect[] {
  const { db } = deps.store;
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

export const cutover = defineLifecycleCommand({
  name: 'cutover',
  usage: 'cutover <service>|batch N',
  summary: 'ask the approvers, in the channel, to approve switching all traffic',
  action: 'cutover',
  may: 'ask for its cutover',
  payload: zPayload,
  fromArgs: (targets, _args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
    openValidation: {},
  }),
  check({ deps, migration, payload, plan }) {
    const open = openValidationSteps(
      deps,
      migration,
      plan.eligible.map((p) => p.service.id),
    );
    const names = Object.keys(open);
    if (names.length === 0) return { payload, ask: null };
    const lines = names.map(
      (n) =>
        `• *${escapeInline(n)}*: ${firstOf(
          (open[n] ?? []).map((k) => `\`${escapeCode(k)}\``),
          8,
        )}`,
    );
    return {
      payload: { ...payload, openValidation: open },
      ask: {
        question: `Validation steps are not ticked yet for ${payload.label}. Ask for cutover anyway?`,
        detail: `${firstOf(lines, 10, '\n')}\nTick them with \`/migrate runbook <service>\`, or skip one with a reason. If you go ahead, the request shows them to the approvers.`,
      },
    };
  },
  execute: executeCutover,
});

export const cutoverCommand = cutover.command;
export const cutoverConfirmation = cutover.confirmation;
