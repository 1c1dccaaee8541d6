// Services and their dependencies as stored, and the planner's view of them.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DependencyKind, DependencyOrigin, ImportFormat, ServiceGraph } from '../domain/model.ts';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { dependenciesTable, importsTable, type OWNER_KINDS, servicesTable } from './schema.ts';

export type ServiceRow = typeof servicesTable.$inferSelect;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export interface ResolvedOwner {
  readonly owner: string;
  readonly ownerKind: OwnerKind;
}

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

/** The services of the migration given as the placeholders workspaceId and migrationId. */
const IN_MIGRATION = and(
  eq(servicesTable.workspaceId, sql.placeholder('workspaceId')),
  eq(servicesTable.migrationId, sql.placeholder('migrationId')),
);

const servicesQuery = perConnection((db) =>
  db.select().from(servicesTable).where(IN_MIGRATION).orderBy(asc(servicesTable.name)).prepare(),
);

export function servicesOf(db: Db, m: MigrationRef): ServiceRow[] {
  return servicesQuery(db).all({ workspaceId: m.workspaceId, migrationId: m.id });
}

/** What a status line, Home and a state lookup read of a service: no JSON facts, no import details. */
export type ServiceLine = Pick<
  ServiceRow,
  'id' | 'name' | 'state' | 'stateChangedAt' | 'owner' | 'ownerKind' | 'flagEnabled'
>;

// Status reads every service on every call: these seven columns cost 74 µs at 60 services on Node 26,
// the whole rows 185 µs (drizzle maps each column, and parses two JSON ones).
const linesQuery = perConnection((db) =>
  db
    .select({
      id: servicesTable.id,
      name: servicesTable.name,
      state: servicesTable.state,
      stateChangedAt: servicesTable.stateChangedAt,
      owner: servicesTable.owner,
      ownerKind: servicesTable.ownerKind,
      flagEnabled: servicesTable.flagEnabled,
    })
    .from(servicesTable)
    .where(IN_MIGRATION)
    .orderBy(asc(servicesTable.name))
    .prepare(),
);

/** Every service's status line, in name order. */
export function serviceLinesOf(db: Db, m: MigrationRef): ServiceLine[] {
  return linesQuery(db).all({ workspaceId: m.workspaceId, migrationId: m.id });
}

export function serviceByName(db: Db, m: MigrationRef, name: string): ServiceRow | null {
  return (
    db
      .select()
      .from(servicesTable)
      .where(
        and(
          eq(servicesTable.workspaceId, m.workspaceId),
          eq(servicesTable.migrationId, m.id),
          eq(servicesTable.name, name),
        ),
      )
      .get() ?? null
  );
}

/** The services `userId` owns as a person (not as a team), in name order. */
export function servicesOwnedBy(db: Db, m: MigrationRef, userId: string): ServiceRow[] {
  return db
    .select()
    .from(servicesTable)
    .where(
      and(
        eq(servicesTable.workspaceId, m.workspaceId),
        eq(servicesTable.migrationId, m.id),
        eq(servicesTable.ownerKind, 'user'),
        eq(servicesTable.owner, userId),
      ),
    )
    .orderBy(asc(servicesTable.name))
    .all();
}

/** Names by id; ids of services since removed are absent. */
export function serviceNames(db: Db, m: MigrationRef, ids: readonly number[]): Map<number, string> {
  const names = new Map<number, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = db
      .select({ id: servicesTable.id, name: servicesTable.name })
      .from(servicesTable)
      .where(
        and(
          eq(servicesTable.workspaceId, m.workspaceId),
          eq(servicesTable.migrationId, m.id),
          inArray(servicesTable.id, unique.slice(i, i + 500)),
        ),
      )
      .all();
    for (const r of rows) names.set(r.id, r.name);
  }
  return names;
}

export interface EdgeRow {
  readonly id: number;
  readonly fromId: number;
  readonly toId: number;
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  readonly hidden: boolean;
  readonly origin: DependencyOrigin;
  readonly format: ImportFormat | null;
  readonly callCount: number | null;
}

export function edgesOf(db: Db, m: MigrationRef): EdgeRow[] {
  const fromSvc = alias(servicesTable, 'from_svc');
  const toSvc = alias(servicesTable, 'to_svc');
  return db
    .select({
      id: dependenciesTable.id,
      fromId: dependenciesTable.fromId,
      toId: dependenciesTable.toId,
      from: fromSvc.name,
      to: toSvc.name,
      kind: dependenciesTable.kind,
      hidden: dependenciesTable.hidden,
      origin: dependenciesTable.origin,
      format: importsTable.format,
      callCount: dependenciesTable.callCount,
    })
    .from(dependenciesTable)
    .innerJoin(fromSvc, eq(fromSvc.id, dependenciesTable.fromId))
    .innerJoin(toSvc, eq(toSvc.id, dependenciesTable.toId))
    .leftJoin(importsTable, eq(importsTable.id, dependenciesTable.importId))
    .where(and(eq(dependenciesTable.workspaceId, m.workspaceId), eq(dependenciesTable.migrationId, m.id)))
    .orderBy(asc(dependenciesTable.id))
    .all();
}

/** The planner's view: every service and every distinct (from, to, kind) edge, whatever its origin. */
export function toServiceGraph(services: readonly ServiceRow[], edges: readonly EdgeRow[]): ServiceGraph {
  const seen = new Set<string>();
  const planEdges = [];
  for (const e of edges) {
    const key = `${e.fromId}>${e.toId}>${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    planEdges.push({ from: e.from, to: e.to, kind: e.kind, origin: e.origin, callCount: e.callCount });
  }
  return {
    services: services.map((s) => ({
      name: s.name,
      tier: s.tier,
      stateful: s.stateful,
      external: s.external,
      effortDays: s.effortDays,
    })),
    edges: planEdges,
  };
}

export function loadGraph(db: Db, m: MigrationRef): { services: ServiceRow[]; edges: EdgeRow[]; graph: ServiceGraph } {
  const services = servicesOf(db, m);
  const edges = edgesOf(db, m);
  return { services, edges, graph: toServiceGraph(services, edges) };
}
