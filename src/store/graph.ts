// Services and their dependencies, and merging an import into them in one transaction.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ImportedGraph } from '../domain/import/index.ts';
import type { DependencyKind, DependencyOrigin, ImportFormat, ServiceGraph } from '../domain/model.ts';
import type { Db } from './db.ts';
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

export function servicesOf(db: Db, m: MigrationRef): ServiceRow[] {
  return db
    .select()
    .from(servicesTable)
    .where(and(eq(servicesTable.workspaceId, m.workspaceId), eq(servicesTable.migrationId, m.id)))
    .orderBy(asc(servicesTable.name))
    .all();
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

/** Formats that describe the whole system: services missing from a re-import of them are dropped. */
const FULL_GRAPH_FORMATS: ReadonlySet<ImportFormat> = new Set(['native', 'backstage']);
export const CREATED_BY = '_created';

export interface MergeInput {
  readonly migration: MigrationRef;
  readonly userId: string;
  readonly format: ImportFormat;
  readonly fileName: string | null;
  readonly graph: ImportedGraph;
  readonly owners: ReadonlyMap<string, ResolvedOwner>;
  readonly now: Date;
}

export interface MergeReport {
  readonly importId: number;
  readonly added: string[];
  readonly changed: { name: string; fields: string[] }[];
  readonly removed: string[];
  /** Started services missing from a full re-import: kept, removable only with a confirmation. */
  readonly keptStarted: string[];
  readonly dependenciesAdded: number;
  readonly dependenciesRemoved: number;
}

type FactValues = Pick<ServiceRow, 'owner' | 'ownerKind' | 'tier' | 'stateful' | 'external' | 'effortDays'>;

/**
 * Merges in one transaction (the caller's): facts the file gives overwrite, facts it omits stay;
 * the edges this format brought before are replaced by the ones it brings now.
 */
export function mergeImport(tx: Db, input: MergeInput): MergeReport {
  const { migration, graph, format, now } = input;
  const base = { workspaceId: migration.workspaceId, migrationId: migration.id };
  const imp = tx
    .insert(importsTable)
    .values({ ...base, format, fileName: input.fileName, userId: input.userId, createdAt: now })
    .returning()
    .get();

  const existing = new Map(servicesOf(tx, migration).map((s) => [s.name, s]));
  const ids = new Map<string, number>();
  const added: string[] = [];
  const changed: { name: string; fields: string[] }[] = [];
  for (const svc of graph.services) {
    const owner = svc.owner === undefined ? undefined : input.owners.get(svc.owner);
    const facts: Partial<FactValues> = {};
    if (owner) Object.assign(facts, owner);
    if (svc.tier !== undefined) facts.tier = svc.tier;
    if (svc.stateful !== undefined) facts.stateful = svc.stateful;
    if (svc.external !== undefined) facts.external = svc.external;
    if (svc.effortDays !== undefined) facts.effortDays = svc.effortDays;
    const before = existing.get(svc.name);
    if (!before) {
      const row = tx
        .insert(servicesTable)
        .values({
          ...base,
          name: svc.name,
          ...facts,
          sources: { ...svc.sources, [CREATED_BY]: format },
          importedSteps: [...(svc.runbook ?? [])],
          stateChangedAt: now,
          createdAt: now,
        })
        .returning({ id: servicesTable.id })
        .get();
      ids.set(svc.name, row.id);
      added.push(svc.name);
      continue;
    }
    ids.set(svc.name, before.id);
    const fields = (Object.keys(facts) as (keyof FactValues)[]).filter((k) => facts[k] !== before[k]);
    const steps = svc.runbook && svc.runbook.length > 0 ? [...svc.runbook] : null;
    if (fields.length === 0 && !steps) continue;
    tx.update(servicesTable)
      .set({
        ...facts,
        sources: { ...before.sources, ...svc.sources },
        ...(steps ? { importedSteps: steps } : {}),
      })
      .where(eq(servicesTable.id, before.id))
      .run();
    if (fields.length) changed.push({ name: svc.name, fields: fields.filter((f) => f !== 'ownerKind') });
  }

  // Edges: this format's earlier edges give way to the ones it brings now.
  const priorImports = tx
    .select({ id: importsTable.id })
    .from(importsTable)
    .where(
      and(
        eq(importsTable.workspaceId, migration.workspaceId),
        eq(importsTable.migrationId, migration.id),
        eq(importsTable.format, format),
      ),
    )
    .all()
    .map((r) => r.id)
    .filter((id) => id !== imp.id);
  const priorEdges = priorImports.length
    ? tx.select().from(dependenciesTable).where(inArray(dependenciesTable.importId, priorImports)).all()
    : [];
  const key = (fromId: number, toId: number, kind: string, origin: string) => `${fromId}>${toId}>${kind}>${origin}`;
  const incoming = new Set<string>();
  const known = new Set(edgesOf(tx, migration).map((e) => key(e.fromId, e.toId, e.kind, e.origin)));
  let dependenciesAdded = 0;
  const rows: (typeof dependenciesTable.$inferInsert)[] = [];
  for (const dep of graph.dependencies) {
    const fromId = ids.get(dep.from);
    const toId = ids.get(dep.to);
    if (fromId === undefined || toId === undefined) continue;
    const k = key(fromId, toId, dep.kind, dep.origin);
    incoming.add(k);
    if (!known.has(k)) dependenciesAdded += 1;
    rows.push({
      ...base,
      fromId,
      toId,
      kind: dep.kind,
      hidden: dep.hidden,
      origin: dep.origin,
      importId: imp.id,
      callCount: dep.callCount ?? null,
      createdBy: input.userId,
      createdAt: now,
    });
  }
  // Many rows per statement (a statement per edge took seconds on large graphs), within SQLite's bound-parameter cap.
  for (let i = 0; i < rows.length; i += 500) {
    tx.insert(dependenciesTable)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          dependenciesTable.migrationId,
          dependenciesTable.fromId,
          dependenciesTable.toId,
          dependenciesTable.kind,
          dependenciesTable.origin,
        ],
        set: { importId: imp.id, hidden: sql`excluded.hidden`, callCount: sql`excluded.call_count` },
      })
      .run();
  }
  const stale = priorEdges.filter((e) => !incoming.has(key(e.fromId, e.toId, e.kind, e.origin)));
  // In slices: SQLite refuses a statement with more than 32,766 bound parameters.
  for (let i = 0; i < stale.length; i += 500) {
    tx.delete(dependenciesTable)
      .where(
        inArray(
          dependenciesTable.id,
          stale.slice(i, i + 500).map((e) => e.id),
        ),
      )
      .run();
  }

  const removed: string[] = [];
  const keptStarted: string[] = [];
  if (FULL_GRAPH_FORMATS.has(format)) {
    const named = new Set(graph.services.map((s) => s.name));
    for (const svc of existing.values()) {
      if (named.has(svc.name) || svc.sources[CREATED_BY] !== format) continue;
      if (svc.state === 'planned') {
        tx.delete(servicesTable).where(eq(servicesTable.id, svc.id)).run();
        removed.push(svc.name);
      } else {
        keptStarted.push(svc.name);
      }
    }
  }
  const report = {
    importId: imp.id,
    added,
    changed,
    removed,
    keptStarted,
    dependenciesAdded,
    dependenciesRemoved: stale.length,
  };
  tx.update(importsTable)
    .set({
      summary: {
        added: added.length,
        changed: changed.length,
        removed: removed.length,
        dependenciesAdded,
        dependenciesRemoved: stale.length,
      },
    })
    .where(eq(importsTable.id, imp.id))
    .run();
  return report;
}

export function nothingChanged(r: MergeReport): boolean {
  return r.added.length + r.changed.length + r.removed.length + r.dependenciesAdded + r.dependenciesRemoved === 0;
}
