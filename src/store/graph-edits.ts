// Edits of the dependency graph made by hand (`depend`, `undepend`, `remove`, drift's "add hidden
// ones"), and the reads they need to warn about what already happened. Each runs in the caller's
// transaction; none opens its own.
import { and, eq, notInArray, or } from 'drizzle-orm';
import { STARTED_STATES } from '../domain/lifecycle.ts';
import type { DependencyKind } from '../domain/model.ts';
import type { Db } from './db.ts';
import { latestEntriesOf } from './plans.ts';
import { auditLogTable, dependenciesTable, servicesTable } from './schema.ts';

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

export interface NewManualDependency {
  readonly fromId: number;
  readonly toId: number;
  readonly kind: DependencyKind;
  readonly hidden: boolean;
  readonly userId: string;
  readonly now: Date;
}

/** Adds a `manual` edge; false when that exact edge (from, to, kind, manual) was already there. */
export function addManualDependency(tx: Db, m: MigrationRef, dep: NewManualDependency): boolean {
  const res = tx
    .insert(dependenciesTable)
    .values({
      workspaceId: m.workspaceId,
      migrationId: m.id,
      fromId: dep.fromId,
      toId: dep.toId,
      kind: dep.kind,
      hidden: dep.hidden,
      origin: 'manual',
      importId: null,
      createdBy: dep.userId,
      createdAt: dep.now,
    })
    .onConflictDoNothing()
    .run();
  return res.changes === 1;
}

export interface RemovedEdge {
  readonly kind: DependencyKind;
  readonly origin: string;
}

/** Removes every `from -> to` edge, whatever its kind or origin, and returns what went. */
export function removeDependencies(tx: Db, m: MigrationRef, fromId: number, toId: number): RemovedEdge[] {
  return tx
    .delete(dependenciesTable)
    .where(
      and(
        eq(dependenciesTable.workspaceId, m.workspaceId),
        eq(dependenciesTable.migrationId, m.id),
        eq(dependenciesTable.fromId, fromId),
        eq(dependenciesTable.toId, toId),
      ),
    )
    .returning({ kind: dependenciesTable.kind, origin: dependenciesTable.origin })
    .all();
}

/** How many edges touch a service, either way. */
export function dependencyCount(db: Db, m: MigrationRef, serviceId: number): number {
  return db
    .select({ id: dependenciesTable.id })
    .from(dependenciesTable)
    .where(
      and(
        eq(dependenciesTable.workspaceId, m.workspaceId),
        eq(dependenciesTable.migrationId, m.id),
        or(eq(dependenciesTable.fromId, serviceId), eq(dependenciesTable.toId, serviceId)),
      ),
    )
    .all().length;
}

/**
 * Deletes a service; its dependencies and plan entries go with it (foreign keys cascade).
 * With `onlyIfNotStarted`, a compare-and-set: nothing happens when it started meanwhile.
 * True when the row was deleted.
 */
export function removeService(tx: Db, m: MigrationRef, serviceId: number, onlyIfNotStarted: boolean): boolean {
  const filters = [
    eq(servicesTable.workspaceId, m.workspaceId),
    eq(servicesTable.migrationId, m.id),
    eq(servicesTable.id, serviceId),
  ];
  if (onlyIfNotStarted) filters.push(notInArray(servicesTable.state, [...STARTED_STATES]));
  return (
    tx
      .delete(servicesTable)
      .where(and(...filters))
      .run().changes === 1
  );
}

/** When each service last entered `cutover`, from the audit log of the execution slice. */
export function cutoverTimes(db: Db, m: MigrationRef): Map<number, Date> {
  const rows = db
    .select({ serviceId: auditLogTable.serviceId, at: auditLogTable.createdAt })
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.workspaceId, m.workspaceId),
        eq(auditLogTable.migrationId, m.id),
        eq(auditLogTable.action, 'service.transition'),
        eq(auditLogTable.toValue, 'cutover'),
      ),
    )
    .all();
  const times = new Map<number, Date>();
  for (const r of rows) {
    if (r.serviceId === null) continue;
    const known = times.get(r.serviceId);
    if (!known || known < r.at) times.set(r.serviceId, r.at);
  }
  return times;
}

export interface PlannedSlot {
  readonly version: number;
  readonly batch: number | null;
  readonly step: number | null;
}

/**
 * Each service's place in the newest plan version that still lists it. A started service leaves
 * later versions (they plan only what remains), so its batch is the one it moved in.
 */
export function lastPlannedSlots(db: Db, m: MigrationRef, serviceIds: readonly number[]): Map<number, PlannedSlot> {
  const slots = new Map<number, PlannedSlot>();
  for (const [id, e] of latestEntriesOf(db, m, serviceIds)) {
    slots.set(id, { version: e.planVersion, batch: e.batch, step: e.step });
  }
  return slots;
}
