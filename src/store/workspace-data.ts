// Everything kept for one workspace, counted or deleted at once (`migrate-bot workspace delete`).
import { count, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './db.ts';
import {
  approvalRequestsTable,
  assessmentsTable,
  auditLogTable,
  dependenciesTable,
  digestRunsTable,
  healthChecksTable,
  healthResultsTable,
  healthRunsTable,
  healthSourcesTable,
  healthTemplatesTable,
  importsTable,
  installationsTable,
  migrationPeopleTable,
  migrationsTable,
  outboxTable,
  pendingActionsTable,
  plansTable,
  runbookStepsTable,
  servicesTable,
} from './schema.ts';

interface Scoped {
  readonly name: string;
  readonly table: SQLiteTable;
  readonly workspaceId: SQLiteColumn;
}

const scoped = (name: string, table: SQLiteTable & { workspaceId: SQLiteColumn }): Scoped => ({
  name,
  table,
  workspaceId: table.workspaceId,
});

/**
 * Every table with a workspace_id, children before their parents, so each delete leaves no row
 * pointing at a deleted one. Rows without their own workspace_id (plan entries, approvals) go with
 * their parent by ON DELETE CASCADE. test/cli/workspace-delete.test.ts checks no table is missing.
 */
export const WORKSPACE_TABLES: readonly Scoped[] = [
  scoped('outbox', outboxTable),
  scoped('audit_log', auditLogTable),
  scoped('pending_actions', pendingActionsTable),
  scoped('digest_runs', digestRunsTable),
  scoped('health_results', healthResultsTable),
  scoped('health_runs', healthRunsTable),
  scoped('health_checks', healthChecksTable),
  scoped('health_templates', healthTemplatesTable),
  scoped('health_sources', healthSourcesTable),
  scoped('approval_requests', approvalRequestsTable),
  scoped('runbook_steps', runbookStepsTable),
  scoped('plans', plansTable),
  scoped('dependencies', dependenciesTable),
  scoped('imports', importsTable),
  scoped('services', servicesTable),
  scoped('migration_people', migrationPeopleTable),
  scoped('assessments', assessmentsTable),
  scoped('migrations', migrationsTable),
  scoped('installations', installationsTable),
];

/** Rows per table for the workspace, only tables that hold some. */
export function workspaceRowCounts(db: Db, workspaceId: string): { table: string; rows: number }[] {
  return WORKSPACE_TABLES.map((t) => ({
    table: t.name,
    rows: db.select({ n: count() }).from(t.table).where(eq(t.workspaceId, workspaceId)).get()?.n ?? 0,
  })).filter((c) => c.rows > 0);
}

/** Deletes every row of the workspace in one transaction; returns how many rows each table lost. */
export function deleteWorkspaceData(db: Db, workspaceId: string): { table: string; rows: number }[] {
  return db.transaction((tx) => {
    const before = workspaceRowCounts(tx, workspaceId);
    for (const t of WORKSPACE_TABLES) tx.delete(t.table).where(eq(t.workspaceId, workspaceId)).run();
    return before;
  });
}
