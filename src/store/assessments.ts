// Queries for the decision checklist's stored results; every one scoped by workspace.
import { and, desc, eq } from 'drizzle-orm';
import type { Assessment } from '../domain/checklist.ts';
import type { Db } from './db.ts';
import { assessmentsTable } from './schema.ts';

export type AssessmentRow = typeof assessmentsTable.$inferSelect;

export function insertAssessment(
  db: Db,
  row: { workspaceId: string; channelId: string; userId: string; note: string | null; createdAt: Date },
  result: Assessment,
): AssessmentRow {
  return db
    .insert(assessmentsTable)
    .values({ ...row, ...result.scores, total: result.total, outcome: result.outcome })
    .returning()
    .get();
}

export function recentAssessments(db: Db, workspaceId: string, channelId: string, limit: number): AssessmentRow[] {
  return db
    .select()
    .from(assessmentsTable)
    .where(and(eq(assessmentsTable.workspaceId, workspaceId), eq(assessmentsTable.channelId, channelId)))
    .orderBy(desc(assessmentsTable.createdAt), desc(assessmentsTable.id))
    .limit(limit)
    .all();
}

export function latestAssessment(db: Db, workspaceId: string, channelId: string): AssessmentRow | null {
  return recentAssessments(db, workspaceId, channelId, 1)[0] ?? null;
}

export function linkAssessment(db: Db, workspaceId: string, assessmentId: number, migrationId: number): void {
  db.update(assessmentsTable)
    .set({ migrationId })
    .where(and(eq(assessmentsTable.workspaceId, workspaceId), eq(assessmentsTable.id, assessmentId)))
    .run();
}
