// Applying a parsed graph to a migration, shared by `/migrate import` and `npx migrate-bot import`:
// merge, audit, mark the graph changed and re-plan, all in the caller's transaction.
import type { ImportedChecks } from '../domain/import/health-counts.ts';
import type { ImportedGraph } from '../domain/import/index.ts';
import type { ImportFormat } from '../domain/model.ts';
import type { PlanOutcome } from '../domain/plan-changes.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { edgesOf, type ResolvedOwner, serviceByName, servicesOf } from '../store/graph.ts';
import { type MergeReport, mergeImport, nothingChanged } from '../store/graph-import.ts';
import { deleteServiceChecksByOrigin, healthSource, migrationTemplates } from '../store/health.ts';
import { type MigrationRow, updateMigration } from '../store/migrations.ts';
import { currentPlan } from '../store/plans.ts';
import { writeImportedChecks } from './health-setup.ts';
import { replanInTx } from './planning.ts';

export interface AppliedImport {
  readonly report: MergeReport;
  readonly plan: PlanOutcome;
  readonly totals: { readonly services: number; readonly dependencies: number };
  readonly health: ImportedChecks;
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
  const health = replaceImportedChecks(tx, migration, input);
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
  return {
    report,
    plan,
    totals: { services: servicesOf(tx, migration).length, dependencies: pairs.size },
    health,
  };
}

/**
 * A native file says all of each listed service's imported checks (no `health:` means none), so
 * they are cleared before the file's are written: a check taken out of the file goes. Checks added
 * by `/migrate health <service> add` stay unless the file names their key. Other formats have no
 * health field and leave the checks alone.
 */
function replaceImportedChecks(tx: Db, migration: MigrationRow, input: ImportInput): ImportedChecks {
  const counts = { set: 0, overrode: 0, removed: 0, dropped: 0, services: 0 };
  if (input.format !== 'native') return counts;
  const templateKeys = new Set(
    migrationTemplates(tx, migration, healthSource(tx, migration)?.templateSet ?? 'prometheus').map((t) => t.key),
  );
  for (const imported of input.graph.services) {
    const service = serviceByName(tx, migration, imported.name);
    if (service === null) continue;
    const entries = imported.health ?? [];
    const listed = new Set(entries.map((e) => e.key));
    const cleared = deleteServiceChecksByOrigin(tx, service, 'import');
    const dropped = cleared.filter((key) => !listed.has(key)).length;
    counts.dropped += dropped;
    if (entries.length > 0 || dropped > 0) counts.services += 1;
    for (const e of entries) {
      if (e.removed) counts.removed += 1;
      else if (templateKeys.has(e.key)) counts.overrode += 1;
      else counts.set += 1;
    }
  }
  writeImportedChecks(tx, migration, input.graph, input.actorId);
  return counts;
}
