// Runbook steps per service. A runbook is written to the store the first time it is needed (the
// defaults for the service plus its imported steps); the unique (service, key) index makes that
// idempotent, and a later call only adds steps that were not there yet.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { RUNBOOK_PHASES, type RunbookStep, type StepStatus } from '../domain/runbook.ts';
import type { Db } from './db.ts';
import { runbookStepsTable } from './schema.ts';

export type RunbookStepRow = typeof runbookStepsTable.$inferSelect;
export type StepOrigin = RunbookStepRow['origin'];

const phaseRank = (phase: string): number => {
  const i = (RUNBOOK_PHASES as readonly string[]).indexOf(phase);
  return i < 0 ? RUNBOOK_PHASES.length : i;
};

function inRunbookOrder(rows: RunbookStepRow[]): RunbookStepRow[] {
  return rows.sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase) || a.position - b.position || a.id - b.id);
}

/** One service's steps in phase order; empty when its runbook was never made. */
export function runbookSteps(db: Db, serviceId: number): RunbookStepRow[] {
  return inRunbookOrder(db.select().from(runbookStepsTable).where(eq(runbookStepsTable.serviceId, serviceId)).all());
}

/** Steps of many services at once, grouped by service id, each in phase order. */
export function runbookStepsOf(db: Db, serviceIds: readonly number[]): Map<number, RunbookStepRow[]> {
  const byService = new Map<number, RunbookStepRow[]>();
  for (let i = 0; i < serviceIds.length; i += 500) {
    const rows = db
      .select()
      .from(runbookStepsTable)
      .where(inArray(runbookStepsTable.serviceId, serviceIds.slice(i, i + 500)))
      .orderBy(asc(runbookStepsTable.position))
      .all();
    for (const row of rows) {
      const list = byService.get(row.serviceId) ?? [];
      list.push(row);
      byService.set(row.serviceId, list);
    }
  }
  for (const [id, rows] of byService) byService.set(id, inRunbookOrder(rows));
  return byService;
}

/** The open steps of these services, by service id then position (not phase order). */
export function openStepsOf(db: Db, workspaceId: string, serviceIds: readonly number[]): RunbookStepRow[] {
  const rows: RunbookStepRow[] = [];
  for (let i = 0; i < serviceIds.length; i += 500) {
    const slice = db
      .select()
      .from(runbookStepsTable)
      .where(
        and(
          eq(runbookStepsTable.workspaceId, workspaceId),
          inArray(runbookStepsTable.serviceId, serviceIds.slice(i, i + 500)),
          eq(runbookStepsTable.status, 'open'),
        ),
      )
      .orderBy(asc(runbookStepsTable.serviceId), asc(runbookStepsTable.position))
      .all();
    rows.push(...slice);
  }
  return rows;
}

export interface StepToStore {
  readonly step: RunbookStep;
  readonly origin: StepOrigin;
}

function newRows(
  service: { readonly id: number; readonly workspaceId: string },
  existing: readonly RunbookStepRow[],
  steps: readonly StepToStore[],
  now: Date,
) {
  const known = new Set(existing.map((s) => s.key));
  let position = existing.reduce((max, s) => Math.max(max, s.position), 0);
  const rows = [];
  for (const { step, origin } of steps) {
    if (known.has(step.key)) continue;
    known.add(step.key);
    position += 10;
    rows.push({
      workspaceId: service.workspaceId,
      serviceId: service.id,
      key: step.key,
      phase: step.phase,
      position,
      text: step.text,
      validation: step.validation,
      origin,
      createdAt: now,
    });
  }
  return rows;
}

function insertRows(tx: Db, rows: (typeof runbookStepsTable.$inferInsert)[]): void {
  // One statement per slice: SQLite caps bound parameters per statement.
  for (let i = 0; i < rows.length; i += 200) {
    tx.insert(runbookStepsTable)
      .values(rows.slice(i, i + 200))
      .onConflictDoNothing()
      .run();
  }
}

/** Inserts the steps not yet stored (by key), after the ones already there; returns the whole runbook. */
export function storeSteps(
  tx: Db,
  service: { readonly id: number; readonly workspaceId: string },
  steps: readonly StepToStore[],
  now: Date,
): RunbookStepRow[] {
  const existing = runbookSteps(tx, service.id);
  const rows = newRows(service, existing, steps, now);
  if (rows.length === 0) return existing;
  insertRows(tx, rows);
  return runbookSteps(tx, service.id);
}

/** The same for many services at once (a whole batch); returns every runbook by service id. */
export function storeStepsOfMany(
  tx: Db,
  items: readonly {
    readonly service: { readonly id: number; readonly workspaceId: string };
    readonly steps: readonly StepToStore[];
  }[],
  now: Date,
): Map<number, RunbookStepRow[]> {
  const ids = items.map((i) => i.service.id);
  const existing = runbookStepsOf(tx, ids);
  const rows = items.flatMap((i) => newRows(i.service, existing.get(i.service.id) ?? [], i.steps, now));
  if (rows.length === 0) return existing;
  insertRows(tx, rows);
  return runbookStepsOf(tx, ids);
}

/** Compare-and-set on the step's status; true when this call changed it. */
export function setStepStatus(
  tx: Db,
  step: { readonly id: number; readonly status: StepStatus },
  to: StepStatus,
  by: string,
  at: Date,
  skipReason: string | null = null,
): boolean {
  const res = tx
    .update(runbookStepsTable)
    .set({ status: to, statusBy: by, statusAt: at, skipReason: to === 'skipped' ? skipReason : null })
    .where(and(eq(runbookStepsTable.id, step.id), eq(runbookStepsTable.status, step.status)))
    .run();
  return res.changes === 1;
}
