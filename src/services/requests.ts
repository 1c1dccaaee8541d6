// A cutover request beside its services' transitions: the approved request its buttons act on,
// and taking services out of pending requests when they leave `awaiting approval`.

import type { Actor, Deps } from '../deps.ts';
import {
  type ApprovalRequestRow,
  latestRequests,
  requestById,
  setRequestServices,
  settleRequest,
} from '../store/approvals.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { type MigrationRow, migrationById } from '../store/migrations.ts';
import { staleAnswer } from './approvals.ts';
import { requireActive } from './scope.ts';

export type ApprovedRequest =
  | { readonly error: string }
  | { readonly error?: undefined; readonly request: ApprovalRequestRow; readonly migration: MigrationRow };

/** The approved request a button names, or what the clicker is told instead (gone, or decided otherwise). */
export function approvedRequest(deps: Deps, clicker: Pick<Actor, 'workspaceId'>, requestId: number): ApprovedRequest {
  const { db } = deps.store;
  const request = requestById(db, clicker.workspaceId, requestId);
  const migration = request ? migrationById(db, clicker.workspaceId, request.migrationId) : null;
  if (!request || !migration) return { error: 'That cutover request no longer exists.' };
  if (request.status !== 'approved') return { error: staleAnswer(request) };
  requireActive(migration);
  return { request, migration };
}

/**
 * Takes services out of their pending requests (inside the caller's transaction): a request left
 * with none is withdrawn with `why`. Returns the requests touched, for their messages.
 */
export function releaseFromRequests(
  tx: Db,
  migration: MigrationRow,
  serviceIds: readonly number[],
  actorId: string,
  now: Date,
  why: string,
): ApprovalRequestRow[] {
  const leaving = new Set(serviceIds);
  const touched: ApprovalRequestRow[] = [];
  for (const request of latestRequests(tx, migration, serviceIds)) {
    if (request.status !== 'pending') continue;
    const remaining = request.serviceIds.filter((id) => !leaving.has(id));
    if (remaining.length === request.serviceIds.length) continue;
    touched.push(request);
    if (remaining.length > 0) {
      setRequestServices(tx, request.id, remaining);
      continue;
    }
    if (!settleRequest(tx, request.id, 'withdrawn', actorId, now, why)) continue;
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      actor: actorId,
      action: 'approval.withdraw',
      reason: why,
      detail: { requestId: request.id },
      createdAt: now,
    });
  }
  return touched;
}
