// `/migrate start <service>|batch N`: planned (or rolled back) -> shadow. The work-in-progress
// rules of the strategy apply: starting out of plan order or past the limit asks first, and the
// override is audited.
import { z } from 'zod';
import { checkStart } from '../src/domain/wip.ts';
import { announce, applyTransitions } from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { ensureRunbooks } from '../src/services/runbooks.ts';
import { statesOf, wipEntries, zTargetsPayload } from '../src/services/targets.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { skippedNote, startHint, transitionSentence } from '../src/slack/views/lifecycle-text.ts';
import { objectionText, reminderText } from '../src/slack/views/wip-text.ts';
import { appendAudit } from '../src/store/audit.ts';
import { effectivePlan } from '../src/store/lifecycle.ts';

const zPayload = zTargetsPayload.extend({
  label: z.string(),
  /** The plan's objections the person confirmed past; empty when the plan agreed. */
  reasons: z.array(z.string()),
});
type StartPayload = z.infer<typeof zPayload>;

function wipCheck({ deps, migration, plan }: LifecycleContext<StartPayload>) {
  const names = plan.eligible.map((p) => p.service.name);
  const entries = wipEntries(effectivePlan(deps.store.db, migration));
  return checkStart(migration.strategy, entries, statesOf(deps, migration), names);
}

function executeStart(ctx: LifecycleContext<StartPayload>): Effect[] {
  const { deps, actor, migration, payload, plan, now } = ctx;
  const { db } = deps.store;
  const effective = effectivePlan(db, migration);
  const { reminders } = wipCheck(ctx);
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
  const reminderNote = reminders.length
    ? `Reminder: ${reminders.map((r) => escapeInline(reminderText(r))).join(' ')}`
    : null;
  const hint = startHint({ batch: payload.batch, services: changes.map((c) => c.service.name) });
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

export const start = defineLifecycleCommand({
  name: 'start',
  usage: 'start <service>|batch N',
  summary: 'put a service (or a batch) in shadow mode beside the old platform',
  action: 'start',
  may: 'start it',
  payload: zPayload,
  fromArgs: (targets, _args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
    reasons: [],
  }),
  check(ctx) {
    const check = wipCheck(ctx);
    if (check.ok) return { payload: ctx.payload, ask: null };
    const objections = check.needsConfirmation.map(objectionText);
    const reasons = objections.map((r) => `• ${escapeInline(r)}`).join('\n');
    return {
      payload: { ...ctx.payload, reasons: objections },
      ask: {
        question: `Start ${ctx.payload.label} anyway? The ${ctx.migration.strategy} plan says otherwise:`,
        detail: `${reasons}\nIf you confirm, the override is recorded in the audit log.`,
      },
    };
  },
  execute: executeStart,
});

export const startCommand = start.command;
export const startConfirmation = start.confirmation;
