import type { Actor, Deps } from '../deps.ts';
import { defaultRunbook, mergeImportedSteps, type RunbookPhase, type RunbookStep } from '../domain/runbook.ts';
import { withDefaults } from '../domain/settings.ts';
import { BadArgumentsError, ConflictError, NotFoundError } from '../errors.ts';
import { type Effect, reply } from '../slack/effect.ts';
import { escapeInline } from '../slack/escape.ts';
import { type RunbookView, runbookMessage } from '../slack/views/runbook-message.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { ServiceRow } from '../store/graph.ts';
import { type EffectiveEntry, type EffectivePlan, effectivePlan } from '../store/lifecycle.ts';
import type { MigrationRow } from '../store/migrations.ts';
import {
  type RunbookStepRow,
  runbookSteps,
  type StepToStore,
  setStepStatus,
  storeSteps,
  storeStepsOfMany,
} from '../store/runbooks.ts';
import { commit, outboxContext } from './commit.ts';
import { refreshApprovalMessages } from './lifecycle.ts';
import { clickedService, entryOf, mayAct, serviceGone, serviceLabel } from './targets.ts';

/** A runbook longer than this no longer fits one message; `add` stops here. */
export const MAX_STEPS = 80;

export function stepsFor(
  migration: MigrationRow,
  service: ServiceRow,
  entry: EffectiveEntry | undefined,
): StepToStore[] {
  const traits = {
    stateful: service.stateful,
    external: service.external,
    inParallelBatch: entry !== undefined && entry.track === 'parallel' && entry.batch !== null,
  };
  const defaults = defaultRunbook(traits, withDefaults(migration.settings)['monitoring-hours']);
  const merged = mergeImportedSteps(defaults, service.importedSteps);
  const keys = new Set(defaults.map((s) => s.key));
  // An import that no longer merges (it was checked when imported) leaves the defaults.
  const steps = merged.ok ? merged.steps : defaults;
  return steps.map((step) => ({ step, origin: keys.has(step.key) ? 'default' : 'import' }));
}

/** Writes the service's runbook on first use: the defaults for it plus its imported steps. */
export function ensureRunbook(
  tx: Db,
  migration: MigrationRow,
  service: ServiceRow,
  entry: EffectiveEntry | undefined,
  now: Date,
): RunbookStepRow[] {
  return storeSteps(tx, service, stepsFor(migration, service, entry), now);
}

/** The same for many services at once; every runbook by service id. */
export function ensureRunbooks(
  tx: Db,
  migration: MigrationRow,
  services: readonly ServiceRow[],
  plan: EffectivePlan,
  now: Date,
): Map<number, RunbookStepRow[]> {
  const byId = new Map(plan.entries.map((e) => [e.serviceId, e]));
  return storeStepsOfMany(
    tx,
    services.map((service) => ({ service, steps: stepsFor(migration, service, byId.get(service.id)) })),
    now,
  );
}

export function toView(service: ServiceRow, steps: readonly RunbookStepRow[], now: Date): RunbookView {
  return {
    serviceId: service.id,
    service: service.name,
    state: service.state,
    steps,
    revision: now.getTime().toString(36),
  };
}

export function materialise(deps: Deps, migration: MigrationRow, service: ServiceRow): RunbookStepRow[] {
  const now = deps.now();
  const entry = entryOf(effectivePlan(deps.store.db, migration), service.id);
  return deps.store.db.transaction((tx) => ensureRunbook(tx, migration, service, entry, now));
}

export function audit(
  tx: Db,
  migration: MigrationRow,
  service: ServiceRow,
  actorId: string,
  now: Date,
  row: {
    action: string;
    fromValue?: string | null;
    toValue?: string | null;
    reason?: string | null;
    key: string;
  },
): void {
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    serviceId: service.id,
    serviceName: service.name,
    actor: actorId,
    action: row.action,
    fromValue: row.fromValue ?? null,
    toValue: row.toValue ?? null,
    reason: row.reason ?? null,
    detail: { key: row.key },
    createdAt: now,
  });
}

