// `/migrate rollback <service>|batch N <reason…>`, or "Roll back" on an approved request. A batch
// rolls back every member not yet done; one member of a batch is rolled back alone by turning its
// per-service flag off, leaving the others where they are. Rolling back a done service asks first.
// Every rollback records its reason and announces itself in the channel.
import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { IN_FLIGHT_STATES, STATE_LABELS } from '../src/domain/lifecycle.ts';
import {
  announce,
  applyTransitions,
  invalidTransition,
  refreshApprovalMessages,
  requestTitle,
  requestUpdate,
} from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { refreshMonitoringPrompts } from '../src/services/monitoring-prompt.ts';
import { approvedRequest, releaseFromRequests } from '../src/services/requests.ts';
import { entryOf, requireServiceRights, serviceLabel, zTargetsPayload } from '../src/services/targets.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline, escapeText } from '../src/slack/escape.ts';
import { confirmationText, rollbackHint, skippedNote, transitionSentence } from '../src/slack/views/lifecycle-text.ts';
import { firstOf } from '../src/slack/views/paginate.ts';
import { reasonModal } from '../src/slack/views/reject-modal.ts';
import type { ApprovalRequestRow } from '../src/store/approvals.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { ServiceRow } from '../src/store/graph.ts';
import { effectivePlan, servicesByIds } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const zPayload = zTargetsPayload.extend({
  label: z.string(),
  reason: z.string().min(1),
  /** A whole batch (or request) rolls back its members not yet done; one service may be done. */
  whole: z.boolean(),
});
type RollbackPayload = z.infer<typeof zPayload>;

function executeRollback({ deps, actor, migration, payload, plan, now }: LifecycleContext<RollbackPayload>): Effect[] {
  const { db } = deps.store;
  const effective = effectivePlan(db, migration);
  // One member of a parallel batch rolls back alone by turning its own flag off.
  const flagOff = (id: number) => {
    const entry = entryOf(effective, id);
    return !payload.whole && entry !== undefined && entry.batch !== null && entry.track === 'parallel';
  };
  const ids = plan.eligible.map((p) => p.service.id);
  const { changes, touched } = db.transaction((tx) => {
    const moved = applyTransitions(tx, {
      migration,
      actorId: actor.userId,
      action: 'rollback',
      items: plan.eligible,
      reason: payload.reason,
      batch: payload.batch,
      now,
      extras: (s) => ({
        monitoringEndsAt: null,
        monitoringPromptedAt: null,
        ...(flagOff(s.id) ? { flagEnabled: false } : {}),
      }),
    });
    for (const change of moved) {
      if (!flagOff(change.service.id)) continue;
      appendAudit(tx, {
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        serviceId: change.service.id,
        serviceName: change.service.name,
        actor: actor.userId,
        action: 'service.flag',
        fromValue: 'on',
        toValue: 'off',
        reason: payload.reason,
        createdAt: now,
      });
    }
    return {
      changes: moved,
      touched: releaseFromRequests(tx, migration, ids, actor.userId, now, `rolled back: ${payload.reason}`),
    };
  });
  const first = changes[0];
  const batchNote =
    changes.length === 1 && first && flagOff(first.service.id)
      ? `Its per-service flag is off; the rest of batch ${entryOf(effective, first.service.id)?.batch} stays where it is.`
      : null;
  const updates = touched.map((r) => requestUpdate(r));
  return [
    announce(migration, actor, [
      `:rewind: ${transitionSentence(actor.userId, 'rollback', payload.label, changes)}`,
      `Reason: ${escapeText(payload.reason)}`,
      batchNote,
      rollbackHint({ batch: payload.batch, services: changes.map((c) => c.service.name) }),
      skippedNote(plan.refused),
    ]),
    ...updates,
    ...refreshApprovalMessages(deps, migration, ids),
    ...refreshMonitoringPrompts(migration.channelId, changes),
  ];
}

const rollback = defineLifecycleCommand({
  name: 'rollback',
  usage: 'rollback <service>|batch N <reason>',
  summary: 'send traffic back to the old platform, with a reason (a batch: every member not yet done)',
  action: 'rollback',
  rest: 'a reason',
  may: 'roll it back',
  payload: zPayload,
  fromArgs: (targets, args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
    reason: args.rest.join(' ').trim(),
    whole: targets.batch !== null,
  }),
  select(services, payload) {
    if (!payload.whole) return services;
    const inFlight = services.filter((s) => IN_FLIGHT_STATES.includes(s.state));
    if (inFlight.length > 0) return inFlight;
    const states = firstOf(
      services.map((s) => `${escapeInline(s.name)} (${STATE_LABELS[s.state]})`),
      10,
    );
    throw invalidTransition(
      `Nothing in ${payload.label} is in flight, so there is nothing to roll back: ${states}. A done service rolls back on its own: \`/migrate rollback <service> <reason>\`.`,
    );
  },
  reason: (payload) => payload.reason,
  check({ payload, plan }) {
    const fromDone = plan.eligible.filter((p) => p.confirm);
    if (fromDone.length === 0) return { payload, ask: null };
    return {
      payload,
      ask: {
        question: `Roll back ${payload.label} although it is done?`,
        detail: `${fromDone.map((p) => `• ${serviceLabel(p.service.name)}: ${p.confirm ? confirmationText(p.confirm) : ''}`).join('\n')}\nReason: ${escapeText(payload.reason)}`,
      },
    };
  },
  execute: executeRollback,
});

export const rollbackCommand = rollback.command;
export const rollbackConfirmation = rollback.confirmation;

type RequestTarget =
  | { readonly error: string }
  | {
      readonly error?: undefined;
      readonly request: ApprovalRequestRow;
      readonly migration: MigrationRow;
      readonly services: ServiceRow[];
    };

function requestTarget(deps: Deps, actor: Pick<Actor, 'workspaceId' | 'userId'>, requestId: number): RequestTarget {
  const found = approvedRequest(deps, actor, requestId);
  if (found.error !== undefined) return found;
  const services = servicesByIds(deps.store.db, found.migration, found.request.serviceIds);
  requireServiceRights(deps, found.migration, actor.userId, services, 'roll it back');
  return { ...found, services };
}

/** "Roll back" on an approved request: asks for the reason in a modal. */
export function rollbackClick(deps: Deps, actor: Pick<Actor, 'workspaceId' | 'userId'>, requestId: number): Effect[] {
  const target = requestTarget(deps, actor, requestId);
  if (target.error !== undefined) return [reply({ text: target.error })];
  const title = requestTitle(deps, target.migration, target.request);
  return [{ type: 'openModal', view: reasonModal('rollback', requestId, `Roll back ${title}`) }];
}

/** The rollback modal's submission: the request's members not yet done. */
export function rollbackFromRequest(
  deps: Deps,
  clicker: Pick<Actor, 'workspaceId' | 'userId'>,
  requestId: number,
  reason: string,
): Effect[] {
  const target = requestTarget(deps, clicker, requestId);
  if (target.error !== undefined) return [reply({ text: target.error })];
  const { request, migration, services } = target;
  const actor: Actor = { ...clicker, channelId: migration.channelId };
  const first = services[0];
  const single = request.batch === null && services.length === 1 && first;
  const payload: RollbackPayload = {
    migrationId: migration.id,
    serviceIds: services.map((s) => s.id),
    batch: request.batch,
    label: single ? serviceLabel(first.name) : `batch ${request.batch ?? ''}`.trim(),
    reason,
    whole: !single,
  };
  return rollback.act(deps, actor, migration, payload);
}
