// Cutover approval requests and the approvals given. An approval is one INSERT keyed by
// (request, approver), so a repeated click conflicts instead of counting twice; a request leaves
// `pending` by one compare-and-set, so it is decided exactly once.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { type APPROVAL_STATUSES, approvalRequestsTable, approvalsTable, migrationsTable } from './schema.ts';

export type ApprovalRequestRow = typeof approvalRequestsTable.$inferSelect;
export type ApprovalRequestStatus = (typeof APPROVAL_STATUSES)[number];

interface MigrationRef {
  readonly workspaceId: string;
  readonly id: number;
}

export interface NewRequest {
  readonly migration: MigrationRef;
  readonly channelId: string;
  readonly batch: number | null;
  readonly serviceIds: readonly number[];
  readonly requestedBy: string;
  readonly required: number;
  readonly now: Date;
}

export function createRequest(tx: Db, r: NewRequest): ApprovalRequestRow {
  return tx
    .insert(approvalRequestsTable)
    .values({
      workspaceId: r.migration.workspaceId,
      migrationId: r.migration.id,
      channelId: r.channelId,
      batch: r.batch,
      serviceIds: [...r.serviceIds],
      requestedBy: r.requestedBy,
      required: r.required,
      createdAt: r.now,
    })
    .returning()
    .get();
}

export function requestById(db: Db, workspaceId: string, id: number): ApprovalRequestRow | null {
  return (
    db
      .select()
      .from(approvalRequestsTable)
      .where(and(eq(approvalRequestsTable.workspaceId, workspaceId), eq(approvalRequestsTable.id, id)))
      .get() ?? null
  );
}

/** Remembers where the request's message was posted, so every click can update it in place. */
export function setRequestMessage(db: Db, id: number, channelId: string, ts: string): void {
  db.update(approvalRequestsTable)
    .set({ channelId, messageTs: ts })
    .where(and(eq(approvalRequestsTable.id, id), isNull(approvalRequestsTable.messageTs)))
    .run();
}

/** Who approved, in the order they did. */
export function approversOf(db: Db, requestId: number): string[] {
  return db
    .select({ approverId: approvalsTable.approverId })
    .from(approvalsTable)
    .where(eq(approvalsTable.requestId, requestId))
    .orderBy(asc(approvalsTable.createdAt), asc(approvalsTable.approverId))
    .all()
    .map((r) => r.approverId);
}

/** True when this approval is new; false for a repeat (the primary key makes it a no-op). */
export function addApproval(tx: Db, requestId: number, approverId: string, now: Date): boolean {
  const res = tx.insert(approvalsTable).values({ requestId, approverId, createdAt: now }).onConflictDoNothing().run();
  return res.changes === 1;
}

/** Compare-and-set from `pending`; true only for the one call that decided the request. */
export function settleRequest(
  tx: Db,
  id: number,
  to: Exclude<ApprovalRequestStatus, 'pending'>,
  by: string,
  at: Date,
  reason: string | null = null,
): boolean {
  const res = tx
    .update(approvalRequestsTable)
    .set({ status: to, decidedBy: by, decidedAt: at, reason })
    .where(and(eq(approvalRequestsTable.id, id), eq(approvalRequestsTable.status, 'pending')))
    .run();
  return res.changes === 1;
}

/** Narrows a pending request to the services still waiting for it (one left for cutover or rolled back). */
export function setRequestServices(tx: Db, id: number, serviceIds: readonly number[]): void {
  tx.update(approvalRequestsTable)
    .set({ serviceIds: [...serviceIds] })
    .where(and(eq(approvalRequestsTable.id, id), eq(approvalRequestsTable.status, 'pending')))
    .run();
}

/** Requests that name any of these services, newest first. */
export function requestsFor(db: Db, m: MigrationRef, serviceIds: readonly number[]): ApprovalRequestRow[] {
  if (serviceIds.length === 0) return [];
  const ids = JSON.stringify([...new Set(serviceIds)]);
  return db
    .select()
    .from(approvalRequestsTable)
    .where(
      and(
        eq(approvalRequestsTable.workspaceId, m.workspaceId),
        eq(approvalRequestsTable.migrationId, m.id),
        sql`exists (select 1 from json_each(${approvalRequestsTable.serviceIds}) r join json_each(${ids}) w on r.value = w.value)`,
      ),
    )
    .orderBy(desc(approvalRequestsTable.id))
    .all();
}

/** Each service's most recent request: the one its buttons and updates belong to. */
export function latestRequests(db: Db, m: MigrationRef, serviceIds: readonly number[]): ApprovalRequestRow[] {
  const wanted = new Set(serviceIds);
  const latest = new Map<number, ApprovalRequestRow>();
  for (const request of requestsFor(db, m, serviceIds)) {
    for (const id of request.serviceIds) {
      if (wanted.has(id) && !latest.has(id)) latest.set(id, request);
    }
  }
  return [...new Map([...latest.values()].map((r) => [r.id, r])).values()];
}

export interface ReminderCandidate {
  readonly request: ApprovalRequestRow;
  readonly settings: Record<string, number>;
  readonly migrationName: string;
}

/** Pending, posted, never reminded requests of active migrations; the caller decides which are due. */
export function unremindedRequests(db: Db): ReminderCandidate[] {
  return db
    .select({
      request: approvalRequestsTable,
      settings: migrationsTable.settings,
      migrationName: migrationsTable.name,
    })
    .from(approvalRequestsTable)
    .innerJoin(migrationsTable, eq(migrationsTable.id, approvalRequestsTable.migrationId))
    .where(
      and(
        eq(approvalRequestsTable.status, 'pending'),
        isNull(approvalRequestsTable.remindedAt),
        isNotNull(approvalRequestsTable.messageTs),
        eq(migrationsTable.status, 'active'),
      ),
    )
    .orderBy(asc(approvalRequestsTable.createdAt))
    .all();
}

/** Claims a request's one reminder; true only for the caller that set it. */
export function claimReminder(tx: Db, id: number, now: Date): boolean {
  const res = tx
    .update(approvalRequestsTable)
    .set({ remindedAt: now })
    .where(
      and(
        eq(approvalRequestsTable.id, id),
        eq(approvalRequestsTable.status, 'pending'),
        isNull(approvalRequestsTable.remindedAt),
      ),
    )
    .run();
  return res.changes === 1;
}

/** A migration's requests still waiting for approval, oldest first: the digest and the App Home list them. */
export function pendingRequestsOf(db: Db, m: MigrationRef): ApprovalRequestRow[] {
  return db
    .select()
    .from(approvalRequestsTable)
    .where(
      and(
        eq(approvalRequestsTable.workspaceId, m.workspaceId),
        eq(approvalRequestsTable.migrationId, m.id),
        eq(approvalRequestsTable.status, 'pending'),
      ),
    )
    .orderBy(asc(approvalRequestsTable.createdAt), asc(approvalRequestsTable.id))
    .all();
}

/** Which of these requests `approverId` has already approved. */
export function approvedBy(db: Db, requestIds: readonly number[], approverId: string): Set<number> {
  if (requestIds.length === 0) return new Set();
  const rows = db
    .select({ requestId: approvalsTable.requestId })
    .from(approvalsTable)
    .where(and(inArray(approvalsTable.requestId, [...requestIds]), eq(approvalsTable.approverId, approverId)))
    .all();
  return new Set(rows.map((r) => r.requestId));
}
