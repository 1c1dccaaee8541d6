// Applying a lifecycle transition to one service or a whole batch: the domain decides what is
// allowed, then ONE transaction moves every service by compare-and-set and appends an audit row
// for each. Messages about it are returned as effects, carried out after the commit.

import type { Actor, Deps } from '../deps.ts';
import { isCritical, rehearsalGate } from '../domain/approval.ts';
import {
  type ConfirmationNeed,
  type LifecycleAction,
  STATE_LABELS,
  type TransitionRefusal,
  transition,
} from '../domain/lifecycle.ts';
import type { ServiceState } from '../domain/model.ts';
import { isStepDone, ROLLBACK_PROCEDURE_KEY, runbookProgress } from '../domain/runbook.ts';
import { withDefaults } from '../domain/settings.ts';
import { CodedError, conflict } from '../errors.ts';
import type { Effect } from '../slack/effect.ts';
import { escapeInline, truncate } from '../slack/escape.ts';
import { approvalRef } from '../slack/outbox.ts';
import { type ApprovalView, approvalMessage, approvalTitle } from '../slack/views/approval-message.ts';
import { announcement, refusalLines } from '../slack/views/lifecycle-text.ts';
import { type ApprovalRequestRow, approversOf, latestRequests, requestById } from '../store/approvals.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { ServiceRow } from '../store/graph.ts';
import { edgesOf } from '../store/graph.ts';
import { casServiceState, effectivePlan, type StateExtras, servicesByIds } from '../store/lifecycle.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { migrationById } from '../store/migrations.ts';
import { runbookStepsOf } from '../store/runbooks.ts';
import { approversText } from './approvers.ts';
import { checkLinesOf, healthOf, overridesOf } from './health-gate.ts';
import { entryOf, ownerText } from './targets.ts';

export interface Planned {
  readonly service: ServiceRow;
  readonly from: ServiceState;
  readonly to: ServiceState;
  /** Why the domain wants a confirmation first; absent when none is needed. */
  readonly confirm?: ConfirmationNeed;
}

export interface Refused {
  readonly service: ServiceRow;
  readonly refusal: TransitionRefusal;
}

export interface TransitionPlan {
  readonly eligible: Planned[];
  readonly refused: Refused[];
}

export function planTransitions(
  services: readonly ServiceRow[],
  action: LifecycleAction,
  ctx: { readonly now: Date; readonly reason?: string | null },
): TransitionPlan {
  const eligible: Planned[] = [];
  const refused: Refused[] = [];
  for (const service of services) {
    const result = transition(service.state, action, {
      now: ctx.now,
      monitoringEndsAt: service.monitoringEndsAt,
      ...(ctx.reason ? { reason: ctx.reason } : {}),
    });
    if (!result.ok) refused.push({ service, refusal: result.refusal });
    else
      eligible.push({
        service,
        from: service.state,
        to: result.to,
        ...(result.needsConfirmation ? { confirm: result.needsConfirmation } : {}),
      });
  }
  return { eligible, refused };
}

export function invalidTransition(message: string): CodedError {
  return new CodedError('migrate_invalid_transition', truncate(message, 3000));
}

/** Throws the refusals when nothing can move. */
export function requireEligible(plan: TransitionPlan): void {
  if (plan.eligible.length === 0) throw invalidTransition(refusalLines(plan.refused));
}

export interface Change {
  readonly service: ServiceRow;
  readonly from: ServiceState;
  readonly to: ServiceState;
}

export interface ApplyInput {
  readonly migration: MigrationRow;
  readonly actorId: string;
  readonly action: LifecycleAction;
  readonly items: readonly Planned[];
  readonly now: Date;
  readonly reason?: string | null;
  readonly batch?: number | null;
  readonly extras?: (service: ServiceRow) => StateExtras;
  readonly detail?: Record<string, unknown>;
}

/**
 * Moves every item by compare-and-set, with an audit row each, in one transaction (a savepoint
 * when the caller already holds one). If any service moved meanwhile, nothing changes.
 */
export function applyTransitions(db: Db, input: ApplyInput): Change[] {
  return db.transaction((tx) => {
    const changes: Change[] = [];
    for (const item of input.items) {
      const extras = input.extras?.(item.service) ?? {};
      if (!casServiceState(tx, item.service.id, item.from, item.to, input.now, extras)) {
        throw conflict(
          `*${escapeInline(item.service.name)}* changed while this was being done (it is no longer *${STATE_LABELS[item.from]}*); nothing was changed. \`/migrate status ${escapeInline(item.service.name)}\` shows where it is.`,
        );
      }
      appendAudit(tx, {
        workspaceId: input.migration.workspaceId,
        migrationId: input.migration.id,
        serviceId: item.service.id,
        serviceName: item.service.name,
        actor: input.actorId,
        action: 'service.transition',
        fromValue: item.from,
        toValue: item.to,
        reason: input.reason ?? null,
        detail: { action: input.action, batch: input.batch ?? null, ...input.detail },
        createdAt: input.now,
      });
      changes.push({
        service: { ...item.service, state: item.to, stateChangedAt: input.now, ...extras },
        from: item.from,
        to: item.to,
      });
    }
    return changes;
  });
}

