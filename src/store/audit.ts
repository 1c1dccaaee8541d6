// The append-only audit log. This module only inserts and reads: no code path updates or deletes
// its rows (test/store/audit-log.test.ts checks the whole source tree for that).
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './db.ts';
import { auditLogTable } from './schema.ts';

export type AuditRow = typeof auditLogTable.$inferSelect;
export type NewAudit = Omit<typeof auditLogTable.$inferInsert, 'id'>;

export function appendAudit(db: Db, row: NewAudit): void {
  db.insert(auditLogTable).values(row).run();
}

export function auditFor(
  db: Db,
  workspaceId: string,
  migrationId: number,
  options: { serviceId?: number; since?: Date } = {},
): AuditRow[] {
  const filters = [eq(auditLogTable.workspaceId, workspaceId), eq(auditLogTable.migrationId, migrationId)];
  if (options.serviceId !== undefined) filters.push(eq(auditLogTable.serviceId, options.serviceId));
  if (options.since) filters.push(gt(auditLogTable.createdAt, options.since));
  return db
    .select()
    .from(auditLogTable)
    .where(and(...filters))
    .orderBy(asc(auditLogTable.createdAt), asc(auditLogTable.id))
    .all();
}
