// Service state changes and the plan as the lifecycle reads it. Every state change is a
// compare-and-set on the state it was read in, so a double click or a second process never
// applies one transition twice.
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { ServiceState } from '../domain/model.ts';
import type { Db } from './db.ts';
import type { ServiceRow } from './graph.ts';
import { currentPlan, latestEntriesOf, type StoredEntry } from './plans.ts';
import { migrationsTable, servicesTable } from './schema.ts';

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

export function serviceById(db: Db, workspaceId: string, id: number): ServiceRow | null {
  return (
    db
      .select()
      .from(servicesTable)
      .where(and(eq(servicesTable.workspaceId, workspaceId), eq(servicesTable.id, id)))
      .get() ?? null
  );
}

/** In name order; unknown ids are left out. */
export function servicesByIds(db: Db, m: MigrationRef, ids: readonly number[]): ServiceRow[] {
  const rows: ServiceRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...db
        .select()
        .from(servicesTable)
        .where(
          and(
            eq(servicesTable.workspaceId, m.workspaceId),
            eq(servicesTable.migrationId, m.id),
            inArray(servicesTable.id, ids.slice(i, i + 500)),
          ),
        )
        .all(),
    );
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type StateExtras = Partial<
  Pick<ServiceRow, 'flagEnabled' | 'monitoringEndsAt' | 'monitoringPromptedAt' | 'rehearsalMinutes'>
>;

/** Compare-and-set: moves the service only if it is still in `from`; true when this call moved it. */
export function casServiceState(
  tx: Db,
  serviceId: number,
  from: ServiceState,
  to: ServiceState,
  now: Date,
  extras: StateExtras = {},
): boolean {
  const res = tx
    .update(servicesTable)
    .set({ state: to, stateChangedAt: now, ...extras })
    .where(and(eq(servicesTable.id, serviceId), eq(servicesTable.state, from)))
    .run();
  return res.changes === 1;
}

export function recordRehearsal(tx: Db, serviceId: number, minutes: number): void {
  tx.update(servicesTable).set({ rehearsalMinutes: minutes }).where(eq(servicesTable.id, serviceId)).run();
}

/** A plan entry as the lifecycle sees it: from the current plan, or carried from the last plan that had it. */
export interface EffectiveEntry extends StoredEntry {
  readonly planVersion: number;
  /** True when the service left the current plan (it started before the last re-plan). */
  readonly carried: boolean;
}

export interface EffectivePlan {
  readonly version: number | null;
  readonly entries: EffectiveEntry[];
}

/**
 * The current plan, plus each service it leaves out (a re-plan drops services already under way)
 * with its entry from the most recent plan that had it, so rules still see what is in flight.
 */
export function effectivePlan(db: Db, m: MigrationRef): EffectivePlan {
  const current = currentPlan(db, m);
  if (!current) return { version: null, entries: [] };
  const version = current.plan.version;
  const entries: EffectiveEntry[] = current.entries.map((e) => ({ ...e, planVersion: version, carried: false }));
  const inPlan = new Set(entries.map((e) => e.serviceId));
  const missing = db
    .select({ id: servicesTable.id })
    .from(servicesTable)
    .where(and(eq(servicesTable.workspaceId, m.workspaceId), eq(servicesTable.migrationId, m.id)))
    .all()
    .map((r) => r.id)
    .filter((id) => !inPlan.has(id));
  for (const entry of latestEntriesOf(db, m, missing).values()) entries.push({ ...entry, carried: true });
  return { version, entries };
}

export interface DueWindow {
  readonly service: ServiceRow;
  readonly channelId: string;
  readonly migrationName: string;
}

/** Services of active migrations whose monitoring window has ended and whose owner was not yet prompted. */
export function dueMonitoringWindows(db: Db, now: Date): DueWindow[] {
  return db
    .select({ service: servicesTable, channelId: migrationsTable.channelId, migrationName: migrationsTable.name })
    .from(servicesTable)
    .innerJoin(migrationsTable, eq(migrationsTable.id, servicesTable.migrationId))
    .where(
      and(
        eq(servicesTable.state, 'monitoring'),
        lte(servicesTable.monitoringEndsAt, now),
        isNull(servicesTable.monitoringPromptedAt),
        eq(migrationsTable.status, 'active'),
      ),
    )
    .orderBy(asc(servicesTable.monitoringEndsAt), asc(servicesTable.id))
    .all();
}

/** Claims the end-of-window prompt once: true only for the one caller that set it. */
export function claimMonitoringPrompt(tx: Db, serviceId: number, now: Date): boolean {
  const res = tx
    .update(servicesTable)
    .set({ monitoringPromptedAt: now })
    .where(
      and(
        eq(servicesTable.id, serviceId),
        eq(servicesTable.state, 'monitoring'),
        isNull(servicesTable.monitoringPromptedAt),
      ),
    )
    .run();
  return res.changes === 1;
}
