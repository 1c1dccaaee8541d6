// Planning from the store: build the plan of what remains, store it as the next version, and say
// what changed. Shared by `/migrate plan`, `depend`, `undepend`, `remove` and imports.
import { isStarted } from '../domain/lifecycle.ts';
import { diffPlans, type PlanChange, replan } from '../domain/plan-changes.ts';
import type { Plan, PlanEntry } from '../domain/planner.ts';
import { withDefaults } from '../domain/settings.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { loadGraph, type ServiceRow } from '../store/graph.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { currentPlan, type PlanRow, type StoredEntry, type StoredPlan, savePlan } from '../store/plans.ts';

export interface Replanned {
  readonly row: PlanRow;
  readonly plan: Plan;
  readonly changes: PlanChange[];
  /** Services already under way, left out of the new plan. */
  readonly started: ServiceRow[];
  readonly services: ServiceRow[];
  readonly previousVersion: number | null;
}

export function toPlanEntry(e: StoredEntry): PlanEntry {
  return {
    service: e.service,
    position: e.position,
    phase: e.phase,
    step: e.step,
    batch: e.batch,
    track: e.track,
    groupId: e.groupLabel,
    blastRadius: e.blastRadius,
    effortDays: e.effortDays,
    reason: e.reason,
  };
}

/** A stored plan version as the domain's Plan (groups and warnings are kept only as notes). */
export function storedToPlan(stored: StoredPlan): Plan {
  const entries = stored.entries.map(toPlanEntry);
  return {
    strategy: stored.plan.strategy,
    direction: stored.plan.direction,
    batchCap: 0,
    criticalTier: 0,
    highBlastPercent: 0,
    entries,
    groups: [],
    phaseCount: Math.max(0, ...entries.map((e) => e.phase)),
    stepCount: new Set(entries.filter((e) => e.step !== null).map((e) => e.step)).size,
    batchCount: new Set(entries.filter((e) => e.batch !== null).map((e) => e.batch)).size,
    blastRadiusExact: true,
    warnings: [],
  };
}

/**
 * Plans every service not yet started with the migration's strategy, direction and settings, and
 * stores it as a new version. Runs inside the caller's transaction; null when there are no services.
 */
/** The audit row of a new plan version, written in the transaction that made it. */
export function auditPlan(tx: Db, migration: MigrationRow, actorId: string, replanned: Replanned, now: Date): void {
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    actor: actorId,
    action: 'plan.create',
    toValue: `v${replanned.row.version}`,
    detail: {
      strategy: migration.strategy,
      services: replanned.plan.entries.length,
      changes: replanned.changes.length,
    },
    createdAt: now,
  });
}

export function replanInTx(tx: Db, migration: MigrationRow, actorId: string, now: Date): Replanned | null {
  const { services, graph } = loadGraph(tx, migration);
  if (services.length === 0) return null;
  const settings = withDefaults(migration.settings);
  const started = services.filter((s) => isStarted(s.state));
  const frozen = new Set(started.map((s) => s.name));
  const plan = replan(
    graph,
    {
      strategy: migration.strategy,
      direction: migration.direction,
      batchCap: settings['batch-cap'],
      criticalTier: settings['critical-tier'],
    },
    frozen,
  );
  const previous = currentPlan(tx, migration);
  const row = savePlan(tx, migration, plan, new Map(services.map((s) => [s.name, s.id])), actorId, now);
  const changes = previous
    ? diffPlans(previous.entries.filter((e) => !frozen.has(e.service)).map(toPlanEntry), plan.entries)
    : [];
  return { row, plan, changes, started, services, previousVersion: previous?.plan.version ?? null };
}
