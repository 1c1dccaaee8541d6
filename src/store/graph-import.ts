// Merging an imported graph into a migration's services and dependencies, in the caller's transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ImportedGraph, ImportedService } from '../domain/import/index.ts';
import type { ImportFormat } from '../domain/model.ts';
import type { Db } from './db.ts';
import { type EdgeRow, edgesOf, type ResolvedOwner, type ServiceRow, servicesOf } from './graph.ts';
import { dependenciesTable, importsTable, servicesTable } from './schema.ts';

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

/** Formats that describe the whole system: services missing from a re-import of them are dropped. */
const FULL_GRAPH_FORMATS: ReadonlySet<ImportFormat> = new Set(['native', 'backstage']);
const CREATED_BY = '_created';
/** SQLite refuses a statement with more than 32,766 bound parameters: rows go in slices. */
const SLICE = 500;

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

/** The migration's ids, spread into every row this import writes. */
interface RowBase {
  readonly workspaceId: string;
  readonly migrationId: number;
}

/**
 * Merges in one transaction (the caller's): facts the file gives overwrite, facts it omits stay;
 * the edges this format brought before are replaced by the ones it brings now.
 */
export function mergeImport(tx: Db, input: MergeInput): MergeReport {
  const importId = recordImport(tx, input);
  const existing = new Map(servicesOf(tx, input.migration).map((s) => [s.name, s]));
  const services = mergeServices(tx, input, existing);
  const edges = replaceFormatEdges(tx, input, importId, services.ids);
  const dropped = dropServicesLeftOut(tx, input, existing);
  const report: MergeReport = {
    importId,
    added: services.added,
    changed: services.changed,
    removed: dropped.removed,
    keptStarted: dropped.keptStarted,
    dependenciesAdded: edges.added,
    dependenciesRemoved: edges.removed,
  };
  recordSummary(tx, report);
  return report;
}

export function nothingChanged(r: MergeReport): boolean {
  return r.added.length + r.changed.length + r.removed.length + r.dependenciesAdded + r.dependenciesRemoved === 0;
}

function rowBase(m: MigrationRef): RowBase {
  return { workspaceId: m.workspaceId, migrationId: m.id };
}

function recordImport(tx: Db, input: MergeInput): number {
  return tx
    .insert(importsTable)
    .values({
      ...rowBase(input.migration),
      format: input.format,
      fileName: input.fileName,
      userId: input.userId,
      createdAt: input.now,
    })
    .returning({ id: importsTable.id })
    .get().id;
}

interface MergedServices {
  /** Every service the file names, by name. */
  readonly ids: Map<string, number>;
  readonly added: string[];
  readonly changed: { name: string; fields: string[] }[];
}

/** Adds the services the file brings that are new, and updates the facts of the others. */
function mergeServices(tx: Db, input: MergeInput, existing: ReadonlyMap<string, ServiceRow>): MergedServices {
  const merged: MergedServices = { ids: new Map(), added: [], changed: [] };
  for (const svc of input.graph.services) {
    const facts = factsOf(svc, input.owners);
    const before = existing.get(svc.name);
    if (!before) {
      merged.ids.set(svc.name, insertService(tx, input, svc, facts));
      merged.added.push(svc.name);
      continue;
    }
    merged.ids.set(svc.name, before.id);
    const fields = updateService(tx, before, svc, facts);
    if (fields.length) merged.changed.push({ name: svc.name, fields: fields.filter((f) => f !== 'ownerKind') });
  }
  return merged;
}

/** The facts the file gives; those it leaves out are absent, so they keep their stored values. */
function factsOf(svc: ImportedService, owners: ReadonlyMap<string, ResolvedOwner>): Partial<FactValues> {
  const owner = svc.owner === undefined ? undefined : owners.get(svc.owner);
  const facts: Partial<FactValues> = {};
  if (owner) Object.assign(facts, owner);
  if (svc.tier !== undefined) facts.tier = svc.tier;
  if (svc.stateful !== undefined) facts.stateful = svc.stateful;
  if (svc.external !== undefined) facts.external = svc.external;
  if (svc.effortDays !== undefined) facts.effortDays = svc.effortDays;
  return facts;
}

function insertService(tx: Db, input: MergeInput, svc: ImportedService, facts: Partial<FactValues>): number {
  return tx
    .insert(servicesTable)
    .values({
      ...rowBase(input.migration),
      name: svc.name,
      ...facts,
      sources: { ...svc.sources, [CREATED_BY]: input.format },
      importedSteps: [...(svc.runbook ?? [])],
      stateChangedAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: servicesTable.id })
    .get().id;
}

/** Writes what the file changes of a known service; returns the facts that differ from before. */
function updateService(tx: Db, before: ServiceRow, svc: ImportedService, facts: Partial<FactValues>): string[] {
  const fields = (Object.keys(facts) as (keyof FactValues)[]).filter((k) => facts[k] !== before[k]);
  const steps = svc.runbook && svc.runbook.length > 0 ? [...svc.runbook] : null;
  if (fields.length === 0 && !steps) return fields;
  tx.update(servicesTable)
    .set({
      ...facts,
      sources: { ...before.sources, ...svc.sources },
      ...(steps ? { importedSteps: steps } : {}),
    })
    .where(eq(servicesTable.id, before.id))
    .run();
  return fields;
}