export function addStep(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  text: string,
  phase: RunbookPhase,
): Effect[] {
  const existing = materialise(deps, migration, service);
  if (existing.length >= MAX_STEPS)
    throw new ConflictError({ kind: 'runbook-full', service: service.name, max: MAX_STEPS });
  const asSteps: RunbookStep[] = existing.map((s) => ({ ...s, phase: s.phase as RunbookPhase, appliesTo: () => true }));
  const merged = mergeImportedSteps(asSteps, [{ phase, step: text }]);
  if (!merged.ok) throw new BadArgumentsError({ kind: 'rejected', reasons: merged.errors });
  const added = merged.steps.find((s) => !existing.some((e) => e.key === s.key));
  if (!added) throw new ConflictError({ kind: 'step-exists', service: service.name, phase });
  const now = deps.now();
  // The step and the refresh of the approval message commit together (the transaction below nests in this one).
  return commit(deps, outboxContext(migration), () => {
    deps.store.db.transaction((tx) => {
      storeSteps(tx, service, [{ step: added, origin: 'custom' }], now);
      audit(tx, migration, service, actor.userId, now, { action: 'runbook.add', toValue: added.text, key: added.key });
    });
    const fresh = runbookSteps(deps.store.db, service.id);
    return [
      reply(runbookMessage(toView(service, fresh, now))),
      ...refreshApprovalMessages(deps, migration, [service.id]),
    ];
  });
}

export function skipStep(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  key: string,
  reason: string,
): Effect[] {
  const steps = materialise(deps, migration, service);
  const step = steps.find((s) => s.key === key.toLowerCase());
  if (!step) {
    throw new NotFoundError({ kind: 'runbook-step', service: service.name, key, keys: steps.map((s) => s.key) });
  }
  if (step.status === 'skipped') {
    throw new ConflictError({ kind: 'step-already-skipped', key: step.key, skipReason: step.skipReason ?? '' });
  }
  const now = deps.now();
  // The skip and the refresh of the approval message commit together (the transaction below nests in this one).
  return commit(deps, outboxContext(migration), () => {
    deps.store.db.transaction((tx) => {
      if (!setStepStatus(tx, step, 'skipped', actor.userId, now, reason)) {
        throw new ConflictError({ kind: 'step-raced' });
      }
      audit(tx, migration, service, actor.userId, now, {
        action: 'runbook.skip',
        fromValue: step.status,
        toValue: 'skipped',
        reason,
        key: step.key,
      });
    });
    return [
      reply(runbookMessage(toView(service, runbookSteps(deps.store.db, service.id), now))),
      ...refreshApprovalMessages(deps, migration, [service.id]),
    ];
  });
}

/**
 * A checkbox click: `shown` are the steps of the element clicked, `selected` the ones ticked now.
 * Each step whose tick changed is set by compare-and-set and audited, then the runbook is redrawn.
 */
export function tickSteps(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId' | 'userId'>,
  serviceId: number,
  shown: readonly number[],
  selected: readonly number[],
): Effect[] {
  const { db } = deps.store;
  const clicked = clickedService(db, actor.workspaceId, serviceId);
  if (!clicked) return serviceGone();
  const { service, migration } = clicked;
  const now = deps.now();
  const redraw = (): Effect => ({
    type: 'reply',
    message: runbookMessage(toView(service, runbookSteps(db, service.id), now)),
    replaceOriginal: true,
  });
  if (migration.status !== 'active' || !mayAct(deps, migration, actor.userId, [service])) {
    const why =
      migration.status !== 'active'
        ? `*${escapeInline(migration.name)}* is archived: its runbooks can be read but not changed.`
        : `Only the owner of ${serviceLabel(service.name)} or a lead may tick its steps; nothing changed.`;
    return [redraw(), reply({ text: why })];
  }
  const ticked = new Set(selected);
  const steps = runbookSteps(db, service.id).filter((s) => shown.includes(s.id));
  // The ticks and the refresh of the approval message commit together (the transaction below nests in this one).
  return commit(deps, outboxContext(migration), () => {
    db.transaction((tx) => {
      for (const step of steps) {
        const to = ticked.has(step.id) ? 'done' : step.status === 'done' ? 'open' : null;
        if (to === null || to === step.status) continue;
        // A step someone else changed in the meantime keeps their change.
        if (!setStepStatus(tx, step, to, actor.userId, now)) continue;
        audit(tx, migration, service, actor.userId, now, {
          action: to === 'done' ? 'runbook.tick' : 'runbook.untick',
          fromValue: step.status,
          toValue: to,
          key: step.key,
        });
      }
    });
    return [redraw(), ...refreshApprovalMessages(deps, migration, [service.id])];
  });
}
