// Plans are stored as numbered versions; "batch N" always means the current (highest) version.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Plan } from '../domain/planner.ts';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { planEntriesTable, plansTable, servicesTable } from './schema.ts';

export type PlanRow = typeof plansTable.$inferSelect;
export type StoredEntry = typeof planEntriesTable.$inferSelect & {
  readonly service: string;
  readonly effortDays: number | null;
};

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

export interface StoredPlan {
  readonly plan: PlanRow;
  /** In position order. */
  readonly entries: StoredEntry[];
}

const newestPlanQuery = perConnection((db) =>
  db
    .select()
    .from(plansTable)
    .where(
      and(
        eq(plansTable.workspaceId, sql.placeholder('workspaceId')),
        eq(plansTable.migrationId, sql.placeholder('migrationId')),
      ),
    )
    .orderBy(desc(plansTable.version))
    .limit(1)
    .prepare(),
);

const planEntriesQuery = perConnection((db) =>
  db
    .select({ entry: planEntriesTable, service: servicesTable.name, effortDays: servicesTable.effortDays })
    .from(planEntriesTable)
    .innerJoin(servicesTable, eq(servicesTable.id, planEntriesTable.serviceId))
    .where(eq(planEntriesTable.planId, sql.placeholder('planId')))
    .orderBy(asc(planEntriesTable.position))
    .prepare(),
);

export function currentPlan(db: Db, m: MigrationRef): StoredPlan | null {
  const plan = newestPlanQuery(db).get({ workspaceId: m.workspaceId, migrationId: m.id });
  if (!plan) return null;
  const entries = planEntriesQuery(db)
    .all({ planId: plan.id })
    .map((r) => ({ ...r.entry, service: r.service, effortDays: r.effortDays }));
  return { plan, entries };
}

/** A service's entry in the newest plan version that lists it, with that version. */
export type LatestEntry = StoredEntry & { readonly planVersion: number };

/**
 * Each service's entry in the newest plan version that still lists it. A started service leaves
 * later versions (they plan only what remains), so its entry is the one it moved in. Services no
 * plan ever listed are absent; the map follows newest version first.
 */
export function latestEntriesOf(db: Db, m: MigrationRef, serviceIds: readonly number[]): Map<number, LatestEntry> {
  const latest = new Map<number, LatestEntry>();
  // SQLite caps bound parameters per statement; ask in slices.
  for (let i = 0; i < serviceIds.length; i += 500) {
    const rows = db
      .select({
        entry: planEntriesTable,
        version: plansTable.version,
        service: servicesTable.name,
        effortDays: servicesTable.effortDays,
      })
      .from(planEntriesTable)
      .innerJoin(plansTable, eq(plansTable.id, planEntriesTable.planId))
      .innerJoin(servicesTable, eq(servicesTable.id, planEntriesTable.serviceId))
      .where(
        and(
          eq(plansTable.workspaceId, m.workspaceId),
          eq(plansTable.migrationId, m.id),
          inArray(planEntriesTable.serviceId, serviceIds.slice(i, i + 500)),
        ),
      )
      .orderBy(desc(plansTable.version))
      .all();
    for (const r of rows) {
      if (latest.has(r.entry.serviceId)) continue;
      latest.set(r.entry.serviceId, {
        ...r.entry,
        service: r.service,
        effortDays: r.effortDays,
        planVersion: r.version,
      });
    }
  }
  return latest;
}

/** Stores `plan` as the next version; entries whose service is unknown to `serviceIds` are skipped. */
export function savePlan(
  tx: Db,
  m: MigrationRef,
  plan: Plan,
  serviceIds: ReadonlyMap<string, number>,
  createdBy: string,
  now: Date,
): PlanRow {
  const last = currentPlan(tx, m)?.plan.version ?? 0;
  const row = tx
    .insert(plansTable)
    .values({
      workspaceId: m.workspaceId,
      migrationId: m.id,
      version: last + 1,
      strategy: plan.strategy,
      direction: plan.direction,
      createdBy,
      notes: { groups: plan.groups, warnings: plan.warnings, blastRadiusExact: plan.blastRadiusExact },
      createdAt: now,
    })
    .returning()
    .get();
  const groupReason = new Map(plan.groups.map((g) => [g.id, g.reason]));
  const values = [];
  for (const e of plan.entries) {
    const serviceId = serviceIds.get(e.service);
    if (serviceId === undefined) continue;
    values.push({
      planId: row.id,
      serviceId,
      position: e.position,
      phase: e.phase,
      step: e.step,
      batch: e.batch,
      track: e.track,
      blastRadius: e.blastRadius,
      groupLabel: e.groupId ? (groupReason.get(e.groupId) ?? e.groupId) : null,
      reason: e.reason,
    });
  }
  // SQLite caps bound parameters per statement; insert in slices.
  for (let i = 0; i < values.length; i += 500)
    tx.insert(planEntriesTable)
      .values(values.slice(i, i + 500))
      .run();
  return row;
}
