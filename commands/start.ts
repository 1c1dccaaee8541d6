// `/migrate start <service>|batch N`: planned (or rolled back) -> shadow. The work-in-progress
// rules of the strategy apply: starting out of plan order or past the limit asks first, and the
// override is audited.
import { z } from 'zod';
import { checkStart } from '../src/domain/wip.ts';
import { askToConfirm, defineConfirmation } from '../src/services/confirmations.ts';
import type { Actor, Deps } from '../src/services/deps.ts';
import {
  announce,
  applyTransitions,
  planTransitions,
  requireEligible,
  skippedNote,
  transitionSentence,
} from '../src/services/lifecycle.ts';
import { ensureRunbooks } from '../src/services/runbooks.ts';
import { activeMigrationById, requireActive, resolveMigration, scoped } from '../src/services/scope.ts';
import {
  requireServiceRights,
  resolveTargets,
  statesOf,
  type TargetArgs,
  targetArgs,
  wipEntries,
  zTargetsPayload,
} from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { appendAudit } from '../src/store/audit.ts';
import { effectivePlan, servicesByIds } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const zPayload = zTargetsPayload.extend({
  label: z.string(),
  reasons: z.array(z.string()),
});
type StartPayload = z.infer<typeof zPayload>;

function executeStart(deps: Deps, actor: Actor, migration: MigrationRow, payload: StartPayload): Effect[] {
  const { db } = deps.store;
  const now = deps.now();
  const services = servicesByIds(db, migration, payload.serviceIds);
  const plan = planTransitions(services, 'start', { now });
  requireEligible(plan);
  const effective = effectivePlan(db, migration);
  const names = plan.eligible.map((p) => p.service.name);
  const { reminders } = checkStart(migration.strategy, wipEntries(effective), statesOf(deps, migration), names);
  const override = payload.reasons.length > 0;
  const changes = db.transaction((tx) => {
    const moved = applyTransitions(tx, {
      migration,
      actorId: actor.userId,
      action: 'start',
      items: plan.eligible,
      batch: payload.batch,
      now,
      extras: () => ({ flagEnabled: true, monitoringEndsAt: null, monitoringPromptedAt: null }),
      ...(override ? { detail: { override: true } } : {}),
    });
    for (const change of override ? moved : []) {
      appendAudit(tx, {
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        serviceId: change.service.id,
        serviceName: change.service.name,
        actor: actor.userId,
        action: 'wip.override',
        reason: payload.reasons.join('; '),
        detail: { reasons: payload.reasons, strategy: migration.strategy },
        createdAt: now,
      });
    }
    ensureRunbooks(
      tx,
      migration,
      moved.map((c) => c.service),
      effective,
      now,
    );
    return moved;
  });
  const overrideNote = override
    ? `:warning: Started after confirming: ${payload.reasons.map((r) => escapeInline(r)).join('; ')}.`
    : null;
  const reminderNote = reminders.length ? `Reminder: ${reminders.map((r) => escapeInline(r)).join(' ')}` : null;
  const hint = `The new platform now runs beside the old one with part of the traffic. Runbook: \`/migrate runbook <service>\`; when validated, \`/migrate cutover\`.`;
  return [
    announce(migration, actor, [
      transitionSentence(actor.userId, 'start', payload.label, changes),
      hint,
      overrideNote,
      reminderNote,
      skippedNote(plan.refused),
    ]),
  ];
}

export const startConfirmation = defineConfirmation({
  kind: 'lifecycle-start',
  payload: zPayload,
  run(deps, actor, payload): Effect[] {
    const migration = activeMigrationById(deps, actor, payload.migrationId);
    return executeStart(deps, actor, migration, payload);
  },
});

export const startCommand = defineCommand({
  name: 'start',
  usage: 'start <service>|batch N',
  summary: 'put a service (or a batch) in shadow mode beside the old platform',
  args: scoped(targetArgs()),
  run(deps, actor, { migration: name, args }: { migration: string | null; args: TargetArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireActive(migration);
    const targets = resolveTargets(deps, migration, args.target);
    requireServiceRights(deps, migration, actor.userId, targets.services, 'start it');
    const plan = planTransitions(targets.services, 'start', { now: deps.now() });
    requireEligible(plan);
    const names = plan.eligible.map((p) => p.service.name);
    const check = checkStart(migration.strategy, wipEntries(targets.plan), statesOf(deps, migration), names);
    const payload: StartPayload = {
      migrationId: migration.id,
      serviceIds: plan.eligible.map((p) => p.service.id),
      batch: targets.batch,
      label: targets.label,
      reasons: check.ok ? [] : [...check.needsConfirmation],
    };
    if (check.ok) return executeStart(deps, actor, migration, payload);
    const reasons = check.needsConfirmation.map((r) => `• ${escapeInline(r)}`).join('\n');
    return [
      askToConfirm(
        deps,
        actor,
        startConfirmation,
        payload,
        `Start ${targets.label} anyway? The ${migration.strategy} plan says otherwise:`,
        `${reasons}\nIf you confirm, the override is recorded in the audit log.`,
      ),
    ];
  },
});