const edgeKey = (fromId: number, toId: number, kind: string, origin: string) => `${fromId}>${toId}>${kind}>${origin}`;

/** This format's earlier edges give way to the ones it brings now; counts what was added and removed. */
function replaceFormatEdges(
  tx: Db,
  input: MergeInput,
  importId: number,
  ids: ReadonlyMap<string, number>,
): { added: number; removed: number } {
  const priorEdges = edgesOfEarlierImports(tx, input, importId);
  const known = new Set(edgesOf(tx, input.migration).map((e) => edgeKey(e.fromId, e.toId, e.kind, e.origin)));
  const rows = incomingEdgeRows(input, importId, ids);
  const incoming = new Set(rows.map((r) => edgeKey(r.fromId, r.toId, r.kind, r.origin)));
  const added = rows.filter((r) => !known.has(edgeKey(r.fromId, r.toId, r.kind, r.origin))).length;
  upsertEdges(tx, importId, rows);
  const stale = priorEdges.filter((e) => !incoming.has(edgeKey(e.fromId, e.toId, e.kind, e.origin)));
  deleteEdges(
    tx,
    stale.map((e) => e.id),
  );
  return { added, removed: stale.length };
}

function edgesOfEarlierImports(tx: Db, input: MergeInput, importId: number) {
  const { migration, format } = input;
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
    .filter((id) => id !== importId);
  return priorImports.length
    ? tx.select().from(dependenciesTable).where(inArray(dependenciesTable.importId, priorImports)).all()
    : [];
}

type EdgeInsert = typeof dependenciesTable.$inferInsert & Pick<EdgeRow, 'fromId' | 'toId' | 'kind' | 'origin'>;

/** The file's dependencies between services it names, as rows; others are skipped. */
function incomingEdgeRows(input: MergeInput, importId: number, ids: ReadonlyMap<string, number>): EdgeInsert[] {
  const rows: EdgeInsert[] = [];
  for (const dep of input.graph.dependencies) {
    const fromId = ids.get(dep.from);
    const toId = ids.get(dep.to);
    if (fromId === undefined || toId === undefined) continue;
    rows.push({
      ...rowBase(input.migration),
      fromId,
      toId,
      kind: dep.kind,
      hidden: dep.hidden,
      origin: dep.origin,
      importId,
      callCount: dep.callCount ?? null,
      createdBy: input.userId,
      createdAt: input.now,
    });
  }
  return rows;
}

/** Many rows per statement: a statement per edge took seconds on large graphs. */
function upsertEdges(tx: Db, importId: number, rows: readonly EdgeInsert[]): void {
  for (let i = 0; i < rows.length; i += SLICE) {
    tx.insert(dependenciesTable)
      .values(rows.slice(i, i + SLICE))
      .onConflictDoUpdate({
        target: [
          dependenciesTable.migrationId,
          dependenciesTable.fromId,
          dependenciesTable.toId,
          dependenciesTable.kind,
          dependenciesTable.origin,
        ],
        set: { importId, hidden: sql`excluded.hidden`, callCount: sql`excluded.call_count` },
      })
      .run();
  }
}

function deleteEdges(tx: Db, ids: readonly number[]): void {
  for (let i = 0; i < ids.length; i += SLICE) {
    tx.delete(dependenciesTable)
      .where(inArray(dependenciesTable.id, ids.slice(i, i + SLICE)))
      .run();
  }
}

/**
 * A full-graph format speaks for the services it created: those its new file leaves out are
 * deleted while still planned, and kept (to be removed by hand) once started.
 */
function dropServicesLeftOut(
  tx: Db,
  input: MergeInput,
  existing: ReadonlyMap<string, ServiceRow>,
): { removed: string[]; keptStarted: string[] } {
  const removed: string[] = [];
  const keptStarted: string[] = [];
  if (!FULL_GRAPH_FORMATS.has(input.format)) return { removed, keptStarted };
  const named = new Set(input.graph.services.map((s) => s.name));
  for (const svc of existing.values()) {
    if (named.has(svc.name) || svc.sources[CREATED_BY] !== input.format) continue;
    if (svc.state === 'planned') {
      tx.delete(servicesTable).where(eq(servicesTable.id, svc.id)).run();
      removed.push(svc.name);
    } else {
      keptStarted.push(svc.name);
    }
  }
  return { removed, keptStarted };
}

function recordSummary(tx: Db, report: MergeReport): void {
  tx.update(importsTable)
    .set({
      summary: {
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        dependenciesAdded: report.dependenciesAdded,
        dependenciesRemoved: report.dependenciesRemoved,
      },
    })
    .where(eq(importsTable.id, report.importId))
    .run();
}
