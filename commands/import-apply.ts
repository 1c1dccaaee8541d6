// Applying a parsed graph to a migration, shared by `/migrate import` and `npx migrate-bot import`:
// merge, audit, mark the graph changed and re-plan, all in the caller's transaction.
import type { ImportedGraph } from '../src/domain/import/index.ts';
import type { ImportFormat } from '../src/domain/model.ts';
import type { PlanChange } from '../src/domain/plan-changes.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { edgesOf, type MergeReport, mergeImport, type ResolvedOwner, servicesOf } from '../src/store/graph.ts';
import { type MigrationRow, updateMigration } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';
import { replanInTx } from './planning.ts';

/** No plan yet; a plan left alone (nothing changed); or the re-plan made in the same transaction. */
export type PlanOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'kept'; readonly version: number }
  | { readonly kind: 'replanned'; readonly version: number; readonly changes: readonly PlanChange[] };

export interface AppliedImport {
  readonly report: MergeReport;
  readonly plan: PlanOutcome;
  readonly totals: { readonly services: number; readonly dependencies: number };
}

export interface ImportInput {
  readonly actorId: string;
  readonly format: ImportFormat;
  readonly fileName: string | null;
  readonly graph: ImportedGraph;
  readonly owners: ReadonlyMap<string, ResolvedOwner>;
  readonly now: Date;
  /** Where it came from when not Slack (e.g. 'cli'), for the audit log. */
  readonly via?: string;
}

export function nothingChanged(r: MergeReport): boolean {
  return r.added.length + r.changed.length + r.removed.length + r.dependenciesAdded + r.dependenciesRemoved === 0;
}

/** `migration` must be the active row read inside `tx`. An import that changed nothing leaves the plan alone. */
export function applyImportInTx(tx: Db, migration: MigrationRow, input: ImportInput): AppliedImport {
  const { now, format, fileName } = input;
  const report = mergeImport(tx, {
    migration,
    userId: input.actorId,
    format,
    fileName,
    graph: input.graph,
    owners: input.owners,
    now,
  });
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    actor: input.actorId,
    action: 'graph.import',
    toValue: format,
    detail: {
      importId: report.importId,
      fileName,
      ...(input.via ? { via: input.via } : {}),
      added: report.added.length,
      changed: report.changed.length,
      removed: report.removed.length,
      keptStarted: report.keptStarted.length,
      dependenciesAdded: report.dependenciesAdded,
      dependenciesRemoved: report.dependenciesRemoved,
    },
    createdAt: now,
  });
  const stored = currentPlan(tx, migration);
  let plan: PlanOutcome = stored ? { kind: 'kept', version: stored.plan.version } : { kind: 'none' };
  if (!nothingChanged(report)) {
    updateMigration(tx, migration, { graphChangedAt: now });
    const result = stored ? replanInTx(tx, migration, input.actorId, now) : null;
    if (result) plan = { kind: 'replanned', version: result.row.version, changes: result.changes };
  }
  const pairs = new Set(edgesOf(tx, migration).map((e) => `${e.fromId}>${e.toId}`));
  return { report, plan, totals: { services: servicesOf(tx, migration).length, dependencies: pairs.size } };
}