/** The channel announcement; if the bot cannot post there, the actor gets it by DM. */
export function announce(
  migration: MigrationRow,
  actor: Pick<Actor, 'userId'>,
  lines: readonly (string | null)[],
): Effect {
  return { type: 'post', channel: migration.channelId, message: announcement(lines), fallbackDmTo: actor.userId };
}

/** Everything the approval message shows, read from the store now. */
export function loadApprovalView(deps: Deps, migration: MigrationRow, request: ApprovalRequestRow): ApprovalView {
  const { db } = deps.store;
  const services = servicesByIds(db, migration, request.serviceIds);
  const plan = effectivePlan(db, migration);
  const ids = new Set(services.map((s) => s.id));
  const edges = edgesOf(db, migration).filter((e) => ids.has(e.fromId));
  const providers = servicesByIds(db, migration, [...new Set(edges.map((e) => e.toId))]);
  const stateOf = new Map(providers.map((p) => [p.id, p.state]));
  const steps = runbookStepsOf(db, [...ids]);
  const settings = withDefaults(migration.settings);
  const health = healthOf(db, migration, services, deps.now());
  return {
    requestId: request.id,
    migrationName: migration.name,
    batch: request.batch,
    status: request.status,
    requestedBy: request.requestedBy,
    requestedAt: request.createdAt,
    required: request.required,
    approvals: approversOf(db, request.id),
    approvers: approversText(deps, migration),
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt,
    reason: request.reason,
    services: services.map((s) => {
      const own = steps.get(s.id) ?? [];
      const progress = runbookProgress(own);
      const critical = isCritical(s, settings);
      const gate = rehearsalGate({
        critical,
        gateEnabled: migration.rehearsalGate,
        rollbackProcedureDone: isStepDone(own, ROLLBACK_PROCEDURE_KEY),
        rehearsalMinutes: s.rehearsalMinutes,
      });
      const seen = new Set<number>();
      const dependsOn = [];
      for (const e of edges) {
        if (e.fromId !== s.id || seen.has(e.toId)) continue;
        seen.add(e.toId);
        dependsOn.push({ name: e.to, state: stateOf.get(e.toId) ?? 'planned' });
      }
      return {
        name: s.name,
        state: s.state,
        owner: ownerText(s),
        critical,
        blastRadius: entryOf(plan, s.id)?.blastRadius ?? null,
        runbook: own.length ? { done: progress.done, skipped: progress.skipped, total: progress.total } : null,
        openValidation: progress.openValidation.map((step) => step.key),
        gate: gate.ok ? null : gate.gap,
        dependsOn,
        monitoringEndsAt: s.monitoringEndsAt,
        checks: checkLinesOf(health.get(s.id)),
      };
    }),
    overrides: overridesOf(db, migration, request.id),
  };
}

/** What a request is about, in a few words: `api` or `batch 2 (4 services)`. */
export function requestTitle(deps: Deps, migration: MigrationRow, request: ApprovalRequestRow): string {
  return approvalTitle({ batch: request.batch, services: servicesByIds(deps.store.db, migration, request.serviceIds) });
}

/** chat.update of the request's message, re-rendered from the store; null before it was posted. */
/**
 * The request's message shows its newest state: rendered from the store when the outbox sends it,
 * behind the post that created it, so a slow Slack can never leave an older render on top.
 */
export function requestUpdate(request: Pick<ApprovalRequestRow, 'id' | 'channelId'>): Effect {
  return { type: 'refresh', channel: request.channelId, ref: approvalRef(request.id) };
}

/** The request's message as it is now; null while it has not been posted. */
export function renderApprovalMessage(deps: Deps, workspaceId: string, requestId: number) {
  const request = requestById(deps.store.db, workspaceId, requestId);
  const migration = request ? migrationById(deps.store.db, workspaceId, request.migrationId) : null;
  if (!request?.messageTs || !migration) return null;
  const message = approvalMessage(loadApprovalView(deps, migration, request));
  return { channel: request.channelId, ts: request.messageTs, message };
}

/** Updates the messages of the latest requests naming these services, so they show what changed. */
export function refreshApprovalMessages(deps: Deps, migration: MigrationRow, serviceIds: readonly number[]): Effect[] {
  return latestRequests(deps.store.db, migration, serviceIds)
    .filter((r) => r.status === 'pending' || r.status === 'approved')
    .map((r) => requestUpdate(r));
}
